package scan

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// MaxSpace is the largest target space (hosts × ports) a Permutation
// walks.
const MaxSpace = 1 << 62

// ErrShard reports a shard number outside 0..n-1 or a shard count below 1.
var ErrShard = errors.New("bad shard")

// Permutation visits the integers 0..n-1 in a pseudo-random order that a
// seed fixes, holding three numbers whatever n is: it walks the cyclic
// group of the integers modulo a prime p > n (p = 2q+1 with q prime, a
// safe prime), multiplying by a generator g at each step and skipping the
// elements larger than n, as zmap does. The walk starts at an element the
// seed picks.
//
// Sharding splits one walk between machines with no coordination: shard i
// of s visits the cycle positions i, i+s, i+2s, ..., so the s shards of
// one seed partition 0..n-1 exactly. Every machine must use the same n
// and seed.
//
// A Permutation is not safe for concurrent use; Next does not allocate.
type Permutation struct {
	n, p, g uint64 // space, prime, generator
	start   uint64 // first element of this shard
	step    uint64 // g^shards mod p
	count   uint64 // cycle positions this shard visits
	cur     uint64 // next element
	left    uint64 // positions left to visit
}

// NewPermutation returns the walk of shard (0-based) of shards over
// 0..n-1 for seed. n must be between 1 and MaxSpace.
func NewPermutation(n, seed uint64, shard, shards int) (*Permutation, error) {
	if n == 0 || n > MaxSpace {
		return nil, fmt.Errorf("scan: target space of %d: want 1 to 2^62", n)
	}
	if shards < 1 || shard < 0 || shard >= shards {
		return nil, fmt.Errorf("scan: %w %d/%d: want 0 <= i < n", ErrShard, shard, shards)
	}
	p := nextSafePrime(n + 1)
	q := (p - 1) / 2
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var g uint64
	for {
		g = 2 + rng.Uint64N(p-3) // 2 .. p-2
		// g generates Z_p* when its order is neither 1, 2 nor q.
		if mulmod(g, g, p) != 1 && powmod(g, q, p) != 1 {
			break
		}
	}
	x0 := 1 + rng.Uint64N(p-1) // 1 .. p-1
	perm := &Permutation{n: n, p: p, g: g}
	perm.step = powmod(g, uint64(shards), p)
	perm.start = mulmod(x0, powmod(g, uint64(shard), p), p)
	if cycle := p - 1; uint64(shard) < cycle {
		perm.count = (cycle-1-uint64(shard))/uint64(shards) + 1
	}
	perm.Reset()
	return perm, nil
}

// Reset starts the walk again from its first element.
func (pm *Permutation) Reset() {
	pm.cur, pm.left = pm.start, pm.count
}

// Next returns the next index of the walk; ok is false once the shard's
// part of the space has been visited.
func (pm *Permutation) Next() (idx uint64, ok bool) {
	for pm.left > 0 {
		v := pm.cur
		pm.cur = mulmod(pm.cur, pm.step, pm.p)
		pm.left--
		if v <= pm.n {
			return v - 1, true
		}
	}
	return 0, false
}

// Size returns n, the size of the whole space.
func (pm *Permutation) Size() uint64 { return pm.n }

// Prime returns the prime modulus of the group (for tests and logs).
func (pm *Permutation) Prime() uint64 { return pm.p }

func mulmod(a, b, m uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return bits.Rem64(hi, lo, m)
}

func powmod(b, e, m uint64) uint64 {
	r := uint64(1) % m
	b %= m
	for e > 0 {
		if e&1 == 1 {
			r = mulmod(r, b, m)
		}
		b = mulmod(b, b, m)
		e >>= 1
	}
	return r
}

// isPrime is a deterministic Miller-Rabin test for 64-bit integers.
func isPrime(n uint64) bool {
	if n < 2 {
		return false
	}
	for _, sp := range [...]uint64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37} {
		if n%sp == 0 {
			return n == sp
		}
	}
	d, s := n-1, 0
	for d&1 == 0 {
		d >>= 1
		s++
	}
	// These bases decide every n < 2^64.
	for _, a := range [...]uint64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37} {
		x := powmod(a, d, n)
		if x == 1 || x == n-1 {
			continue
		}
		composite := true
		for r := 1; r < s; r++ {
			x = mulmod(x, x, n)
			if x == n-1 {
				composite = false
				break
			}
		}
		if composite {
			return false
		}
	}
	return true
}

// nextSafePrime returns the smallest safe prime p >= from with p >= 5.
func nextSafePrime(from uint64) uint64 {
	p := max(from, 5)
	// Safe primes above 7 are 11 mod 12.
	for p <= 7 {
		if isPrime(p) && isPrime((p-1)/2) {
			return p
		}
		p++
	}
	p += 11 - p%12
	for ; ; p += 12 {
		if isPrime((p-1)/2) && isPrime(p) {
			return p
		}
	}
}

package scan

import (
	"errors"
	"testing"
)

// TestPermutationVisitsAll: every index of the space once, for sizes
// around the small safe primes and a few larger ones.
func TestPermutationVisitsAll(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 4, 5, 6, 7, 10, 11, 22, 23, 24, 100, 255, 256, 1000, 65536, 100003} {
		for _, seed := range []uint64{0, 1, 42, 1 << 63} {
			pm, err := NewPermutation(n, seed, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			seen := make([]bool, n)
			k := uint64(0)
			for {
				i, ok := pm.Next()
				if !ok {
					break
				}
				if i >= n || seen[i] {
					t.Fatalf("n=%d seed=%d: index %d out of range or repeated", n, seed, i)
				}
				seen[i] = true
				k++
			}
			if k != n {
				t.Fatalf("n=%d seed=%d: %d indexes visited", n, seed, k)
			}
			p := pm.Prime()
			if !isPrime(p) || !isPrime((p-1)/2) || p <= n {
				t.Errorf("n=%d: modulus %d is not a safe prime above n", n, p)
			}
		}
	}
}

// TestShardsPartition proves for many sizes, seeds and shard counts that
// the shards of one seed visit disjoint sets whose union is the space.
func TestShardsPartition(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 7, 12, 97, 1000, 4096, 30011} {
		for _, shards := range []int{1, 2, 3, 4, 7, 16, 1000} {
			for _, seed := range []uint64{3, 77} {
				owner := make([]int, n)
				for i := range owner {
					owner[i] = -1
				}
				total := uint64(0)
				for sh := 0; sh < shards; sh++ {
					pm, err := NewPermutation(n, seed, sh, shards)
					if err != nil {
						t.Fatal(err)
					}
					for {
						i, ok := pm.Next()
						if !ok {
							break
						}
						if owner[i] != -1 {
							t.Fatalf("n=%d shards=%d seed=%d: index %d in shard %d and %d", n, shards, seed, i, owner[i], sh)
						}
						owner[i] = sh
						total++
					}
				}
				if total != n {
					t.Fatalf("n=%d shards=%d seed=%d: %d of %d visited", n, shards, seed, total, n)
				}
			}
		}
	}
}

// TestPermutationSeeds: the order depends on the seed and is the same
// for the same seed; it is not the identity.
func TestPermutationSeeds(t *testing.T) {
	walk := func(seed uint64) []uint64 {
		pm, err := NewPermutation(1000, seed, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for {
			i, ok := pm.Next()
			if !ok {
				return out
			}
			out = append(out, i)
		}
	}
	a, b, c := walk(1), walk(1), walk(2)
	same, ident, fixed := true, true, 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("one seed gave two orders")
		}
		if a[i] != c[i] {
			same = false
		}
		if a[i] != uint64(i) {
			ident = false
		} else {
			fixed++
		}
	}
	if same {
		t.Error("seeds 1 and 2 gave the same order")
	}
	if ident || fixed > 20 {
		t.Errorf("the order is close to the identity (%d fixed points)", fixed)
	}
}

// TestPermutationLarge: a /8 × 1000 ports is walked with a few numbers
// and no allocation.
func TestPermutationLarge(t *testing.T) {
	n := uint64(1<<24) * 1000
	pm, err := NewPermutation(n, 9, 5, 8)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if i, ok := pm.Next(); !ok || i >= n {
			t.Fatalf("Next: %d %v", i, ok)
		}
	})
	if allocs != 0 {
		t.Errorf("Next allocates %.1f times", allocs)
	}
}

func TestPermutationErrors(t *testing.T) {
	for _, c := range []struct {
		n             uint64
		shard, shards int
	}{{0, 0, 1}, {MaxSpace + 1, 0, 1}, {10, 2, 2}, {10, -1, 2}, {10, 0, 0}} {
		if _, err := NewPermutation(c.n, 1, c.shard, c.shards); err == nil {
			t.Errorf("%+v: no error", c)
		} else if c.n > 0 && c.n <= MaxSpace && !errors.Is(err, ErrShard) {
			t.Errorf("%+v: %v is not ErrShard", c, err)
		}
	}
}

// TestIsPrime against trial division, and known large primes.
func TestIsPrime(t *testing.T) {
	for n := uint64(0); n < 5000; n++ {
		want := n >= 2
		for d := uint64(2); d*d <= n; d++ {
			if n%d == 0 {
				want = false
				break
			}
		}
		if isPrime(n) != want {
			t.Fatalf("isPrime(%d) = %v", n, !want)
		}
	}
	// 2^61-1 is a Mersenne prime; 2^62-57 the largest prime below 2^62;
	// 3215031751 = 151·751·28351 is a strong pseudoprime to bases 2, 3, 5, 7.
	for n, want := range map[uint64]bool{1<<61 - 1: true, 1<<62 - 57: true, 3215031751: false, 1<<62 - 1: false} {
		if isPrime(n) != want {
			t.Errorf("isPrime(%d) = %v", n, !want)
		}
	}
}

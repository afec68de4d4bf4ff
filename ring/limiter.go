package ring

import (
	"context"
	"errors"
	"math"
	"time"
)

// Clock is the time source of a Limiter: the real clock by default, a
// fake one in tests.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx ends (returning its error).
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock sleeps on one reused timer.
type realClock struct{ t *time.Timer }

func (c *realClock) Now() time.Time { return time.Now() }

func (c *realClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.t == nil {
		c.t = time.NewTimer(d)
	} else {
		c.t.Reset(d)
	}
	select {
	case <-ctx.Done():
		c.t.Stop()
		return ctx.Err()
	case <-c.t.C:
		return nil
	}
}

// DefaultBurst is how far a Limiter lets a sender that fell behind catch
// up: the packets or bits of this much time, sent back to back.
const DefaultBurst = 20 * time.Millisecond

// ErrRate: a limiter's rate is not a positive finite number.
var ErrRate = errors.New("rate must be a positive number")

// Limiter paces a sender at a fixed rate of packets or bits per second.
// The schedule is absolute: packet k (or the bit that ends it) is due at
// start + k/rate, so the time a sleep overshoots is made up by the next
// packets and the rate holds over any second to within one packet or 1%.
// A limiter sleeps, never spins: at low rates once per packet, at high
// rates once per batch (Take returns every packet that is due, so a
// sender writes them with one system call). A sender that falls behind
// (a slow device) catches up at most Burst worth of packets at once.
//
// A Limiter is not safe for concurrent use.
type Limiter struct {
	clock   Clock
	rate    float64 // units per second
	bits    bool    // a unit is a bit (else a packet)
	burst   time.Duration
	start   time.Time
	used    float64 // units released since start
	started bool
}

// NewLimiter returns a limiter of pps packets per second (nil and
// ErrRate when pps is not positive).
func NewLimiter(pps float64) (*Limiter, error) {
	return newLimiter(pps, false)
}

// NewBitLimiter returns a limiter of bps bits per second, counting 8 bits
// per byte of each frame as given to Take.
func NewBitLimiter(bps float64) (*Limiter, error) {
	return newLimiter(bps, true)
}

func newLimiter(rate float64, bits bool) (*Limiter, error) {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return nil, ErrRate
	}
	return &Limiter{clock: &realClock{}, rate: rate, bits: bits, burst: DefaultBurst}, nil
}

// SetClock replaces the clock (tests use a fake one). It restarts the
// schedule.
func (l *Limiter) SetClock(c Clock) {
	if c == nil {
		c = &realClock{}
	}
	l.clock = c
	l.started = false
}

// SetBurst sets how much time worth of packets a sender that fell behind
// may send back to back (default DefaultBurst); at least one packet
// always may.
func (l *Limiter) SetBurst(d time.Duration) { l.burst = max(d, 0) }

// Rate returns the rate in packets or bits per second.
func (l *Limiter) Rate() float64 { return l.rate }

// Reset restarts the schedule: the next packet is due at once.
func (l *Limiter) Reset() { l.started = false }

// Wait blocks until one frame of size bytes may be sent.
func (l *Limiter) Wait(ctx context.Context, size int) error {
	_, err := l.Take(ctx, 1, size)
	return err
}

// Take waits until at least one frame of size bytes may be sent and
// returns how many may be sent now, at most max (at least 1 when err is
// nil). Each counts as sent.
func (l *Limiter) Take(ctx context.Context, max int, size int) (int, error) {
	for {
		n, wait := l.take(max, size)
		if n > 0 {
			return n, nil
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if err := l.clock.Sleep(ctx, wait); err != nil {
			return 0, err
		}
	}
}

// TryTake is Take without waiting: it returns 0 and how long until a
// frame is due when none may be sent now. A sender flushes what it
// queued before it waits.
func (l *Limiter) TryTake(max int, size int) (int, time.Duration) {
	return l.take(max, size)
}

func (l *Limiter) take(max int, size int) (int, time.Duration) {
	if max < 1 {
		max = 1
	}
	cost := 1.0
	if l.bits {
		cost = 8 * float64(size)
		if cost <= 0 {
			cost = 8
		}
	}
	now := l.clock.Now()
	if !l.started {
		l.start, l.used, l.started = now, 0, true
	}
	due := now.Sub(l.start).Seconds() * l.rate // units due by now
	if lag := due - l.used; lag > cost {
		// Fell behind by more than the burst: forget the excess.
		if limit := math.Max(cost, l.burst.Seconds()*l.rate); lag > limit {
			l.used = due - limit
		}
	}
	if l.used <= due+cost*1e-6 { // within rounding of the due time
		n := 1
		if max > 1 {
			n = int(math.Min(float64(max), math.Floor(math.Max(due-l.used, 0)/cost)+1))
		}
		l.used += float64(n) * cost
		return n, 0
	}
	wait := time.Duration(math.Ceil((l.used - due) / l.rate * float64(time.Second)))
	if wait < 1 {
		wait = 1
	}
	return 0, wait
}

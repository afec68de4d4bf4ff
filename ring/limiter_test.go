package ring

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"
)

// fakeClock advances only when slept on; each sleep oversleeps by over
// plus jitter (as a loaded system's timers do).
type fakeClock struct {
	now    time.Time
	over   time.Duration
	jitter time.Duration
	sleeps int
	slept  time.Duration
	k      uint64
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.sleeps++
	d += c.over
	if c.jitter > 0 {
		c.k = c.k*6364136223846793005 + 1442695040888963407
		d += time.Duration(c.k>>33) % c.jitter
	}
	c.slept += d
	c.now = c.now.Add(d)
	return nil
}

// simulate runs a sender of at most maxPPS packets/s (each packet costs
// 1/maxPPS of time) through l for one second of fake time, taking up to
// batch packets at once, and returns the packets and bits it sent.
func simulate(t *testing.T, l *Limiter, c *fakeClock, maxPPS float64, batch, size int, span time.Duration) (pkts, bits float64) {
	t.Helper()
	l.SetClock(c)
	start := c.now
	per := time.Duration(float64(time.Second) / maxPPS)
	calls := 0
	for c.now.Sub(start) < span {
		n, err := l.Take(context.Background(), batch, size)
		if err != nil {
			t.Fatal(err)
		}
		if n < 1 || n > batch {
			t.Fatalf("Take returned %d (batch %d)", n, batch)
		}
		calls++
		// The packets go out one by one: count those sent within the span.
		for i := 0; i < n && c.now.Sub(start) < span; i++ {
			pkts++
			bits += 8 * float64(size)
			c.now = c.now.Add(per)
		}
	}
	return pkts, bits
}

// TestLimiterAccuracy holds packet and bit rates within 1% (or one
// packet) over a second of fake time, with and without timers that
// oversleep, from 5 packets/s to the fastest the simulated sender can go.
func TestLimiterAccuracy(t *testing.T) {
	for _, c := range []struct {
		name   string
		pps    float64 // 0: bit rate
		bps    float64
		size   int
		over   time.Duration
		jitter time.Duration
		maxPPS float64
		batch  int
	}{
		{name: "5pps", pps: 5, size: 60, maxPPS: 1e6, batch: 64},
		{name: "100pps", pps: 100, size: 60, maxPPS: 1e6, batch: 64},
		{name: "1kpps-oversleep", pps: 1000, size: 60, over: 60 * time.Microsecond, jitter: 900 * time.Microsecond, maxPPS: 1e6, batch: 64},
		{name: "10kpps", pps: 10000, size: 60, over: time.Millisecond, maxPPS: 1e6, batch: 64},
		{name: "100kpps-oversleep", pps: 100000, size: 60, over: 1 * time.Millisecond, jitter: 3 * time.Millisecond, maxPPS: 1e6, batch: 256},
		{name: "900kpps-near-max", pps: 900000, size: 60, over: 50 * time.Microsecond, jitter: 2 * time.Millisecond, maxPPS: 1e6, batch: 256},
		{name: "1mpps-batch1", pps: 1e6, size: 60, over: 50 * time.Microsecond, maxPPS: 4e6, batch: 1},
		{name: "1Mbps", bps: 1e6, size: 1000, over: 100 * time.Microsecond, maxPPS: 1e6, batch: 64},
		{name: "400Mbps-64B", bps: 400e6, size: 64, over: time.Millisecond, jitter: time.Millisecond, maxPPS: 1e6, batch: 256},
		{name: "1Gbps-1500B", bps: 1e9, size: 1500, over: 200 * time.Microsecond, jitter: 2 * time.Millisecond, maxPPS: 1e6, batch: 64},
	} {
		t.Run(c.name, func(t *testing.T) {
			var l *Limiter
			var err error
			if c.pps > 0 {
				l, err = NewLimiter(c.pps)
			} else {
				l, err = NewBitLimiter(c.bps)
			}
			if err != nil {
				t.Fatal(err)
			}
			clk := &fakeClock{now: time.Unix(1000, 0), over: c.over, jitter: c.jitter}
			pkts, bits := simulate(t, l, clk, c.maxPPS, c.batch, c.size, time.Second)
			got, want, unit := pkts, c.pps, 1.0
			if c.pps == 0 {
				got, want, unit = bits, c.bps, 8*float64(c.size)
			}
			if tol := math.Max(0.01*want, unit); math.Abs(got-want) > tol {
				t.Errorf("%.0f in one second, want %.0f ± %.0f", got, want, tol)
			}
			// No busy waiting: at most one sleep per packet, and at high
			// rates far fewer (tokens come in batches).
			if float64(clk.sleeps) > pkts+1 {
				t.Errorf("%d sleeps for %.0f packets", clk.sleeps, pkts)
			}
			if pkts > 5000 && float64(clk.sleeps) > pkts/4 {
				t.Errorf("%d sleeps for %.0f packets: tokens are not batched", clk.sleeps, pkts)
			}
		})
	}
}

// TestLimiterLowRateSleeps: at 10 packets/s the limiter sleeps about
// once per packet, about the whole interval.
func TestLimiterLowRateSleeps(t *testing.T) {
	l, _ := NewLimiter(10)
	clk := &fakeClock{now: time.Unix(0, 0)}
	pkts, _ := simulate(t, l, clk, 1e6, 64, 60, 10*time.Second)
	if pkts != 100 {
		t.Errorf("%.0f packets in 10s at 10/s", pkts)
	}
	if clk.sleeps < 95 || clk.sleeps > 101 {
		t.Errorf("%d sleeps for 100 packets", clk.sleeps)
	}
	if clk.slept < 9800*time.Millisecond {
		t.Errorf("slept %v of 10s", clk.slept)
	}
}

// TestLimiterNoCatchUpBurst: a sender stalled for a second catches up at
// most Burst worth of packets at once.
func TestLimiterNoCatchUpBurst(t *testing.T) {
	l, _ := NewLimiter(1000)
	clk := &fakeClock{now: time.Unix(0, 0)}
	l.SetClock(clk)
	if n, _ := l.Take(context.Background(), 1000, 60); n != 1 {
		t.Fatalf("first Take %d", n)
	}
	clk.now = clk.now.Add(time.Second)
	n, _ := l.Take(context.Background(), 10000, 60)
	if want := int(DefaultBurst.Seconds()*1000) + 1; n != want {
		t.Errorf("after a 1s stall Take gave %d, want %d", n, want)
	}
}

func TestLimiterErrors(t *testing.T) {
	for _, r := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := NewLimiter(r); !errors.Is(err, ErrRate) {
			t.Errorf("NewLimiter(%v): %v", r, err)
		}
	}
	l, _ := NewLimiter(1)
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := l.Take(ctx, 1, 60); err != nil {
		t.Fatal(err)
	}
	cancel()
	start := time.Now()
	if _, err := l.Take(ctx, 1, 60); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Take: %v", err)
	}
	if time.Since(start) > 100*time.Millisecond {
		t.Error("cancelled Take waited")
	}
}

// TestLimiterRealClock: on the real clock, 2000 packets/s for 300ms
// sends about 600 packets (lenient: the machine is shared).
func TestLimiterRealClock(t *testing.T) {
	l, _ := NewLimiter(2000)
	start := time.Now()
	n := 0
	for time.Since(start) < 300*time.Millisecond {
		k, err := l.Take(context.Background(), 16, 60)
		if err != nil {
			t.Fatal(err)
		}
		n += k
	}
	if n < 450 || n > 700 {
		t.Errorf("%d packets in 300ms at 2000/s", n)
	}
	allocs := testing.AllocsPerRun(200, func() { l.Take(context.Background(), 16, 60) })
	if allocs != 0 {
		t.Errorf("Take allocates %v per call", allocs)
	}
}

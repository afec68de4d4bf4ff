package defrag

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var testTime = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

// raw4 returns a raw IPv4 fragment (no link layer) dissected: header of 20
// bytes, the given protocol, id, byte offset, MF and data; the checksum is
// computed.
func raw4(t testing.TB, id uint16, proto uint8, off int, mf bool, data []byte) *packet.Packet {
	b := make([]byte, 20+len(data))
	b[0] = 0x45
	put16(b[2:], uint16(len(b)))
	put16(b[4:], id)
	ff := uint16(off / 8)
	if mf {
		ff |= ip4MF
	}
	put16(b[6:], ff)
	b[8] = 64
	b[9] = proto
	copy(b[12:], []byte{192, 0, 2, 1, 198, 51, 100, 2})
	ip4Checksum(b[:20])
	copy(b[20:], data)
	p, _ := packet.Dissect(b, layers.IPv4Type)
	return p
}

// raw6 returns a raw IPv6 fragment: fixed header, Fragment header (next
// header nh, byte offset, M, id), data.
func raw6(t testing.TB, id uint32, nh uint8, off int, m bool, data []byte) *packet.Packet {
	b := make([]byte, 48+len(data))
	b[0] = 0x60
	put16(b[4:], uint16(8+len(data)))
	b[6] = layers.IPProtoFragment
	b[7] = 64
	b[8], b[9], b[23] = 0x20, 0x01, 1
	b[24], b[25], b[39] = 0x20, 0x01, 2
	b[40] = nh
	w := uint16(off/8) << 3
	if m {
		w |= 1
	}
	put16(b[42:], w)
	put32(b[44:], id)
	copy(b[48:], data)
	p, _ := packet.Dissect(b, layers.IPv6Type)
	return p
}

func fill(n int, c byte) []byte { return bytes.Repeat([]byte{c}, n) }

// feed processes packets in order and returns the packets that came out.
func feed(t testing.TB, d *Defragmenter, ps []*packet.Packet) []*packet.Packet {
	t.Helper()
	var out []*packet.Packet
	for _, p := range ps {
		r, ok, err := d.Process(p, testTime)
		if err != nil {
			t.Fatalf("process %v: %v", p, err)
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// TestRoundTrip fragments packets of many sizes at many MTUs and
// reassembles them in order, reversed, shuffled and shuffled with
// duplicates; the result is the original packet byte for byte.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var sizes []int
	for n := 0; n <= 3000; n += 37 {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 1, 7, 8, 9, 1231, 1232, 1233, 1471, 1472, 1473, 1480, 2952, 2953, 2960, 3000)
	mtus4 := []int{68, 69, 75, 100, 576, 1000, 1006, 1280, 1500}
	mtus6 := []int{1280, 1281, 1287, 1400, 1500}
	kinds := []struct {
		kind  string
		mtus  []int
		ether bool
	}{
		{"udp4", mtus4, false}, {"tcp4", mtus4, true}, {"udp4ra", mtus4, false},
		{"udp6", mtus6, true}, {"udp6hbh", mtus6, false}, {"udp6rtdo", mtus6, false},
	}
	cases := 0
	for _, k := range kinds {
		for _, n := range sizes {
			p := build(t, k.kind, n)
			if k.ether {
				p = withEther(p)
			}
			want := mustBuild(t, p)
			for _, mtu := range k.mtus {
				frags, err := Fragment(p, mtu)
				if err != nil {
					t.Fatalf("%s %d mtu %d: %v", k.kind, n, mtu, err)
				}
				for order := range 4 {
					seq := reorder(rng, frags, order)
					d := New(Config{})
					out := feed(t, d, seq)
					name := fmt.Sprintf("%s size %d mtu %d order %d (%d fragments)", k.kind, n, mtu, order, len(frags))
					if len(out) != 1 {
						t.Fatalf("%s: %d packets out, want 1", name, len(out))
					}
					if !bytes.Equal(mustBuild(t, out[0]), want) {
						t.Fatalf("%s: reassembled\n%x\nwant\n%x", name, mustBuild(t, out[0]), want)
					}
					if out[0].Err() != nil {
						t.Fatalf("%s: reassembled packet does not dissect: %v", name, out[0].Err())
					}
					if s := d.Stats(); s.InFlight != 0 || s.BytesBuffered != 0 {
						t.Fatalf("%s: %+v left", name, s)
					}
					cases++
				}
			}
		}
	}
	t.Logf("%d round trips", cases)
}

// reorder returns the fragments in order (0), reversed (1), shuffled (2),
// shuffled with duplicates before the last fragment that completes them (3).
func reorder(rng *rand.Rand, fs []*packet.Packet, order int) []*packet.Packet {
	s := append([]*packet.Packet(nil), fs...)
	switch order {
	case 1:
		for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
			s[i], s[j] = s[j], s[i]
		}
	case 2, 3:
		rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	}
	if order == 3 && len(s) > 1 {
		last := s[len(s)-1]
		head := s[:len(s)-1]
		for range 1 + len(head)/3 {
			dup := head[rng.IntN(len(head))]
			at := rng.IntN(len(head) + 1)
			head = append(head[:at], append([]*packet.Packet{dup}, head[at:]...)...)
		}
		s = append(head, last)
	}
	return s
}

func TestPassThrough(t *testing.T) {
	d := New(Config{})
	for _, p := range []*packet.Packet{
		build(t, "udp4", 100), build(t, "udp6hbh", 100), withEther(build(t, "tcp4", 10)),
		packet.New(&packet.Raw{Load: []byte{1, 2, 3}}),
	} {
		r, ok, err := d.Process(p, testTime)
		if r != p || !ok || err != nil {
			t.Errorf("%v: got %v %v %v, want the packet back", p, r, ok, err)
		}
	}
	if r, ok, err := d.Process(nil, testTime); r != nil || ok || err != nil {
		t.Errorf("nil: %v %v %v", r, ok, err)
	}
	if s := d.Stats(); s.Fragments != 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestPassThroughAllocs: a packet that is not a fragment costs nothing.
func TestPassThroughAllocs(t *testing.T) {
	frames := [][]byte{mustBuild(t, withEther(build(t, "tcp4", 100))), mustBuild(t, withEther(build(t, "udp6hbh", 100)))}
	dec := packet.NewDecoder(layers.EthernetType)
	d := New(Config{})
	// a datagram in flight, so the expiry check has something to look at
	if _, _, err := d.Process(raw4(t, 9, 17, 0, true, fill(64, 1)), testTime); err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		allocs := testing.AllocsPerRun(200, func() {
			p, _ := dec.Decode(f)
			if r, ok, err := d.Process(p, testTime); r != p || !ok || err != nil {
				t.Fatal("not passed through")
			}
		})
		if allocs != 0 {
			t.Errorf("pass-through allocates %.1f times per packet", allocs)
		}
	}
}

func TestOverlapIPv4Drop(t *testing.T) {
	d := New(Config{})
	if _, _, err := d.Process(raw4(t, 1, 17, 0, true, fill(16, 'a')), testTime); err != nil {
		t.Fatal(err)
	}
	_, ok, err := d.Process(raw4(t, 1, 17, 8, true, fill(16, 'b')), testTime)
	if ok || !errors.Is(err, ErrOverlap) {
		t.Fatalf("overlap: %v %v, want ErrOverlap", ok, err)
	}
	if s := d.Stats(); s.InFlight != 0 || s.BytesBuffered != 0 || s.DroppedOverlap != 1 {
		t.Errorf("after overlap: %+v", s)
	}
	// the rest of the datagram starts a new one that never completes
	if r, ok, err := d.Process(raw4(t, 1, 17, 16, false, fill(8, 'c')), testTime); r != nil || ok || err != nil {
		t.Errorf("after the drop: %v %v %v", r, ok, err)
	}
}

// TestOverlapPolicies: "first wins" keeps the bytes received first, "last
// wins" the latest; expected bytes by hand.
func TestOverlapPolicies(t *testing.T) {
	frags := func() []*packet.Packet {
		return []*packet.Packet{
			raw4(t, 2, 17, 8, true, fill(16, 'A')),   // [8,24)
			raw4(t, 2, 17, 0, true, fill(16, 'B')),   // [0,16): overlaps [8,16)
			raw4(t, 2, 17, 16, false, fill(16, 'C')), // [16,32): overlaps [16,24)
		}
	}
	for _, c := range []struct {
		policy OverlapPolicy
		want   string
	}{
		{OverlapFirst, "BBBBBBBBAAAAAAAAAAAAAAAACCCCCCCC"},
		{OverlapLast, "BBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCC"},
	} {
		d := New(Config{IPv4Overlap: c.policy})
		out := feed(t, d, frags())
		if len(out) != 1 {
			t.Fatalf("policy %d: %d packets", c.policy, len(out))
		}
		b := out[0].Data()
		if got := string(b[20:]); got != c.want || be16(b[2:]) != 52 {
			t.Errorf("policy %d: %q (len %d), want %q", c.policy, got, be16(b[2:]), c.want)
		}
		if !ipChecksumOK(b[:20]) {
			t.Errorf("policy %d: bad header checksum", c.policy)
		}
	}
}

func TestOverlapIPv6(t *testing.T) {
	// IPv6 drops overlapping datagrams whatever the IPv4 policy (RFC 5722)
	d := New(Config{IPv4Overlap: OverlapFirst})
	if _, _, err := d.Process(raw6(t, 5, 59, 0, true, fill(16, 'a')), testTime); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Process(raw6(t, 5, 59, 8, false, fill(16, 'b')), testTime); !errors.Is(err, ErrOverlap) {
		t.Fatalf("ipv6 overlap: %v", err)
	}
	if s := d.Stats(); s.InFlight != 0 || s.BytesBuffered != 0 || s.DroppedOverlap != 1 {
		t.Errorf("after overlap: %+v", s)
	}
}

func TestDuplicates(t *testing.T) {
	d := New(Config{})
	a := raw6(t, 6, 59, 0, true, fill(16, 'a'))
	b := raw6(t, 6, 59, 16, false, fill(8, 'b'))
	out := feed(t, d, []*packet.Packet{a, raw6(t, 6, 59, 8, true, fill(8, 'a')), a, b})
	if len(out) != 1 || d.Stats().Duplicates != 2 {
		t.Fatalf("%d packets, stats %+v", len(out), d.Stats())
	}
	data := out[0].Data()
	if data[6] != 59 || be16(data[4:]) != 24 || len(data) != 64 {
		t.Errorf("reassembled %x", data)
	}
}

// TestTeardrop: a last fragment that ends inside data already received,
// and a fragment past the end already known, drop the datagram.
func TestTeardrop(t *testing.T) {
	for i, seq := range [][]*packet.Packet{
		{raw4(t, 3, 17, 0, true, fill(24, 1)), raw4(t, 3, 17, 16, false, fill(4, 2))},
		{raw4(t, 3, 17, 16, false, fill(4, 2)), raw4(t, 3, 17, 0, true, fill(24, 1))},
		{raw4(t, 3, 17, 8, false, fill(8, 2)), raw4(t, 3, 17, 24, false, fill(8, 2))},
	} {
		d := New(Config{})
		var err error
		for _, p := range seq {
			if _, _, err = d.Process(p, testTime); err != nil {
				break
			}
		}
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrOverlap) {
			t.Errorf("case %d: %v, want the datagram dropped", i, err)
		}
		if s := d.Stats(); s.InFlight != 0 || s.BytesBuffered != 0 {
			t.Errorf("case %d: %+v", i, s)
		}
	}
}

func TestOversized(t *testing.T) {
	d := New(Config{})
	// ping of death: offset 65528 with 16 bytes
	if _, _, err := d.Process(raw4(t, 4, 1, 65528, false, fill(16, 0)), testTime); !errors.Is(err, ErrOversized) {
		t.Errorf("ipv4: %v, want ErrOversized", err)
	}
	if _, _, err := d.Process(raw6(t, 4, 59, 65528, false, fill(16, 0)), testTime); !errors.Is(err, ErrOversized) {
		t.Errorf("ipv6: %v, want ErrOversized", err)
	}
	// a datagram ending at exactly 65535 bytes is fine
	if _, _, err := d.Process(raw4(t, 5, 17, 65512, false, fill(3, 0)), testTime); err != nil {
		t.Errorf("65535-byte datagram: %v", err)
	}
	if s := d.Stats(); s.DroppedOversized != 2 || s.InFlight != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestMalformedFragments(t *testing.T) {
	d := New(Config{})
	for i, p := range []*packet.Packet{
		raw4(t, 6, 17, 0, true, fill(13, 0)), // not a multiple of 8
		raw4(t, 6, 17, 16, true, nil),        // empty, not the last
		raw6(t, 6, 17, 8, true, fill(12, 0)), // not a multiple of 8
	} {
		if _, _, err := d.Process(p, testTime); !errors.Is(err, ErrMalformed) {
			t.Errorf("case %d: %v, want ErrMalformed", i, err)
		}
	}
	// a truncated capture
	b := mustBuild(t, raw4(t, 6, 17, 0, true, fill(64, 0)))
	p, _ := packet.Dissect(b[:50], layers.IPv4Type)
	if _, _, err := d.Process(p, testTime); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated: %v, want ErrTruncated", err)
	}
	// an empty last fragment only says where the end is
	d = New(Config{})
	out := feed(t, d, []*packet.Packet{raw4(t, 7, 17, 0, true, fill(16, 1)), raw4(t, 7, 17, 16, false, nil)})
	if len(out) != 1 || len(out[0].Data()) != 36 {
		t.Errorf("empty last fragment: %v", out)
	}
}

func TestTinyFragments(t *testing.T) {
	d := New(Config{})
	cases := []*packet.Packet{
		raw4(t, 8, layers.IPProtoTCP, 8, true, fill(16, 0)),                          // FO=1 (RFC 1858)
		raw4(t, 9, layers.IPProtoTCP, 0, true, fill(8, 0)),                           // 8 bytes of TCP header
		raw6(t, 10, layers.IPProtoTCP, 0, true, fill(8, 0)),                          // 8 bytes of TCP header (RFC 7112)
		raw6(t, 11, layers.IPProtoDstOpts, 0, true, []byte{17, 1, 0, 0, 0, 0, 0, 0}), // destination options cut short
	}
	for i, p := range cases {
		if _, _, err := d.Process(p, testTime); !errors.Is(err, ErrTinyFragment) {
			t.Errorf("case %d: %v, want ErrTinyFragment", i, err)
		}
	}
	if s := d.Stats(); s.DroppedTiny != uint64(len(cases)) || s.BytesBuffered != 0 {
		t.Errorf("stats %+v", s)
	}
	// a first UDP fragment of 8 bytes is fine
	if _, _, err := d.Process(raw4(t, 12, layers.IPProtoUDP, 0, true, fill(8, 0)), testTime); err != nil {
		t.Error(err)
	}
}

func TestAtomicFragment(t *testing.T) {
	d := New(Config{})
	// a datagram in flight with the same identification
	if _, _, err := d.Process(raw6(t, 77, 59, 0, true, fill(8, 1)), testTime); err != nil {
		t.Fatal(err)
	}
	u := []byte{0x04, 0xd2, 0x16, 0x2e, 0, 12, 0, 0, 'a', 'b', 'c', 'd'}
	r, ok, err := d.Process(raw6(t, 77, layers.IPProtoUDP, 0, false, u), testTime)
	if err != nil || !ok {
		t.Fatalf("atomic: %v %v", ok, err)
	}
	b := r.Data()
	if len(b) != 40+12 || b[6] != layers.IPProtoUDP || be16(b[4:]) != 12 || !bytes.Equal(b[40:], u) {
		t.Errorf("atomic fragment gives %x", b)
	}
	if _, ok := packet.LayerOf[*layers.UDP](r); !ok {
		t.Errorf("not dissected again: %v", r)
	}
	if s := d.Stats(); s.Atomic != 1 || s.InFlight != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestTimeout(t *testing.T) {
	d := New(Config{Timeout: 10 * time.Second})
	if _, _, err := d.Process(raw4(t, 1, 17, 0, true, fill(8, 0)), testTime); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Process(raw4(t, 2, 17, 0, true, fill(8, 0)), testTime.Add(5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if n := d.Expire(testTime.Add(10 * time.Second)); n != 0 {
		t.Errorf("expired %d at 10s", n)
	}
	if n := d.Expire(testTime.Add(11 * time.Second)); n != 1 {
		t.Errorf("expired %d at 11s, want 1", n)
	}
	// Process expires the old ones by itself
	if _, _, err := d.Process(build(t, "udp4", 10), testTime.Add(16*time.Second)); err != nil {
		t.Fatal(err)
	}
	if s := d.Stats(); s.InFlight != 0 || s.DroppedTimeout != 2 || s.BytesBuffered != 0 {
		t.Errorf("stats %+v", s)
	}
	// the rest of a timed-out datagram does not complete it
	if r, ok, _ := d.Process(raw4(t, 1, 17, 8, false, fill(8, 0)), testTime.Add(17*time.Second)); r != nil || ok {
		t.Error("a timed-out datagram completed")
	}
}

// TestManyIncomplete floods the defragmenter with first fragments that
// never complete: datagrams in flight and bytes stay under their bounds.
func TestManyIncomplete(t *testing.T) {
	cfg := Config{MaxDatagrams: 500, MaxBytes: 256 << 10}
	d := New(cfg)
	for i := range 20000 {
		p := raw4(t, uint16(i), 17, 0, true, fill(8+8*(i%180), 0))
		if i%2 == 1 {
			p = raw6(t, uint32(i), 17, 8*(i%50), true, fill(8+8*(i%180), 0))
		}
		if _, _, err := d.Process(p, testTime.Add(time.Duration(i)*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if s := d.Stats(); s.InFlight > cfg.MaxDatagrams || s.BytesBuffered > cfg.MaxBytes {
			t.Fatalf("after %d: %+v", i, s)
		}
	}
	s := d.Stats()
	if s.MaxBytesBuffered > cfg.MaxBytes || s.DroppedLimit == 0 {
		t.Errorf("stats %+v", s)
	}
	t.Logf("%+v", s)
}

// TestEndlessFragments sends fragments of one datagram that never ends.
func TestEndlessFragments(t *testing.T) {
	d := New(Config{MaxFragmentsPerDatagram: 64})
	var err error
	n := 0
	for ; n < 1000 && err == nil; n++ {
		_, _, err = d.Process(raw4(t, 1, 17, 8*n, true, fill(8, 0)), testTime)
	}
	if !errors.Is(err, ErrLimit) || n != 65 {
		t.Fatalf("after %d fragments: %v, want ErrLimit after 65", n, err)
	}
	if s := d.Stats(); s.InFlight != 0 || s.BytesBuffered != 0 || s.DroppedLimit != 1 {
		t.Errorf("stats %+v", s)
	}
}

// TestMaxBytesEviction: a datagram that needs room evicts the oldest.
func TestMaxBytesEviction(t *testing.T) {
	d := New(Config{MaxBytes: 3000})
	if _, _, err := d.Process(raw4(t, 1, 17, 0, true, fill(1400, 0)), testTime); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Process(raw4(t, 2, 17, 0, true, fill(1400, 0)), testTime); err != nil {
		t.Fatal(err)
	}
	// the third does not fit with both: the first goes
	if _, _, err := d.Process(raw4(t, 3, 17, 0, true, fill(1400, 0)), testTime); err != nil {
		t.Fatal(err)
	}
	s := d.Stats()
	if s.InFlight != 2 || s.DroppedLimit != 1 || s.BytesBuffered > 3000 {
		t.Errorf("stats %+v", s)
	}
	// a fragment larger than the whole budget is refused
	if _, _, err := d.Process(raw4(t, 4, 17, 0, true, fill(3000, 0)), testTime); !errors.Is(err, ErrLimit) {
		t.Errorf("huge fragment: %v", err)
	}
	// datagram 2 completes
	out := feed(t, d, []*packet.Packet{raw4(t, 2, 17, 1400, false, fill(10, 1))})
	if len(out) != 1 || len(out[0].Data()) != 20+1410 {
		t.Errorf("datagram 2: %v", out)
	}
}

// TestKeys: the same identification between other addresses or another
// protocol is another datagram.
func TestKeys(t *testing.T) {
	d := New(Config{})
	a := raw4(t, 1, 17, 0, true, fill(8, 1))
	b := raw4(t, 1, 6, 0, true, fill(16, 2)) // other protocol
	c := raw6(t, 1, 17, 0, true, fill(8, 3))
	feed(t, d, []*packet.Packet{a, b, c})
	if s := d.Stats(); s.InFlight != 3 {
		t.Errorf("%d datagrams in flight, want 3", s.InFlight)
	}
	out := feed(t, d, []*packet.Packet{raw4(t, 1, 6, 16, false, fill(8, 4))})
	if len(out) != 1 || out[0].Data()[9] != 6 || len(out[0].Data()) != 44 {
		t.Errorf("tcp datagram: %v", out)
	}
}

// TestMetadata: the reassembled packet has the first fragment's link
// layer, and the time of the fragment that completed it.
func TestMetadata(t *testing.T) {
	p := withEther(build(t, "udp4", 3000))
	frags, err := Fragment(p, 1500)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range frags {
		f.Metadata.Timestamp = testTime.Add(time.Duration(i) * time.Second)
		f.Metadata.InterfaceIndex = 3
	}
	d := New(Config{})
	var out *packet.Packet
	for _, f := range frags {
		r, ok, err := d.Process(f, f.Metadata.Timestamp)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			out = r
		}
	}
	if out == nil {
		t.Fatal("not reassembled")
	}
	m := out.Metadata
	if !m.Timestamp.Equal(testTime.Add(2*time.Second)) || m.InterfaceIndex != 3 || m.Length != len(out.Data()) {
		t.Errorf("metadata %+v", m)
	}
	if _, ok := packet.LayerOf[*layers.Ethernet](out); !ok {
		t.Errorf("no ethernet: %v", out)
	}
	if _, ok := packet.LayerOf[*layers.UDP](out); !ok {
		t.Errorf("no udp: %v", out)
	}
}

func BenchmarkPassThrough(b *testing.B) {
	frame := mustBuild(b, withEther(build(b, "tcp4", 100)))
	dec := packet.NewDecoder(layers.EthernetType)
	d := New(Config{})
	b.ReportAllocs()
	for b.Loop() {
		p, _ := dec.Decode(frame)
		d.Process(p, testTime)
	}
}

func BenchmarkReassemble(b *testing.B) {
	frags, err := Fragment(withEther(build(b, "udp4", 4000)), 1500)
	if err != nil {
		b.Fatal(err)
	}
	d := New(Config{})
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range frags {
			d.Process(f, testTime)
		}
	}
}

// TestRoundTripSweep: every payload size 0..3000 at one MTU, and every
// MTU 68..1500 (IPv6 1280..1500) at one size, shuffled.
func TestRoundTripSweep(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(kind string, n, mtu int) {
		p := build(t, kind, n)
		frags, err := Fragment(p, mtu)
		if err != nil {
			t.Fatalf("%s %d mtu %d: %v", kind, n, mtu, err)
		}
		for _, f := range frags {
			if f.Len() > mtu {
				t.Fatalf("%s %d mtu %d: a %d-byte fragment", kind, n, mtu, f.Len())
			}
		}
		out := feed(t, New(Config{}), reorder(rng, frags, 2))
		if len(out) != 1 || !bytes.Equal(mustBuild(t, out[0]), mustBuild(t, p)) {
			t.Fatalf("%s %d mtu %d: not reassembled to the original", kind, n, mtu)
		}
	}
	for n := 0; n <= 3000; n++ {
		check("udp4", n, 576)
		check("udp6", n, 1280)
	}
	for mtu := 68; mtu <= 1500; mtu++ {
		check("tcp4", 3000, mtu)
		if mtu >= 1280 {
			check("udp6hbh", 3000, mtu)
		}
	}
}

package packet_test

import (
	"bytes"
	"errors"
	"sync"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ansTest is a 2-byte test header: a tag and a value. A tag of 1 means
// another ansTest header follows; anything else, Raw. It has no Answers
// or Hash method, so Scapy's default rules apply to it.
type ansTest struct{ Tag, Val uint8 }

// ansKeyed is ansTest with its own rules: it answers a request whose value
// is one less, whatever follows, and hashes (val+1)/2.
type ansKeyed struct{ ansTest }

var (
	ansTestProto = &packet.Proto{Name: "AnswerTestPlain", New: func() packet.Layer { return new(ansTest) },
		Fields: []fields.Field{fields.ByteField("val", 0, func(a *ansTest) *uint8 { return &a.Val })}}
	ansKeyedProto = &packet.Proto{Name: "AnswerTestKeyed", New: func() packet.Layer { return new(ansKeyed) },
		Fields: []fields.Field{fields.ByteField("val", 0, func(a *ansKeyed) *uint8 { return &a.Val })}}
	ansTestType  = packet.Register(ansTestProto)
	ansKeyedType = packet.Register(ansKeyedProto)
)

func (a *ansTest) Proto() *packet.Proto         { return ansTestProto }
func (a *ansTest) Get(name string) (any, error) { return packet.GetField(a, name) }
func (a *ansTest) Set(name string, v any) error { return packet.SetField(a, name, v) }
func (a *ansTest) Show() string                 { return packet.ShowLayer(a) }
func (a *ansTest) Summary() string              { return "AnswerTestPlain" }
func (a *ansTest) HeaderLen() int               { return 2 }
func (a *ansTest) SerializeTo(b []byte, _ *packet.BuildContext) error {
	if a.Tag == 0xee {
		return errors.New("tag 0xee does not build")
	}
	b[0], b[1] = a.Tag, a.Val
	return nil
}
func (a *ansTest) DecodeFromBytes(d []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(d) < 2 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	a.Tag, a.Val = d[0], d[1]
	var next packet.LayerType
	if a.Tag == 1 {
		next = ansTestType
	}
	return packet.DecodeResult{HeaderLen: 2, PayloadLen: -1, Next: next}, nil
}

func (a *ansKeyed) Proto() *packet.Proto { return ansKeyedProto }
func (a *ansKeyed) AnswersAt(_ *packet.Packet, _ int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*ansKeyed)
	return ok && a.Val == q.Val+1
}
func (a *ansKeyed) HashAt(_ *packet.Packet, _ int) uint64 {
	return packet.HashMix(packet.HashSeed, uint64(a.Val+1)/2)
}

func plain(tag, val uint8) *ansTest { return &ansTest{tag, val} }
func raw(s string) *packet.Raw      { return &packet.Raw{Load: []byte(s)} }
func pad(n int) *packet.Padding     { return &packet.Padding{Load: make([]byte, n)} }

// TestAnswersDefaultRules checks Scapy's rules for layers without their
// own: same protocol and payloads that answer; Raw and Padding answer
// anything; the end of the reply answers only the end of the request or
// its Padding.
func TestAnswersDefaultRules(t *testing.T) {
	cases := []struct {
		name       string
		reply, req *packet.Packet
		want       bool
	}{
		{"same", packet.New(plain(1, 1), plain(0, 2)), packet.New(plain(1, 9), plain(0, 9)), true},
		{"other protocol", packet.New(plain(1, 1)), packet.New(&ansKeyed{}), false},
		{"shorter reply", packet.New(plain(1, 1)), packet.New(plain(1, 1), plain(0, 0)), false},
		{"longer reply", packet.New(plain(1, 1), plain(0, 0)), packet.New(plain(1, 1)), false},
		{"both end", packet.New(plain(0, 1)), packet.New(plain(0, 2)), true},
		{"reply ends, request Raw", packet.New(plain(0, 1)), packet.New(plain(0, 2), raw("x")), false},
		{"reply ends, request Padding", packet.New(plain(0, 1)), packet.New(plain(0, 2), pad(4)), true},
		{"reply Raw, request ends", packet.New(plain(0, 1), raw("x")), packet.New(plain(0, 2)), true},
		{"reply Raw, request other", packet.New(plain(0, 1), raw("x")), packet.New(plain(0, 2), &ansKeyed{}), true},
		{"reply Padding", packet.New(plain(0, 1), pad(3)), packet.New(plain(0, 2), plain(0, 3)), true},
		{"Answerer below", packet.New(plain(1, 1), &ansKeyed{ansTest{0, 5}}), packet.New(plain(1, 1), &ansKeyed{ansTest{0, 4}}), true},
		{"Answerer refuses", packet.New(plain(1, 1), &ansKeyed{ansTest{0, 5}}), packet.New(plain(1, 1), &ansKeyed{ansTest{0, 5}}), false},
		{"Answerer ignores payload", packet.New(&ansKeyed{ansTest{0, 5}}, raw("a")), packet.New(&ansKeyed{ansTest{0, 4}}, plain(0, 0)), true},
		{"empty reply", packet.New(), packet.New(), true},
		{"empty reply, request", packet.New(), packet.New(plain(0, 0)), false},
	}
	for _, c := range cases {
		if got := packet.Answers(c.reply, c.req); got != c.want {
			t.Errorf("%s: Answers = %v, want %v", c.name, got, c.want)
		}
	}
	if packet.Answers(nil, packet.New()) || packet.Answers(packet.New(), nil) || packet.AnswersAt(packet.New(), -1, packet.New(), 0) {
		t.Error("nil packets or negative index answer")
	}
}

// TestHashAt: layers without a Hasher pass their payload's hash on; a
// Hasher's hash is used as it gives it; past the end is HashSeed.
func TestHashAt(t *testing.T) {
	if packet.HashKey(nil) != packet.HashSeed || packet.HashKey(packet.New()) != packet.HashSeed ||
		packet.HashKey(packet.New(plain(0, 1), raw("x"))) != packet.HashSeed || packet.HashAt(packet.New(), -3) != packet.HashSeed {
		t.Error("packets without a Hasher do not hash to HashSeed")
	}
	a := packet.New(plain(1, 1), plain(1, 2), &ansKeyed{ansTest{0, 3}}, raw("x"))
	b := packet.New(&ansKeyed{ansTest{0, 4}})
	if packet.HashKey(a) != packet.HashKey(b) || packet.HashKey(a) == packet.HashSeed {
		t.Error("the hash of a Hasher below plain layers is not passed on")
	}
	if packet.HashAt(a, 3) != packet.HashSeed || packet.HashAt(a, 2) != packet.HashKey(b) {
		t.Error("HashAt from a layer index")
	}
	if packet.HashMix(1, 2) == packet.HashMix(2, 1) || packet.HashMix(packet.HashSeed, 0) == packet.HashSeed {
		t.Error("HashMix ignores the order or the value")
	}
	if packet.HashBytes(0, nil) == packet.HashBytes(0, []byte{0}) ||
		packet.HashBytes(0, []byte("0123456789")) == packet.HashBytes(0, []byte("0123456788")) ||
		packet.HashBytes(0, []byte("0123456789")) != packet.HashBytes(0, []byte("0123456789")) {
		t.Error("HashBytes")
	}
}

// icmpErrorHex: Ether / IP 198.18.1.3 > 198.18.1.2 / ICMP port unreachable
// quoting IP 198.18.1.2 > 198.18.1.3 / UDP 40000 > 7 / "hello" (Scapy).
const icmpErrorHex = "02000000000102000000000208004500003d000100004001ec95c6120103c6120102" +
	"03038b4500000000" + "45000021000100004011eca1c6120102c6120103" + "9c400007000d9190" + "68656c6c6f"

func TestInQuoteAndOffsets(t *testing.T) {
	data := mustHex(t, icmpErrorHex)
	p, err := packet.Dissect(data, layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.String(); got != "Ethernet / IP / ICMP 198.18.1.3 > 198.18.1.2 dest-unreach port-unreachable / IPerror / UDPerror / Raw" {
		t.Fatalf("dissected as %q", got)
	}
	for i, want := range []bool{false, false, false, true, true, true} {
		if packet.InQuote(p, i) != want {
			t.Errorf("dissected: InQuote(%d) = %v", i, !want)
		}
	}
	b := packet.New(p.Layers()...)
	for i, want := range []bool{false, false, false, true, true, true} {
		if packet.InQuote(b, i) != want {
			t.Errorf("built: InQuote(%d) = %v", i, !want)
		}
	}
	if packet.InQuote(nil, 0) || packet.InQuote(packet.New(layers.NewIPv4(), layers.NewUDP()), 1) {
		t.Error("InQuote outside an ICMP error")
	}
	for i, want := range []int{0, 14, 34, 42, 62, 70, 75, 75} {
		if got := packet.LayerOffset(p, i); got != want {
			t.Errorf("LayerOffset(%d) = %d, want %d", i, got, want)
		}
	}
	if packet.LayerOffset(nil, 3) != 0 {
		t.Error("LayerOffset(nil)")
	}
}

func TestWithBytes(t *testing.T) {
	data := mustHex(t, icmpErrorHex)
	p, _ := packet.Dissect(data, layers.EthernetType)
	var got []byte
	if !packet.WithBytes(p, func(b []byte) bool { got = b; return true }) || &got[0] != &data[0] {
		t.Error("WithBytes of a dissected packet does not give its data")
	}
	b := packet.New(p.Layers()...)
	if !packet.WithBytes(b, func(x []byte) bool { return bytes.Equal(x, data) }) {
		t.Error("WithBytes of a built packet does not give its encoding")
	}
	big := packet.New(plain(0, 1), &packet.Raw{Load: bytes.Repeat([]byte{7}, 5000)})
	if !packet.WithBytes(big, func(x []byte) bool { return len(x) == 5002 && x[5001] == 7 }) {
		t.Error("WithBytes of a packet larger than the pooled buffers")
	}
	called := false
	if packet.WithBytes(packet.New(plain(0xee, 0)), func([]byte) bool { called = true; return true }) || called {
		t.Error("WithBytes calls f for a packet that does not build")
	}
	if packet.WithBytes(nil, func([]byte) bool { return true }) {
		t.Error("WithBytes(nil)")
	}
	// concurrent users of one built packet: each has its own copy and buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if !packet.WithBytes(b, func(x []byte) bool { return bytes.Equal(x, data) }) {
					t.Error("concurrent WithBytes")
					return
				}
			}
		}()
	}
	wg.Wait()
	if a := testing.AllocsPerRun(100, func() { packet.WithBytes(b, func(x []byte) bool { return len(x) > 0 }) }); a != 0 {
		t.Errorf("WithBytes of a built packet: %v allocations", a)
	}
}

func TestAnswersDissectedTestLayers(t *testing.T) {
	req, _ := packet.Dissect([]byte{1, 9, 0, 4}, ansTestType)
	rep, _ := packet.Dissect([]byte{1, 8, 0, 5, 'x'}, ansTestType)
	if !packet.Answers(rep, req) {
		t.Errorf("%v does not answer %v", rep, req)
	}
	if packet.Answers(req, rep) {
		t.Errorf("%v answers %v: the end of a reply does not answer Raw", req, rep)
	}
	_ = ansKeyedType
}

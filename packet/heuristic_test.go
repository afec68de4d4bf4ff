package packet_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// heurLower is a 1-byte test header whose payload is picked only by
// content heuristics; heurUpper is a 2-byte header that accepts only data
// starting with 'U' (anything else is ErrMalformed).
type heurLower struct{ B uint8 }
type heurUpper struct{ A, B uint8 }

var (
	heurLowerProto = &packet.Proto{Name: "HeuristicTestLower", New: func() packet.Layer { return new(heurLower) },
		Fields: []fields.Field{fields.ByteField("b", 0, func(h *heurLower) *uint8 { return &h.B })}}
	heurUpperProto = &packet.Proto{Name: "HeuristicTestUpper", New: func() packet.Layer { return new(heurUpper) },
		Fields: []fields.Field{fields.ByteField("b", 0, func(h *heurUpper) *uint8 { return &h.B })}}
	heurOtherProto = &packet.Proto{Name: "HeuristicTestOther", New: func() packet.Layer { return new(heurUpper) }}
	heurLowerType  = packet.Register(heurLowerProto)
	heurUpperType  = packet.Register(heurUpperProto)
	heurOtherType  = packet.Register(heurOtherProto)
)

func init() {
	// Registration order decides: "up" is tried before "other", and both
	// accept a payload starting with 'U'.
	packet.RegisterHeuristic(heurLowerType, packet.Heuristic{Name: "up", Upper: heurUpperType,
		Looks: func(b []byte) bool { return b[0] == 'U' || b[0] == 'u' }})
	packet.RegisterHeuristic(heurLowerType, packet.Heuristic{Name: "other", Upper: heurOtherType,
		Looks: func(b []byte) bool { return b[0] == 'U' || b[0] == 'O' }})
}

func (h *heurLower) Proto() *packet.Proto         { return heurLowerProto }
func (h *heurLower) Get(name string) (any, error) { return packet.GetField(h, name) }
func (h *heurLower) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *heurLower) Show() string                 { return packet.ShowLayer(h) }
func (h *heurLower) Summary() string              { return "HeuristicTestLower" }
func (h *heurLower) HeaderLen() int               { return 1 }
func (h *heurLower) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = h.B
	return nil
}
func (h *heurLower) DecodeFromBytes(d []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(d) < 1 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	h.B = d[0]
	next := packet.GuessLayer(heurLowerType, d[1:])
	ctx.Guess = next != 0
	return packet.DecodeResult{HeaderLen: 1, PayloadLen: -1, Next: next}, nil
}

func (h *heurUpper) Proto() *packet.Proto         { return heurUpperProto }
func (h *heurUpper) Get(name string) (any, error) { return packet.GetField(h, name) }
func (h *heurUpper) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *heurUpper) Show() string                 { return packet.ShowLayer(h) }
func (h *heurUpper) Summary() string              { return "HeuristicTestUpper" }
func (h *heurUpper) HeaderLen() int               { return 2 }
func (h *heurUpper) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0], b[1] = h.A, h.B
	return nil
}
func (h *heurUpper) DecodeFromBytes(d []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(d) < 2 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if d[0] != 'U' {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	h.A, h.B = d[0], d[1]
	return packet.DecodeResult{HeaderLen: 2, PayloadLen: -1}, nil
}

func TestHeuristicsRegistrationOrder(t *testing.T) {
	hs := packet.Heuristics(heurLowerType)
	if len(hs) != 2 || hs[0].Name != "up" || hs[0].Upper != heurUpperType || hs[1].Name != "other" || hs[1].Upper != heurOtherType {
		t.Fatalf("Heuristics = %+v", hs)
	}
	hs[0].Name = "changed" // a copy: the registry is unchanged
	if packet.Heuristics(heurLowerType)[0].Name != "up" {
		t.Error("Heuristics returned the registry's own slice")
	}
	if hs := packet.Heuristics(heurUpperType); len(hs) != 0 {
		t.Errorf("Heuristics of a layer without any = %+v", hs)
	}
	if hs := packet.Heuristics(packet.LayerType(60000)); hs != nil {
		t.Errorf("Heuristics of an unknown type = %+v", hs)
	}
	for _, c := range []struct {
		payload string
		want    packet.LayerType
	}{
		{"Ux", heurUpperType}, // both accept: the first registered wins
		{"ux", heurUpperType},
		{"Ox", heurOtherType},
		{"zz", 0},
		{"", 0},
	} {
		if got := packet.GuessLayer(heurLowerType, []byte(c.payload)); got != c.want {
			t.Errorf("GuessLayer(%q) = %v, want %v", c.payload, got, c.want)
		}
	}
	if got := packet.GuessLayer(packet.LayerType(60000), []byte("U")); got != 0 {
		t.Errorf("GuessLayer of an unknown type = %v", got)
	}
}

// TestHeuristicDecode: a heuristic that guessed right gives the upper
// layer; one that guessed wrong leaves the payload Raw without an error.
func TestHeuristicDecode(t *testing.T) {
	for _, c := range []struct {
		data, want string
	}{
		{"LUv", "HeuristicTestLower / HeuristicTestUpper"},
		{"Luv", "HeuristicTestLower / Raw"}, // guessed "up", which fails
		{"LOv", "HeuristicTestLower / Raw"}, // guessed "other", which fails
		{"Lzz", "HeuristicTestLower / Raw"},
		{"LU", "HeuristicTestLower / Raw"}, // truncated guess
	} {
		for _, dissect := range []bool{true, false} {
			var p *packet.Packet
			var err error
			if dissect {
				p, err = packet.Dissect([]byte(c.data), heurLowerType)
			} else {
				p, err = packet.NewDecoder(heurLowerType).Decode([]byte(c.data))
			}
			if err != nil || p.Err() != nil {
				t.Errorf("%q: error %v", c.data, err)
			}
			if got := p.String(); got != c.want {
				t.Errorf("%q: %q, want %q", c.data, got, c.want)
			}
			b, err := p.Build()
			if err != nil || string(b) != c.data {
				t.Errorf("%q: rebuilt %q, %v", c.data, b, err)
			}
		}
	}
}

func TestRegisterHeuristicRejects(t *testing.T) {
	looks := func([]byte) bool { return true }
	for _, c := range []struct {
		name  string
		lower packet.LayerType
		h     packet.Heuristic
	}{
		{"no lower", 0, packet.Heuristic{Name: "x", Upper: heurUpperType, Looks: looks}},
		{"unknown lower", 60000, packet.Heuristic{Name: "x", Upper: heurUpperType, Looks: looks}},
		{"no upper", heurLowerType, packet.Heuristic{Name: "x", Looks: looks}},
		{"unknown upper", heurLowerType, packet.Heuristic{Name: "x", Upper: 60000, Looks: looks}},
		{"no looks", heurLowerType, packet.Heuristic{Name: "x", Upper: heurUpperType}},
	} {
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "packet: heuristic") {
					t.Errorf("%s: recovered %v", c.name, r)
				}
			}()
			packet.RegisterHeuristic(c.lower, c.h)
		}()
	}
	if n := len(packet.Heuristics(heurLowerType)); n != 2 {
		t.Errorf("a rejected heuristic was kept: %d", n)
	}
}

// TestGuessLayerConcurrent reads while another goroutine registers: the
// race detector checks the copy-on-write table.
func TestGuessLayerConcurrent(t *testing.T) {
	hostType := packet.Register(&packet.Proto{Name: "HeuristicTestHost", New: func() packet.Layer { return new(heurLower) }})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			packet.RegisterHeuristic(hostType, packet.Heuristic{Name: "never", Upper: heurOtherType,
				Looks: func([]byte) bool { return false }})
		}
	}()
	for i := 0; i < 2000; i++ {
		if packet.GuessLayer(heurLowerType, []byte("Ux")) != heurUpperType {
			t.Fatal("wrong guess during registration")
		}
		_ = packet.GuessLayer(hostType, []byte("Ux"))
	}
	wg.Wait()
	if n := len(packet.Heuristics(hostType)); n != 50 {
		t.Errorf("%d heuristics kept, want 50", n)
	}
}

func TestGuessLayerNoAlloc(t *testing.T) {
	d := packet.NewDecoder(heurLowerType)
	data := []byte("LUv")
	d.Decode(data)
	n := testing.AllocsPerRun(100, func() {
		if packet.GuessLayer(heurLowerType, data[1:]) != heurUpperType {
			t.Fatal("no guess")
		}
		if _, err := d.Decode(data); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("GuessLayer and a warm decode allocate %v times", n)
	}
}

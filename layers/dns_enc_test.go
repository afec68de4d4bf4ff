package layers

import (
	"bytes"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// TestDNSLengthPassReuse checks that the encoding kept by the length pass
// is used only by the same DNS in the same build: a copy of the struct, a
// change between two builds and a direct SerializeTo all give the bytes of
// a fresh encoding.
func TestDNSLengthPassReuse(t *testing.T) {
	fresh := func(d *DNS) []byte {
		c := *d
		c.enc, c.encOK, c.encFor = nil, false, nil
		b, err := packet.New(&c).Build()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a := NewDNS()
	a.ID = 1
	a.Questions = []DNSQuestion{{Name: DNSNameOf("a.lab.test."), Type: DNSTypeA, Class: 1}}
	pa := packet.New(a)
	if _, err := pa.Build(); err != nil {
		t.Fatal(err)
	}
	_ = a.HeaderLen() // a length pass with no write pass after it
	b := *a           // shares a's buffer until its own length pass
	b.ID = 2
	b.Questions = []DNSQuestion{{Name: DNSNameOf("b.lab.test."), Type: DNSTypeA, Class: 1}}
	pb := packet.New(&b)
	gotB, err := pb.Build()
	if err != nil {
		t.Fatal(err)
	}
	gotA, err := pa.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotA, fresh(a)) || !bytes.Equal(gotB, fresh(&b)) || bytes.Equal(gotA, gotB) {
		t.Errorf("a %x\nb %x", gotA, gotB)
	}
	a.ID = 3 // same length, other bytes
	gotA, _ = pa.Build()
	if !bytes.Equal(gotA, fresh(a)) || gotA[1] != 3 {
		t.Errorf("after a change: %x, want %x", gotA, fresh(a))
	}
	_ = a.HeaderLen()
	a.ID = 4
	buf := make([]byte, len(gotA))
	if err := a.SerializeTo(buf, nil); err != nil || buf[1] != 4 {
		t.Errorf("SerializeTo after a change: %x %v", buf, err)
	}
	if n := testing.AllocsPerRun(100, func() { pa.BuildInto(buf) }); n != 0 {
		t.Errorf("warm build allocates %v times", n)
	}
}

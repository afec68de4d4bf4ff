package goscapy

import (
	"bytes"
	"errors"
	"testing"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/layers"
)

// TestParseEqualsBuilders: an expression builds the bytes of the same
// packet described with the builders.
func TestParseEqualsBuilders(t *testing.T) {
	want, err := EtherIPTCP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "192.168.1.1", "10.0.0.1", 12345, 80, layers.TCPSyn)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := Parse(`Ether(src="aa:bb:cc:dd:ee:ff", dst="ff:ff:ff:ff:ff:ff")/IP(src="192.168.1.1", dst="10.0.0.1")/TCP(sport=12345, dport=80, flags="S")`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := tpl.First()
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Build()
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("got %x %v\nwant %x", got, err, want)
	}
	_, err = Parse("IP(ttl=300)")
	var se *expr.SyntaxError
	if !errors.As(err, &se) || se.Col != 4 || se.Field != "ttl" {
		t.Errorf("error: %v", err)
	}
}

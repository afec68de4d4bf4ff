package main

// SPEC, the packet description of "goscapy build", "send" and "sendp", is
// the expression language of package expr: Scapy's syntax, with every
// registered layer, lists, ranges, networks, random values and fuzz():
//
//	Ether()/IP(dst="198.18.1.0/30", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")/"payload"
//
// It also takes the unquoted forms of the first goscapy versions:
// IP(dst=10.0.0.1, ttl=3), Ether(src=aa:bb:cc:dd:ee:ff), and layers
// without parentheses whose fields are separated by spaces, so a SPEC may
// be given as several shell words: IP dst=10.0.0.1 ttl=3 / TCP dport=80.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/packet"
)

// specError is a SPEC that cannot be used; col is 1-based.
type specError struct {
	col int
	msg string
	err error
}

func (e *specError) Error() string { return fmt.Sprintf("spec column %d: %s", e.col, e.msg) }

func (e *specError) Unwrap() error { return e.err }

// parseSpec parses a SPEC into a template.
func parseSpec(s string) (*expr.Template, error) {
	if strings.TrimSpace(s) == "" {
		return nil, &specError{col: 1, msg: "empty spec", err: expr.ErrEmpty}
	}
	t, err := expr.Parse(s)
	if err != nil {
		return nil, specErr(err)
	}
	return t, nil
}

// specErr turns the expression language's positioned errors into
// "spec column N: ..." messages; an unknown layer lists the known ones.
func specErr(err error) error {
	var se *expr.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	msg := se.Msg
	if errors.Is(err, expr.ErrUnknownLayer) {
		msg += " (known: " + layerNames() + ")"
	}
	return &specError{col: se.Col, msg: msg, err: err}
}

// specLayers parses a SPEC and returns the layers of its first packet
// (send and sendp send that packet).
func specLayers(s string) ([]packet.Layer, error) {
	t, err := parseSpec(s)
	if err != nil {
		return nil, err
	}
	p, err := t.First()
	if err != nil {
		return nil, err
	}
	return p.Layers(), nil
}

// isSpace reports white space (dissect's hex reader uses it too).
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

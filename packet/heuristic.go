package packet

import (
	"fmt"
	"sync/atomic"
)

// Heuristic recognises a protocol by the content of a payload rather than
// by a field value of the layer below: TLS, HTTP or QUIC on a port that
// carries no binding, as Scapy's guess_payload_class and tshark's
// heuristic dissectors do.
type Heuristic struct {
	// Name identifies the heuristic in listings: "tls", "http".
	Name string
	// Upper is the layer type the payload is decoded as when Looks says
	// yes.
	Upper LayerType
	// Looks reports whether the payload starts like Upper. It runs on
	// every payload without a binding: it must be cheap, must not
	// allocate, must not keep payload and must accept any bytes.
	Looks func(payload []byte) bool
}

// heurTable holds the heuristics of each lower layer type, in registration
// order. It is replaced as a whole on registration (copy-on-write, as the
// binding rules are), so readers never lock.
type heurTable [][]Heuristic // index = lower LayerType

var heurs atomic.Pointer[heurTable]

// RegisterHeuristic adds a content heuristic for the payload of lower,
// tried after lower's port (or other field) bindings found nothing; the
// heuristics of a lower layer are tried in registration order and the
// first that says yes picks the payload's type. The decoder treats the
// result as a guess: when Upper fails to decode, the payload stays Raw
// without an error. Registering an unregistered layer type or a nil Looks
// panics: it is a programming error found at start-up.
func RegisterHeuristic(lower LayerType, h Heuristic) {
	regMu.Lock()
	defer regMu.Unlock()
	r := load()
	if lower == 0 || h.Upper == 0 || int(lower) >= len(r.protos) || int(h.Upper) >= len(r.protos) {
		panic(fmt.Sprintf("packet: heuristic %q of unregistered layer types %d/%d", h.Name, lower, h.Upper))
	}
	if h.Looks == nil {
		panic(fmt.Sprintf("packet: heuristic %q has no Looks", h.Name))
	}
	var old heurTable
	if p := heurs.Load(); p != nil {
		old = *p
	}
	n := make(heurTable, max(len(old), int(lower)+1))
	for i, hs := range old {
		n[i] = hs // never appended to in place: the copy below is fresh
	}
	n[lower] = append(append([]Heuristic(nil), old.of(lower)...), h)
	heurs.Store(&n)
}

func (t heurTable) of(lower LayerType) []Heuristic {
	if int(lower) >= len(t) {
		return nil
	}
	return t[lower]
}

// Heuristics lists the heuristics registered for lower, in the order they
// are tried.
func Heuristics(lower LayerType) []Heuristic {
	p := heurs.Load()
	if p == nil {
		return nil
	}
	return append([]Heuristic(nil), p.of(lower)...)
}

// GuessLayer returns the Upper of the first heuristic of lower whose Looks
// accepts payload, or 0. It is lock-free and allocation-free; a layer calls
// it from DecodeFromBytes when its bindings found nothing, and sets
// DecodeContext.Guess when it returns a type.
func GuessLayer(lower LayerType, payload []byte) LayerType {
	if len(payload) == 0 {
		return 0
	}
	p := heurs.Load()
	if p == nil {
		return 0
	}
	hs := p.of(lower)
	for i := range hs {
		if hs[i].Looks(payload) {
			return hs[i].Upper
		}
	}
	return 0
}

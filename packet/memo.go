package packet

// Rebuilding a prepared packet.
//
// A program that builds the same prepared packet again and again (a
// traffic generator, a probe sent to many ports whose template only
// sometimes changes) pays for serialisation, lengths and checksums every
// time. From the second build on, a packet whose layers all implement
// Snapshotter keeps a copy of its layers' state and of the bytes they
// built; a later build that finds every layer unchanged (layers of the
// same types, same field values, same option and payload bytes, same
// protocol registry)
// copies those bytes instead of building them again. A change anywhere
// means a full build. Packets whose layers keep changing stop taking
// snapshots after a few misses, so a loop that edits a field before every
// build pays nothing for this.

// Snapshotter is implemented by layers whose built bytes depend only on
// their own fields and the layers around them (no clock, no randomness),
// so that an unchanged packet of such layers builds to unchanged bytes.
type Snapshotter interface {
	Layer
	// Snapshot copies the layer's state into dst, a layer returned by an
	// earlier Snapshot of the same layer, or nil: then it allocates one.
	// The copy owns its slices (option data, payload bytes).
	Snapshot(dst Layer) Layer
	// Unchanged reports whether the layer equals the snapshot s, deeply:
	// the bytes of its slices included.
	Unchanged(s Layer) bool
}

// memoMaxMisses is how many builds in a row may find a change before the
// packet stops taking snapshots.
const memoMaxMisses = 3

// buildState is what a packet built more than once keeps: its own build
// context and the memo of its last build.
type buildState struct {
	ctx  BuildContext
	memo buildMemo
}

// builtOnce is the buildState of every packet built exactly once: a mark,
// never written (BuildInto gives a packet its own at the second build).
var builtOnce buildState

type buildMemo struct {
	layers []Layer // the packet's layers when the snapshot was taken
	snaps  []Layer
	out    []byte
	reg    *registry
	misses int
	off    bool
}

// memoHit copies the bytes of the last build into buf when nothing
// changed since. ok is false when a build is needed.
func (p *Packet) memoHit(buf []byte) (out []byte, ok bool) {
	if p.bs == nil || p.bs == &builtOnce {
		return nil, false
	}
	m := &p.bs.memo
	if m.off || m.reg != load() || len(m.layers) != len(p.layers) || len(buf) < len(m.out) {
		return nil, false
	}
	snaps := m.snaps[:len(p.layers)]
	for i, l := range p.layers {
		// Unchanged on the layer there now: one replaced by an equal
		// layer of its type builds the same bytes.
		if s, ok := l.(Snapshotter); !ok || !s.Unchanged(snaps[i]) {
			m.misses++
			if m.misses >= memoMaxMisses {
				m.off = true
			}
			return nil, false
		}
	}
	m.misses = 0
	return buf[:copy(buf, m.out)], true
}

// memoStore records the layers and bytes of a successful build, from the
// second build of the packet on.
func (p *Packet) memoStore(out []byte) {
	switch p.bs {
	case nil:
		p.bs = &builtOnce
		return
	case &builtOnce: // BuildInto gives the packet its own at the second build
		p.bs = new(buildState)
	}
	m := &p.bs.memo
	if m.off {
		return
	}
	for _, l := range p.layers {
		if _, ok := l.(Snapshotter); !ok {
			m.off = true // do not look again
			return
		}
	}
	if len(m.snaps) != len(p.layers) {
		m.snaps = make([]Layer, len(p.layers))
		m.layers = make([]Layer, len(p.layers))
	}
	for i, l := range p.layers {
		if m.layers[i] != l {
			m.snaps[i] = nil // another layer (type) in this place
		}
		m.snaps[i] = l.(Snapshotter).Snapshot(m.snaps[i])
		m.layers[i] = l
	}
	m.out = append(m.out[:0], out...)
	m.reg = load()
}

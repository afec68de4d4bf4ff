package packet

import "sync/atomic"

// BindKey is a handle on the dissection bindings of one field of a lower
// layer, for the decoders of hot layers: Next of a value below 65536 is
// one load from a table indexed by value, where NextLayer also finds the
// field's table by name and probes a hash. It follows the registry:
// bindings added later are seen.
//
//	var ethType = packet.NewBindKey(EthernetType, "type")
//	next := ethType.Next(uint64(etherType))
type BindKey struct {
	lower LayerType
	field string
	c     atomic.Pointer[bindCache] // &stale: build it from the registry
	kept  bool                      // in bindKeys; guarded by regMu
}

// stale is the cache of a handle whose table is to be built (it has no
// dense values, so Next takes the slow path).
var stale bindCache

// bindCache is the field's bindings in one version of the registry.
type bindCache struct {
	dense []LayerType // index = value, for the values below its length
	fi    *fieldIndex // all values (nil: no binding on that field)
	ups   []bindUp    // index = upper LayerType: the value building gives
}

// bindUp is the field's value for one upper layer, when a binding for
// building gives one.
type bindUp struct {
	v  uint64
	ok bool
}

// Dense tables cover values up to the largest bound one below denseMax,
// rounded up to a power of two, at least denseMin: a 16-bit field (an
// EtherType, a port) bound anywhere above 32767 gets a table of all its
// values, 128 KiB.
const (
	denseMin = 256
	denseMax = 1 << 16
)

// bindKeys are the handles in use; a registry change clears their tables.
var bindKeys []*BindKey // guarded by regMu

// NewBindKey returns a handle on the bindings of lower's field.
func NewBindKey(lower LayerType, field string) *BindKey {
	k := &BindKey{lower: lower, field: field}
	k.c.Store(&stale)
	return k
}

// Next returns the upper layer bound to value, or 0, as
// NextLayer(lower, field, value) does. It is lock-free and, once the
// registry stops changing, allocation-free.
func (k *BindKey) Next(value uint64) LayerType {
	if c := k.c.Load(); value < uint64(len(c.dense)) {
		return c.dense[value]
	}
	return k.nextSlow(value)
}

// Value returns the field's value that binds the layer above the one
// being built in ctx, as ctx.Bind(field) does when the layer being built
// is of the handle's lower type: one load from a table indexed by the
// upper layer's type.
func (k *BindKey) Value(ctx *BuildContext) (uint64, bool) {
	up := ctx.upperType()
	c := k.c.Load()
	if c == &stale {
		c = k.refresh()
	}
	if int(up) < len(c.ups) {
		e := c.ups[up]
		return e.v, e.ok
	}
	return 0, false
}

func (k *BindKey) nextSlow(value uint64) LayerType {
	c := k.c.Load()
	if c == &stale {
		c = k.refresh()
	}
	if c.fi == nil {
		return 0
	}
	return c.fi.lookup(value)
}

// refresh builds the cache from the current registry. It holds regMu, so
// a registry change cannot slip between the reading of the registry and
// the storing of the cache.
func (k *BindKey) refresh() *bindCache {
	regMu.Lock()
	defer regMu.Unlock()
	if c := k.c.Load(); c != &stale { // built meanwhile
		return c
	}
	c := &bindCache{}
	r := load()
	x := r.index()
	if int(k.lower) < len(x.next) {
		fis := x.next[k.lower]
		for i := range fis {
			if fis[i].field == k.field {
				c.fi = &fis[i]
				break
			}
		}
	}
	if c.fi != nil {
		top := uint64(0)
		for i, u := range c.fi.ups {
			if u != 0 && c.fi.keys[i] < denseMax {
				top = max(top, c.fi.keys[i])
			}
		}
		n := uint64(denseMin)
		for n <= top {
			n *= 2
		}
		c.dense = make([]LayerType, n)
		for i, u := range c.fi.ups {
			if u != 0 && c.fi.keys[i] < n {
				c.dense[c.fi.keys[i]] = u
			}
		}
	}
	n := len(r.protos)
	c.ups = make([]bindUp, n)
	if int(k.lower) < n {
		for up := 1; up < n; up++ {
			if i := x.up[int(k.lower)*n+up]; i > 0 {
				for _, b := range x.upl[i-1] {
					if b.field == k.field {
						c.ups[up] = bindUp{b.value, true}
						break
					}
				}
			}
		}
	}
	if !k.kept {
		k.kept = true
		bindKeys = append(bindKeys, k)
	}
	k.c.Store(c)
	return c
}

// store makes r the registry and drops the bind keys' tables of the old
// one. The caller holds regMu.
func store(r *registry) {
	reg.Store(r)
	for _, k := range bindKeys {
		k.c.Store(&stale)
	}
}

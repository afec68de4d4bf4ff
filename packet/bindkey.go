package packet

import "sync/atomic"

// BindKey is a handle on the dissection bindings of one field of a lower
// layer, for the decoders of hot layers: Next costs one hash probe where
// NextLayer also finds the field's table by name. It follows the
// registry: bindings added later are seen.
//
//	var ethType = packet.NewBindKey(EthernetType, "type")
//	next := ethType.Next(uint64(etherType))
type BindKey struct {
	lower LayerType
	field string
	c     atomic.Pointer[bindCache]
}

// bindCache is the field's table in one version of the registry.
type bindCache struct {
	r  *registry
	fi *fieldIndex // nil: no binding on that field
}

// NewBindKey returns a handle on the bindings of lower's field.
func NewBindKey(lower LayerType, field string) *BindKey {
	return &BindKey{lower: lower, field: field}
}

// Next returns the upper layer bound to value, or 0, as
// NextLayer(lower, field, value) does. It is lock-free and, once the
// registry stops changing, allocation-free.
func (k *BindKey) Next(value uint64) LayerType {
	if c := k.c.Load(); c != nil && c.r == reg.Load() {
		return c.fi.lookup(value)
	}
	return k.refresh().fi.lookup(value)
}

// noBinding is the table of a field without bindings.
var noBinding fieldIndex

func (k *BindKey) refresh() *bindCache {
	r := load()
	c := &bindCache{r: r, fi: &noBinding}
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
	k.c.Store(c)
	return c
}

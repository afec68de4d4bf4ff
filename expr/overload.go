package expr

import (
	"sync"

	"github.com/goscapy/goscapy/packet"
)

// Scapy's layers set fields of the layer under them when stacked on it:
// bind_layers records the values as the upper class's overload_fields,
// and they win over the lower layer's defaults but not over the values an
// expression gives. IP()/UDP()/NTP() has UDP ports 123,
// IPv6()/ICMPv6ND_NS() a hop limit of 255 and IP()/IGMP() a TTL of 1.
//
// Fields that goscapy computes when it builds a layer (Auto fields shown
// as None: the EtherType, the IP protocol, the Next Header) are left to
// the bindings of the registry, which fill them in the same way; the
// others are preset on the lower layer here.

// overloadEntry is one of Scapy's overload_fields: the lower class's
// field and the value an upper class gives it.
type overloadEntry struct {
	upper, lower, field string
	v                   any
}

var (
	overloadsOnce sync.Once
	// overloads holds the presets by upper class and lower protocol.
	overloads map[overloadKey][]preset
)

type overloadKey struct{ upper, lower string }

// overloadsFor returns the presets the class upper gives a layer of
// protocol lower under it.
func overloadsFor(upper, lower string) []preset {
	overloadsOnce.Do(func() {
		overloads = map[overloadKey][]preset{}
		for _, e := range scapyOverloads {
			cl := lookupClass(e.lower)
			if cl == nil || cl.member != "" || cl.merge {
				continue
			}
			pr := packet.Lookup(cl.proto)
			if pr == nil {
				continue
			}
			f := pr.Field(e.field)
			if f == nil || f.Auto {
				continue
			}
			up := lookupClass(e.upper)
			if up == nil {
				continue
			}
			k := overloadKey{up.name, pr.Name}
			overloads[k] = append(overloads[k], preset{e.field, e.v})
		}
	})
	return overloads[overloadKey{upper, lower}]
}

// overload presets on each layer the fields the layer above it
// overloads, unless the expression gives them. A class merged into the
// layer before it (IGMPv3mr into IGMPv3) overloads that layer, as Scapy's
// class does the layer under it.
func overload(ls []*layerT) {
	var lower *layerT
	for _, l := range ls {
		if l.member != nil && !l.member.merge {
			continue
		}
		if lower != nil && !l.hidden {
			for _, ps := range overloadsFor(l.class, lower.proto.Name) {
				if !lower.gives(ps.name) {
					lower.presets = append(lower.presets, ps)
				}
			}
		}
		if l.member == nil {
			lower = l
		}
	}
}

// gives reports whether the expression sets the field of l.
func (l *layerT) gives(name string) bool {
	for _, a := range l.assigns {
		if a.name == name {
			return true
		}
	}
	return false
}

package expr

import (
	"fmt"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// 802.11 fields whose Scapy form differs from goscapy's field table only
// in representation: RadioTap's 5-byte mcs_nss (goscapy's mcs_nss and
// VHT_coding), Dot11EltHTCapabilities' RX_MSC_Bitmask integer (goscapy's
// 10 bytes) and Dot11Elt(ID=..., info=...) for element IDs that have a
// class of their own (TIM, ERP, ...); Dot11EltCountry's descriptors.

func init() {
	addClass(&class{name: "RadioTap", proto: "RadioTap",
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			if n != "mcs_nss" {
				return nil, false, nil
			}
			v, err := c.constant(a.val)
			if err != nil {
				return nil, true, err
			}
			b, ok := v.([]byte)
			if s, isStr := v.(string); isStr {
				b, ok = []byte(s), true
			}
			if !ok || len(b) != 5 {
				return nil, false, nil // goscapy's 4-byte field
			}
			// Scapy's mcs_nss is 5 bytes: the MCS/NSS of the four users
			// and the coding byte
			l.extra = append(l.extra, "mcs_nss="+pyBytesRepr(b))
			if l.pending == nil {
				l.pending = map[string]any{}
			}
			l.pending["mcs_nss"] = true
			return []*assign{
				{name: "mcs_nss", field: l.proto.Field("mcs_nss"), gen: constGen{append([]byte(nil), b[:4]...)}, dim: -1, at: a.at},
				{name: "VHT_coding", field: l.proto.Field("VHT_coding"), gen: constGen{uint64(b[4])}, dim: -1, at: a.at},
			}, true, nil
		},
		finish: func(c *compiler, l *layerT) error {
			if l.pending["mcs_nss"] == nil {
				return nil
			}
			for _, as := range l.assigns {
				if as.name == "VHT_coding" {
					return c.errAt(as.at, ErrSyntax, "RadioTap: VHT_coding is also the last byte of the 5-byte mcs_nss")
				}
			}
			return nil
		}})
	addConverter("Dot11EltHTCapabilities", "RX_MSC_Bitmask", func(c *compiler, n node) (any, error) {
		v, err := c.constant(n)
		if err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
		// Scapy's 77-bit field, least significant byte first
		u, err := pyUint(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: RX_MSC_Bitmask takes an integer (the MCS bits, MCS 0 lowest) or 10 bytes", ErrBadValue)
		}
		b := make([]byte, 10)
		for i := 0; i < 8; i++ {
			b[i] = byte(u >> (8 * i))
		}
		return b, nil
	})
	addClass(&class{name: "Dot11Elt", proto: "Dot11Elt",
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			if n != "info" {
				return nil, false, nil
			}
			if _, isList := a.val.(*listLit); isList {
				return nil, false, nil // a set of values: the table's field
			}
			v, err := c.constant(a.val)
			if err != nil {
				return nil, true, err
			}
			b, ok := pyBytesOf(v)
			if _, isPkt := v.(*packetVal); !ok || isPkt {
				return nil, false, nil
			}
			// the information as given, whatever class the ID selects
			// (Scapy's Dot11Elt(ID='TIM', info=...) is raw information)
			l.extra = append(l.extra, "info="+pyBytesRepr(b))
			l.newFn = func() packet.Layer { return layers.NewDot11Elt(0, append([]byte(nil), b...)) }
			return nil, true, nil
		}})
	addObject("Dot11EltCountryConstraintTriplet", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "first_channel_number", "num_channels", "mtp")
		if err != nil {
			return nil, err
		}
		t := layers.Dot11CountryTriplet{FirstChannel: k.u8("first_channel_number", 1), NumChannels: k.u8("num_channels", 24), MaxPower: k.u8("mtp", 0)}
		return t, k.err
	})
	addClass(&class{name: "Dot11EltCountry", proto: "Dot11EltCountry",
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			if n != "descriptors" {
				return nil, false, nil
			}
			v, err := c.constant(a.val)
			if err != nil {
				return nil, true, err
			}
			var ts []layers.Dot11CountryTriplet
			for _, e := range pyList(v) {
				t, ok := e.(layers.Dot11CountryTriplet)
				if !ok {
					return nil, true, fmt.Errorf("%w: %s is no Dot11EltCountryConstraintTriplet(...)", ErrBadValue, pyRepr(e))
				}
				ts = append(ts, t)
			}
			// the triplets, padded to an even length as Scapy does; the
			// country string (Scapy's default is three zero bytes) is set
			// after them
			l.extra = append(l.extra, "descriptors="+c.srcRepr(a.val))
			l.newFn = func() packet.Layer {
				return layers.NewDot11EltCountry(layers.Dot11Country{String: "\x00\x00\x00", Triplets: ts})
			}
			return nil, true, nil
		}})
}

package layers

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// TestSnapshotSeesEveryField changes each exported field of each
// snapshotting layer in turn (and the bytes inside its slices) and checks
// that Unchanged notices, so a field added later cannot be forgotten.
func TestSnapshotSeesEveryField(t *testing.T) {
	layers := []packet.Snapshotter{
		&Ethernet{Src: fields.MAC{1}, Type: fields.Some[uint16](0x800)},
		&IPv4{Version: 4, TTL: 64, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.0.2"),
			Options: []IPOption{{Type: 7, Data: []byte{1, 2, 3}}}},
		&IPv6{Version: 6, Src: netip.MustParseAddr("2001:db8::1")},
		func() *TCP {
			t := &TCP{SrcPort: 1, DstPort: 2}
			t.SetOptions(TCPOptionMSS(1460), TCPOption{Kind: 1})
			return t
		}(),
		&UDP{SrcPort: 53},
		&ICMP{Type: 8, ID: 1},
		&ARP{HwType: 1, HwSrcRaw: []byte{1, 2}, PSrcRaw: []byte{3}, HwDstRaw: []byte{4}, PDstRaw: []byte{5}},
		&packet.Raw{Load: []byte("abc")},
		&packet.Padding{Load: []byte{0, 0}},
	}
	for _, l := range layers {
		name := reflect.TypeOf(l).Elem().Name()
		snap := l.Snapshot(nil)
		if !l.Unchanged(snap) {
			t.Fatalf("%s: differs from its own snapshot", name)
		}
		if snap == packet.Layer(l) {
			t.Fatalf("%s: snapshot is the layer itself", name)
		}
		// Reusing the snapshot's storage gives an equal snapshot.
		if again := l.Snapshot(snap); again != snap || !l.Unchanged(again) {
			t.Fatalf("%s: snapshot into old storage differs", name)
		}
		v := reflect.ValueOf(l).Elem()
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.CanSet() {
				continue
			}
			fname := v.Type().Field(i).Name
			saved := reflect.New(f.Type()).Elem()
			saved.Set(f)
			for _, mutate := range mutations(f) {
				mutate()
				if l.Unchanged(snap) {
					t.Errorf("%s.%s: a change went unnoticed", name, fname)
				}
				f.Set(saved)
				for _, undo := range pending {
					undo()
				}
				pending = nil
				l.Snapshot(snap) // restore the snapshot for the next case
				if !l.Unchanged(snap) {
					t.Fatalf("%s.%s: snapshot not restored", name, fname)
				}
			}
		}
	}
}

// pending undoes changes made inside slice elements.
var pending []func()

// mutations returns functions that change f in place (and, for slices,
// the bytes in them without changing the slice header).
func mutations(f reflect.Value) []func() {
	switch f.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return []func(){func() { f.SetUint(f.Uint() ^ 1) }}
	case reflect.Bool:
		return []func(){func() { f.SetBool(!f.Bool()) }}
	case reflect.Slice:
		var out []func()
		out = append(out, func() { f.Set(reflect.Zero(f.Type())) })
		if f.Type().Elem().Kind() == reflect.Uint8 && f.Len() > 0 {
			out = append(out, func() { b := f.Bytes(); b[0] ^= 0xff })
		}
		if f.Type().Elem().Kind() == reflect.Struct && f.Len() > 0 {
			e := f.Index(0)
			for j := 0; j < e.NumField(); j++ {
				ef := e.Field(j)
				for _, m := range mutations(ef) {
					out = append(out, func() {
						saved := reflect.New(ef.Type()).Elem()
						saved.Set(ef)
						m()
						// The element lives in the slice's array, which the
						// caller's restore does not copy back: restore it
						// when the caller restores the field.
						pending = append(pending, func() { ef.Set(saved) })
					})
				}
			}
		}
		return out
	case reflect.Array: // fields.MAC
		return []func(){func() { f.Index(0).SetUint(f.Index(0).Uint() ^ 1) }}
	case reflect.Struct:
		switch x := f.Addr().Interface().(type) {
		case *netip.Addr:
			return []func(){func() { *x = netip.MustParseAddr("192.0.2.99") }}
		}
		if vf := f.FieldByName("Valid"); vf.IsValid() && vf.CanSet() { // fields.Opt
			return []func(){func() { vf.SetBool(!vf.Bool()) }, func() {
				vf.SetBool(true)
				val := f.FieldByName("Value")
				val.SetUint(val.Uint() ^ 1)
			}}
		}
	}
	return nil
}

// TestSnapshotTCPOptions covers the unexported option storage of TCP (set
// options and the lazily parsed bytes of a decoded header), which the
// reflection test above cannot reach.
func TestSnapshotTCPOptions(t *testing.T) {
	hdr := []byte{0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0x70, 0x02, 0x20, 0, 0, 0, 0, 0,
		2, 4, 5, 0xb4, 1, 3, 3, 7} // MSS 1460, NOP, WScale 7
	var dec TCP
	if _, err := dec.DecodeFromBytes(hdr, &packet.DecodeContext{}); err != nil {
		t.Fatal(err)
	}
	set := &TCP{SrcPort: 1}
	set.SetOptions(TCPOptionMSS(1460))
	for _, tc := range []struct {
		name   string
		l      *TCP
		change func(*TCP)
	}{
		{"decoded, option byte", &dec, func(x *TCP) { x.raw[3] ^= 1 }},
		{"decoded, replaced", &dec, func(x *TCP) { x.SetOptions(TCPOptionMSS(1460), TCPOptionNOP(), TCPOptionWScale(7)) }},
		{"set, data byte", set, func(x *TCP) { (*x.set)[0].Data[0] ^= 1 }},
		{"set, replaced", set, func(x *TCP) { x.SetOptions(TCPOptionMSS(1400)) }},
		{"set, removed", set, func(x *TCP) { x.SetOptions() }},
	} {
		orig := *tc.l
		origRaw := append([]byte(nil), tc.l.raw...)
		var origData []byte
		if tc.l.set != nil {
			origData = append([]byte(nil), (*tc.l.set)[0].Data...)
		}
		snap := tc.l.Snapshot(nil)
		if !tc.l.Unchanged(snap) {
			t.Fatalf("%s: differs from its own snapshot", tc.name)
		}
		tc.change(tc.l)
		if tc.l.Unchanged(snap) {
			t.Errorf("%s: the change went unnoticed", tc.name)
		}
		*tc.l = orig
		copy(tc.l.raw, origRaw)
		if tc.l.set != nil {
			copy((*tc.l.set)[0].Data, origData)
		}
		if !tc.l.Unchanged(snap) {
			t.Errorf("%s: not equal after restoring", tc.name)
		}
	}
}

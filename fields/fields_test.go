package fields

import (
	"errors"
	"net"
	"net/netip"
	"testing"
)

type demo struct {
	Port  uint16
	Flags uint8
	Len   Opt[uint16]
	MAC   MAC
	Addr  netip.Addr
	Addr6 netip.Addr
	Load  []byte
	Name  string
}

var demoFields = []Field{
	ShortField("port", 80, func(d *demo) *uint16 { return &d.Port }).WithEnum(map[uint64]string{80: "http"}),
	FlagsField("flags", 8, uint8(2), "FSRPAUEC", func(d *demo) *uint8 { return &d.Flags }),
	AutoUintField("len", 16, func(d *demo) *Opt[uint16] { return &d.Len }),
	MACField("mac", MAC{}, func(d *demo) *MAC { return &d.MAC }),
	IPField("ip", netip.Addr{}, func(d *demo) *netip.Addr { return &d.Addr }),
	IP6Field("ip6", netip.Addr{}, func(d *demo) *netip.Addr { return &d.Addr6 }),
	BytesField("load", func(d *demo) *[]byte { return &d.Load }),
	StrField("name", "", func(d *demo) *string { return &d.Name }),
}

func TestSetGetFormat(t *testing.T) {
	d := &demo{}
	f := func(i int) *Field { return &demoFields[i] }
	for _, c := range []struct {
		i    int
		v    any
		want string
	}{
		{0, 80, "http"}, {0, "443", "443"}, {0, "http", "http"}, {0, uint16(22), "22"}, {0, "0x50", "http"},
		{1, "SA", "SA"}, {1, uint8(0x12), "SA"}, {1, "F+A", "FA"}, {1, 0x11, "FA"},
		{2, 40, "40"},
		{3, "aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff"}, {3, net.HardwareAddr{1, 2, 3, 4, 5, 6}, "01:02:03:04:05:06"},
		{3, "AABB.CCDD.EEFF", "aa:bb:cc:dd:ee:ff"}, {3, "aa-bb-cc-dd-ee-01", "aa:bb:cc:dd:ee:01"},
		{4, "10.0.0.1", "10.0.0.1"}, {4, netip.MustParseAddr("1.2.3.4"), "1.2.3.4"}, {4, net.IPv4(9, 8, 7, 6), "9.8.7.6"},
		{5, "2001:db8::1", "2001:db8::1"},
		{6, []byte{0, 'a'}, `b'\x00a'`}, {6, "0x6869", "b'hi'"}, {6, "hi", "b'hi'"},
		{7, "example.com.", `"example.com."`},
	} {
		if err := f(c.i).Set(d, c.v); err != nil {
			t.Errorf("%s.Set(%v): %v", f(c.i).Name, c.v, err)
			continue
		}
		if got := f(c.i).Format(d); got != c.want {
			t.Errorf("%s.Set(%v): Format = %q, want %q", f(c.i).Name, c.v, got, c.want)
		}
	}
	if v := f(1).Get(d); v != uint8(0x11) {
		t.Errorf("flags Get = %#v", v)
	}
}

func TestAutoField(t *testing.T) {
	d := &demo{}
	lf := &demoFields[2]
	if lf.Get(d) != nil || lf.IsSet(d) || lf.Format(d) != "None" {
		t.Fatalf("unset auto field: %v %v %q", lf.Get(d), lf.IsSet(d), lf.Format(d))
	}
	if err := lf.Set(d, 7); err != nil || d.Len != Some[uint16](7) {
		t.Fatalf("set: %v %v", err, d.Len)
	}
	if err := lf.Set(d, nil); err != nil || d.Len.Valid {
		t.Fatalf("unset: %v %v", err, d.Len)
	}
}

func TestBadValues(t *testing.T) {
	d := &demo{}
	for _, c := range []struct {
		i int
		v any
	}{
		{0, 70000}, {0, -1}, {0, "nonsense"}, {1, "XYZ"}, {3, "aa:bb:cc:dd:ee"}, {3, "zz:bb:cc:dd:ee:ff"},
		{4, "300.1.1.1"}, {4, "2001:db8::1"}, {5, "10.0.0.1"}, {6, 42}, {0, 1.5}, {0, nil},
	} {
		err := demoFields[c.i].Set(d, c.v)
		if err == nil {
			t.Errorf("%s.Set(%#v): no error", demoFields[c.i].Name, c.v)
			continue
		}
		if !errors.Is(err, ErrBadValue) && !errors.Is(err, ErrBadMAC) {
			t.Errorf("%s.Set(%#v): %v is not ErrBadValue/ErrBadMAC", demoFields[c.i].Name, c.v, err)
		}
	}
}

func TestPackInto(t *testing.T) {
	b := make([]byte, 16)
	if n, err := demoFields[0].PackInto(b, 0x1234); err != nil || n != 2 || b[0] != 0x12 || b[1] != 0x34 {
		t.Fatalf("short PackInto: %d %v % x", n, err, b[:2])
	}
	if n, err := demoFields[3].PackInto(b, "01:02:03:04:05:06"); err != nil || n != 6 || b[5] != 6 {
		t.Fatalf("mac PackInto: %d %v", n, err)
	}
	if _, err := demoFields[5].PackInto(b[:4], "::1"); !errors.Is(err, ErrShortBuffer) {
		t.Fatalf("short buffer: %v", err)
	}
	d := &demo{Port: 0xabcd}
	if n, err := demoFields[0].SerializeInto(b, d); err != nil || n != 2 || b[0] != 0xab {
		t.Fatalf("SerializeInto: %d %v", n, err)
	}
}

func TestMACParseNoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseMAC("aa:bb:cc:dd:ee:ff") }); n != 0 {
		t.Fatalf("ParseMAC allocates %v", n)
	}
	m := MustParseMAC("01:00:5e:00:00:01")
	if !m.IsMulticast() || m.IsBroadcast() || m.IsZero() {
		t.Fatal("mac predicates")
	}
	var u MAC
	if err := u.UnmarshalText([]byte("ff:ff:ff:ff:ff:ff")); err != nil || !u.IsBroadcast() {
		t.Fatal("unmarshal")
	}
}

func TestFlagsText(t *testing.T) {
	names := []string{"MF", "DF", "evil"}
	if s := FormatFlags(3, names); s != "MF+DF" {
		t.Fatalf("got %q", s)
	}
	if u, ok := ParseFlags("DF", names); !ok || u != 2 {
		t.Fatalf("DF: %v %v", u, ok)
	}
	if s := FormatFlags(0x100|2, flagNames("FSRPAUEC")); s != "S+0x100" {
		t.Fatalf("unnamed bits: %q", s)
	}
}

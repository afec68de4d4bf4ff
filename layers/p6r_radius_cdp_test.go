package layers

import (
	"bytes"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

func radiusOf(t *testing.T, file, n string) (*Radius, []byte) {
	t.Helper()
	p, err := packet.Dissect(p6rFrameOf(t, "radius", file, n), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := packet.LayerOf[*Radius](p)
	if !ok {
		t.Fatalf("no radius in %v", p)
	}
	b, err := packet.New(r).Build()
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}

// TestRadiusAuthenticatorsFreeRADIUS recomputes, with the lab's shared
// secret, the authenticators FreeRADIUS and radclient wrote: response
// authenticators of replies (RFC 2865), request authenticators of
// Accounting, CoA and Disconnect requests (RFC 2866, 5176) and
// Message-Authenticator attributes (RFC 3579).
func TestRadiusAuthenticatorsFreeRADIUS(t *testing.T) {
	secret := []byte("testing123")
	const file = "generated/daemons/radius.pcap"
	checked := 0
	for i := 1; i < 22; i += 2 {
		req, reqBytes := radiusOf(t, file, strconv.Itoa(i))
		resp, respBytes := radiusOf(t, file, strconv.Itoa(i+1))
		if req.ID != resp.ID {
			t.Fatalf("frames %d/%d are no pair", i, i+1)
		}
		got, err := RadiusResponseAuthenticator(respBytes, req.Authenticator, secret)
		if err != nil || got != resp.Authenticator {
			t.Errorf("frame %d (%s): response authenticator %x, computed %x (%v)", i+1, resp.Summary(), resp.Authenticator, got, err)
		}
		checked++
		switch req.Code {
		case RadiusAccountingRequest, RadiusCoARequest, RadiusDisconnectRequest:
			got, _ := RadiusResponseAuthenticator(reqBytes, [16]byte{}, secret)
			if got != req.Authenticator {
				t.Errorf("frame %d (%s): request authenticator %x, computed %x", i, req.Summary(), req.Authenticator, got)
			}
			checked++
		}
		for _, x := range []struct {
			r       *Radius
			b       []byte
			reqAuth []byte
		}{{req, reqBytes, nil}, {resp, respBytes, req.Authenticator[:]}} {
			ma, ok := x.r.Attribute(RadiusAttrMessageAuthenticator)
			if !ok {
				continue
			}
			if x.reqAuth == nil && req.Code != RadiusAccessRequest && req.Code != RadiusStatusServer {
				// Accounting and dynamic authorization requests put zeros
				// in place of their own authenticator (RFC 5176 3.3).
				x.reqAuth = make([]byte, 16)
			}
			got, err := RadiusMessageAuthenticator(x.b, x.reqAuth, secret)
			if err != nil || !bytes.Equal(got[:], ma) {
				t.Errorf("frame %d %s: message-authenticator %x, computed %x (%v)", i, x.r.Summary(), ma, got, err)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d authenticators checked", checked)
	}
}

func TestRadiusAttributes(t *testing.T) {
	r, _ := radiusOf(t, "generated/daemons/radius.pcap", "2")
	var vendor uint32
	for _, a := range r.Attributes {
		if v, subs, ok := a.VendorSpecific(); ok {
			vendor = v
			if len(subs) == 0 || subs[0].Len != uint8(2+len(subs[0].Value)) {
				t.Errorf("vsa %+v", subs)
			}
		}
	}
	if vendor != 9 && vendor != 14122 {
		t.Errorf("Access-Accept of the lab carries Cisco (9) or WISPr (14122) VSAs, got %d", vendor)
	}
	if s := r.Summary(); s != "RADIUS Access-Accept id 22" {
		t.Errorf("summary %q", s)
	}
	q, _ := radiusOf(t, "generated/daemons/radius.pcap", "1")
	if n, ok := q.UserName(); !ok || n != "alice" {
		t.Errorf("user %q", n)
	}
	for _, want := range []string{"code      = Access-Request", `User-Name="alice"`, "NAS-IP-Address=198.19.5.2"} {
		if !strings.Contains(q.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, q.Show())
		}
	}
	eap, _ := radiusOf(t, "pcapplusplus/radius_1_2_11.pcap", "1")
	if m := eap.EAPMessage(); len(m) < 4 || m[0] != 2 {
		t.Errorf("eap message %x", m)
	}
	// Attribute helpers and errors.
	a := RadiusAddrAttr(RadiusAttrNASIPv6Address, netip.MustParseAddr("2001:db8::1"))
	if ad, ok := a.Addr(); !ok || ad.String() != "2001:db8::1" {
		t.Errorf("ipv6 attr %v", ad)
	}
	if v, ok := RadiusUint32Attr(5, 7).Uint32(); !ok || v != 7 {
		t.Error("uint32 attr")
	}
	big := NewRadius()
	big.Attributes = []RadiusAttribute{RadiusAttr(1, make([]byte, 254))}
	if _, err := packet.New(big).Build(); err == nil {
		t.Error("attribute of 256 bytes built")
	}
	for _, raw := range [][]byte{make([]byte, 19), append([]byte{1, 0, 0, 21}, make([]byte, 16)...)} {
		if _, err := NewRadius().DecodeFromBytes(raw, nil); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%x: %v", raw, err)
		}
	}
	bad := append([]byte{1, 0, 0, 23}, make([]byte, 16)...)
	bad = append(bad, 1, 1, 0) // attribute length 1
	if _, err := NewRadius().DecodeFromBytes(bad, nil); !errors.Is(err, packet.ErrMalformed) {
		t.Errorf("length 1 attribute: %v", err)
	}
	if err := q.Set("authenticator", make([]byte, 17)); err == nil {
		t.Error("17-byte authenticator set")
	}
}

func TestCDPCorpus(t *testing.T) {
	p, err := packet.Dissect(p6rFrameOf(t, "cdp", "tcpdump/3560_CDP.pcap", "1"), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := packet.LayerOf[*CDP](p)
	if id, _ := c.DeviceID(); id != "Switch" {
		t.Errorf("device id %q", id)
	}
	if caps, _ := c.Capabilities(); caps != CDPCapSwitch|CDPCapIGMP {
		t.Errorf("caps %#x", caps)
	}
	if v, _ := c.NativeVLAN(); v != 1 {
		t.Errorf("native vlan %d", v)
	}
	if full, ok := c.Duplex(); !ok || !full {
		t.Error("duplex")
	}
	// tshark shows "IP address: 192.168.0.1" under both TLVs.
	if as := c.Addresses(); len(as) != 1 || as[0].String() != "192.168.0.1" {
		t.Errorf("addresses %v", as)
	}
	if ms := c.MgmtAddresses(); len(ms) != 1 || ms[0].String() != "192.168.0.1" {
		t.Errorf("management addresses %v", ms)
	}
	if s := p.String(); !strings.HasSuffix(s, "LLC / SNAP / CDPv2 Switch GigabitEthernet0/5") {
		t.Errorf("summary %q", s)
	}
	for _, want := range []string{"###[ Cisco Discovery Protocol version 2 ]###", `Device ID="Switch"`, "Capabilities=Switch+IGMPCapable"} {
		if !strings.Contains(p.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, p.Show())
		}
	}
	l, _ := packet.LayerOf[*LLC](p)
	if v, _ := l.Get("dsap"); v != uint8(0xaa) {
		t.Errorf("dsap %v", v)
	}
}

// TestCDPChecksum: the odd-length rule (Scapy's and the devices') on
// hand-made PDUs: the last byte b is added as 0x00bb when b <= 0x80, as
// 0xff(b-1) above.
func TestCDPChecksum(t *testing.T) {
	even := []byte{2, 180, 0, 0, 0, 1, 0, 6, 'R', '1'}
	// words 02b4 0000 0001 0006 5231: sum 0x54ec, complement 0xab13.
	if c := CDPChecksum(even); c != 0xab13 {
		t.Errorf("even %#04x", c)
	}
	low := []byte{2, 180, 0, 0, 0, 1, 0, 5, 'R'}
	// 02b4+0001+0005+0052 = 0x030c: 0xfcf3
	if c := CDPChecksum(low); c != 0xfcf3 {
		t.Errorf("odd low %#04x", c)
	}
	high := []byte{2, 180, 0, 0, 0, 1, 0, 5, 0xfe}
	// 02b4+0001+0005+fffd = 0x102b7 -> 0x02b8: 0xfd47
	if c := CDPChecksum(high); c != 0xfd47 {
		t.Errorf("odd high %#04x", c)
	}
}

func TestLLCSNAPBindings(t *testing.T) {
	if packet.NextLayer(LLCType, "dsap", LLCSAPSNAP) != SNAPType || packet.NextLayer(EthernetType, "llc", 0) != LLCType {
		t.Error("llc bindings")
	}
	// An I-frame control field (two bytes) stays in the payload.
	frame := append([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 7}, 0xf0, 0xf0, 0x00, 0x01, 1, 2, 3)
	p, err := packet.Dissect(frame, EthernetType)
	if err != nil || p.String() != "07:08:09:0a:0b:0c > 01:02:03:04:05:06 (0x7) / LLC / Raw" {
		t.Errorf("%v %v", p, err)
	}
	// SNAP with OUI 0 picks the payload by EtherType, other OUIs by their
	// own bindings only.
	s := NewSNAP()
	if _, err := s.DecodeFromBytes([]byte{0, 0, 0, 8, 0}, nil); err != nil || s.Summary() != "SNAP encapsulated ethernet IPv4" {
		t.Errorf("%v %q", err, s.Summary())
	}
	if r, _ := s.DecodeFromBytes([]byte{0, 0, 0, 0x20, 0}, nil); r.Next != 0 {
		t.Errorf("code 0x2000 without Cisco's OUI is %v", r.Next)
	}
	if r, _ := s.DecodeFromBytes([]byte{0, 0, 0x0c, 0x20, 0}, nil); r.Next != CDPType {
		t.Errorf("cisco 0x2000 is %v", r.Next)
	}
	if _, err := s.DecodeFromBytes([]byte{0, 0, 0x0c, 0x20}, nil); !errors.Is(err, packet.ErrTruncated) {
		t.Error(err)
	}
}

// TestLLCSNAPNoAllocs decodes a CDP frame with a warm decoder.
func TestCDPNoAllocs(t *testing.T) {
	frame := p6rFrameOf(t, "cdp", "tcpdump/3560_CDP.pcap", "1")
	d := packet.NewDecoder(EthernetType)
	d.Decode(frame)
	if n := testing.AllocsPerRun(50, func() { d.Decode(frame) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

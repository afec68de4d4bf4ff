// Radius-auth builds a RADIUS Access-Request with the goscapy builders and
// reads the RADIUS packets of a capture back.
//
// Building (-w): User-Name, User-Password hidden as RFC 2865 section 5.2 says
// (the password padded to 16 bytes and XORed, block by block, with MD5 of the
// shared secret and the request authenticator, then of the previous block),
// NAS-IP-Address, NAS-Port and a Message-Authenticator (RFC 3579: HMAC-MD5 of
// the packet keyed with the secret, from layers.RadiusMessageAuthenticator).
// The request authenticator is random unless -auth gives it in hex. The
// request, over UDP to port 1812, is written to a pcap file and dissected
// back, its password recovered and its Message-Authenticator checked.
//
//	go run ./examples/54-radius-auth -secret testing123 -user alice -password wonderland -w req.pcap
//	tshark -r req.pcap -o radius.shared_secret:testing123 -V -Y radius
//
// Reading (-r): code, identifier, authenticator and attributes of every RADIUS
// packet (UDP ports 1812, 1813, 1645, 1646, 3799). With -secret, hidden
// passwords are recovered, the authenticators of responses (RFC 2865
// section 3), of Accounting-Requests (RFC 2866) and of CoA and Disconnect
// requests (RFC 5176) are verified, and so is every Message-Authenticator.
//
//	go run ./examples/54-radius-auth -secret testing123 -r examples/54-radius-auth/testdata/radius.pcap
//
// Nothing is sent; an existing file is replaced only with -force.
//
//example:offline -secret testing123 -auth 00112233445566778899aabbccddeeff -user alice -password wonderland -w {tmp}/radius.pcap
//example:offline -secret testing123 -r examples/54-radius-auth/testdata/radius.pcap
//example:expect User-Password = "wonderland" \(hidden in 16 bytes\)
//example:expect Message-Authenticator [0-9a-f]{32} ok
package main

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strconv"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// errPassword is returned for a password RFC 2865 cannot carry.
var errPassword = errors.New("password too long (at most 128 bytes)")

func main() {
	secret := flag.String("secret", "", "shared secret (reading: recover passwords, verify authenticators)")
	authHex := flag.String("auth", "", "request authenticator, 32 hex digits (default random)")
	user := flag.String("user", "alice", "User-Name of the request")
	password := flag.String("password", "wonderland", "User-Password of the request")
	nas := flag.String("nas", "192.0.2.10", "NAS-IP-Address (and source) of the request")
	server := flag.String("server", "192.0.2.1", "RADIUS server address of the request")
	id := flag.Uint("id", 7, "identifier of the request (0-255)")
	out := flag.String("w", "", "build an Access-Request and write it to this pcap file")
	in := flag.String("r", "", "read the RADIUS packets of this capture")
	force := flag.Bool("force", false, "replace the -w file if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: radius-auth -secret S [-auth HEX] [-user U -password P] [-force] -w OUT.pcap")
		fmt.Fprintln(os.Stderr, "       radius-auth [-secret S] -r CAPTURE")
		fmt.Fprintln(os.Stderr, "\nBuild a RADIUS Access-Request (hidden password, Message-Authenticator), or read")
		fmt.Fprintln(os.Stderr, "the RADIUS packets of a capture (passwords and authenticators checked with -secret).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 || (*out == "") == (*in == "") || *id > 255 || (*out != "" && *secret == "") {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	if *out != "" {
		var auth [16]byte
		if *authHex != "" {
			b, herr := hex.DecodeString(*authHex)
			if herr != nil || len(b) != 16 {
				fmt.Fprintln(os.Stderr, "radius-auth: -auth wants 32 hex digits")
				os.Exit(2)
			}
			copy(auth[:], b)
		} else {
			rand.Read(auth[:]) // never fails (crypto/rand)
		}
		err = build(*out, *force, request{
			secret: []byte(*secret), auth: auth, id: uint8(*id),
			user: *user, password: *password, nas: *nas, server: *server,
		})
	} else {
		err = read(*in, []byte(*secret))
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "radius-auth: %v\n", err)
		os.Exit(1)
	}
}

// hidePassword hides a User-Password as RFC 2865 section 5.2 says: the
// password is padded with zeros to a multiple of 16 bytes; block i is XORed
// with MD5(secret + previous hidden block), the first with
// MD5(secret + request authenticator).
func hidePassword(password, secret []byte, auth [16]byte) ([]byte, error) {
	if len(password) > 128 {
		return nil, errPassword
	}
	n := (len(password) + 15) / 16 * 16
	if n == 0 {
		n = 16
	}
	out := make([]byte, n)
	copy(out, password)
	prev := auth[:]
	for i := 0; i < n; i += 16 {
		b := md5.Sum(append(append([]byte(nil), secret...), prev...))
		for j := range 16 {
			out[i+j] ^= b[j]
		}
		prev = out[i : i+16]
	}
	return out, nil
}

// revealPassword undoes hidePassword; trailing zero padding is removed.
func revealPassword(hidden, secret []byte, auth [16]byte) (string, bool) {
	if len(hidden) == 0 || len(hidden)%16 != 0 || len(hidden) > 128 {
		return "", false
	}
	out := make([]byte, len(hidden))
	prev := auth[:]
	for i := 0; i < len(hidden); i += 16 {
		b := md5.Sum(append(append([]byte(nil), secret...), prev...))
		for j := range 16 {
			out[i+j] = hidden[i+j] ^ b[j]
		}
		prev = hidden[i : i+16]
	}
	return string(bytes.TrimRight(out, "\x00")), true
}

type request struct {
	secret         []byte
	auth           [16]byte
	id             uint8
	user, password string
	nas, server    string
}

func build(path string, force bool, q request) error {
	hidden, err := hidePassword([]byte(q.password), q.secret, q.auth)
	if err != nil {
		return err
	}
	rb := goscapy.NewRadius().Code(layers.RadiusAccessRequest).ID(q.id).Authenticator(q.auth[:]).
		UserName(q.user).
		Attribute(layers.RadiusAttr(layers.RadiusAttrUserPassword, hidden)).
		NASIPAddress(q.nas).
		NASPort(1).
		MessageAuthenticator()
	// The Message-Authenticator covers the whole RADIUS packet with its own
	// value zeroed: build the packet alone, compute it, put it in place.
	msg, err := rb.Build()
	if err != nil {
		return err
	}
	ma, err := layers.RadiusMessageAuthenticator(msg, nil, q.secret)
	if err != nil {
		return err
	}
	attrs := rb.Layer().Attributes
	attrs[len(attrs)-1].Value = ma[:]

	frame, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:0a").DstMAC("02:00:00:00:00:01").
		Over(goscapy.NewIP().SrcIP(q.nas).DstIP(q.server)).
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(layers.RadiusAuthPort)).
		Over(rb).
		Build()
	if err != nil {
		return err
	}
	if err := pcapout.Write(path, force, [][]byte{frame}); err != nil {
		return err
	}
	p, err := goscapy.Dissect(frame)
	if err != nil {
		return err
	}
	fmt.Println(p.Summary())
	r, raw := radiusOf(p)
	if r == nil {
		return errors.New("built frame does not dissect as RADIUS")
	}
	c := checker{secret: q.secret, requests: map[reqKey][16]byte{}}
	c.print(r, raw, endpoints(p))
	if c.bad > 0 {
		return fmt.Errorf("%d checks failed", c.bad)
	}
	return nil
}

// radiusOf returns the RADIUS layer of p and its bytes.
func radiusOf(p *packet.Packet) (*layers.Radius, []byte) {
	off := 0
	for _, l := range p.Layers() {
		if r, ok := l.(*layers.Radius); ok {
			end := off + int(r.Len.Value)
			if end > len(p.Data()) {
				return nil, nil
			}
			return r, p.Data()[off:end]
		}
		off += l.HeaderLen()
	}
	return nil, nil
}

// flow is the client and server of a packet, as addresses and ports.
type flow struct {
	src, dst     netip.Addr
	sport, dport uint16
}

func endpoints(p *packet.Packet) flow {
	var f flow
	for _, l := range p.Layers() {
		switch l := l.(type) {
		case *layers.IPv4:
			f.src, f.dst = l.Src, l.Dst
		case *layers.IPv6:
			f.src, f.dst = l.Src, l.Dst
		case *layers.UDP:
			f.sport, f.dport = l.SrcPort, l.DstPort
		}
	}
	return f
}

// reqKey pairs a response with its request: client, server, identifier.
type reqKey struct {
	client, server netip.AddrPort
	id             uint8
}

// checker prints packets and verifies them with the secret.
type checker struct {
	secret   []byte
	requests map[reqKey][16]byte // request authenticators by key
	bad      int
}

func isRequest(code uint8) bool {
	switch code {
	case layers.RadiusAccessRequest, layers.RadiusAccountingRequest, layers.RadiusStatusServer,
		layers.RadiusDisconnectRequest, layers.RadiusCoARequest:
		return true
	}
	return false
}

func (c *checker) verdict(ok bool) string {
	if ok {
		return "ok"
	}
	c.bad++
	return "WRONG"
}

func (c *checker) print(r *layers.Radius, raw []byte, f flow) {
	name := layers.RadiusCodeNames[uint64(r.Code)]
	if name == "" {
		name = "code " + strconv.Itoa(int(r.Code))
	}
	client, server := netip.AddrPortFrom(f.src, f.sport), netip.AddrPortFrom(f.dst, f.dport)
	req := isRequest(r.Code)
	if !req {
		client, server = server, client
	}
	key := reqKey{client, server, r.ID}
	line := fmt.Sprintf("%s > %s %s id %d len %d authenticator %x",
		netip.AddrPortFrom(f.src, f.sport), netip.AddrPortFrom(f.dst, f.dport), name, r.ID, len(raw), r.Authenticator)

	// The authenticator a request's responses are computed with.
	var reqAuth [16]byte
	haveReq := false
	if req {
		c.requests[key] = r.Authenticator
	} else {
		reqAuth, haveReq = c.requests[key]
	}
	if len(c.secret) > 0 {
		switch {
		case r.Code == layers.RadiusAccountingRequest || r.Code == layers.RadiusCoARequest ||
			r.Code == layers.RadiusDisconnectRequest:
			// RFC 2866 section 3, RFC 5176 section 2.3: MD5 over the packet
			// with 16 zero bytes as authenticator, then the secret.
			want, err := layers.RadiusResponseAuthenticator(raw, [16]byte{}, c.secret)
			line += ", request authenticator " + c.verdict(err == nil && want == r.Authenticator)
		case !req && haveReq:
			want, err := layers.RadiusResponseAuthenticator(raw, reqAuth, c.secret)
			line += ", response authenticator " + c.verdict(err == nil && want == r.Authenticator)
		case !req:
			line += ", request not seen"
		}
	}
	fmt.Println(line)

	for _, a := range r.Attributes {
		fmt.Printf("    %s\n", c.attribute(a, r, raw, req, reqAuth, haveReq))
	}
}

// textAttrs are the attributes whose values are text.
var textAttrs = map[uint8]bool{
	1: true, 11: true, 18: true, 19: true, 20: true, 22: true, 30: true, 31: true, 32: true,
	34: true, 35: true, 36: true, 39: true, 44: true, 50: true, 77: true, 87: true, 88: true, 126: true,
}

// addrAttrs are the attributes whose values are addresses.
var addrAttrs = map[uint8]bool{
	layers.RadiusAttrNASIPAddress: true, layers.RadiusAttrFramedIPAddress: true, 9: true, 14: true,
	layers.RadiusAttrNASIPv6Address: true,
}

// value shows printable ASCII as a quoted string, other bytes in hex.
func value(b []byte) string {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return fmt.Sprintf("0x%x", b)
		}
	}
	return strconv.Quote(string(b))
}

func (c *checker) attribute(a layers.RadiusAttribute, r *layers.Radius, raw []byte, req bool, reqAuth [16]byte, haveReq bool) string {
	name := layers.RadiusAttributeNames[uint64(a.Type)]
	if name == "" {
		name = "Attr-" + strconv.Itoa(int(a.Type))
	}
	switch {
	case a.Type == layers.RadiusAttrUserPassword:
		if len(c.secret) == 0 || !req {
			return fmt.Sprintf("%s = (hidden, %d bytes; give -secret)", name, len(a.Value))
		}
		pw, ok := revealPassword(a.Value, c.secret, r.Authenticator)
		if !ok {
			c.bad++
			return fmt.Sprintf("%s = (%d bytes, not a multiple of 16)", name, len(a.Value))
		}
		return fmt.Sprintf("%s = %q (hidden in %d bytes)", name, pw, len(a.Value))
	case a.Type == layers.RadiusAttrMessageAuthenticator:
		s := fmt.Sprintf("%s %x", name, a.Value)
		if len(c.secret) == 0 {
			return s
		}
		var ra []byte // nil for requests
		if !req {
			if !haveReq {
				return s + " (request not seen)"
			}
			ra = reqAuth[:]
		}
		want, err := layers.RadiusMessageAuthenticator(raw, ra, c.secret)
		return s + " " + c.verdict(err == nil && bytes.Equal(want[:], a.Value))
	case textAttrs[a.Type]:
		return fmt.Sprintf("%s = %q", name, a.Value)
	case a.Type == layers.RadiusAttrVendorSpecific:
		if vendor, subs, ok := a.VendorSpecific(); ok {
			s := fmt.Sprintf("%s vendor %d:", name, vendor)
			for _, sub := range subs {
				s += fmt.Sprintf(" [%d] %s", sub.Type, value(sub.Value))
			}
			return s
		}
	case len(a.Value) == 4 || len(a.Value) == 16:
		if ad, ok := a.Addr(); ok && addrAttrs[a.Type] {
			return fmt.Sprintf("%s = %s", name, ad)
		}
		if v, ok := a.Uint32(); ok {
			return fmt.Sprintf("%s = %d", name, v)
		}
	}
	return fmt.Sprintf("%s = 0x%x", name, a.Value)
}

func read(name string, secret []byte) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	dec := goscapy.NewDecoder()
	c := checker{secret: secret, requests: map[reqKey][16]byte{}}
	n, found := 0, 0
	for data, ci := range r.All() {
		n++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		rad, raw := radiusOf(p)
		if rad == nil {
			continue
		}
		found++
		fmt.Printf("#%d ", n)
		c.print(rad, raw, endpoints(p))
	}
	if err := r.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Printf("%d RADIUS packets in %d\n", found, n)
	if c.bad > 0 {
		return fmt.Errorf("%d checks failed (wrong secret?)", c.bad)
	}
	return nil
}

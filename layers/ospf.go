package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// OSPFv2 packet header (RFC 2328 appendix A.3.1):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|   Version #   |     Type      |         Packet length         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Router ID                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           Area ID                             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Checksum            |             AuType            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Authentication                          |
//	|                       (64 bits)                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// With cryptographic authentication (AuType 2, appendix D.3) the
// authentication field is: 0 (16 bits), Key ID, Auth Data Len and a 32-bit
// cryptographic sequence number; the digest follows the packet (outside
// the packet length) and stays Padding, as in Scapy.
//
// The checksum is the Internet checksum of the whole packet but the
// authentication field (0 with AuType 2).
//
// An OSPFv3 header (RFC 5340 appendix A.3.1; IPv6 next header 89) is
// decoded too, so that OSPFv3 traffic dissects cleanly: its 16 bytes end
// with the checksum (IPv6 pseudo-header), an instance ID and a reserved
// byte; the OSPFv3 body stays Raw.
//
//	|   Version # 3 |     Type      |         Packet length         |
//	|                          Router ID                            |
//	|                           Area ID                             |
//	|          Checksum             |  Instance ID  |      0        |
const (
	ospfVersion  = 0
	ospfType     = 1
	ospfLen      = 2
	ospfSrc      = 4
	ospfArea     = 8
	ospfChksum   = 12
	ospfAuthType = 14
	ospfAuthData = 16
	// OSPFHdrLen is the length of the OSPF header.
	OSPFHdrLen = 24
	// OSPFv3HdrLen is the length of the OSPFv3 header.
	OSPFv3HdrLen = 16
)

// OSPF packet types and authentication types (untyped constants).
const (
	OSPFHello  = 1
	OSPFDBDesc = 2
	OSPFLSReq  = 3
	OSPFLSUpd  = 4
	OSPFLSAck  = 5

	OSPFAuthNull   = 0
	OSPFAuthSimple = 1
	OSPFAuthCrypto = 2
)

// OSPF LSA types (RFC 2328 appendix A.4.1, RFC 3101 for type 7).
const (
	OSPFLSARouter       = 1
	OSPFLSANetwork      = 2
	OSPFLSASummaryIP    = 3
	OSPFLSASummaryASBR  = 4
	OSPFLSAExternal     = 5
	OSPFLSANSSAExternal = 7
)

// OSPF AllSPFRouters and AllDRouters groups.
const (
	OSPFAllSPFRouters = "224.0.0.5"
	OSPFAllDRouters   = "224.0.0.6"
)

// OSPFTypeNames names the packet types as Scapy does.
var OSPFTypeNames = map[uint64]string{1: "Hello", 2: "DBDesc", 3: "LSReq", 4: "LSUpd", 5: "LSAck"}

// OSPFLSATypeNames names the LSA types as Scapy does.
var OSPFLSATypeNames = map[uint64]string{
	1: "router", 2: "network", 3: "summaryIP", 4: "summaryASBR", 5: "external",
	7: "NSSAexternal", 9: "linkScopeOpaque", 10: "areaScopeOpaque", 11: "asScopeOpaque",
}

var ospfAuthNames = map[uint64]string{0: "Null", 1: "Simple", 2: "Crypto"}
var ospfOptionNames = []string{"MT", "E", "MC", "NP", "L", "DC", "O", "DN"}
var ospfDBDescNames = []string{"MS", "M", "I", "R", "4", "3", "2", "1"}

func ospfAddr(b []byte) netip.Addr { return netip.AddrFrom4([4]byte(b[:4])) }

func ospfPutAddr(b []byte, a netip.Addr) {
	if a.Is4() || a.Is4In6() {
		x := a.Unmap().As4()
		copy(b, x[:])
		return
	}
	b[0], b[1], b[2], b[3] = 0, 0, 0, 0
}

func ospfIP(a, b, c, d byte) netip.Addr { return netip.AddrFrom4([4]byte{a, b, c, d}) }

// OSPF is the OSPFv2 header (Scapy's OSPF_Hdr).
type OSPF struct {
	Version  uint8
	Type     fields.Opt[uint8]  // unset: from the layer above (Hello 1 ...), else 1
	Len      fields.Opt[uint16] // unset: 24 + payload
	Src      netip.Addr         // router ID
	Area     netip.Addr
	Chksum   fields.Opt[uint16] // unset: computed (0 with crypto authentication)
	AuthType uint16
	AuthData uint64 // null or simple authentication
	// Cryptographic authentication (AuthType 2).
	Reserved    uint16
	KeyID       uint8
	AuthDataLen uint8
	Seq         uint32
	// OSPFv3 (version 3).
	Instance  uint8
	Reserved3 uint8
}

func ospfV2(l any) bool        { return l.(*OSPF).Version != 3 }
func ospfV3(l any) bool        { return l.(*OSPF).Version == 3 }
func ospfCrypto(l any) bool    { return ospfV2(l) && l.(*OSPF).AuthType == OSPFAuthCrypto }
func ospfNotCrypto(l any) bool { return ospfV2(l) && l.(*OSPF).AuthType != OSPFAuthCrypto }

var ospfProto = &packet.Proto{
	Name: "OSPF", Aliases: []string{"OSPF_Hdr"},
	Doc: "OSPFv2 header (RFC 2328); IP protocol 89 (an OSPFv3 header is kept, its body Raw)",
	New: func() packet.Layer { return NewOSPF() },
	Fields: []fields.Field{
		fields.ByteField("version", 2, func(o *OSPF) *uint8 { return &o.Version }),
		fields.AutoUintField("type", 8, func(o *OSPF) *fields.Opt[uint8] { return &o.Type }).WithEnum(OSPFTypeNames),
		fields.AutoUintField("len", 16, func(o *OSPF) *fields.Opt[uint16] { return &o.Len }),
		fields.IPField("src", ospfIP(1, 1, 1, 1), func(o *OSPF) *netip.Addr { return &o.Src }),
		fields.IPField("area", ospfIP(0, 0, 0, 0), func(o *OSPF) *netip.Addr { return &o.Area }),
		fields.AutoUintField("chksum", 16, func(o *OSPF) *fields.Opt[uint16] { return &o.Chksum }).WithHex(),
		fields.EnumField("authtype", 16, uint16(0), ospfAuthNames, func(o *OSPF) *uint16 { return &o.AuthType }).When(ospfV2),
		fields.LongField("authdata", 0, func(o *OSPF) *uint64 { return &o.AuthData }).WithHex().When(ospfNotCrypto),
		fields.XShortField("reserved", 0, func(o *OSPF) *uint16 { return &o.Reserved }).When(ospfCrypto),
		fields.ByteField("keyid", 1, func(o *OSPF) *uint8 { return &o.KeyID }).When(ospfCrypto),
		fields.ByteField("authdatalen", 0, func(o *OSPF) *uint8 { return &o.AuthDataLen }).When(ospfCrypto),
		fields.XIntField("seq", 0, func(o *OSPF) *uint32 { return &o.Seq }).When(ospfCrypto),
		fields.ByteField("instance", 0, func(o *OSPF) *uint8 { return &o.Instance }).When(ospfV3),
		fields.ByteField("reserved3", 0, func(o *OSPF) *uint8 { return &o.Reserved3 }).When(ospfV3),
	},
}

// OSPFType is the registered type of the OSPF header.
var OSPFType = packet.Register(ospfProto)

// NewOSPF returns an OSPF header with Scapy's defaults: version 2, src
// 1.1.1.1, area 0.0.0.0 (backbone), null authentication; type, len and
// chksum computed.
func NewOSPF() *OSPF {
	return &OSPF{Version: 2, Src: ospfIP(1, 1, 1, 1), Area: ospfIP(0, 0, 0, 0), KeyID: 1}
}

func (o *OSPF) Proto() *packet.Proto         { return ospfProto }
func (o *OSPF) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *OSPF) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *OSPF) Show() string                 { return packet.ShowLayer(o) }
func (o *OSPF) Summary() string              { return o.SummaryIn(nil, 0) }

// HeaderLen is 24 (16 for OSPFv3).
func (o *OSPF) HeaderLen() int {
	if o.Version == 3 {
		return OSPFv3HdrLen
	}
	return OSPFHdrLen
}

// Title is Scapy's name of the class.
func (o *OSPF) Title() string { return "OSPF Header" }

// SummaryIn is "OSPFv2 Hello 1.1.1.1 area 0.0.0.0".
func (o *OSPF) SummaryIn(*packet.Packet, int) string {
	t := OSPFTypeNames[uint64(o.Type.Or(0))]
	if t == "" {
		t = "type " + strconv.Itoa(int(o.Type.Or(0)))
	}
	return "OSPFv" + strconv.Itoa(int(o.Version)) + " " + t + " " + o.Src.String() + " area " + o.Area.String()
}

// DecodeFromBytes decodes the header. A version other than 2 and 3 or a
// length shorter than the header is ErrMalformed; the packet's body is the
// payload, what follows the packet length (a crypto digest, LLS data) is
// Padding.
func (o *OSPF) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) >= OSPFv3HdrLen && data[ospfVersion] == 3 {
		return o.decodeV3(data)
	}
	if len(data) < OSPFHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if data[ospfVersion] != 2 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	n := int(be16(data[ospfLen:]))
	if n < OSPFHdrLen {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if n > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	o.Version = data[ospfVersion]
	o.Type = fields.Some(data[ospfType])
	o.Len = fields.Some(uint16(n))
	o.Src = ospfAddr(data[ospfSrc:])
	o.Area = ospfAddr(data[ospfArea:])
	o.Chksum = fields.Some(be16(data[ospfChksum:]))
	o.AuthType = be16(data[ospfAuthType:])
	a := data[ospfAuthData:]
	o.AuthData = uint64(be32(a))<<32 | uint64(be32(a[4:]))
	o.Reserved, o.KeyID, o.AuthDataLen, o.Seq = be16(a), a[2], a[3], be32(a[4:])
	next := packet.NextLayer(OSPFType, "type", uint64(data[ospfType]))
	return packet.DecodeResult{HeaderLen: OSPFHdrLen, PayloadLen: n - OSPFHdrLen, Next: next}, nil
}

func (o *OSPF) decodeV3(data []byte) (packet.DecodeResult, error) {
	n := int(be16(data[ospfLen:]))
	if n < OSPFv3HdrLen {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if n > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	o.Version = 3
	o.Type = fields.Some(data[ospfType])
	o.Len = fields.Some(uint16(n))
	o.Src = ospfAddr(data[ospfSrc:])
	o.Area = ospfAddr(data[ospfArea:])
	o.Chksum = fields.Some(be16(data[ospfChksum:]))
	o.Instance, o.Reserved3 = data[14], data[15]
	o.AuthType, o.AuthData, o.Reserved, o.KeyID, o.AuthDataLen, o.Seq = 0, 0, 0, 0, 0, 0
	return packet.DecodeResult{HeaderLen: OSPFv3HdrLen, PayloadLen: n - OSPFv3HdrLen}, nil
}

// SerializeTo writes the header; type, length and checksum are filled in
// when unset.
func (o *OSPF) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	if o.Version == 3 {
		return o.serializeV3(b, ctx)
	}
	var pay []byte
	if ctx != nil {
		pay = ctx.Payload()
	}
	t := o.Type.Value
	if !o.Type.Valid {
		t = 1
		if ctx != nil {
			if v, ok := ctx.Bind("type"); ok {
				t = uint8(v)
			}
		}
	}
	n := o.Len.Or(uint16(OSPFHdrLen + len(pay)))
	b[ospfVersion], b[ospfType] = o.Version, t
	put16(b[ospfLen:], n)
	ospfPutAddr(b[ospfSrc:], o.Src)
	ospfPutAddr(b[ospfArea:], o.Area)
	put16(b[ospfChksum:], 0)
	put16(b[ospfAuthType:], o.AuthType)
	a := b[ospfAuthData:OSPFHdrLen]
	if o.AuthType == OSPFAuthCrypto {
		put16(a, o.Reserved)
		a[2], a[3] = o.KeyID, o.AuthDataLen
		put32(a[4:], o.Seq)
	} else {
		put32(a, uint32(o.AuthData>>32))
		put32(a[4:], uint32(o.AuthData))
	}
	ck := o.Chksum.Value
	if !o.Chksum.Valid {
		ck = 0
		if o.AuthType != OSPFAuthCrypto {
			ck = ospfChecksum(b[:ospfAuthData], pay)
		}
	}
	put16(b[ospfChksum:], ck)
	return nil
}

func (o *OSPF) serializeV3(b []byte, ctx *packet.BuildContext) error {
	var pay []byte
	if ctx != nil {
		pay = ctx.Payload()
	}
	n := o.Len.Or(uint16(OSPFv3HdrLen + len(pay)))
	b[ospfVersion], b[ospfType] = 3, o.Type.Or(1)
	put16(b[ospfLen:], n)
	ospfPutAddr(b[ospfSrc:], o.Src)
	ospfPutAddr(b[ospfArea:], o.Area)
	put16(b[ospfChksum:], 0)
	b[14], b[15] = o.Instance, o.Reserved3
	ck := o.Chksum.Value
	if !o.Chksum.Valid {
		var ph uint64
		if ctx != nil {
			ph, _ = ctx.PseudoHeaderSum(IPProtoOSPF, OSPFv3HdrLen+len(pay))
		}
		ck = checksum.Checksum(pay, checksum.Partial(b[:OSPFv3HdrLen], ph))
	}
	put16(b[ospfChksum:], ck)
	return nil
}

// ospfChecksum is the Internet checksum of the first 16 header bytes and
// the body (the authentication field left out).
func ospfChecksum(hdr16, body []byte) uint16 {
	return checksum.Checksum(body, checksum.Partial(hdr16, 0))
}

// OSPFLSAHdr is an LSA header (RFC 2328 appendix A.4.1), as listed in
// database description and link state acknowledgement packets:
//
//	|            LS age             |    Options    |    LS type    |
//	|                        Link State ID                          |
//	|                     Advertising Router                        |
//	|                     LS sequence number                        |
//	|         LS checksum           |             length            |
type OSPFLSAHdr struct {
	Age      uint16
	Options  uint8
	Type     uint8
	ID       netip.Addr
	AdRouter netip.Addr
	Seq      uint32
	Chksum   uint16
	Len      uint16
}

// OSPFLSAHdrLen is the length of an LSA header.
const OSPFLSAHdrLen = 20

// NewOSPFLSAHdr returns an LSA header with Scapy's OSPF_LSA_Hdr defaults:
// age 1, type router, id 192.168.0.0, adrouter 1.1.1.1, seq 0x80000001,
// chksum 0, len 36.
func NewOSPFLSAHdr() OSPFLSAHdr {
	return OSPFLSAHdr{Age: 1, Type: 1, ID: ospfIP(192, 168, 0, 0), AdRouter: ospfIP(1, 1, 1, 1), Seq: 0x80000001, Len: 36}
}

func (h *OSPFLSAHdr) decode(b []byte) {
	h.Age, h.Options, h.Type = be16(b), b[2], b[3]
	h.ID, h.AdRouter = ospfAddr(b[4:]), ospfAddr(b[8:])
	h.Seq, h.Chksum, h.Len = be32(b[12:]), be16(b[16:]), be16(b[18:])
}

func (h *OSPFLSAHdr) encode(b []byte) {
	put16(b, h.Age)
	b[2], b[3] = h.Options, h.Type
	ospfPutAddr(b[4:], h.ID)
	ospfPutAddr(b[8:], h.AdRouter)
	put32(b[12:], h.Seq)
	put16(b[16:], h.Chksum)
	put16(b[18:], h.Len)
}

// String is the header as Show prints it.
func (h OSPFLSAHdr) String() string {
	return fmt.Sprintf("OSPF_LSA_Hdr(age=%d, options=%s, type=%s, id=%s, adrouter=%s, seq=%#x, chksum=%#x, len=%d)",
		h.Age, fields.FormatFlags(uint64(h.Options), ospfOptionNames), ospfLSATypeName(h.Type), h.ID, h.AdRouter, h.Seq, h.Chksum, h.Len)
}

func ospfLSATypeName(t uint8) string {
	if s := OSPFLSATypeNames[uint64(t)]; s != "" {
		return s
	}
	return strconv.Itoa(int(t))
}

func (h OSPFLSAHdr) json() map[string]any {
	return map[string]any{"age": h.Age, "options": h.Options, "type": h.Type, "id": h.ID.String(),
		"adrouter": h.AdRouter.String(), "seq": h.Seq, "chksum": h.Chksum, "len": h.Len}
}

// OSPFLSA is a whole LSA as carried in a link state update: the header,
// with the checksum (Fletcher, RFC 2328 section 12.1.7) and length
// computed when unset, and the body kept as on the wire. The typed
// helpers (RouterLinks, Mask, Metric, ...) read the body of the LSA types
// 1 to 5 and 7; the OSPF...LSA constructors build it.
type OSPFLSA struct {
	Age      uint16
	Options  uint8
	Type     uint8
	ID       netip.Addr
	AdRouter netip.Addr
	Seq      uint32
	Chksum   fields.Opt[uint16]
	Len      fields.Opt[uint16]
	Body     []byte
}

// OSPFLink is one link of a router LSA (RFC 2328 appendix A.4.2), TOS
// metrics kept raw.
type OSPFLink struct {
	ID       netip.Addr
	Data     netip.Addr
	Type     uint8 // 1 p2p, 2 transit, 3 stub, 4 virtual
	TOSCount uint8
	Metric   uint16
	TOS      []byte // TOSCount * 4 bytes
}

func newOSPFLSA(typ uint8, id, adRouter netip.Addr, body []byte) OSPFLSA {
	return OSPFLSA{Age: 1, Type: typ, ID: id, AdRouter: adRouter, Seq: 0x80000001, Body: body}
}

// OSPFRouterLSA returns a router LSA (type 1) with Scapy's defaults (age
// 1, seq 0x80000001) and the given flags (B, E, V bits) and links.
func OSPFRouterLSA(id, adRouter netip.Addr, flags uint8, links ...OSPFLink) OSPFLSA {
	b := []byte{flags, 0, byte(len(links) >> 8), byte(len(links))}
	for _, l := range links {
		var x [12]byte
		ospfPutAddr(x[0:], l.ID)
		ospfPutAddr(x[4:], l.Data)
		x[8], x[9] = l.Type, l.TOSCount
		put16(x[10:], l.Metric)
		b = append(append(b, x[:]...), l.TOS...)
	}
	return newOSPFLSA(OSPFLSARouter, id, adRouter, b)
}

// OSPFNetworkLSA returns a network LSA (type 2): mask and attached
// routers.
func OSPFNetworkLSA(id, adRouter, mask netip.Addr, routers ...netip.Addr) OSPFLSA {
	b := make([]byte, 4+4*len(routers))
	ospfPutAddr(b, mask)
	for i, r := range routers {
		ospfPutAddr(b[4+4*i:], r)
	}
	return newOSPFLSA(OSPFLSANetwork, id, adRouter, b)
}

// OSPFSummaryLSA returns a summary LSA: typ OSPFLSASummaryIP (3) or
// OSPFLSASummaryASBR (4), with a mask and a 24-bit metric.
func OSPFSummaryLSA(typ uint8, id, adRouter, mask netip.Addr, metric uint32) OSPFLSA {
	b := make([]byte, 8)
	ospfPutAddr(b, mask)
	put32(b[4:], metric&0xffffff)
	return newOSPFLSA(typ, id, adRouter, b)
}

// OSPFExternalLSA returns an AS external LSA: typ OSPFLSAExternal (5) or
// OSPFLSANSSAExternal (7), with the E bit (type 2 metric), a 24-bit
// metric, a forwarding address and a route tag.
func OSPFExternalLSA(typ uint8, id, adRouter, mask netip.Addr, ebit bool, metric uint32, fwd netip.Addr, tag uint32) OSPFLSA {
	b := make([]byte, 16)
	ospfPutAddr(b, mask)
	w := metric & 0xffffff
	if ebit {
		w |= 0x80000000
	}
	put32(b[4:], w)
	ospfPutAddr(b[8:], fwd)
	put32(b[12:], tag)
	return newOSPFLSA(typ, id, adRouter, b)
}

// Header returns the LSA header (computed fields as they were decoded or
// as zero when unset).
func (a *OSPFLSA) Header() OSPFLSAHdr {
	return OSPFLSAHdr{Age: a.Age, Options: a.Options, Type: a.Type, ID: a.ID, AdRouter: a.AdRouter, Seq: a.Seq,
		Chksum: a.Chksum.Value, Len: a.Len.Or(uint16(OSPFLSAHdrLen + len(a.Body)))}
}

// RouterFlags returns the flags of a router LSA (B 1, E 2, V 4, W 8, Nt 16).
func (a *OSPFLSA) RouterFlags() uint8 {
	if a.Type != OSPFLSARouter || len(a.Body) < 1 {
		return 0
	}
	return a.Body[0]
}

// RouterLinks returns the links of a router LSA; ok is false when the
// body is malformed.
func (a *OSPFLSA) RouterLinks() (links []OSPFLink, ok bool) {
	if a.Type != OSPFLSARouter || len(a.Body) < 4 {
		return nil, false
	}
	n := int(be16(a.Body[2:]))
	b := a.Body[4:]
	for i := 0; i < n; i++ {
		if len(b) < 12 {
			return links, false
		}
		l := OSPFLink{ID: ospfAddr(b), Data: ospfAddr(b[4:]), Type: b[8], TOSCount: b[9], Metric: be16(b[10:])}
		t := 12 + 4*int(l.TOSCount)
		if len(b) < t {
			return links, false
		}
		l.TOS = b[12:t]
		links = append(links, l)
		b = b[t:]
	}
	return links, len(b) == 0
}

// Mask returns the network mask of a network, summary or external LSA.
func (a *OSPFLSA) Mask() (netip.Addr, bool) {
	if a.Type < OSPFLSANetwork || a.Type > OSPFLSANSSAExternal || a.Type == 6 || len(a.Body) < 4 {
		return netip.Addr{}, false
	}
	return ospfAddr(a.Body), true
}

// Routers returns the attached routers of a network LSA.
func (a *OSPFLSA) Routers() []netip.Addr {
	if a.Type != OSPFLSANetwork || len(a.Body) < 4 {
		return nil
	}
	var out []netip.Addr
	for b := a.Body[4:]; len(b) >= 4; b = b[4:] {
		out = append(out, ospfAddr(b))
	}
	return out
}

// Metric returns the 24-bit metric of a summary or external LSA.
func (a *OSPFLSA) Metric() (uint32, bool) {
	switch a.Type {
	case OSPFLSASummaryIP, OSPFLSASummaryASBR, OSPFLSAExternal, OSPFLSANSSAExternal:
		if len(a.Body) >= 8 {
			return be32(a.Body[4:]) & 0xffffff, true
		}
	}
	return 0, false
}

// External returns the E bit, forwarding address and route tag of an
// external (type 5 or 7) LSA.
func (a *OSPFLSA) External() (ebit bool, fwd netip.Addr, tag uint32, ok bool) {
	if (a.Type != OSPFLSAExternal && a.Type != OSPFLSANSSAExternal) || len(a.Body) < 16 {
		return false, netip.Addr{}, 0, false
	}
	return a.Body[4]&0x80 != 0, ospfAddr(a.Body[8:]), be32(a.Body[12:]), true
}

func (a *OSPFLSA) wireLen() int { return OSPFLSAHdrLen + len(a.Body) }

func (a *OSPFLSA) encode(b []byte) {
	h := a.Header()
	h.Chksum = 0
	h.encode(b)
	copy(b[OSPFLSAHdrLen:], a.Body)
	ck := a.Chksum.Value
	if !a.Chksum.Valid {
		ck = OSPFLSAChecksum(b[:a.wireLen()])
	}
	put16(b[16:], ck)
}

// OSPFLSAChecksum returns the Fletcher checksum of an LSA (RFC 2328
// section 12.1.7, RFC 905 annex B): over the LSA without its age, with
// the checksum field taken as zero, chosen so that the LSA checks.
func OSPFLSAChecksum(lsa []byte) uint16 {
	if len(lsa) < OSPFLSAHdrLen {
		return 0
	}
	const off = 16 // checksum offset in the LSA
	var c0, c1 int
	for i := 2; i < len(lsa); i++ {
		v := int(lsa[i])
		if i == off || i == off+1 {
			v = 0
		}
		c0 = (c0 + v) % 255
		c1 = (c1 + c0) % 255
	}
	x := ((len(lsa)-off-1)*c0 - c1) % 255
	if x <= 0 {
		x += 255
	}
	y := 510 - c0 - x
	if y > 255 {
		y -= 255
	}
	return uint16(x)<<8 | uint16(y&0xff)
}

// String is the LSA as Show prints it.
func (a OSPFLSA) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "LSA(age=%d, options=%s, type=%s, id=%s, adrouter=%s, seq=%#x",
		a.Age, fields.FormatFlags(uint64(a.Options), ospfOptionNames), ospfLSATypeName(a.Type), a.ID, a.AdRouter, a.Seq)
	if a.Chksum.Valid {
		fmt.Fprintf(&b, ", chksum=%#x", a.Chksum.Value)
	}
	if a.Len.Valid {
		fmt.Fprintf(&b, ", len=%d", a.Len.Value)
	}
	switch a.Type {
	case OSPFLSARouter:
		links, _ := a.RouterLinks()
		fmt.Fprintf(&b, ", flags=%#x, linkcount=%d, linklist=[", a.RouterFlags(), len(links))
		for i, l := range links {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "OSPF_Link(id=%s, data=%s, type=%d, toscount=%d, metric=%d)", l.ID, l.Data, l.Type, l.TOSCount, l.Metric)
		}
		b.WriteString("]")
	case OSPFLSANetwork:
		m, _ := a.Mask()
		fmt.Fprintf(&b, ", mask=%s, routerlist=%v", m, a.Routers())
	case OSPFLSASummaryIP, OSPFLSASummaryASBR:
		m, _ := a.Mask()
		mt, _ := a.Metric()
		fmt.Fprintf(&b, ", mask=%s, metric=%d", m, mt)
	case OSPFLSAExternal, OSPFLSANSSAExternal:
		m, _ := a.Mask()
		mt, _ := a.Metric()
		e, fwd, tag, _ := a.External()
		fmt.Fprintf(&b, ", mask=%s, ebit=%v, metric=%d, fwdaddr=%s, tag=%#x", m, e, mt, fwd, tag)
	default:
		b.WriteString(", data=" + fields.ReprBytes(a.Body))
	}
	b.WriteString(")")
	return b.String()
}

// OSPFHelloBody is the Hello packet (RFC 2328 appendix A.3.2; Scapy's
// OSPF_Hello).
type OSPFHelloBody struct {
	Mask          netip.Addr
	HelloInterval uint16
	Options       uint8
	Prio          uint8
	DeadInterval  uint32
	Router        netip.Addr // designated router
	Backup        netip.Addr // backup designated router
	Neighbors     []netip.Addr
}

const ospfHelloFixed = 20

var ospfHelloProto = &packet.Proto{
	Name: "OSPF_Hello", Doc: "OSPFv2 Hello (RFC 2328 A.3.2)",
	New: func() packet.Layer { return NewOSPFHello() },
	Fields: []fields.Field{
		fields.IPField("mask", ospfIP(255, 255, 255, 0), func(h *OSPFHelloBody) *netip.Addr { return &h.Mask }),
		fields.ShortField("hellointerval", 10, func(h *OSPFHelloBody) *uint16 { return &h.HelloInterval }),
		fields.FlagsField("options", 8, uint8(0), ospfOptionNames, func(h *OSPFHelloBody) *uint8 { return &h.Options }),
		fields.ByteField("prio", 1, func(h *OSPFHelloBody) *uint8 { return &h.Prio }),
		fields.IntField("deadinterval", 40, func(h *OSPFHelloBody) *uint32 { return &h.DeadInterval }),
		fields.IPField("router", ospfIP(0, 0, 0, 0), func(h *OSPFHelloBody) *netip.Addr { return &h.Router }),
		fields.IPField("backup", ospfIP(0, 0, 0, 0), func(h *OSPFHelloBody) *netip.Addr { return &h.Backup }),
		fields.ListField("neighbors", func(h *OSPFHelloBody) any { return h.Neighbors }, setOSPFNeighbors,
			func(h *OSPFHelloBody) string { return ospfAddrList(h.Neighbors) },
			func(h *OSPFHelloBody) any { return ospfAddrJSON(h.Neighbors) }),
	},
}

// OSPFHelloType is the registered type of OSPF Hello.
var OSPFHelloType = packet.Register(ospfHelloProto)

// NewOSPFHello returns a Hello with Scapy's defaults: mask 255.255.255.0,
// hello interval 10, priority 1, dead interval 40.
func NewOSPFHello() *OSPFHelloBody {
	return &OSPFHelloBody{Mask: ospfIP(255, 255, 255, 0), HelloInterval: 10, Prio: 1, DeadInterval: 40,
		Router: ospfIP(0, 0, 0, 0), Backup: ospfIP(0, 0, 0, 0)}
}

func (h *OSPFHelloBody) Proto() *packet.Proto         { return ospfHelloProto }
func (h *OSPFHelloBody) Get(name string) (any, error) { return packet.GetField(h, name) }
func (h *OSPFHelloBody) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *OSPFHelloBody) Show() string                 { return packet.ShowLayer(h) }
func (h *OSPFHelloBody) Title() string                { return "OSPF Hello" }
func (h *OSPFHelloBody) HeaderLen() int               { return ospfHelloFixed + 4*len(h.Neighbors) }

// Summary is "OSPF Hello dr D bdr B neighbors N".
func (h *OSPFHelloBody) Summary() string {
	return "OSPF Hello dr " + h.Router.String() + " bdr " + h.Backup.String() + " neighbors " + strconv.Itoa(len(h.Neighbors))
}

// DecodeFromBytes decodes the Hello; the neighbors fill the rest of the
// packet (a partial neighbor is ErrMalformed).
func (h *OSPFHelloBody) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ospfHelloFixed {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if (len(data)-ospfHelloFixed)%4 != 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	h.Mask, h.HelloInterval, h.Options, h.Prio = ospfAddr(data), be16(data[4:]), data[6], data[7]
	h.DeadInterval, h.Router, h.Backup = be32(data[8:]), ospfAddr(data[12:]), ospfAddr(data[16:])
	h.Neighbors = h.Neighbors[:0]
	for b := data[ospfHelloFixed:]; len(b) >= 4; b = b[4:] {
		h.Neighbors = append(h.Neighbors, ospfAddr(b))
	}
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the Hello.
func (h *OSPFHelloBody) SerializeTo(b []byte, _ *packet.BuildContext) error {
	ospfPutAddr(b, h.Mask)
	put16(b[4:], h.HelloInterval)
	b[6], b[7] = h.Options, h.Prio
	put32(b[8:], h.DeadInterval)
	ospfPutAddr(b[12:], h.Router)
	ospfPutAddr(b[16:], h.Backup)
	for i, n := range h.Neighbors {
		ospfPutAddr(b[ospfHelloFixed+4*i:], n)
	}
	return nil
}

// OSPFDBDescBody is the database description packet (RFC 2328 appendix
// A.3.3; Scapy's OSPF_DBDesc).
type OSPFDBDescBody struct {
	MTU        uint16
	Options    uint8
	DBDescr    uint8 // MS 1, M 2, I 4, R 8 (Scapy's bit names)
	DDSeq      uint32
	LSAHeaders []OSPFLSAHdr
}

const ospfDBDescFixed = 8

var ospfDBDescProto = &packet.Proto{
	Name: "OSPF_DBDesc", Doc: "OSPFv2 Database Description (RFC 2328 A.3.3)",
	New: func() packet.Layer { return NewOSPFDBDesc() },
	Fields: []fields.Field{
		fields.ShortField("mtu", 1500, func(d *OSPFDBDescBody) *uint16 { return &d.MTU }),
		fields.FlagsField("options", 8, uint8(0), ospfOptionNames, func(d *OSPFDBDescBody) *uint8 { return &d.Options }),
		fields.FlagsField("dbdescr", 8, uint8(0), ospfDBDescNames, func(d *OSPFDBDescBody) *uint8 { return &d.DBDescr }),
		fields.IntField("ddseq", 1, func(d *OSPFDBDescBody) *uint32 { return &d.DDSeq }),
		fields.ListField("lsaheaders", func(d *OSPFDBDescBody) any { return d.LSAHeaders },
			func(d *OSPFDBDescBody, v any) error { return setOSPFLSAHdrs(&d.LSAHeaders, v) },
			func(d *OSPFDBDescBody) string { return ospfHdrList(d.LSAHeaders) },
			func(d *OSPFDBDescBody) any { return ospfHdrJSON(d.LSAHeaders) }),
	},
}

// OSPFDBDescType is the registered type of OSPF DBDesc.
var OSPFDBDescType = packet.Register(ospfDBDescProto)

// NewOSPFDBDesc returns a database description with Scapy's defaults:
// mtu 1500, ddseq 1.
func NewOSPFDBDesc() *OSPFDBDescBody { return &OSPFDBDescBody{MTU: 1500, DDSeq: 1} }

func (d *OSPFDBDescBody) Proto() *packet.Proto         { return ospfDBDescProto }
func (d *OSPFDBDescBody) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *OSPFDBDescBody) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *OSPFDBDescBody) Show() string                 { return packet.ShowLayer(d) }
func (d *OSPFDBDescBody) Title() string                { return "OSPF Database Description" }
func (d *OSPFDBDescBody) HeaderLen() int               { return ospfDBDescFixed + OSPFLSAHdrLen*len(d.LSAHeaders) }

// Summary is "OSPF DBDesc seq N flags F lsas N".
func (d *OSPFDBDescBody) Summary() string {
	return "OSPF DBDesc seq " + strconv.FormatUint(uint64(d.DDSeq), 10) + " flags " +
		fields.FormatFlags(uint64(d.DBDescr), ospfDBDescNames) + " lsas " + strconv.Itoa(len(d.LSAHeaders))
}

// DecodeFromBytes decodes the packet; the LSA headers fill the rest.
func (d *OSPFDBDescBody) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ospfDBDescFixed {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if (len(data)-ospfDBDescFixed)%OSPFLSAHdrLen != 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	d.MTU, d.Options, d.DBDescr, d.DDSeq = be16(data), data[2], data[3], be32(data[4:])
	d.LSAHeaders = ospfDecodeHdrs(d.LSAHeaders[:0], data[ospfDBDescFixed:])
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the packet.
func (d *OSPFDBDescBody) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, d.MTU)
	b[2], b[3] = d.Options, d.DBDescr
	put32(b[4:], d.DDSeq)
	for i := range d.LSAHeaders {
		d.LSAHeaders[i].encode(b[ospfDBDescFixed+OSPFLSAHdrLen*i:])
	}
	return nil
}

// OSPFLSReqItem is one request of a link state request packet.
type OSPFLSReqItem struct {
	Type     uint32
	ID       netip.Addr
	AdRouter netip.Addr
}

// OSPFLSReqBody is the link state request packet (RFC 2328 appendix
// A.3.4; Scapy's OSPF_LSReq).
type OSPFLSReqBody struct {
	Requests []OSPFLSReqItem
}

var ospfLSReqProto = &packet.Proto{
	Name: "OSPF_LSReq", Doc: "OSPFv2 Link State Request (RFC 2328 A.3.4)",
	New: func() packet.Layer { return &OSPFLSReqBody{} },
	Fields: []fields.Field{
		fields.ListField("requests", func(r *OSPFLSReqBody) any { return r.Requests }, setOSPFLSReqs, formatOSPFLSReqs, jsonOSPFLSReqs),
	},
}

// OSPFLSReqType is the registered type of OSPF LSReq.
var OSPFLSReqType = packet.Register(ospfLSReqProto)

// NewOSPFLSReq returns a link state request with the given requests.
func NewOSPFLSReq(reqs ...OSPFLSReqItem) *OSPFLSReqBody { return &OSPFLSReqBody{Requests: reqs} }

func (r *OSPFLSReqBody) Proto() *packet.Proto         { return ospfLSReqProto }
func (r *OSPFLSReqBody) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *OSPFLSReqBody) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *OSPFLSReqBody) Show() string                 { return packet.ShowLayer(r) }
func (r *OSPFLSReqBody) Title() string                { return "OSPF Link State Request (container)" }
func (r *OSPFLSReqBody) HeaderLen() int               { return 12 * len(r.Requests) }
func (r *OSPFLSReqBody) Summary() string {
	return "OSPF LSReq requests " + strconv.Itoa(len(r.Requests))
}

// DecodeFromBytes decodes the requests (12 bytes each).
func (r *OSPFLSReqBody) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data)%12 != 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	r.Requests = r.Requests[:0]
	for b := data; len(b) >= 12; b = b[12:] {
		r.Requests = append(r.Requests, OSPFLSReqItem{Type: be32(b), ID: ospfAddr(b[4:]), AdRouter: ospfAddr(b[8:])})
	}
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the requests.
func (r *OSPFLSReqBody) SerializeTo(b []byte, _ *packet.BuildContext) error {
	for i, q := range r.Requests {
		put32(b[12*i:], q.Type)
		ospfPutAddr(b[12*i+4:], q.ID)
		ospfPutAddr(b[12*i+8:], q.AdRouter)
	}
	return nil
}

// OSPFLSUpdBody is the link state update packet (RFC 2328 appendix
// A.3.5; Scapy's OSPF_LSUpd).
type OSPFLSUpdBody struct {
	LSACount fields.Opt[uint32] // unset: len(LSAs)
	LSAs     []OSPFLSA
}

var ospfLSUpdProto = &packet.Proto{
	Name: "OSPF_LSUpd", Doc: "OSPFv2 Link State Update (RFC 2328 A.3.5) with LSA types 1-5 and 7",
	New: func() packet.Layer { return &OSPFLSUpdBody{} },
	Fields: []fields.Field{
		fields.AutoUintField("lsacount", 32, func(u *OSPFLSUpdBody) *fields.Opt[uint32] { return &u.LSACount }),
		fields.ListField("lsalist", func(u *OSPFLSUpdBody) any { return u.LSAs }, setOSPFLSAs, formatOSPFLSAs, jsonOSPFLSAs),
	},
}

// OSPFLSUpdType is the registered type of OSPF LSUpd.
var OSPFLSUpdType = packet.Register(ospfLSUpdProto)

// NewOSPFLSUpd returns a link state update with the given LSAs.
func NewOSPFLSUpd(lsas ...OSPFLSA) *OSPFLSUpdBody { return &OSPFLSUpdBody{LSAs: lsas} }

func (u *OSPFLSUpdBody) Proto() *packet.Proto         { return ospfLSUpdProto }
func (u *OSPFLSUpdBody) Get(name string) (any, error) { return packet.GetField(u, name) }
func (u *OSPFLSUpdBody) Set(name string, v any) error { return packet.SetField(u, name, v) }
func (u *OSPFLSUpdBody) Show() string                 { return packet.ShowLayer(u) }
func (u *OSPFLSUpdBody) Title() string                { return "OSPF Link State Update" }
func (u *OSPFLSUpdBody) Summary() string              { return "OSPF LSUpd lsas " + strconv.Itoa(len(u.LSAs)) }

// HeaderLen is 4 and the LSAs.
func (u *OSPFLSUpdBody) HeaderLen() int {
	n := 4
	for i := range u.LSAs {
		n += u.LSAs[i].wireLen()
	}
	return n
}

// DecodeFromBytes decodes lsacount LSAs; each LSA length must hold its
// header and fit the packet. Bytes after the counted LSAs are Padding.
func (u *OSPFLSUpdBody) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 4 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	cnt := be32(data)
	u.LSACount = fields.Some(cnt)
	u.LSAs = u.LSAs[:0]
	off := 4
	for i := uint32(0); i < cnt; i++ {
		if len(data)-off < OSPFLSAHdrLen {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		b := data[off:]
		n := int(be16(b[18:]))
		if n < OSPFLSAHdrLen {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		if n > len(b) {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		var h OSPFLSAHdr
		h.decode(b)
		u.LSAs = append(u.LSAs, OSPFLSA{Age: h.Age, Options: h.Options, Type: h.Type, ID: h.ID, AdRouter: h.AdRouter,
			Seq: h.Seq, Chksum: fields.Some(h.Chksum), Len: fields.Some(h.Len), Body: b[OSPFLSAHdrLen:n:n]})
		off += n
	}
	return packet.DecodeResult{HeaderLen: off, PayloadLen: 0}, nil
}

// SerializeTo writes the count and the LSAs, with LSA lengths and
// Fletcher checksums computed when unset.
func (u *OSPFLSUpdBody) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put32(b, u.LSACount.Or(uint32(len(u.LSAs))))
	off := 4
	for i := range u.LSAs {
		a := &u.LSAs[i]
		if OSPFLSAHdrLen+len(a.Body) > 0xffff {
			return fmt.Errorf("%w: ospf lsa of %d bytes", fields.ErrBadValue, a.wireLen())
		}
		a.encode(b[off:])
		off += a.wireLen()
	}
	return nil
}

// OSPFLSAckBody is the link state acknowledgment packet (RFC 2328
// appendix A.3.6; Scapy's OSPF_LSAck).
type OSPFLSAckBody struct {
	LSAHeaders []OSPFLSAHdr
}

var ospfLSAckProto = &packet.Proto{
	Name: "OSPF_LSAck", Doc: "OSPFv2 Link State Acknowledgment (RFC 2328 A.3.6)",
	New: func() packet.Layer { return &OSPFLSAckBody{} },
	Fields: []fields.Field{
		fields.ListField("lsaheaders", func(a *OSPFLSAckBody) any { return a.LSAHeaders },
			func(a *OSPFLSAckBody, v any) error { return setOSPFLSAHdrs(&a.LSAHeaders, v) },
			func(a *OSPFLSAckBody) string { return ospfHdrList(a.LSAHeaders) },
			func(a *OSPFLSAckBody) any { return ospfHdrJSON(a.LSAHeaders) }),
	},
}

// OSPFLSAckType is the registered type of OSPF LSAck.
var OSPFLSAckType = packet.Register(ospfLSAckProto)

// NewOSPFLSAck returns an acknowledgment of the given LSA headers.
func NewOSPFLSAck(hdrs ...OSPFLSAHdr) *OSPFLSAckBody { return &OSPFLSAckBody{LSAHeaders: hdrs} }

func (a *OSPFLSAckBody) Proto() *packet.Proto         { return ospfLSAckProto }
func (a *OSPFLSAckBody) Get(name string) (any, error) { return packet.GetField(a, name) }
func (a *OSPFLSAckBody) Set(name string, v any) error { return packet.SetField(a, name, v) }
func (a *OSPFLSAckBody) Show() string                 { return packet.ShowLayer(a) }
func (a *OSPFLSAckBody) Title() string                { return "OSPF Link State Acknowledgement" }
func (a *OSPFLSAckBody) HeaderLen() int               { return OSPFLSAHdrLen * len(a.LSAHeaders) }
func (a *OSPFLSAckBody) Summary() string {
	return "OSPF LSAck lsas " + strconv.Itoa(len(a.LSAHeaders))
}

// DecodeFromBytes decodes the LSA headers.
func (a *OSPFLSAckBody) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data)%OSPFLSAHdrLen != 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	a.LSAHeaders = ospfDecodeHdrs(a.LSAHeaders[:0], data)
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the LSA headers.
func (a *OSPFLSAckBody) SerializeTo(b []byte, _ *packet.BuildContext) error {
	for i := range a.LSAHeaders {
		a.LSAHeaders[i].encode(b[OSPFLSAHdrLen*i:])
	}
	return nil
}

func ospfDecodeHdrs(dst []OSPFLSAHdr, data []byte) []OSPFLSAHdr {
	for b := data; len(b) >= OSPFLSAHdrLen; b = b[OSPFLSAHdrLen:] {
		var h OSPFLSAHdr
		h.decode(b)
		dst = append(dst, h)
	}
	return dst
}

func ospfAddrList(as []netip.Addr) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func ospfAddrJSON(as []netip.Addr) any {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

func setOSPFNeighbors(h *OSPFHelloBody, v any) error {
	switch x := v.(type) {
	case []netip.Addr:
		h.Neighbors = x
	case []string:
		h.Neighbors = h.Neighbors[:0]
		for _, s := range x {
			a, err := netip.ParseAddr(s)
			if err != nil || !a.Is4() {
				return fmt.Errorf("%w: ospf neighbor %q", fields.ErrBadValue, s)
			}
			h.Neighbors = append(h.Neighbors, a)
		}
	default:
		return fmt.Errorf("%w: ospf neighbors from %T (want []netip.Addr or []string)", fields.ErrBadValue, v)
	}
	return nil
}

func ospfHdrList(hs []OSPFLSAHdr) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = h.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func ospfHdrJSON(hs []OSPFLSAHdr) any {
	out := make([]map[string]any, len(hs))
	for i, h := range hs {
		out[i] = h.json()
	}
	return out
}

func setOSPFLSAHdrs(dst *[]OSPFLSAHdr, v any) error {
	switch x := v.(type) {
	case []OSPFLSAHdr:
		*dst = x
	case OSPFLSAHdr:
		*dst = []OSPFLSAHdr{x}
	default:
		return fmt.Errorf("%w: ospf lsa headers from %T (want []layers.OSPFLSAHdr)", fields.ErrBadValue, v)
	}
	return nil
}

func formatOSPFLSReqs(r *OSPFLSReqBody) string {
	parts := make([]string, len(r.Requests))
	for i, q := range r.Requests {
		parts[i] = fmt.Sprintf("OSPF_LSReq_Item(type=%s, id=%s, adrouter=%s)", ospfLSATypeName(uint8(q.Type)), q.ID, q.AdRouter)
		if q.Type > 255 {
			parts[i] = fmt.Sprintf("OSPF_LSReq_Item(type=%d, id=%s, adrouter=%s)", q.Type, q.ID, q.AdRouter)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonOSPFLSReqs(r *OSPFLSReqBody) any {
	out := make([]map[string]any, len(r.Requests))
	for i, q := range r.Requests {
		out[i] = map[string]any{"type": q.Type, "id": q.ID.String(), "adrouter": q.AdRouter.String()}
	}
	return out
}

func setOSPFLSReqs(r *OSPFLSReqBody, v any) error {
	switch x := v.(type) {
	case []OSPFLSReqItem:
		r.Requests = x
	case OSPFLSReqItem:
		r.Requests = []OSPFLSReqItem{x}
	default:
		return fmt.Errorf("%w: ospf requests from %T (want []layers.OSPFLSReqItem)", fields.ErrBadValue, v)
	}
	return nil
}

func formatOSPFLSAs(u *OSPFLSUpdBody) string {
	parts := make([]string, len(u.LSAs))
	for i, a := range u.LSAs {
		parts[i] = a.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonOSPFLSAs(u *OSPFLSUpdBody) any {
	out := make([]map[string]any, len(u.LSAs))
	for i := range u.LSAs {
		m := u.LSAs[i].Header().json()
		m["body"] = fmt.Sprintf("%x", u.LSAs[i].Body)
		out[i] = m
	}
	return out
}

func setOSPFLSAs(u *OSPFLSUpdBody, v any) error {
	switch x := v.(type) {
	case []OSPFLSA:
		u.LSAs = x
	case OSPFLSA:
		u.LSAs = []OSPFLSA{x}
	default:
		return fmt.Errorf("%w: ospf lsas from %T (want []layers.OSPFLSA)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: IPv4Type, Upper: OSPFType, Field: "proto", Value: IPProtoOSPF},
		packet.BindingRule{Lower: IPv6Type, Upper: OSPFType, Field: "nh", Value: IPProtoOSPF},
		packet.BindingRule{Lower: OSPFType, Upper: OSPFHelloType, Field: "type", Value: OSPFHello},
		packet.BindingRule{Lower: OSPFType, Upper: OSPFDBDescType, Field: "type", Value: OSPFDBDesc},
		packet.BindingRule{Lower: OSPFType, Upper: OSPFLSReqType, Field: "type", Value: OSPFLSReq},
		packet.BindingRule{Lower: OSPFType, Upper: OSPFLSUpdType, Field: "type", Value: OSPFLSUpd},
		packet.BindingRule{Lower: OSPFType, Upper: OSPFLSAckType, Field: "type", Value: OSPFLSAck},
	)
}

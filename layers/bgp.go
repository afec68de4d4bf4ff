package layers

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// BGP-4 message header (RFC 4271 section 4.1):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                                                               |
//	+                                                               +
//	|                           Marker                              |
//	+                                                               +
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Length               |      Type     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// OPEN (section 4.2): version (1), my AS (2), hold time (2), BGP
// identifier (4), optional parameters length (1), optional parameters
// (type, length, value; type 2 holds capabilities, RFC 5492: code, length,
// value).
//
// UPDATE (section 4.3): withdrawn routes length (2), withdrawn routes,
// total path attribute length (2), path attributes (flags, type code,
// length of 1 byte or 2 with the extended-length flag, value), NLRI. A
// prefix is a length in bits and as many bytes as it needs.
//
// NOTIFICATION (section 4.5): error code (1), error subcode (1), data.
// KEEPALIVE (section 4.4): the header alone. ROUTE-REFRESH (RFC 2918):
// AFI (2), reserved or subtype (1, RFC 7313), SAFI (1).
const (
	bgpMarker = 0
	bgpLen    = 16
	bgpType   = 18
	// BGPHeaderLen is the length of the message header.
	BGPHeaderLen = 19
	// BGPMaxLen is the largest message length (RFC 8654 extended messages).
	BGPMaxLen = 65535

	bgpOpenVersion  = 0
	bgpOpenMyAS     = 1
	bgpOpenHoldTime = 3
	bgpOpenID       = 5
	bgpOpenOptLen   = 9
	bgpOpenLen      = 10
)

// BGP message types, capability codes, path attribute types, AFIs and
// SAFIs, the port (untyped constants).
const (
	BGPOpen         = 1
	BGPUpdate       = 2
	BGPNotification = 3
	BGPKeepAlive    = 4
	BGPRouteRefresh = 5

	BGPCapMultiprotocol        = 1
	BGPCapRouteRefresh         = 2
	BGPCapORF                  = 3
	BGPCapExtendedNextHop      = 5
	BGPCapExtendedMessage      = 6
	BGPCapGracefulRestart      = 64
	BGPCapFourOctetAS          = 65
	BGPCapAddPath              = 69
	BGPCapEnhancedRouteRefresh = 70
	BGPCapFQDN                 = 73
	BGPCapRouteRefreshCisco    = 128

	BGPAttrOrigin          = 1
	BGPAttrASPath          = 2
	BGPAttrNextHop         = 3
	BGPAttrMED             = 4
	BGPAttrLocalPref       = 5
	BGPAttrAtomicAggregate = 6
	BGPAttrAggregator      = 7
	BGPAttrCommunities     = 8
	BGPAttrOriginatorID    = 9
	BGPAttrClusterList     = 10
	BGPAttrMPReachNLRI     = 14
	BGPAttrMPUnreachNLRI   = 15
	BGPAttrExtCommunities  = 16
	BGPAttrAS4Path         = 17
	BGPAttrAS4Aggregator   = 18
	BGPAttrLargeCommunity  = 32

	BGPAttrFlagOptional   = 0x80
	BGPAttrFlagTransitive = 0x40
	BGPAttrFlagPartial    = 0x20
	BGPAttrFlagExtLength  = 0x10

	BGPOriginIGP        = 0
	BGPOriginEGP        = 1
	BGPOriginIncomplete = 2

	BGPASSet            = 1
	BGPASSequence       = 2
	BGPASConfedSequence = 3
	BGPASConfedSet      = 4

	BGPAFIIPv4       = 1
	BGPAFIIPv6       = 2
	BGPSAFIUnicast   = 1
	BGPSAFIMulticast = 2

	BGPParamCapabilities = 2

	BGPPort = 179
)

// BGPTypeNames names the message types as Scapy does.
var BGPTypeNames = map[uint64]string{1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}

// BGPCapabilityNames names capability codes as Scapy's _capabilities.
var BGPCapabilityNames = map[uint64]string{
	0: "Reserved", 1: "Multiprotocol Extensions for BGP-4", 2: "Route Refresh Capability for BGP-4",
	3: "Outbound Route Filtering Capability", 4: "Multiple routes to a destination capability",
	5: "Extended Next Hop Encoding", 6: "BGP-Extended Message", 64: "Graceful Restart Capability",
	65: "Support for 4-octet AS number capability", 66: "Deprecated (2003-03-06)",
	67: "Support for Dynamic Capability (capability specific)", 68: "Multisession BGP Capability",
	69: "ADD-PATH Capability", 70: "Enhanced Route Refresh Capability",
	71: "Long-Lived Graceful Restart (LLGR) Capability", 73: "FQDN Capability",
	128: "Route Refresh Capability for BGP-4 (Cisco)", 130: "Outbound Route Filtering Capability (Cisco)",
}

// BGPAttrNames names path attribute types as Scapy's path_attributes.
var BGPAttrNames = map[uint64]string{
	1: "ORIGIN", 2: "AS_PATH", 3: "NEXT_HOP", 4: "MULTI_EXIT_DISC", 5: "LOCAL_PREF", 6: "ATOMIC_AGGREGATE",
	7: "AGGREGATOR", 8: "COMMUNITY", 9: "ORIGINATOR_ID", 10: "CLUSTER_LIST", 14: "MP_REACH_NLRI",
	15: "MP_UNREACH_NLRI", 16: "EXTENDED COMMUNITIES", 17: "AS4_PATH", 18: "AS4_AGGREGATOR",
	22: "PMSI_TUNNEL", 23: "Tunnel Encapsulation Attribute", 26: "AIGP", 29: "BGP-LS Attribute",
	32: "LARGE_COMMUNITY", 40: "BGP Prefix-SID", 128: "ATTR_SET",
}

// bgpAttrFlags are the usual flags of each attribute type (Scapy's
// attributes_flags).
var bgpAttrFlags = map[uint8]uint8{
	1: 0x40, 2: 0x40, 3: 0x40, 4: 0x80, 5: 0x40, 6: 0x40, 7: 0xc0, 8: 0xc0, 9: 0x80, 10: 0x80,
	14: 0x80, 15: 0x80, 16: 0xc0, 17: 0xc0, 18: 0xc0, 32: 0xc0,
}

var (
	bgpErrorNames = map[uint64]string{1: "Message Header Error", 2: "OPEN Message Error",
		3: "UPDATE Message Error", 4: "Hold Timer Expired", 5: "Finite State Machine Error", 6: "Cease",
		7: "ROUTE-REFRESH Message Error"}
	bgpAFINames      = map[uint64]string{1: "IP (IP version 4)", 2: "IP6 (IP version 6)", 25: "L2VPN", 16388: "BGP-LS"}
	bgpSAFINames     = map[uint64]string{1: "Network Layer Reachability Information used for unicast forwarding", 2: "Network Layer Reachability Information used for multicast forwarding", 4: "Network Layer Reachability Information (NLRI) with MPLS Labels", 128: "MPLS-labeled VPN address"}
	bgpRRSubtypes    = map[uint64]string{0: "Route-Refresh", 1: "BoRR", 2: "EoRR"}
	bgpOriginNames   = map[uint8]string{0: "IGP", 1: "EGP", 2: "INCOMPLETE"}
	bgpSegmentNames  = map[uint8]string{1: "AS_SET", 2: "AS_SEQUENCE", 3: "AS_CONFED_SEQUENCE", 4: "AS_CONFED_SET"}
	bgpAllOnesMarker = bytes.Repeat([]byte{0xff}, 16)
)

// BGPCapability is one capability of an OPEN message (RFC 5492).
type BGPCapability struct {
	Code uint8
	Data []byte
}

// BGPCapMP is the multiprotocol capability for an AFI and SAFI (RFC 4760).
func BGPCapMP(afi uint16, safi uint8) BGPCapability {
	return BGPCapability{Code: BGPCapMultiprotocol, Data: []byte{byte(afi >> 8), byte(afi), 0, safi}}
}

// BGPCapRR is the route refresh capability (RFC 2918).
func BGPCapRR() BGPCapability { return BGPCapability{Code: BGPCapRouteRefresh} }

// BGPCapEnhancedRR is the enhanced route refresh capability (RFC 7313).
func BGPCapEnhancedRR() BGPCapability { return BGPCapability{Code: BGPCapEnhancedRouteRefresh} }

// BGPCapAS4 is the 4-octet AS number capability (RFC 6793).
func BGPCapAS4(asn uint32) BGPCapability {
	d := make([]byte, 4)
	put32(d, asn)
	return BGPCapability{Code: BGPCapFourOctetAS, Data: d}
}

// BGPAFISAFIFlags is an address family with flags: a graceful restart
// (RFC 4724) or ADD-PATH (RFC 7911, flags: 1 receive, 2 send, 3 both)
// entry.
type BGPAFISAFIFlags struct {
	AFI   uint16
	SAFI  uint8
	Flags uint8
}

func (a BGPAFISAFIFlags) String() string {
	return fmt.Sprintf("(afi=%d, safi=%d, flags=%#x)", a.AFI, a.SAFI, a.Flags)
}

// BGPCapGR is the graceful restart capability (RFC 4724): restart flags
// (4 bits), restart time (12 bits, seconds) and address families.
func BGPCapGR(flags uint8, time uint16, afs ...BGPAFISAFIFlags) BGPCapability {
	d := []byte{flags<<4 | byte(time>>8&0xf), byte(time)}
	for _, a := range afs {
		d = append(d, byte(a.AFI>>8), byte(a.AFI), a.SAFI, a.Flags)
	}
	return BGPCapability{Code: BGPCapGracefulRestart, Data: d}
}

// BGPCapADDPath is the ADD-PATH capability (RFC 7911).
func BGPCapADDPath(afs ...BGPAFISAFIFlags) BGPCapability {
	var d []byte
	for _, a := range afs {
		d = append(d, byte(a.AFI>>8), byte(a.AFI), a.SAFI, a.Flags)
	}
	return BGPCapability{Code: BGPCapAddPath, Data: d}
}

// Name returns Scapy's name of the capability.
func (c BGPCapability) Name() string {
	if n, ok := BGPCapabilityNames[uint64(c.Code)]; ok {
		return n
	}
	return "capability " + strconv.Itoa(int(c.Code))
}

// AFISAFI returns the address family of a multiprotocol capability.
func (c BGPCapability) AFISAFI() (afi uint16, safi uint8, ok bool) {
	if c.Code != BGPCapMultiprotocol || len(c.Data) != 4 {
		return 0, 0, false
	}
	return be16(c.Data), c.Data[3], true
}

// ASN returns the AS number of a 4-octet AS capability.
func (c BGPCapability) ASN() (uint32, bool) {
	if c.Code != BGPCapFourOctetAS || len(c.Data) != 4 {
		return 0, false
	}
	return be32(c.Data), true
}

// GracefulRestart returns the fields of a graceful restart capability.
func (c BGPCapability) GracefulRestart() (flags uint8, time uint16, afs []BGPAFISAFIFlags, ok bool) {
	if c.Code != BGPCapGracefulRestart || len(c.Data) < 2 || (len(c.Data)-2)%4 != 0 {
		return 0, 0, nil, false
	}
	flags, time = c.Data[0]>>4, be16(c.Data)&0xfff
	return flags, time, bgpAFList(c.Data[2:]), true
}

// AddPath returns the entries of an ADD-PATH capability.
func (c BGPCapability) AddPath() ([]BGPAFISAFIFlags, bool) {
	if c.Code != BGPCapAddPath || len(c.Data)%4 != 0 {
		return nil, false
	}
	return bgpAFList(c.Data), true
}

func bgpAFList(d []byte) []BGPAFISAFIFlags {
	out := make([]BGPAFISAFIFlags, len(d)/4)
	for i := range out {
		e := d[4*i:]
		out[i] = BGPAFISAFIFlags{AFI: be16(e), SAFI: e[2], Flags: e[3]}
	}
	return out
}

// String is a short description: "MP(afi=1, safi=1)", "AS4(65550)", ...
func (c BGPCapability) String() string {
	if afi, safi, ok := c.AFISAFI(); ok {
		return fmt.Sprintf("MP(afi=%d, safi=%d)", afi, safi)
	}
	if asn, ok := c.ASN(); ok {
		return fmt.Sprintf("AS4(%d)", asn)
	}
	if c.Code == BGPCapRouteRefresh && len(c.Data) == 0 {
		return "RouteRefresh"
	}
	if f, t, afs, ok := c.GracefulRestart(); ok {
		return fmt.Sprintf("GracefulRestart(flags=%d, time=%d, %s)", f, t, bgpList(afs))
	}
	if afs, ok := c.AddPath(); ok {
		return "AddPath(" + bgpList(afs) + ")"
	}
	return fmt.Sprintf("Capability(code=%d, data=%s)", c.Code, fields.ReprBytes(c.Data))
}

// BGPOptParam is an optional parameter of an OPEN message. A parameter of
// type 2 that decodes as capabilities holds them in Caps; any other
// parameter keeps its value in Data.
type BGPOptParam struct {
	Type uint8
	Caps []BGPCapability // type 2 (when Data is nil)
	Data []byte
}

// BGPCapabilities makes a capabilities parameter.
func BGPCapabilities(caps ...BGPCapability) BGPOptParam {
	return BGPOptParam{Type: BGPParamCapabilities, Caps: caps}
}

func (o BGPOptParam) valueLen() int {
	if o.Data != nil || o.Type != BGPParamCapabilities {
		return len(o.Data)
	}
	n := 0
	for _, c := range o.Caps {
		n += 2 + len(c.Data)
	}
	return n
}

func (o BGPOptParam) String() string {
	if o.Data == nil && o.Type == BGPParamCapabilities {
		parts := make([]string, len(o.Caps))
		for i, c := range o.Caps {
			parts[i] = c.String()
		}
		return "Capabilities[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("Param(type=%d, data=%s)", o.Type, fields.ReprBytes(o.Data))
}

// BGPPrefix is a route: a prefix, with a path identifier when it comes
// from an ADD-PATH session (RFC 7911). Bits beyond the prefix length in
// its last byte are kept as they were on the wire.
type BGPPrefix struct {
	Prefix    netip.Prefix
	PathID    uint32
	HasPathID bool
}

// BGPRoute returns a prefix route from text ("10.0.0.0/8").
func BGPRoute(s string) (BGPPrefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return BGPPrefix{}, fmt.Errorf("%w: %v", fields.ErrBadValue, err)
	}
	return BGPPrefix{Prefix: p}, nil
}

func (p BGPPrefix) String() string {
	if p.HasPathID {
		return fmt.Sprintf("%s (path %d)", p.Prefix, p.PathID)
	}
	return p.Prefix.String()
}

func (p BGPPrefix) len() int {
	n := 1 + (p.Prefix.Bits()+7)/8
	if p.HasPathID {
		n += 4
	}
	return n
}

func (p BGPPrefix) appendTo(b []byte) []byte {
	var tmp [21]byte
	return append(b, tmp[:p.writeTo(tmp[:])]...)
}

// writeTo writes the route into b (at least p.len() bytes).
func (p BGPPrefix) writeTo(b []byte) int {
	n := 0
	if p.HasPathID {
		put32(b, p.PathID)
		n = 4
	}
	bits := max(p.Prefix.Bits(), 0)
	b[n] = byte(bits)
	n++
	a := p.Prefix.Addr()
	if a.Is4() {
		v := a.As4()
		return n + copy(b[n:], v[:(bits+7)/8])
	}
	v := a.As16()
	return n + copy(b[n:], v[:min((bits+7)/8, 16)])
}

// decodeBGPPrefixes reads a list of prefixes of the family (v6 for IPv6),
// with path identifiers when addPath. It reports false for a list that
// does not parse exactly.
func decodeBGPPrefixes(out []BGPPrefix, d []byte, v6, addPath bool) ([]BGPPrefix, bool) {
	maxBits := 32
	if v6 {
		maxBits = 128
	}
	for len(d) > 0 {
		var p BGPPrefix
		if addPath {
			if len(d) < 5 {
				return out, false
			}
			p.PathID, p.HasPathID = be32(d), true
			d = d[4:]
		}
		bits := int(d[0])
		n := (bits + 7) / 8
		if bits > maxBits || 1+n > len(d) {
			return out, false
		}
		var a netip.Addr
		if v6 {
			var x [16]byte
			copy(x[:], d[1:1+n])
			a = netip.AddrFrom16(x)
		} else {
			var x [4]byte
			copy(x[:], d[1:1+n])
			a = netip.AddrFrom4(x)
		}
		p.Prefix = netip.PrefixFrom(a, bits)
		out = append(out, p)
		d = d[1+n:]
	}
	return out, true
}

// decodeBGPRoutes reads plain prefixes, or ADD-PATH ones when plain ones
// do not parse.
func decodeBGPRoutes(out []BGPPrefix, d []byte, v6 bool) ([]BGPPrefix, bool) {
	n := len(out)
	r, ok := decodeBGPPrefixes(out, d, v6, false)
	if ok {
		return r, true
	}
	// r keeps what the first try grew, so a warm decoder does not allocate.
	return decodeBGPPrefixes(r[:n], d, v6, true)
}

func bgpPrefixesLen(ps []BGPPrefix) int {
	n := 0
	for _, p := range ps {
		n += p.len()
	}
	return n
}

// BGPASPathSegment is a segment of an AS_PATH or AS4_PATH attribute.
type BGPASPathSegment struct {
	Type uint8 // BGPASSequence, BGPASSet, ...
	ASNs []uint32
}

func (s BGPASPathSegment) String() string {
	parts := make([]string, len(s.ASNs))
	for i, a := range s.ASNs {
		parts[i] = strconv.FormatUint(uint64(a), 10)
	}
	t := bgpSegmentNames[s.Type]
	if t == "" {
		t = strconv.Itoa(int(s.Type))
	}
	return t + "(" + strings.Join(parts, " ") + ")"
}

// BGPPathAttr is a path attribute of an UPDATE message: flags (optional,
// transitive, partial, extended length), type code, length and value.
// Length left unset is that of the value; with BGPAttrFlagExtLength it
// takes two bytes. The constructors (BGPOriginAttr, BGPASPathAttr, ...)
// set the usual flags.
type BGPPathAttr struct {
	Flags  uint8
	Type   uint8
	Length fields.Opt[uint16]
	Data   []byte
}

func bgpAttr(t uint8, d []byte) BGPPathAttr {
	f, ok := bgpAttrFlags[t]
	if !ok {
		f = BGPAttrFlagOptional
	}
	if len(d) > 255 {
		f |= BGPAttrFlagExtLength
	}
	return BGPPathAttr{Flags: f, Type: t, Data: d}
}

// BGPOriginAttr is ORIGIN (BGPOriginIGP, ...).
func BGPOriginAttr(origin uint8) BGPPathAttr { return bgpAttr(BGPAttrOrigin, []byte{origin}) }

// BGPASPathAttr is AS_PATH with 2-byte AS numbers (sessions without the
// 4-octet AS capability).
func BGPASPathAttr(segs ...BGPASPathSegment) BGPPathAttr {
	return bgpAttr(BGPAttrASPath, bgpEncodeASPath(segs, 2))
}

// BGPAS4PathAttr is AS_PATH with 4-byte AS numbers (RFC 6793).
func BGPAS4PathAttr(segs ...BGPASPathSegment) BGPPathAttr {
	return bgpAttr(BGPAttrASPath, bgpEncodeASPath(segs, 4))
}

// BGPASSeq is an AS_SEQUENCE segment.
func BGPASSeq(asns ...uint32) BGPASPathSegment {
	return BGPASPathSegment{Type: BGPASSequence, ASNs: asns}
}

func bgpEncodeASPath(segs []BGPASPathSegment, w int) []byte {
	var d []byte
	for _, s := range segs {
		d = append(d, s.Type, byte(len(s.ASNs)))
		for _, a := range s.ASNs {
			if w == 4 {
				d = append(d, byte(a>>24), byte(a>>16))
			}
			d = append(d, byte(a>>8), byte(a))
		}
	}
	if d == nil {
		d = []byte{}
	}
	return d
}

// BGPNextHopAttr is NEXT_HOP.
func BGPNextHopAttr(a netip.Addr) BGPPathAttr {
	v := a.Unmap().As4()
	return bgpAttr(BGPAttrNextHop, v[:])
}

// BGPMEDAttr is MULTI_EXIT_DISC.
func BGPMEDAttr(med uint32) BGPPathAttr { return bgpAttr(BGPAttrMED, bgpU32(med)) }

// BGPLocalPrefAttr is LOCAL_PREF.
func BGPLocalPrefAttr(pref uint32) BGPPathAttr { return bgpAttr(BGPAttrLocalPref, bgpU32(pref)) }

// BGPAtomicAggregateAttr is ATOMIC_AGGREGATE.
func BGPAtomicAggregateAttr() BGPPathAttr { return bgpAttr(BGPAttrAtomicAggregate, []byte{}) }

// BGPAggregatorAttr is AGGREGATOR with a 2-byte AS number.
func BGPAggregatorAttr(asn uint16, speaker netip.Addr) BGPPathAttr {
	v := speaker.Unmap().As4()
	return bgpAttr(BGPAttrAggregator, append([]byte{byte(asn >> 8), byte(asn)}, v[:]...))
}

// BGPAggregator4Attr is AGGREGATOR with a 4-byte AS number (RFC 6793).
func BGPAggregator4Attr(asn uint32, speaker netip.Addr) BGPPathAttr {
	v := speaker.Unmap().As4()
	return bgpAttr(BGPAttrAggregator, append(bgpU32(asn), v[:]...))
}

// BGPCommunitiesAttr is COMMUNITIES (RFC 1997): each community is
// AS<<16 | value.
func BGPCommunitiesAttr(cs ...uint32) BGPPathAttr {
	d := make([]byte, 0, 4*len(cs))
	for _, c := range cs {
		d = append(d, bgpU32(c)...)
	}
	return bgpAttr(BGPAttrCommunities, d)
}

// BGPMPReachAttr is MP_REACH_NLRI (RFC 4760) with the next hops (one, or a
// global and a link-local IPv6 address) and the routes.
func BGPMPReachAttr(afi uint16, safi uint8, nextHops []netip.Addr, routes ...BGPPrefix) BGPPathAttr {
	var nh []byte
	for _, a := range nextHops {
		nh = append(nh, a.AsSlice()...)
	}
	d := []byte{byte(afi >> 8), byte(afi), safi, byte(len(nh))}
	d = append(d, nh...)
	d = append(d, 0)
	for _, r := range routes {
		d = r.appendTo(d)
	}
	return bgpAttr(BGPAttrMPReachNLRI, d)
}

// BGPMPUnreachAttr is MP_UNREACH_NLRI (RFC 4760) with the withdrawn routes.
func BGPMPUnreachAttr(afi uint16, safi uint8, routes ...BGPPrefix) BGPPathAttr {
	d := []byte{byte(afi >> 8), byte(afi), safi}
	for _, r := range routes {
		d = r.appendTo(d)
	}
	return bgpAttr(BGPAttrMPUnreachNLRI, d)
}

func bgpU32(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }

func (a BGPPathAttr) extended() bool { return a.Flags&BGPAttrFlagExtLength != 0 }

func (a BGPPathAttr) len() int {
	if a.extended() {
		return 4 + len(a.Data)
	}
	return 3 + len(a.Data)
}

// Name returns Scapy's name of the attribute type.
func (a BGPPathAttr) Name() string {
	if n, ok := BGPAttrNames[uint64(a.Type)]; ok {
		return n
	}
	return "attribute " + strconv.Itoa(int(a.Type))
}

// Origin returns the value of an ORIGIN attribute.
func (a BGPPathAttr) Origin() (uint8, bool) {
	if a.Type != BGPAttrOrigin || len(a.Data) != 1 {
		return 0, false
	}
	return a.Data[0], true
}

// bgpASPathFits reports whether d reads as AS path segments of w-byte AS
// numbers to its last byte.
func bgpASPathFits(d []byte, w int) bool {
	for len(d) > 0 {
		if len(d) < 2 || d[0] < 1 || d[0] > 4 {
			return false
		}
		l := 2 + int(d[1])*w
		if l > len(d) {
			return false
		}
		d = d[l:]
	}
	return true
}

// ASPathWidth guesses the AS number width of an AS_PATH attribute, as
// Wireshark does: 2 bytes when the segments read that way, 4 otherwise.
// AS4_PATH is always 4. It returns 0 when neither reads.
func (a BGPPathAttr) ASPathWidth() int {
	if a.Type == BGPAttrAS4Path {
		if bgpASPathFits(a.Data, 4) {
			return 4
		}
		return 0
	}
	switch {
	case bgpASPathFits(a.Data, 2):
		return 2
	case bgpASPathFits(a.Data, 4):
		return 4
	}
	return 0
}

// ASPath returns the segments of an AS_PATH or AS4_PATH attribute, with
// the AS number width ASPathWidth guesses.
func (a BGPPathAttr) ASPath() ([]BGPASPathSegment, bool) {
	if a.Type != BGPAttrASPath && a.Type != BGPAttrAS4Path {
		return nil, false
	}
	return a.ASPathAs(a.ASPathWidth())
}

// ASPathAs returns the segments read with w-byte AS numbers (2 or 4).
func (a BGPPathAttr) ASPathAs(w int) ([]BGPASPathSegment, bool) {
	if (w != 2 && w != 4) || !bgpASPathFits(a.Data, w) {
		return nil, false
	}
	var out []BGPASPathSegment
	d := a.Data
	for len(d) > 0 {
		s := BGPASPathSegment{Type: d[0], ASNs: make([]uint32, d[1])}
		for i := range s.ASNs {
			if w == 4 {
				s.ASNs[i] = be32(d[2+4*i:])
			} else {
				s.ASNs[i] = uint32(be16(d[2+2*i:]))
			}
		}
		out = append(out, s)
		d = d[2+int(d[1])*w:]
	}
	return out, true
}

// NextHop returns the address of a NEXT_HOP attribute.
func (a BGPPathAttr) NextHop() (netip.Addr, bool) {
	if a.Type != BGPAttrNextHop || len(a.Data) != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(a.Data)), true
}

// Uint32 returns the value of a 4-byte attribute (MULTI_EXIT_DISC,
// LOCAL_PREF, ORIGINATOR_ID as an integer).
func (a BGPPathAttr) Uint32() (uint32, bool) {
	if len(a.Data) != 4 {
		return 0, false
	}
	return be32(a.Data), true
}

// Aggregator returns the AS number and speaker of an AGGREGATOR (6 or 8
// bytes) or AS4_AGGREGATOR attribute.
func (a BGPPathAttr) Aggregator() (asn uint32, speaker netip.Addr, ok bool) {
	switch len(a.Data) {
	case 6:
		return uint32(be16(a.Data)), netip.AddrFrom4([4]byte(a.Data[2:])), true
	case 8:
		return be32(a.Data), netip.AddrFrom4([4]byte(a.Data[4:])), true
	}
	return 0, netip.Addr{}, false
}

// Communities returns the communities of a COMMUNITIES attribute.
func (a BGPPathAttr) Communities() ([]uint32, bool) {
	if a.Type != BGPAttrCommunities || len(a.Data)%4 != 0 {
		return nil, false
	}
	out := make([]uint32, len(a.Data)/4)
	for i := range out {
		out[i] = be32(a.Data[4*i:])
	}
	return out, true
}

// BGPMPReach is the content of an MP_REACH_NLRI attribute. Routes are read
// for the IPv4 and IPv6 unicast and multicast families; other families
// keep theirs in NLRI.
type BGPMPReach struct {
	AFI      uint16
	SAFI     uint8
	NextHop  []byte       // as on the wire
	NextHops []netip.Addr // when NextHop is 4, 16 or 32 bytes
	Reserved uint8
	Routes   []BGPPrefix
	NLRI     []byte
}

// MPReach returns the content of an MP_REACH_NLRI attribute.
func (a BGPPathAttr) MPReach() (BGPMPReach, bool) {
	var r BGPMPReach
	d := a.Data
	if a.Type != BGPAttrMPReachNLRI || len(d) < 5 || 5+int(d[3]) > len(d) {
		return r, false
	}
	r.AFI, r.SAFI = be16(d), d[2]
	nl := int(d[3])
	r.NextHop = d[4 : 4+nl]
	switch nl {
	case 4:
		r.NextHops = []netip.Addr{netip.AddrFrom4([4]byte(r.NextHop))}
	case 16:
		r.NextHops = []netip.Addr{netip.AddrFrom16([16]byte(r.NextHop))}
	case 32:
		r.NextHops = []netip.Addr{netip.AddrFrom16([16]byte(r.NextHop)), netip.AddrFrom16([16]byte(r.NextHop[16:]))}
	}
	r.Reserved = d[4+nl]
	r.NLRI = d[5+nl:]
	if (r.AFI == BGPAFIIPv4 || r.AFI == BGPAFIIPv6) && (r.SAFI == BGPSAFIUnicast || r.SAFI == BGPSAFIMulticast) {
		if rs, ok := decodeBGPRoutes(nil, r.NLRI, r.AFI == BGPAFIIPv6); ok {
			r.Routes = rs
		}
	}
	return r, true
}

// BGPMPUnreach is the content of an MP_UNREACH_NLRI attribute.
type BGPMPUnreach struct {
	AFI       uint16
	SAFI      uint8
	Withdrawn []BGPPrefix
	NLRI      []byte
}

// MPUnreach returns the content of an MP_UNREACH_NLRI attribute.
func (a BGPPathAttr) MPUnreach() (BGPMPUnreach, bool) {
	var r BGPMPUnreach
	if a.Type != BGPAttrMPUnreachNLRI || len(a.Data) < 3 {
		return r, false
	}
	r.AFI, r.SAFI, r.NLRI = be16(a.Data), a.Data[2], a.Data[3:]
	if (r.AFI == BGPAFIIPv4 || r.AFI == BGPAFIIPv6) && (r.SAFI == BGPSAFIUnicast || r.SAFI == BGPSAFIMulticast) {
		if rs, ok := decodeBGPRoutes(nil, r.NLRI, r.AFI == BGPAFIIPv6); ok {
			r.Withdrawn = rs
		}
	}
	return r, true
}

// String describes the attribute: "ORIGIN(IGP)", "AS_PATH(AS_SEQUENCE(65001
// 65002))", "NEXT_HOP(192.0.2.1)", ...
func (a BGPPathAttr) String() string {
	v := ""
	switch a.Type {
	case BGPAttrOrigin:
		if o, ok := a.Origin(); ok {
			v = bgpOriginNames[o]
			if v == "" {
				v = strconv.Itoa(int(o))
			}
		}
	case BGPAttrASPath, BGPAttrAS4Path:
		if segs, ok := a.ASPath(); ok {
			parts := make([]string, len(segs))
			for i, s := range segs {
				parts[i] = s.String()
			}
			v = strings.Join(parts, " ")
		}
	case BGPAttrNextHop, BGPAttrOriginatorID:
		if len(a.Data) == 4 {
			v = netip.AddrFrom4([4]byte(a.Data)).String()
		}
	case BGPAttrMED, BGPAttrLocalPref:
		if x, ok := a.Uint32(); ok {
			v = strconv.FormatUint(uint64(x), 10)
		}
	case BGPAttrAtomicAggregate:
		if len(a.Data) == 0 {
			return a.Name()
		}
	case BGPAttrAggregator, BGPAttrAS4Aggregator:
		if asn, sp, ok := a.Aggregator(); ok {
			v = fmt.Sprintf("%d %s", asn, sp)
		}
	case BGPAttrCommunities:
		if cs, ok := a.Communities(); ok {
			parts := make([]string, len(cs))
			for i, c := range cs {
				parts[i] = fmt.Sprintf("%d:%d", c>>16, c&0xffff)
			}
			v = strings.Join(parts, " ")
		}
	case BGPAttrMPReachNLRI:
		if r, ok := a.MPReach(); ok {
			v = fmt.Sprintf("afi=%d safi=%d nh=%s nlri=%s", r.AFI, r.SAFI, bgpList(r.NextHops), bgpList(r.Routes))
		}
	case BGPAttrMPUnreachNLRI:
		if r, ok := a.MPUnreach(); ok {
			v = fmt.Sprintf("afi=%d safi=%d withdrawn=%s", r.AFI, r.SAFI, bgpList(r.Withdrawn))
		}
	}
	if v == "" {
		v = fields.ReprBytes(a.Data)
	}
	return a.Name() + "(" + v + ")"
}

// BGP is one BGP-4 message: the header (Scapy's BGPHeader: marker, len,
// type) and the body of its type (Scapy's BGPOpen, BGPUpdate,
// BGPNotification, BGPKeepAlive, BGPRouteRefresh), under Scapy's field
// names. Several messages in one TCP segment are successive BGP layers; a
// segment that does not start with a marker (the middle of a message)
// stays Raw.
//
// Lengths left unset are computed: len, opt_param_len,
// withdrawn_routes_len, path_attr_len and each attribute's length.
type BGP struct {
	Marker []byte // 16 bytes; nil is all ones
	Len    fields.Opt[uint16]
	Type   uint8

	// OPEN
	Version     uint8
	MyAS        uint16
	HoldTime    uint16
	BGPID       netip.Addr
	OptParamLen fields.Opt[uint8]
	OptParams   []BGPOptParam

	// UPDATE
	WithdrawnLen fields.Opt[uint16]
	Withdrawn    []BGPPrefix
	PathAttrLen  fields.Opt[uint16]
	PathAttrs    []BGPPathAttr
	NLRI         []BGPPrefix

	// NOTIFICATION
	ErrorCode    uint8
	ErrorSubcode uint8

	// ROUTE-REFRESH
	AFI     uint16
	Subtype uint8
	SAFI    uint8

	// Data is the NOTIFICATION data, the ORF entries of a ROUTE-REFRESH,
	// the body of a message of unknown type, or bytes after a KEEPALIVE
	// header.
	Data []byte

	caps []BGPCapability // storage of the decoded capabilities
}

func bgpIs(t uint8) func(l any) bool { return func(l any) bool { return l.(*BGP).Type == t } }

var bgpProto = &packet.Proto{
	Name: "BGP", Aliases: []string{"BGPHeader"},
	Doc: "BGP-4 messages (RFC 4271, 4760, 6793, 2918): open with capabilities, update, notification, keepalive, route refresh; TCP port 179",
	New: func() packet.Layer { return NewBGP() },
	Fields: []fields.Field{
		fields.WithFormat(fields.BytesField("marker", func(b *BGP) *[]byte { return &b.Marker }),
			func(b *BGP) string { return "0x" + fmt.Sprintf("%x", b.marker()) }),
		fields.AutoUintField("len", 16, func(b *BGP) *fields.Opt[uint16] { return &b.Len }),
		fields.EnumField("type", 8, uint8(BGPKeepAlive), BGPTypeNames, func(b *BGP) *uint8 { return &b.Type }),
		fields.ByteField("version", 4, func(b *BGP) *uint8 { return &b.Version }).When(bgpIs(BGPOpen)),
		fields.ShortField("my_as", 0, func(b *BGP) *uint16 { return &b.MyAS }).When(bgpIs(BGPOpen)),
		fields.ShortField("hold_time", 0, func(b *BGP) *uint16 { return &b.HoldTime }).When(bgpIs(BGPOpen)),
		fields.IPField("bgp_id", netip.AddrFrom4([4]byte{}), func(b *BGP) *netip.Addr { return &b.BGPID }).When(bgpIs(BGPOpen)),
		fields.AutoUintField("opt_param_len", 8, func(b *BGP) *fields.Opt[uint8] { return &b.OptParamLen }).When(bgpIs(BGPOpen)),
		fields.ListField("opt_params", func(b *BGP) any { return b.OptParams }, setBGPOptParams,
			func(b *BGP) string { return bgpList(b.OptParams) }, jsonBGPOptParams).When(bgpIs(BGPOpen)),
		fields.AutoUintField("withdrawn_routes_len", 16, func(b *BGP) *fields.Opt[uint16] { return &b.WithdrawnLen }).When(bgpIs(BGPUpdate)),
		bgpPrefixField("withdrawn_routes", func(b *BGP) *[]BGPPrefix { return &b.Withdrawn }),
		fields.AutoUintField("path_attr_len", 16, func(b *BGP) *fields.Opt[uint16] { return &b.PathAttrLen }).When(bgpIs(BGPUpdate)),
		fields.ListField("path_attr", func(b *BGP) any { return b.PathAttrs }, setBGPPathAttrs,
			func(b *BGP) string { return bgpList(b.PathAttrs) }, jsonBGPPathAttrs).When(bgpIs(BGPUpdate)),
		bgpPrefixField("nlri", func(b *BGP) *[]BGPPrefix { return &b.NLRI }),
		fields.EnumField("error_code", 8, uint8(0), bgpErrorNames, func(b *BGP) *uint8 { return &b.ErrorCode }).When(bgpIs(BGPNotification)),
		fields.ByteField("error_subcode", 0, func(b *BGP) *uint8 { return &b.ErrorSubcode }).When(bgpIs(BGPNotification)),
		fields.EnumField("afi", 16, uint16(1), bgpAFINames, func(b *BGP) *uint16 { return &b.AFI }).When(bgpIs(BGPRouteRefresh)),
		fields.EnumField("subtype", 8, uint8(0), bgpRRSubtypes, func(b *BGP) *uint8 { return &b.Subtype }).When(bgpIs(BGPRouteRefresh)),
		fields.EnumField("safi", 8, uint8(1), bgpSAFINames, func(b *BGP) *uint8 { return &b.SAFI }).When(bgpIs(BGPRouteRefresh)),
		fields.BytesField("data", func(b *BGP) *[]byte { return &b.Data }).
			When(func(l any) bool {
				t := l.(*BGP).Type
				return t != BGPOpen && t != BGPUpdate && (t != BGPKeepAlive || l.(*BGP).Data != nil)
			}),
	},
}

// BGPType is the registered type of BGP.
var BGPType = packet.Register(bgpProto)

// NewBGP returns a KEEPALIVE with Scapy's defaults; the fields of the
// other types hold Scapy's defaults too (version 4, afi 1, safi 1).
func NewBGP() *BGP {
	return &BGP{Type: BGPKeepAlive, Version: 4, BGPID: netip.AddrFrom4([4]byte{}), AFI: 1, SAFI: 1}
}

func (b *BGP) Proto() *packet.Proto         { return bgpProto }
func (b *BGP) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *BGP) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *BGP) Show() string                 { return packet.ShowLayer(b) }

// Title names the message as Scapy's classes do: "BGP OPEN", ...
func (b *BGP) Title() string { return "BGP " + b.typeName() }

func (b *BGP) typeName() string {
	if n, ok := BGPTypeNames[uint64(b.Type)]; ok {
		return n
	}
	return "type " + strconv.Itoa(int(b.Type))
}

// Summary is "BGP OPEN", "BGP UPDATE", ...
func (b *BGP) Summary() string { return b.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (b *BGP) SummaryIn(*packet.Packet, int) string { return b.Title() }

func (b *BGP) marker() []byte {
	if b.Marker == nil {
		return bgpAllOnesMarker
	}
	return b.Marker
}

// Capabilities returns the capabilities of an OPEN message.
func (b *BGP) Capabilities() []BGPCapability {
	var out []BGPCapability
	for _, p := range b.OptParams {
		if p.Data == nil && p.Type == BGPParamCapabilities {
			out = append(out, p.Caps...)
		}
	}
	return out
}

// PathAttr returns the first path attribute of that type.
func (b *BGP) PathAttr(t uint8) (BGPPathAttr, bool) {
	for _, a := range b.PathAttrs {
		if a.Type == t {
			return a, true
		}
	}
	return BGPPathAttr{}, false
}

func (b *BGP) optParamsLen() int {
	n := 0
	for _, p := range b.OptParams {
		n += 2 + p.valueLen()
	}
	return n
}

func (b *BGP) pathAttrsLen() int {
	n := 0
	for _, a := range b.PathAttrs {
		n += a.len()
	}
	return n
}

func (b *BGP) bodyLen() int {
	switch b.Type {
	case BGPOpen:
		return bgpOpenLen + b.optParamsLen()
	case BGPUpdate:
		return 4 + bgpPrefixesLen(b.Withdrawn) + b.pathAttrsLen() + bgpPrefixesLen(b.NLRI)
	case BGPNotification:
		return 2 + len(b.Data)
	case BGPRouteRefresh:
		return 4 + len(b.Data)
	}
	return len(b.Data)
}

// HeaderLen is the length of the message.
func (b *BGP) HeaderLen() int { return BGPHeaderLen + b.bodyLen() }

// DecodeFromBytes decodes one message. Data that does not start with a
// marker of all ones is no BGP message (ErrMalformed): a segment starting
// in the middle of a message stays Raw. When another message follows, it
// is the next BGP layer.
func (b *BGP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < BGPHeaderLen {
		if len(data) < 16 && !bytes.Equal(data, bgpAllOnesMarker[:len(data)]) {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if !bytes.Equal(data[:16], bgpAllOnesMarker) {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	l := int(be16(data[bgpLen:]))
	if l < BGPHeaderLen {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if l > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Marker = data[:16:16]
	b.Len = fields.Some(uint16(l))
	b.Type = data[bgpType]
	body := data[BGPHeaderLen:l:l]
	b.OptParams, b.Withdrawn, b.PathAttrs, b.NLRI = b.OptParams[:0], b.Withdrawn[:0], b.PathAttrs[:0], b.NLRI[:0]
	b.caps = b.caps[:0]
	b.Data = nil
	b.OptParamLen, b.WithdrawnLen, b.PathAttrLen = fields.Opt[uint8]{}, fields.Opt[uint16]{}, fields.Opt[uint16]{}
	var err error
	switch b.Type {
	case BGPOpen:
		err = b.decodeOpen(body)
	case BGPUpdate:
		err = b.decodeUpdate(body)
	case BGPNotification:
		if len(body) < 2 {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		b.ErrorCode, b.ErrorSubcode = body[0], body[1]
		if len(body) > 2 {
			b.Data = body[2:]
		}
	case BGPRouteRefresh:
		if len(body) < 4 {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		b.AFI, b.Subtype, b.SAFI = be16(body), body[2], body[3]
		if len(body) > 4 {
			b.Data = body[4:]
		}
	default:
		if len(body) > 0 {
			b.Data = body
		}
	}
	if err != nil {
		return packet.DecodeResult{}, err
	}
	var next packet.LayerType
	// Another message follows when the rest starts with a marker, or with
	// the start of one: a message the segment cuts short (ErrTruncated).
	if rest := data[l:]; len(rest) > 0 && bytes.Equal(rest[:min(16, len(rest))], bgpAllOnesMarker[:min(16, len(rest))]) &&
		bgpCount(ctx) < packet.MaxTunnel {
		next = BGPType
	}
	return packet.DecodeResult{HeaderLen: l, PayloadLen: -1, Next: next}, nil
}

// bgpCount counts the BGP layers decoded so far: the decoder stops nested
// repetitions of one layer type past packet.MaxTunnel, so the messages
// after that many stay Raw rather than fail.
func bgpCount(ctx *packet.DecodeContext) int {
	if ctx == nil || ctx.Packet == nil {
		return 0
	}
	n := 1
	for _, l := range ctx.Packet.Layers() {
		if _, ok := l.(*BGP); ok {
			n++
		}
	}
	return n
}

func (b *BGP) decodeOpen(body []byte) error {
	if len(body) < bgpOpenLen {
		return packet.ErrMalformed
	}
	b.Version = body[bgpOpenVersion]
	b.MyAS = be16(body[bgpOpenMyAS:])
	b.HoldTime = be16(body[bgpOpenHoldTime:])
	b.BGPID = netip.AddrFrom4([4]byte(body[bgpOpenID : bgpOpenID+4]))
	ol := int(body[bgpOpenOptLen])
	b.OptParamLen = fields.Some(uint8(ol))
	if bgpOpenLen+ol != len(body) {
		return packet.ErrMalformed
	}
	d := body[bgpOpenLen:]
	for len(d) > 0 {
		if len(d) < 2 || 2+int(d[1]) > len(d) {
			return packet.ErrMalformed
		}
		t, v := d[0], d[2:2+int(d[1])]
		d = d[2+int(d[1]):]
		p := BGPOptParam{Type: t}
		if t == BGPParamCapabilities {
			start := len(b.caps)
			caps, ok := decodeBGPCaps(b.caps, v)
			b.caps = caps
			if ok {
				p.Caps = caps[start:len(caps):len(caps)]
			} else {
				b.caps = b.caps[:start]
				p.Data = v
			}
		} else {
			p.Data = v
		}
		b.OptParams = append(b.OptParams, p)
	}
	return nil
}

func decodeBGPCaps(out []BGPCapability, d []byte) ([]BGPCapability, bool) {
	for len(d) > 0 {
		if len(d) < 2 || 2+int(d[1]) > len(d) {
			return out, false
		}
		out = append(out, BGPCapability{Code: d[0], Data: d[2 : 2+int(d[1]) : 2+int(d[1])]})
		d = d[2+int(d[1]):]
	}
	return out, true
}

func (b *BGP) decodeUpdate(body []byte) error {
	if len(body) < 4 {
		return packet.ErrMalformed
	}
	wl := int(be16(body))
	b.WithdrawnLen = fields.Some(uint16(wl))
	if 2+wl+2 > len(body) {
		return packet.ErrMalformed
	}
	var ok bool
	if b.Withdrawn, ok = decodeBGPRoutes(b.Withdrawn, body[2:2+wl], false); !ok {
		return packet.ErrMalformed
	}
	d := body[2+wl:]
	al := int(be16(d))
	b.PathAttrLen = fields.Some(uint16(al))
	if 2+al > len(d) {
		return packet.ErrMalformed
	}
	attrs := d[2 : 2+al]
	for len(attrs) > 0 {
		if len(attrs) < 3 {
			return packet.ErrMalformed
		}
		a := BGPPathAttr{Flags: attrs[0], Type: attrs[1]}
		hl, vl := 3, int(attrs[2])
		if a.extended() {
			if len(attrs) < 4 {
				return packet.ErrMalformed
			}
			hl, vl = 4, int(be16(attrs[2:]))
		}
		if hl+vl > len(attrs) {
			return packet.ErrMalformed
		}
		a.Length = fields.Some(uint16(vl))
		a.Data = attrs[hl : hl+vl : hl+vl]
		b.PathAttrs = append(b.PathAttrs, a)
		attrs = attrs[hl+vl:]
	}
	if b.NLRI, ok = decodeBGPRoutes(b.NLRI, d[2+al:], false); !ok {
		return packet.ErrMalformed
	}
	return nil
}

// SerializeTo writes the message; unset lengths are computed.
func (b *BGP) SerializeTo(buf []byte, _ *packet.BuildContext) error {
	m := b.marker()
	if len(m) != 16 {
		return fmt.Errorf("%w: bgp marker of %d bytes (want 16)", fields.ErrBadValue, len(m))
	}
	copy(buf, m)
	if !b.Len.Valid && len(buf) > BGPMaxLen {
		return fmt.Errorf("%w: bgp message of %d bytes", fields.ErrBadValue, len(buf))
	}
	put16(buf[bgpLen:], b.Len.Or(uint16(len(buf))))
	buf[bgpType] = b.Type
	body := buf[BGPHeaderLen:]
	switch b.Type {
	case BGPOpen:
		return b.writeOpen(body)
	case BGPUpdate:
		return b.writeUpdate(body)
	case BGPNotification:
		body[0], body[1] = b.ErrorCode, b.ErrorSubcode
		copy(body[2:], b.Data)
	case BGPRouteRefresh:
		put16(body, b.AFI)
		body[2], body[3] = b.Subtype, b.SAFI
		copy(body[4:], b.Data)
	default:
		copy(body, b.Data)
	}
	return nil
}

func (b *BGP) writeOpen(body []byte) error {
	body[bgpOpenVersion] = b.Version
	put16(body[bgpOpenMyAS:], b.MyAS)
	put16(body[bgpOpenHoldTime:], b.HoldTime)
	var id [4]byte
	if b.BGPID.Is4() {
		id = b.BGPID.As4()
	}
	copy(body[bgpOpenID:], id[:])
	ol := len(body) - bgpOpenLen
	if !b.OptParamLen.Valid && ol > 255 {
		return fmt.Errorf("%w: bgp optional parameters of %d bytes", fields.ErrBadValue, ol)
	}
	body[bgpOpenOptLen] = b.OptParamLen.Or(uint8(ol))
	n := bgpOpenLen
	for _, p := range b.OptParams {
		vl := p.valueLen()
		if vl > 255 {
			return fmt.Errorf("%w: bgp optional parameter of %d bytes", fields.ErrBadValue, vl)
		}
		body[n], body[n+1] = p.Type, byte(vl)
		n += 2
		if p.Data != nil || p.Type != BGPParamCapabilities {
			n += copy(body[n:], p.Data)
			continue
		}
		for _, c := range p.Caps {
			if len(c.Data) > 255 {
				return fmt.Errorf("%w: bgp capability of %d bytes", fields.ErrBadValue, len(c.Data))
			}
			body[n], body[n+1] = c.Code, byte(len(c.Data))
			n += 2 + copy(body[n+2:], c.Data)
		}
	}
	return nil
}

func (b *BGP) writeUpdate(body []byte) error {
	n := 2
	for _, p := range b.Withdrawn {
		n += p.writeTo(body[n:])
	}
	put16(body, b.WithdrawnLen.Or(uint16(n-2)))
	al := n
	n += 2
	for _, a := range b.PathAttrs {
		body[n], body[n+1] = a.Flags, a.Type
		if !a.Length.Valid && len(a.Data) > 255 && !a.extended() || len(a.Data) > 0xffff {
			return fmt.Errorf("%w: bgp path attribute %s of %d bytes without the extended length flag", fields.ErrBadValue, a.Name(), len(a.Data))
		}
		if a.extended() {
			put16(body[n+2:], a.Length.Or(uint16(len(a.Data))))
			n += 4
		} else {
			body[n+2] = byte(a.Length.Or(uint16(len(a.Data))))
			n += 3
		}
		n += copy(body[n:], a.Data)
	}
	put16(body[al:], b.PathAttrLen.Or(uint16(n-al-2)))
	for _, p := range b.NLRI {
		n += p.writeTo(body[n:])
	}
	return nil
}

// Field table helpers.

func bgpList[T fmt.Stringer](l []T) string {
	parts := make([]string, len(l))
	for i, x := range l {
		parts[i] = x.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func bgpPrefixField(name string, ptr func(*BGP) *[]BGPPrefix) fields.Field {
	return fields.ListField(name, func(b *BGP) any { return *ptr(b) },
		func(b *BGP, v any) error {
			switch x := v.(type) {
			case []BGPPrefix:
				*ptr(b) = x
			case []netip.Prefix:
				ps := make([]BGPPrefix, len(x))
				for i, p := range x {
					ps[i] = BGPPrefix{Prefix: p}
				}
				*ptr(b) = ps
			case []string:
				ps := make([]BGPPrefix, len(x))
				for i, s := range x {
					p, err := BGPRoute(s)
					if err != nil {
						return err
					}
					ps[i] = p
				}
				*ptr(b) = ps
			default:
				return fmt.Errorf("%w: bgp %s from %T (want []layers.BGPPrefix, []netip.Prefix or []string)", fields.ErrBadValue, name, v)
			}
			return nil
		},
		func(b *BGP) string { return bgpList(*ptr(b)) },
		func(b *BGP) any {
			ps := *ptr(b)
			out := make([]map[string]any, len(ps))
			for i, p := range ps {
				m := map[string]any{"prefix": p.Prefix.String()}
				if p.HasPathID {
					m["path_id"] = p.PathID
				}
				out[i] = m
			}
			return out
		}).When(bgpIs(BGPUpdate))
}

func setBGPOptParams(b *BGP, v any) error {
	switch x := v.(type) {
	case []BGPOptParam:
		b.OptParams = x
	case BGPOptParam:
		b.OptParams = []BGPOptParam{x}
	case []BGPCapability:
		b.OptParams = []BGPOptParam{BGPCapabilities(x...)}
	default:
		return fmt.Errorf("%w: bgp opt_params from %T (want []layers.BGPOptParam)", fields.ErrBadValue, v)
	}
	return nil
}

func jsonBGPOptParams(b *BGP) any {
	out := make([]map[string]any, len(b.OptParams))
	for i, p := range b.OptParams {
		m := map[string]any{"param_type": p.Type}
		if p.Data == nil && p.Type == BGPParamCapabilities {
			caps := make([]map[string]any, len(p.Caps))
			for j, c := range p.Caps {
				caps[j] = map[string]any{"code": c.Code, "name": c.Name(), "cap_data": fmt.Sprintf("%x", c.Data)}
			}
			m["capabilities"] = caps
		} else {
			m["param_value"] = fmt.Sprintf("%x", p.Data)
		}
		out[i] = m
	}
	return out
}

func setBGPPathAttrs(b *BGP, v any) error {
	switch x := v.(type) {
	case []BGPPathAttr:
		b.PathAttrs = x
	case BGPPathAttr:
		b.PathAttrs = []BGPPathAttr{x}
	default:
		return fmt.Errorf("%w: bgp path_attr from %T (want []layers.BGPPathAttr)", fields.ErrBadValue, v)
	}
	return nil
}

func jsonBGPPathAttrs(b *BGP) any {
	out := make([]map[string]any, len(b.PathAttrs))
	for i, a := range b.PathAttrs {
		out[i] = map[string]any{"type_flags": a.Flags, "type_code": a.Type, "name": a.Name(),
			"attr_len": a.Length.Or(uint16(len(a.Data))), "attribute": fmt.Sprintf("%x", a.Data), "text": a.String()}
	}
	return out
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: TCPType, Upper: BGPType, Field: "dport", Value: BGPPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: BGPType, Field: "sport", Value: BGPPort, DissectOnly: true},
	)
}

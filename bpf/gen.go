package bpf

import (
	"net/netip"
	"strings"
)

// gen generates the blocks of a parsed expression. The walk is post-order,
// left to right, which is the order in which libpcap's parser runs its
// actions; this matters because vlan, mpls and pppoes change the offsets
// used by everything generated after them.
func (c *compiler) gen(n *node) *block {
	if c.err != nil {
		return c.genTrue()
	}
	c.pos = n.pos
	switch n.kind {
	case nAnd, nOr:
		l := c.gen(n.l)
		r := c.gen(n.r)
		if n.kind == nAnd {
			genAnd(l, r)
		} else {
			genOr(l, r)
		}
		return r
	case nNot:
		b := c.gen(n.l)
		genNot(b)
		return b
	case nAbbrev:
		return c.genProtoAbbrev(n.proto)
	case nID:
		return c.genID(n)
	case nRel:
		return c.genRelation(n)
	case nOther:
		return c.genOther(n)
	}
	return c.invalid("internal error: unknown node")
}

func (c *compiler) genOther(n *node) *block {
	switch n.other {
	case oBroadcast:
		return c.genBroadcast(n.proto)
	case oMulticast:
		return c.genMulticast(n.proto)
	case oLess:
		b := c.genLen(jgt, n.num)
		genNot(b)
		return b
	case oGreater:
		return c.genLen(jge, n.num)
	case oByte:
		switch n.op {
		case '=':
			return c.genCmp(orLinkhdr, n.num, szB, n.num2)
		case '<':
			return c.genCmpLT(orLinkhdr, n.num, szB, n.num2)
		case '>':
			return c.genCmpGT(orLinkhdr, n.num, szB, n.num2)
		}
		return c.unsupported("'byte' with & or | is not supported (libpcap compiles it without loading the byte)")
	case oInbound:
		return c.genInbound(false)
	case oOutbound:
		return c.genInbound(true)
	case oIfindex:
		if c.linktype == dltSLL2 {
			return c.genCmp(orLinkhdr, 4, szW, n.num)
		}
		return c.unsupported("ifindex not supported on %s", linkName(c.linktype))
	case oVlan:
		return c.genVlan(n.num, n.has)
	case oMpls:
		return c.genMPLS(n.num, n.has)
	case oPppoed:
		return c.genLinktype(ethertypePPPoED)
	case oPppoes:
		return c.genPPPoES(n.num, n.has)
	case oGeneve:
		return c.unsupported("'geneve' is not supported")
	case oLLC:
		b0 := c.genLLC()
		switch n.s1 {
		case "":
			return b0
		case "i", "I":
			b1 := c.newBlock(jset, 0x01, c.genLoadA(orLLC, 2, szB))
			genNot(b1)
			genAnd(b0, b1)
			return b1
		case "s", "S":
			b1 := c.genMcmp(orLLC, 2, szB, 0x01, 0x03)
			genAnd(b0, b1)
			return b1
		case "u", "U":
			b1 := c.genMcmp(orLLC, 2, szB, 0x03, 0x03)
			genAnd(b0, b1)
			return b1
		}
		return c.unsupported("llc subtype %q is not supported", n.s1)
	}
	return c.invalid("internal error: unknown primitive")
}

func (c *compiler) genID(n *node) *block {
	q := n.q
	switch n.ik {
	case idNum:
		return c.genNcode("", n.num, q)
	case idName:
		return c.genScode(n.s1, q)
	case idHID, idHIDLen, idHIDMask, idHID6, idHID6Len:
		switch q.addr {
		case qPort:
			return c.invalid("'port' modifier applied to IP address")
		case qPortrange:
			return c.invalid("'portrange' modifier applied to IP address")
		case qProto:
			return c.invalid("'proto' modifier applied to IP address")
		case qProtochain:
			return c.invalid("'protochain' modifier applied to IP address")
		case qUndef:
			return c.syntax(n)
		}
		switch n.ik {
		case idHID:
			return c.genNcode(n.s1, 0, q)
		case idHIDLen:
			return c.genMcode(n.s1, "", n.num, true, q)
		case idHIDMask:
			return c.genMcode(n.s1, n.s2, 0, false, q)
		case idHID6:
			return c.genMcode6(n.s1, 128, q)
		default:
			return c.genMcode6(n.s1, n.num, q)
		}
	case idEther:
		return c.genEcode(n.s1, q)
	case idARC:
		return c.invalid("aid supported only on ARCnet")
	}
	return c.invalid("internal error: unknown id")
}

func (c *compiler) syntax(n *node) *block {
	c.fail(syntaxErr(n.pos, "an id without a qualifier such as 'host' or 'port' must follow a primitive it can inherit qualifiers from"))
	return c.genTrue()
}

// atoin parses a dotted IPv4 address or network of 1 to 4 parts; it
// returns the value and the number of bits given.
func atoin(s string) (uint32, uint32, bool) {
	// One to four numbers of 0 to 255, separated by dots.
	var addr, length, n uint32
	digits := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '.' {
			if digits == 0 || length >= 24 {
				return 0, 0, false
			}
			addr = addr<<8 | n
			length += 8
			n, digits = 0, 0
			continue
		}
		if !isDigit(ch) {
			return 0, 0, false
		}
		n = n*10 + uint32(ch-'0')
		if n > 255 {
			return 0, 0, false
		}
		digits++
	}
	if digits == 0 {
		return 0, 0, false
	}
	return addr<<8 | n, length + 8, true
}

func (c *compiler) genNcode(s string, v uint32, q qual) *block {
	proto, dir := q.proto, q.dir
	vlen := uint32(32)
	if s != "" {
		if q.proto == pDecnet {
			return c.unsupported("DECnet addresses are not supported")
		}
		var ok bool
		v, vlen, ok = atoin(s)
		if !ok {
			return c.invalid("invalid IPv4 address '%s'", s)
		}
	}
	switch q.addr {
	case qDefault, qHost, qNet:
		if proto == pDecnet {
			return c.unsupported("DECnet addresses are not supported")
		}
		if proto == pLink {
			return c.invalid("illegal link layer address")
		}
		mask := uint32(0xffffffff)
		if s == "" && q.addr == qNet {
			for v != 0 && v&0xff000000 == 0 {
				v <<= 8
				mask <<= 8
			}
		} else {
			v <<= 32 - vlen
			mask <<= 32 - vlen
		}
		return c.genHost(v, mask, proto, dir, q.addr)
	case qPort, qPortrange:
		ipProto := protoUndef
		switch proto {
		case pUDP:
			ipProto = 17
		case pTCP:
			ipProto = 6
		case pSCTP:
			ipProto = 132
		case qDefault:
		default:
			if q.addr == qPort {
				return c.invalid("illegal qualifier of 'port'")
			}
			return c.invalid("illegal qualifier of 'portrange'")
		}
		if v > 65535 {
			return c.invalid("illegal port number %d > 65535", v)
		}
		if q.addr == qPort {
			b := c.genPort(v, ipProto, dir)
			genOr(c.genPort6(v, ipProto, dir), b)
			return b
		}
		b := c.genPortrange(v, v, ipProto, dir)
		genOr(c.genPortrange6(v, v, ipProto, dir), b)
		return b
	case qGateway:
		return c.invalid("'gateway' requires a name")
	case qProto:
		return c.genProto(v, proto, dir)
	case qProtochain:
		return c.unsupported("'protochain' is not supported (its program loops, which kernel BPF does not allow)")
	}
	c.fail(syntaxErr(c.pos, "a number without a qualifier such as 'port' or 'host' must follow a primitive it can inherit qualifiers from"))
	return c.genTrue()
}

// nameToPort resolves a service name like libpcap's pcap_nametoport.
func nameToPort(name string) (port uint32, proto int, ok bool) {
	p, found := services[name]
	if !found {
		return 0, 0, false
	}
	if p[0] >= 0 {
		proto = 6
		if p[1] >= 0 && p[1] == p[0] {
			proto = protoUndef
		}
		return uint32(p[0]), proto, true
	}
	return uint32(p[1]), 17, true
}

// nameToPortrange parses "p1-p2" like pcap_nametoportrange.
func nameToPortrange(name string) (p1, p2 uint32, proto int, ok bool) {
	if a, b, found := strings.Cut(name, "-"); found {
		if x, ok := decimal31(a); ok {
			if y, ok := decimal31(b); ok {
				return x, y, protoUndef, true
			}
		}
		x, xp, ok1 := nameToPort(a)
		y, yp, ok2 := nameToPort(b)
		if !ok1 || !ok2 {
			return 0, 0, 0, false
		}
		if xp != yp {
			yp = protoUndef
		}
		return x, y, yp, true
	}
	return 0, 0, 0, false
}

// decimal31 is strconv.ParseUint(s, 10, 31) without its error value.
func decimal31(s string) (uint32, bool) {
	if s == "" {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if v = v*10 + uint64(c-'0'); v > 1<<31-1 {
			return 0, false
		}
	}
	return uint32(v), true
}

var eprotoNames = map[string]uint32{
	"aarp": ethertypeAARP, "arp": ethertypeARP, "atalk": ethertypeAtalk,
	"decnet": ethertypeDN, "ip": ethertypeIP, "ip6": ethertypeIPv6,
	"lat": ethertypeLAT, "loopback": ethertypeLoopback, "mopdl": ethertypeMOPDL,
	"moprc": ethertypeMOPRC, "rarp": ethertypeRevARP, "sca": ethertypeSCA,
}

var llcNames = map[string]uint32{
	"iso": llcsapISONS, "stp": llcsap8021D, "ipx": llcsapIPX, "netbeui": llcsapNetbeui,
}

func (c *compiler) lookupProto(name string, proto uint8) (uint32, bool) {
	switch proto {
	case qDefault, pIP, pIPv6:
		v, ok := protocols[name]
		if !ok {
			c.fail(invalidErr(c.pos, "unknown ip proto '%s'", name))
		}
		return v, ok
	case pLink:
		if v, ok := eprotoNames[name]; ok {
			return v, true
		}
		if v, ok := llcNames[name]; ok {
			return v, true
		}
		c.fail(invalidErr(c.pos, "unknown ether proto '%s'", name))
		return 0, false
	case pISO:
		switch name {
		case "esis":
			return iso9542ESIS, true
		case "isis":
			return iso10589ISIS, true
		case "clnp":
			return iso8473CLNP, true
		}
		c.fail(invalidErr(c.pos, "unknown osi proto '%s'", name))
		return 0, false
	}
	c.fail(invalidErr(c.pos, "unknown protocol: %s", name))
	return 0, false
}

func (c *compiler) genScode(name string, q qual) *block {
	proto, dir := q.proto, q.dir
	switch q.addr {
	case qNet:
		return c.unsupported("network names are not resolved ('%s'); give the network as a number", name)
	case qDefault, qHost:
		if proto == pLink {
			return c.unsupported("ethernet host names are not resolved ('%s'); give the MAC address", name)
		}
		return c.unsupported("host names are not resolved ('%s'); give the address", name)
	case qPort, qPortrange:
		kind := "port"
		if q.addr == qPortrange {
			kind = "portrange"
		}
		if proto != qDefault && proto != pUDP && proto != pTCP && proto != pSCTP {
			return c.invalid("illegal qualifier of '%s'", kind)
		}
		var p1, p2 uint32
		var real int
		var ok bool
		if q.addr == qPort {
			p1, real, ok = nameToPort(name)
			p2 = p1
			if !ok {
				return c.invalid("unknown port '%s'", name)
			}
		} else {
			p1, p2, real, ok = nameToPortrange(name)
			if !ok {
				return c.invalid("unknown port in range '%s'", name)
			}
		}
		what := "port"
		if q.addr == qPortrange {
			what = "port in range"
		}
		switch proto {
		case pUDP:
			if real == 6 {
				return c.invalid("%s '%s' is tcp", what, name)
			}
			real = 17
		case pTCP:
			if real == 17 {
				return c.invalid("%s '%s' is udp", what, name)
			}
			real = 6
		case pSCTP:
			if real == 6 {
				return c.invalid("%s '%s' is tcp", what, name)
			}
			if real == 17 {
				return c.invalid("%s '%s' is udp", what, name)
			}
			real = 132
		}
		for _, p := range []uint32{p1, p2} {
			if p > 65535 {
				return c.invalid("illegal port number %d > 65535", p)
			}
		}
		if q.addr == qPort {
			b := c.genPort(p1, real, dir)
			genOr(c.genPort6(p1, real, dir), b)
			return b
		}
		b := c.genPortrange(p1, p2, real, dir)
		genOr(c.genPortrange6(p1, p2, real, dir), b)
		return b
	case qGateway:
		return c.invalid("'gateway' not supported in this configuration")
	case qProto:
		v, ok := c.lookupProto(name, proto)
		if !ok {
			return c.genTrue()
		}
		return c.genProto(v, proto, dir)
	case qProtochain:
		if _, ok := c.lookupProto(name, proto); !ok {
			return c.genTrue()
		}
		return c.unsupported("'protochain' is not supported (its program loops, which kernel BPF does not allow)")
	}
	c.fail(syntaxErr(c.pos, "a name without a qualifier such as 'host' or 'port' must follow a primitive it can inherit qualifiers from"))
	return c.genTrue()
}

func (c *compiler) genMcode(s1, s2 string, masklen uint32, hasLen bool, q qual) *block {
	n, nlen, ok := atoin(s1)
	if !ok {
		return c.invalid("invalid IPv4 address '%s'", s1)
	}
	n <<= 32 - nlen
	var m uint32
	if !hasLen {
		mm, mlen, ok := atoin(s2)
		if !ok {
			return c.invalid("invalid IPv4 address '%s'", s2)
		}
		m = mm << (32 - mlen)
		if n&^m != 0 {
			return c.invalid("non-network bits set in \"%s mask %s\"", s1, s2)
		}
	} else {
		if masklen > 32 {
			return c.invalid("mask length must be <= 32")
		}
		if masklen != 0 {
			m = 0xffffffff << (32 - masklen)
		}
		if n&^m != 0 {
			return c.invalid("non-network bits set in \"%s/%d\"", s1, masklen)
		}
	}
	if q.addr != qNet {
		return c.invalid("mask syntax for networks only")
	}
	return c.genHost(n, m, q.proto, q.dir, q.addr)
}

func (c *compiler) genMcode6(s string, masklen uint32, q qual) *block {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() {
		return c.invalid("invalid ip6 address %s", s)
	}
	if masklen > 128 {
		return c.invalid("mask length must be <= 128")
	}
	addr := a.As16()
	var mask [16]byte
	for i := uint32(0); i < masklen/8; i++ {
		mask[i] = 0xff
	}
	if masklen%8 != 0 {
		mask[masklen/8] = byte(0xff << (8 - masklen%8))
	}
	for i := range addr {
		if addr[i]&^mask[i] != 0 {
			return c.invalid("non-network bits set in \"%s/%d\"", s, masklen)
		}
	}
	switch q.addr {
	case qDefault, qHost:
		if masklen != 128 {
			return c.invalid("mask syntax for networks only")
		}
	case qNet:
	default:
		return c.invalid("invalid qualifier against IPv6 address")
	}
	return c.genHost6(addr, mask, q.proto, q.dir, q.addr)
}

// etherAton parses a MAC address like pcap_ether_aton: hex digit pairs
// (or single digits) with optional ':', '.' or '-' separators.
func etherAton(s string) []byte {
	e := make([]byte, 0, 6)
	for i := 0; i < len(s); {
		if s[i] == ':' || s[i] == '.' || s[i] == '-' {
			i++
			continue
		}
		d := hexVal(s[i])
		i++
		if i < len(s) && isHex(s[i]) {
			d = d<<4 | hexVal(s[i])
			i++
		}
		e = append(e, d)
	}
	return e
}

func hexVal(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

func (c *compiler) genEcode(s string, q qual) *block {
	if (q.addr == qHost || q.addr == qDefault) && q.proto == pLink {
		e := etherAton(s)
		if len(e) != 6 {
			return c.invalid("bogus ethernet address %s", s)
		}
		if c.linktype != dltEN10MB {
			return c.invalid("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel")
		}
		return c.genEhostop(e, q.dir)
	}
	return c.invalid("ethernet address used in non-ether expression")
}

package bpf

import (
	"net/netip"
	"strings"
)

// tokKind is the kind of a lexical token of a filter expression.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tNum              // number, or a named constant such as tcp-syn
	tID               // name (or a backslash-escaped keyword)
	tHID              // dotted IPv4 address or network: 10, 10.1, 10.1.2, 10.1.2.3
	tHID6             // IPv6 address
	tEID              // MAC address
	tAID              // ARCnet address ($xx)
	tBadEther         // malformed MAC address

	// punctuation
	tLParen
	tRParen
	tLBrack
	tRBrack
	tColon
	tNot // "!" or "not"
	tPlus
	tMinus
	tStar
	tSlash
	tPercent
	tAmp
	tPipe
	tCaret
	tLT
	tGT
	tEQ // "=" or "=="
	tGEQ
	tLEQ
	tNEQ
	tLSH
	tRSH
	tAnd // "and" or "&&"
	tOr  // "or" or "||"

	// keywords
	kwDst
	kwSrc
	kwLink // link, ether, ppp, slip, fddi, tr, wlan
	kwArp
	kwRarp
	kwIP
	kwSCTP
	kwTCP
	kwUDP
	kwICMP
	kwIGMP
	kwIGRP
	kwPIM
	kwVRRP
	kwCARP
	kwRadio
	kwIP6
	kwICMP6
	kwAH
	kwESP
	kwAtalk
	kwAarp
	kwDecnet
	kwLat
	kwSca
	kwMoprc
	kwMopdl
	kwISO
	kwESIS
	kwISIS
	kwL1
	kwL2
	kwIIH
	kwLSP
	kwSNP
	kwCSNP
	kwPSNP
	kwCLNP
	kwSTP
	kwIPX
	kwNetbeui
	kwHost
	kwNet
	kwMask
	kwPort
	kwPortrange
	kwProto
	kwProtochain
	kwGateway
	kwLess
	kwGreater
	kwByte
	kwBroadcast
	kwMulticast
	kwLen
	kwInbound
	kwOutbound
	kwIfindex
	kwVlan
	kwMpls
	kwPppoed
	kwPppoes
	kwGeneve
	kwLLC
	kwOther // a keyword of pcap-filter(7) this package does not support
)

// token is one lexical token; pos is its byte offset in the expression.
type token struct {
	kind tokKind
	pos  int
	end  int
	text string
	num  uint32
	err  string // lexical error (bad number), reported when parsed
}

var keywords = map[string]tokKind{
	"dst": kwDst, "src": kwSrc,
	"link": kwLink, "ether": kwLink, "ppp": kwLink, "slip": kwLink,
	"fddi": kwLink, "tr": kwLink, "wlan": kwLink,
	"arp": kwArp, "rarp": kwRarp, "ip": kwIP, "sctp": kwSCTP, "tcp": kwTCP,
	"udp": kwUDP, "icmp": kwICMP, "igmp": kwIGMP, "igrp": kwIGRP, "pim": kwPIM,
	"vrrp": kwVRRP, "carp": kwCARP, "radio": kwRadio,
	"ip6": kwIP6, "icmp6": kwICMP6, "ah": kwAH, "esp": kwESP,
	"atalk": kwAtalk, "aarp": kwAarp, "decnet": kwDecnet, "lat": kwLat,
	"sca": kwSca, "moprc": kwMoprc, "mopdl": kwMopdl,
	"iso": kwISO, "esis": kwESIS, "es-is": kwESIS, "isis": kwISIS, "is-is": kwISIS,
	"l1": kwL1, "l2": kwL2, "iih": kwIIH, "lsp": kwLSP, "snp": kwSNP,
	"csnp": kwCSNP, "psnp": kwPSNP, "clnp": kwCLNP, "stp": kwSTP, "ipx": kwIPX,
	"netbeui": kwNetbeui,
	"host":    kwHost, "net": kwNet, "mask": kwMask, "port": kwPort,
	"portrange": kwPortrange, "proto": kwProto, "protochain": kwProtochain,
	"gateway": kwGateway,
	"less":    kwLess, "greater": kwGreater, "byte": kwByte,
	"broadcast": kwBroadcast, "multicast": kwMulticast,
	"and": tAnd, "or": tOr, "not": tNot,
	"len": kwLen, "length": kwLen, "inbound": kwInbound, "outbound": kwOutbound,
	"ifindex": kwIfindex, "vlan": kwVlan, "mpls": kwMpls,
	"pppoed": kwPppoed, "pppoes": kwPppoes, "geneve": kwGeneve, "llc": kwLLC,
	// keywords of link layers and extensions this package does not compile
	// (802.11, ATM, SS7, pflog); they are still reserved words.
	"type": kwOther, "subtype": kwOther, "direction": kwOther, "dir": kwOther,
	"address1": kwOther, "addr1": kwOther, "address2": kwOther, "addr2": kwOther,
	"address3": kwOther, "addr3": kwOther, "address4": kwOther, "addr4": kwOther,
	"ra": kwOther, "ta": kwOther,
	"lane": kwOther, "metac": kwOther, "bcc": kwOther, "oam": kwOther,
	"oamf4": kwOther, "oamf4ec": kwOther, "oamf4sc": kwOther, "sc": kwOther,
	"ilmic": kwOther, "vpi": kwOther, "vci": kwOther, "connectmsg": kwOther,
	"metaconnect": kwOther,
	"on":          kwOther, "ifname": kwOther, "rset": kwOther, "ruleset": kwOther,
	"rnr": kwOther, "rulenum": kwOther, "srnr": kwOther, "subrulenum": kwOther,
	"reason": kwOther, "action": kwOther,
	"fisu": kwOther, "lssu": kwOther, "lsu": kwOther, "msu": kwOther,
	"hfisu": kwOther, "hlssu": kwOther, "hmsu": kwOther,
	"sio": kwOther, "opc": kwOther, "dpc": kwOther, "sls": kwOther,
	"hsio": kwOther, "hopc": kwOther, "hdpc": kwOther, "hsls": kwOther,
}

// namedNums are the named constants of pcap-filter(7) (field offsets and
// field values); the lexer returns them as numbers.
var namedNums = map[string]uint32{
	"icmptype": 0, "icmpcode": 1,
	"icmp-echoreply": 0, "icmp-unreach": 3, "icmp-sourcequench": 4,
	"icmp-redirect": 5, "icmp-echo": 8, "icmp-routeradvert": 9,
	"icmp-routersolicit": 10, "icmp-timxceed": 11, "icmp-paramprob": 12,
	"icmp-tstamp": 13, "icmp-tstampreply": 14, "icmp-ireq": 15,
	"icmp-ireqreply": 16, "icmp-maskreq": 17, "icmp-maskreply": 18,
	"icmp6type": 0, "icmp6code": 1,
	"icmp6-destinationunreach": 1, "icmp6-packettoobig": 2,
	"icmp6-timeexceeded": 3, "icmp6-parameterproblem": 4,
	"icmp6-echo": 128, "icmp6-echoreply": 129,
	"icmp6-multicastlistenerquery": 130, "icmp6-multicastlistenerreportv1": 131,
	"icmp6-multicastlistenerdone": 132, "icmp6-routersolicit": 133,
	"icmp6-routeradvert": 134, "icmp6-neighborsolicit": 135,
	"icmp6-neighboradvert": 136, "icmp6-redirect": 137,
	"icmp6-routerrenum": 138, "icmp6-nodeinformationquery": 139,
	"icmp6-nodeinformationresponse": 140, "icmp6-ineighbordiscoverysolicit": 141,
	"icmp6-ineighbordiscoveryadvert": 142, "icmp6-multicastlistenerreportv2": 143,
	"icmp6-homeagentdiscoveryrequest": 144, "icmp6-homeagentdiscoveryreply": 145,
	"icmp6-mobileprefixsolicit": 146, "icmp6-mobileprefixadvert": 147,
	"icmp6-certpathsolicit": 148, "icmp6-certpathadvert": 149,
	"icmp6-multicastrouteradvert": 151, "icmp6-multicastroutersolicit": 152,
	"icmp6-multicastrouterterm": 153,
	"tcpflags":                  13, "tcp-fin": 0x01, "tcp-syn": 0x02, "tcp-rst": 0x04,
	"tcp-push": 0x08, "tcp-ack": 0x10, "tcp-urg": 0x20, "tcp-ece": 0x40,
	"tcp-cwr": 0x80,
}

// keywordTab and namedNumTab hold keywords and namedNums for the lexer,
// which looks every name up in one and most numbers in the other: for
// these short strings a small open-addressing table is much cheaper
// than a map.
var (
	keywordTab  = newNameTab(keywords, func(k tokKind) uint32 { return uint32(k) })
	namedNumTab = newNameTab(namedNums, func(v uint32) uint32 { return v })
)

// nameTab maps strings to values in an open-addressing hash table with
// linear probing; an empty key marks a free slot.
type nameTab struct {
	keys []string
	vals []uint32
	mask uint32
}

func nameHash(s string) uint32 {
	h := uint32(len(s))
	for i := 0; i < len(s); i++ {
		h = h*31 + uint32(s[i])
	}
	return h ^ h>>9
}

func newNameTab[V any](m map[string]V, val func(V) uint32) *nameTab {
	n := 1
	for n < 4*len(m) { // load factor at most 1/4: short probes
		n <<= 1
	}
	t := &nameTab{keys: make([]string, n), vals: make([]uint32, n), mask: uint32(n - 1)}
	for k, v := range m {
		i := nameHash(k) & t.mask
		for t.keys[i] != "" {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.vals[i] = k, val(v)
	}
	return t
}

// get returns the value of the non-empty name s.
func (t *nameTab) get(s string) (uint32, bool) {
	return t.getHash(s, nameHash(s))
}

// getHash is get with h, the nameHash of s (the same for every table).
func (t *nameTab) getHash(s string, h uint32) (uint32, bool) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		k := t.keys[i]
		if k == "" {
			return 0, false
		}
		if k == s {
			return t.vals[i], true
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
func isAlnum(c byte) bool { return charClass[c]&cAlnum != 0 }

// Character classes of the lexer.
const (
	cAlnum  = 1 << iota // [A-Za-z0-9]
	cIDRest             // [-_.A-Za-z0-9], the characters after the first of a name
	cSpace              // the white space between tokens
)

var charClass = func() (t [256]uint8) {
	for c := range 256 {
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			t[c] |= cAlnum | cIDRest
		}
	}
	t['-'] |= cIDRest
	t['_'] |= cIDRest
	t['.'] |= cIDRest
	for _, c := range " \t\n\r" {
		t[c] |= cSpace
	}
	return t
}()

// lex splits expr into tokens. It follows the longest-match rule of the
// libpcap scanner: at each position the longest of the candidate forms
// wins, and a tie goes to the form the scanner lists first (keywords,
// punctuation, ARCnet and MAC addresses, numbers, IPv4 and IPv6 addresses,
// named constants, names).
func lex(expr string, toks []token) []token {
	i := 0
	for {
		for i < len(expr) && charClass[expr[i]]&cSpace != 0 {
			i++
		}
		if i >= len(expr) {
			return append(toks, token{kind: tEOF, pos: len(expr), end: len(expr)})
		}
		toks = append(toks, token{pos: i})
		t := &toks[len(toks)-1]
		n := lexInto(expr[i:], t)
		t.end = i + n
		if t.text == "" && t.kind != tEOF {
			t.text = expr[i : i+n]
		}
		if t.kind == tEOF { // a character no rule accepts
			return toks
		}
		i += n
	}
}

// lexOne returns the token at the start of s and its length. An illegal
// character gives a tEOF token with err set.
func lexOne(s string) (token, int) {
	var t token
	n := lexInto(s, &t)
	return t, n
}

// lexInto is lexOne storing the token in *t, which is zero: lex stores
// it in place.
func lexInto(s string, t *token) int {
	c := s[0]
	// A name and the keyword it may be, found up front for a letter.
	idLen, kwLen, kw := -1, 0, tEOF
	var idHash uint32 // the nameHash of the name, for a letter
	if isDigit(c) {
		if n := lexDecimal(s, t); n > 0 {
			return n
		}
	} else if c|0x20 >= 'a' && c|0x20 <= 'z' {
		idLen = matchID(s)
		idHash = nameHash(s[:idLen])
		if k, ok := keywordTab.getHash(s[:idLen], idHash); ok {
			// A keyword that no character continues (alphanumeric,
			// ':', '-', '_' or '.') is the token: a name of the same
			// length loses the tie, no named constant is a keyword,
			// and the other forms are tried after a keyword only when
			// a character continues it.
			if idLen == len(s) || charClass[s[idLen]]&cIDRest == 0 && s[idLen] != ':' {
				t.kind = tokKind(k)
				return idLen
			}
			kwLen, kw = idLen, tokKind(k)
		}
	}
	if len(s) >= 2 {
		switch s[:2] {
		case ">=":
			t.kind = tGEQ
			return 2
		case "<=":
			t.kind = tLEQ
			return 2
		case "!=":
			t.kind = tNEQ
			return 2
		case "==":
			t.kind = tEQ
			return 2
		case "<<":
			t.kind = tLSH
			return 2
		case ">>":
			t.kind = tRSH
			return 2
		case "&&":
			t.kind = tAnd
			return 2
		case "||":
			t.kind = tOr
			return 2
		}
	}
	switch c {
	case '(':
		t.kind = tLParen
		return 1
	case ')':
		t.kind = tRParen
		return 1
	case '[':
		t.kind = tLBrack
		return 1
	case ']':
		t.kind = tRBrack
		return 1
	case ':':
		if n := matchV6(s); n > 1 {
			t.kind = tHID6
			if _, err := netip.ParseAddr(s[:n]); err != nil {
				t.err = "bogus IPv6 address " + s[:n]
			}
			return n
		}
		t.kind = tColon
		return 1
	case '!':
		t.kind = tNot
		return 1
	case '+':
		t.kind = tPlus
		return 1
	case '-':
		t.kind = tMinus
		return 1
	case '*':
		t.kind = tStar
		return 1
	case '/':
		t.kind = tSlash
		return 1
	case '%':
		t.kind = tPercent
		return 1
	case '&':
		t.kind = tAmp
		return 1
	case '|':
		t.kind = tPipe
		return 1
	case '^':
		t.kind = tCaret
		return 1
	case '<':
		t.kind = tLT
		return 1
	case '>':
		t.kind = tGT
		return 1
	case '=':
		t.kind = tEQ
		return 1
	case '$':
		if len(s) >= 2 && isHex(s[1]) {
			n := 2
			if len(s) >= 3 && isHex(s[2]) {
				n = 3
			}
			t.kind = tAID
			return n
		}
		t.kind, t.err = tEOF, "illegal character '$'"
		return 1
	case '\\':
		n := 1
		for n < len(s) && !strings.ContainsRune(" !()\n\t", rune(s[n])) {
			n++
		}
		if n == 1 {
			t.kind, t.err = tEOF, "illegal character '\\'"
			return 1
		}
		t.kind, t.text = tID, s[1:n]
		return n
	}

	// Candidate forms, in the scanner's order of precedence.
	best, bestKind := 0, tEOF
	try := func(n int, k tokKind) {
		if n > best {
			best, bestKind = n, k
		}
	}
	// Keywords and named numbers start with a letter; addresses and
	// numbers with a hex digit (or, for IPv6, ':' or '.').
	letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	if idLen < 0 {
		idLen = matchID(s) // not a letter: no keyword
	}
	try(kwLen, kw)
	// The other forms use only the characters of identifiers and ':',
	// and do not end with '-' or '_': none is longer than a keyword
	// followed by another character (a space, a parenthesis), which
	// wins a tie.
	if (!letter || isHex(c)) && (kwLen == 0 || kwLen < len(s) && (isAlnum(s[kwLen]) || s[kwLen] == ':' || s[kwLen] == '-' || s[kwLen] == '_' || s[kwLen] == '.')) {
		try(matchMAC(s), tEID)
		try(matchN(s), tNum)
		try(matchHID(s), tHID)
		try(matchV6(s), tHID6)
		try(matchBadEther(s), tBadEther)
	}
	// The value of the name, if a named number.
	named, isNamed := uint32(0), false
	if idLen > 0 && letter && kwLen == 0 {
		if named, isNamed = namedNumTab.getHash(s[:idLen], idHash); isNamed {
			try(idLen, tNum)
		}
	}
	try(idLen, tID)
	if best == 0 {
		t.kind, t.err = tEOF, "illegal character '"+string(rune(c))+"'"
		return 1
	}
	t.kind = bestKind
	text := s[:best]
	switch bestKind {
	case tNum:
		if isNamed && best == idLen {
			t.num = named
		} else if v, ok := namedNumTab.get(text); ok {
			t.num = v
		} else {
			t.num, t.err = parseNum(text)
		}
	case tHID6:
		if _, err := netip.ParseAddr(text); err != nil {
			t.err = "bogus IPv6 address " + text
		}
	case tBadEther:
		t.err = "bogus ethernet address " + text
	}
	return best
}

// lexDecimal is lexOne for the common tokens that start with a digit: a
// number of at most 11 decimal digits, or 2 to 4 such numbers separated
// by dots (an IPv4 address or network), ending s or followed by a
// character that no form takes after a digit (not alphanumeric, ':',
// '-', '_' or '.'). The number or address is the longest form then: a
// name of the same length loses the tie, and no named constant starts
// with a digit. It returns the length of the token stored in *t, or 0
// (leaving *t alone) for other tokens, and for the address forms that
// could be a MAC address BBBB.BBBB.BBBB, which lexOne decides.
func lexDecimal(s string, t *token) int {
	n, parts, digits := 0, 1, 0
	var lens [3]int // digits of the first parts
	var v uint64    // the value of the number, if parts stays 1
	for ; n < len(s); n++ {
		ch := s[n]
		if isDigit(ch) {
			v = v*10 + uint64(ch-'0')
			digits++
			continue
		}
		if ch != '.' {
			break
		}
		if digits == 0 || parts == 4 {
			return 0
		}
		lens[parts-1] = digits
		parts++
		digits = 0
	}
	if digits == 0 || n < len(s) && (isAlnum(s[n]) || s[n] == ':' || s[n] == '-' || s[n] == '_') {
		return 0
	}
	if parts == 1 {
		if n >= 12 { // twelve digits are a MAC address
			return 0
		}
		t.kind = tNum
		if s[0] == '0' || v > 0xffffffff { // octal, or an error
			t.num, t.err = parseNum(s[:n])
		} else {
			t.num = uint32(v)
		}
		return n
	}
	if parts >= 3 && lens[0] == 4 && lens[1] == 4 {
		return 0
	}
	t.kind = tHID
	return n
}

// matchID returns the length of [A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?.
func matchID(s string) int {
	if !isAlnum(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && charClass[s[n]]&cIDRest != 0 {
		n++
	}
	for n > 1 && (s[n-1] == '-' || s[n-1] == '_') {
		n--
	}
	return n
}

// matchN returns the length of ([0-9]+|0[xX][0-9A-Fa-f]+).
func matchN(s string) int {
	if len(s) >= 3 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]) {
		n := 3
		for n < len(s) && isHex(s[n]) {
			n++
		}
		return n
	}
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// matchHID returns the length of N.N, N.N.N or N.N.N.N (the longest).
func matchHID(s string) int {
	n := matchN(s)
	if n == 0 {
		return 0
	}
	best, parts := 0, 1
	for parts < 4 && n < len(s) && s[n] == '.' {
		m := matchN(s[n+1:])
		if m == 0 {
			break
		}
		n += 1 + m
		parts++
		best = n
	}
	return best
}

// matchMAC returns the length of the MAC address forms of the scanner:
// B:B:B:B:B:B, B-B-B-B-B-B, B.B.B.B.B.B (B one or two hex digits),
// BBBB.BBBB.BBBB and BBBBBBBBBBBB.
func matchMAC(s string) int {
	// Every form starts with hex digits: one or two before a
	// separator, four before a dot, or twelve.
	h := 0
	for h < len(s) && h < 12 && isHex(s[h]) {
		h++
	}
	switch {
	case h == 0:
		return 0
	case h <= 2:
		if h == len(s) || s[h] != ':' && s[h] != '-' && s[h] != '.' {
			return 0
		}
	case h == 4:
		if h == len(s) || s[h] != '.' {
			return 0
		}
	case h < 12:
		return 0
	}
	best := 0
	for _, sep := range []byte{':', '-', '.'} {
		n := 0
		ok := true
		for g := 0; g < 6; g++ {
			if g > 0 {
				if n >= len(s) || s[n] != sep {
					ok = false
					break
				}
				n++
			}
			if n >= len(s) || !isHex(s[n]) {
				ok = false
				break
			}
			n++
			if n < len(s) && isHex(s[n]) {
				n++
			}
		}
		if ok && n > best {
			best = n
		}
	}
	// BBBB.BBBB.BBBB
	if len(s) >= 14 {
		ok := true
		for i := 0; i < 14; i++ {
			if i == 4 || i == 9 {
				ok = ok && s[i] == '.'
			} else {
				ok = ok && isHex(s[i])
			}
		}
		if ok && 14 > best {
			best = 14
		}
	}
	if len(s) >= 12 {
		ok := true
		for i := 0; i < 12; i++ {
			ok = ok && isHex(s[i])
		}
		if ok && 12 > best {
			best = 12
		}
	}
	return best
}

// matchBadEther returns the length of {B}:+({B}:+)+, the scanner's
// catch-all for malformed colon-separated MAC addresses.
func matchBadEther(s string) int {
	n, groups := 0, 0
	for {
		m := 0
		for m < 2 && n+m < len(s) && isHex(s[n+m]) {
			m++
		}
		if m == 0 || n+m >= len(s) || s[n+m] != ':' {
			break
		}
		n += m
		for n < len(s) && s[n] == ':' {
			n++
		}
		groups++
	}
	if groups < 2 {
		return 0
	}
	return n
}

// matchV6 returns the length of an IPv6 address at the start of s: the
// longest run of hex digits, colons and dots that contains a colon and
// parses as an IPv6 address.
func matchV6(s string) int {
	n := 0
	colons := 0
	for n < len(s) && (isHex(s[n]) || s[n] == ':' || s[n] == '.') {
		if s[n] == ':' {
			colons++
		}
		n++
	}
	if colons < 2 {
		return 0
	}
	for m := n; m >= 2; m-- {
		if strings.Count(s[:m], ":") < 2 {
			break
		}
		a, err := netip.ParseAddr(s[:m])
		if err == nil && a.Is6() && a.Zone() == "" {
			return m
		}
	}
	return 0
}

// parseNum converts a number in C syntax (decimal, 0x hex, 0 octal) to
// uint32, reporting overflow and bad digits like libpcap.
func parseNum(s string) (uint32, string) {
	var n uint64
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		for _, c := range []byte(s[2:]) {
			var d uint64
			switch {
			case isDigit(c):
				d = uint64(c - '0')
			case c >= 'a' && c <= 'f':
				d = uint64(c-'a') + 10
			default:
				d = uint64(c-'A') + 10
			}
			n = n<<4 + d
			if n > 0xffffffff {
				return 0, "number " + s + " overflows 32 bits"
			}
		}
	case len(s) >= 1 && s[0] == '0':
		for _, c := range []byte(s[1:]) {
			if c > '7' {
				return 0, "number " + s + " contains non-octal digit"
			}
			n = n<<3 + uint64(c-'0')
			if n > 0xffffffff {
				return 0, "number " + s + " overflows 32 bits"
			}
		}
	default:
		for _, c := range []byte(s) {
			n = n*10 + uint64(c-'0')
			if n > 0xffffffff {
				return 0, "number " + s + " overflows 32 bits"
			}
		}
	}
	return uint32(n), ""
}

// Package expr reads packet descriptions written in Scapy's syntax and
// expands them into packets:
//
//	t, err := expr.Parse(`Ether()/IP(dst="198.18.1.0/30", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")/"payload"`)
//	fmt.Println(t.Count()) // 4 addresses × 5 TTLs × 3 ports = 60
//	for i, p := range t.All() { ... } // one *packet.Packet at a time, in Scapy's order
//
// It is what goscapy.Parse, "goscapy build" and the shell read.
//
// # Syntax
//
//	expression = packet | import "and" ... "and" packet
//	packet     = term { "/" term }
//	term       = layer
//	           | "fuzz(" packet ")"          every field left unset drawn at random
//	           | "dns_compress(" packet ")"  DNS names compressed
//	           | string                      a Raw payload: "payload", b"\x00\x01", "A"*64
//	           | "(" packet ")"
//	layer      = NAME [ "(" [ arg { "," arg } [ "," ] ] ")" ]
//	           | NAME { arg }                fields separated by white space: IP dst=10.0.0.1 ttl=3
//	arg        = FIELD "=" value | value     a value alone sets a layer's only field: Raw("x")
//	value      = number | string | bytes | None | True | False | bare
//	           | "[" value { "," value } "]" a set: the packets take each value in turn
//	           | "(" int "," int [ "," int ] ")"  a range: (lo, hi) with both ends, as Scapy
//	           | random | CLASS "(" args ")" | value "/" value
//	           | value "*" int | value "+" value
//
// NAME is a layer: a registered protocol by its name or alias (any case:
// Ether, IP, IPv6, TCP, UDP, ICMP, ARP, DNS, Dot1Q, GRE, VXLAN, ...) or a
// Scapy class that goscapy holds in one of them: ICMPv6EchoRequest,
// ICMPv6ND_NS and the other ICMPv6 messages; IPerror, TCPerror, UDPerror
// and ICMPerror (plain layers here); GRE_PPTP; NTPControl, NTPPrivate and
// NTPAuthenticator; IGMPv3, IGMPv3mq and IGMPv3mr; DHCP6_Solicit and the
// other DHCPv6 messages; the SCTP chunks (SCTPChunkInit, SCTPChunkData,
// ...), which become the SCTP layer's chunks; the LLDP TLVs
// (LLDPDUChassisID, ...), which become one LLDP layer; BGPOpen, BGPUpdate,
// BGPNotification and BGPRouteRefresh after a BGPHeader; HTTPRequest and
// HTTPResponse (with Scapy's header names: Host=, User_Agent=, ...); TLS
// with its messages; Dot11FCS and Dot15d4FCS, which end the frame with
// their FCS. A name may be qualified (contrib.bgp.BGPOpen): the
// qualifier is ignored, every layer being registered.
//
// Fields are Scapy's field names, set with the layer's Set in the
// protocol's field order. Values:
//
//   - numbers: 80, 0x50, 0o120, 0b1010000, 1_000, and floats where a field
//     takes them (NTP times);
//   - strings with Python's escapes ('...', "...", """...""", r'...'),
//     bytes (b'...'); a str is encoded in UTF-8 where bytes are wanted;
//   - text in the field's own form: addresses ("10.0.0.1", "2001:db8::1",
//     "aa:bb:cc:dd:ee:ff"), flag letters ("SA", "DF", "S+A"), enum names
//     ("echo-request", "https", "udp"); None leaves a computed field
//     (len, chksum, type, ...) to the library; True and False are 1 and 0;
//   - unquoted values, as earlier goscapy versions took them:
//     IP(dst=10.0.0.1, ttl=3), Ether(src=aa:bb:cc:dd:ee:ff), flags=SA.
//     Inside parentheses such a value runs to the next "," or ")";
//     without parentheses to the next space or "/". An unquoted 0x value
//     given to a byte string or list field is hex (load=0x4142);
//   - option and record lists as Scapy writes them, converted to what the
//     layer's Set takes: TCP(options=[("MSS", 1460), ("NOP", None),
//     ("SAckOK", b""), ("Timestamp", (1, 2))]), IP(options=[IPOption_RR(
//     routers=["10.0.0.1"])]), DHCP(options=[("message-type", "discover"),
//     "end"]), DNS(qd=DNSQR(qname="example.com"), an=DNSRR(...)/DNSRR(...)),
//     IPv6ExtHdrHopByHop(options=[RouterAlert()]), DHCP6OptClientId(
//     duid=DUID_LLT(...)), OSPF_LSUpd(lsalist=[OSPF_Router_LSA(...)]), ...;
//     a packet given to a field is its bytes (ICMPv6NDOptRedirectedHdr(
//     pkt=IPv6()/...));
//   - Scapy's ASN.1 and record classes where a protocol is written with
//     them: SNMP(PDU=SNMPget(id=7, varbindlist=[SNMPvarbind(
//     oid=ASN1_OID('1.3.6.1.2.1.1.1.0'), value=ASN1_STRING(b'x'))])) and
//     the other PDUs (ASN1_INTEGER, ASN1_OID, ASN1_STRING,
//     ASN1_TIME_TICKS, ASN1_COUNTER32, ASN1_GAUGE32, ASN1_IPADDRESS, ...
//     encoded as Scapy's BER codec does); Radius(attributes=[
//     RadiusAttr_User_Name(value='alice'), RadiusAttribute(type=18,
//     value=b'x'), RadiusAttr_Vendor_Specific(...), ...]);
//     Kerberos(root=KRB_AS_REQ(padata=[PADATA(...)], reqBody=
//     KRB_KDC_REQ_BODY(cname=PrincipalName(...), ...))), KRB_TGS_REQ and
//     KRB_ERROR, with the optional fields Scapy fills by default (times
//     left unset are the current time, as in Scapy); the ZCL attribute
//     records (ZCLAttributeReport, ZCLReadAttributeStatusRecord,
//     ZCLWriteAttributeRecord); NetflowFlowsetV9(templates=[
//     NetflowTemplateV9(template_fields=[NetflowTemplateFieldV9(...)])])
//     and NetflowDataflowsetV9(templateID=256, records=[NetflowRecordV9(
//     fieldValue=b'...')]); CDPv2_HDR(msg=[CDPMsgDeviceID(val=b'R1'),
//     CDPMsgAddr(addr=[CDPAddrRecordIPv4(addr='192.0.2.1')]), ...]);
//     Dot11EltCountry(descriptors=[Dot11EltCountryConstraintTriplet(...)]);
//   - fields whose Scapy form differs from goscapy's: RadioTap's 5-byte
//     mcs_nss (goscapy's mcs_nss and VHT_coding), Dot11EltHTCapabilities'
//     RX_MSC_Bitmask as an integer, Dot11Elt(ID='TIM', info=...) as raw
//     information whatever class the ID selects;
//   - mac2str("02:00:00:00:00:01") and bytes(n) make bytes; "A"*64, b"ab"+
//     b"cd" repeat and join strings and bytes.
//
// # Sets and random values
//
// A field may take several values; the template expands into every
// combination (the cartesian product), in the order Scapy's iteration
// gives ([p for p in pkt]): the last layer varies fastest, and within a
// layer the field declared first varies fastest.
//
//   - a list [a, b, c] takes each value; its items may be ranges and
//     networks ([(1,3), 9] is 1, 2, 3, 9). A list given to a list field
//     (options, records) is that field's value, not a set;
//   - a tuple (lo, hi) or (lo, hi, step) of integers is Python's
//     range(lo, hi+1, step), as in Scapy;
//   - an address field given a network ("198.18.1.0/30", Net("..."),
//     Net6("...")) takes every address of it, network and broadcast
//     addresses included, as Scapy's Net;
//   - RandByte(), RandShort(), RandInt(), RandLong(), RandNum(lo, hi),
//     RandIP([network]), RandIP6([network]), RandMAC([template such as
//     "02:00:*:*:*:*"]), RandString([n]) (letters and digits), RandBin([n])
//     and RandChoice(a, b, ...) are volatile: one value is drawn for every
//     packet, and they do not multiply the count;
//   - fuzz(layers) draws every field of those layers the expression does
//     not set, per packet, as Scapy's fuzz(): integers of the field's
//     width, addresses, a payload's load (0 to 1200 bytes); computed
//     fields left None stay computed. Other byte strings and lists keep
//     their values (Scapy draws byte strings too).
//
// Template.Seed makes the draws reproducible.
//
// # Differences from Scapy
//
// Scapy evaluates Python; this package reads its packet descriptions only:
// no variables, lambdas or other functions. Python's import idiom for
// contrib modules, (M:=__import__('scapy.contrib.bgp', fromlist=['*'])) and
// (...), is accepted and changes nothing. A positional argument sets a
// layer's only field (Raw("hello")); Scapy gives it bytes to dissect, which
// for Raw is the same. Lists and ranges expand for flags fields too (Scapy
// 2.5 ORs a list of flag names; write "SA" or "S+A" for that). Registered
// names are found in any case (ether, ipv4). Host names are not resolved.
// String prints Scapy's command() form, which Parse reads back.
package expr

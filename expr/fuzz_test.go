package expr

import (
	"errors"
	"testing"
)

// FuzzParse: no input makes Parse panic; every error is a *SyntaxError;
// a parsed template's first packet builds or reports an error, and its
// String reads back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`Ether()/IP(dst="198.18.1.3", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")/"payload"`,
		`Ether(src=aa:bb:cc:dd:ee:ff)/IP(dst=10.0.0.1, ttl=3)`,
		`IP dst=10.0.0.1 ttl=3 / TCP dport=80 flags=SA`,
		`IP(dst="10.0.0.0/30")/fuzz(TCP(dport=RandShort()))/Raw(load=RandString(4))`,
		`IPv6(dst=RandIP6("2001:db8::/64"))/ICMPv6EchoRequest(data=b'x'*8)`,
		`IP()/TCP(options=[('MSS',1460),('NOP',None),('Timestamp',(1,2))])`,
		`IP()/UDP()/DNS(qd=DNSQR(qname="a.example"), an=DNSRR(rrname="a.example", rdata="192.0.2.1")/DNSRR(type="AAAA", rdata="::1"))`,
		`IP()/SCTP()/SCTPChunkInit(params=[SCTPChunkParamIPv4Addr()])/SCTPChunkData(data=b"x")`,
		`Ether()/LLDPDUChassisID(subtype=4, id="02:00:00:00:00:01")/LLDPDUEndOfLLDPDU()`,
		`(M:=__import__('scapy.contrib.bgp', fromlist=['*'])) and (IP()/TCP()/M.BGPHeader(type=1)/M.BGPOpen(my_as=1))`,
		`dns_compress(IP()/UDP()/DNS(an=DNSRR(rrname="x.y")/DNSRR(rrname="x.y")))`,
		`IP()/UDP()/SNMP(community='public', PDU=SNMPresponse(id=7, varbindlist=[SNMPvarbind(oid=ASN1_OID('1.3.6.1.2.1.1.3.0'), value=ASN1_TIME_TICKS(100))]))`,
		`IP()/UDP()/Radius(attributes=[RadiusAttr_User_Name(value='alice'), RadiusAttr_Vendor_Specific(vendor_id=9, value=b'x')])`,
		`Kerberos(root=KRB_AS_REQ(padata=[PADATA(padataType=128, padataValue=PA_PAC_REQUEST())], reqBody=KRB_KDC_REQ_BODY(kdcOptions='0101', cname=PrincipalName(nameType=1, nameString=[ASN1_GENERAL_STRING(b'a')]))))`,
		`Dot15d4FCS(seqnum=1)/Dot15d4Data()/ZigbeeNWK()/ZigbeeAppDataPayload(cluster=6, profile=0x104)/ZigbeeClusterLibrary()/ZCLGeneralWriteAttributes(write_records=[ZCLWriteAttributeRecord(attribute_identifier=1, attribute_data_type=0x21, attribute_data=b'\x01\x00')])`,
		`NetflowHeader()/NetflowHeaderV9()/NetflowFlowsetV9(templates=[NetflowTemplateV9(templateID=256, template_fields=[NetflowTemplateFieldV9(fieldType=8)])])/NetflowDataflowsetV9(templateID=256, records=[NetflowRecordV9(fieldValue=b'abcd')])`,
		`CDPv2_HDR(msg=[CDPMsgDeviceID(val=b'R1'), CDPMsgAddr(addr=[CDPAddrRecordIPv4(addr='192.0.2.1')])])`,
		`RadioTap(present='VHT', mcs_nss=b'\x91\x00\x00\x00\x00')/Dot11()/Dot11Beacon()/Dot11Elt(ID='TIM', info=b'\x00\x01')`,
		`Raw(load='abc`, `IP(,)`, `/IP`, `IP(ttl=(1,3,0))`, `IP(id=(10,1,-3))`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Col < 1 {
				t.Fatalf("%q: error %T %v", s, err, err)
			}
			return
		}
		_ = tpl.Count()
		p, err := tpl.First()
		if err != nil {
			return
		}
		_, _ = p.Build()
		n := 0
		for _, q := range tpl.All() {
			_, _ = q.Build()
			if n++; n == 3 {
				break
			}
		}
		if _, err := Parse(tpl.String()); err != nil {
			t.Fatalf("%q: String %q does not parse: %v", s, tpl.String(), err)
		}
	})
}

#!/usr/bin/python3
"""Regenerate answers.tsv: (request, reply) pairs with Scapy's verdicts.

For every pair below, both packets are built by Scapy, their bytes are
dissected again (as a capture would give them) and the row records
reply.answers(request) and reply.hashret() == request.hashret() on the
dissected packets. Then pairs of real frames from the lab capture
(../../../shared/corpus/generated/lab-verify.pcap and the first 3000
frames of lab-100k.pcap, when present): the (earlier, later) pairs within
48 frames that Scapy says answer, and pairs with equal hashret that do not.

Columns: name, request first layer, reply first layer, request expression,
reply expression, request hex, reply hex, answers (0/1), hashret equal (0/1).

Usage: /usr/bin/python3 layers/testdata/answers_gen.py
"""
import os
import sys

from scapy.all import *  # noqa: F401,F403
from scapy.layers.dns import *  # noqa: F401,F403
from scapy.layers.inet6 import *  # noqa: F401,F403

conf.verb = 0
here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, '..', '..', '..', 'shared', 'corpus', 'generated', 'lab-verify.pcap')

E1 = "Ether(src='02:00:00:00:00:01',dst='02:00:00:00:00:02')/"
E2 = "Ether(src='02:00:00:00:00:02',dst='02:00:00:00:00:01')/"
EB = "Ether(src='02:00:00:00:00:01',dst='ff:ff:ff:ff:ff:ff')/"
A, B, R, C = '198.18.1.2', '198.18.1.3', '198.18.1.1', '198.18.2.2'
A6, B6, R6, C6 = '2001:db8:1::2', '2001:db8:1::3', '2001:db8:1::1', '2001:db8:2::2'


def ip(s, d, **kw):
    extra = ''.join(',%s=%r' % kv for kv in kw.items())
    return "IP(src='%s',dst='%s'%s)" % (s, d, extra)


def ip6(s, d, **kw):
    extra = ''.join(',%s=%r' % kv for kv in kw.items())
    return "IPv6(src='%s',dst='%s'%s)" % (s, d, extra)


cases = []


def case(name, req, rep):
    cases.append((name, req, rep))


# ---- ICMP echo and friends ----
echo = ip(A, B) + "/ICMP(id=0x1234,seq=7)/Raw(b'abcdefgh')"
case('icmp_echo', E1 + echo, E2 + ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_no_ether', echo, ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_padded', E1 + ip(A, B) + "/ICMP(id=1,seq=1)", E2 + ip(B, A) + "/ICMP(type=0,id=1,seq=1)/Padding(b'\\x00'*18)")
case('icmp_echo_other_data', echo, ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)/Raw(b'zz')")
case('icmp_echo_reply_no_data', echo, ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)")
case('icmp_echo_wrong_id', echo, ip(B, A) + "/ICMP(type=0,id=0x1235,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_wrong_seq', echo, ip(B, A) + "/ICMP(type=0,id=0x1234,seq=8)/Raw(b'abcdefgh')")
case('icmp_echo_wrong_src', echo, ip(C, A) + "/ICMP(type=0,id=0x1234,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_wrong_dst', echo, ip(B, C) + "/ICMP(type=0,id=0x1234,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_request_again', echo, ip(B, A) + "/ICMP(type=8,id=0x1234,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_self', echo, echo)
case('icmp_echo_ether_vs_ip', echo, E2 + ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)")
case('icmp_echo_ip_vs_ether', E1 + echo, ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)")
case('icmp_echo_wrong_ethertype', E1 + echo, E2 + "Dot1Q(vlan=5)/" + ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)")
case('icmp_timestamp', ip(A, B) + "/ICMP(type=13,id=3,seq=4,ts_ori=1,ts_rx=0,ts_tx=0)",
     ip(B, A) + "/ICMP(type=14,id=3,seq=4,ts_ori=1,ts_rx=2,ts_tx=3)")
case('icmp_timestamp_wrong_seq', ip(A, B) + "/ICMP(type=13,id=3,seq=4,ts_ori=1,ts_rx=0,ts_tx=0)",
     ip(B, A) + "/ICMP(type=14,id=3,seq=5,ts_ori=1,ts_rx=2,ts_tx=3)")
case('icmp_info', ip(A, B) + "/ICMP(type=15,id=9,seq=9)", ip(B, A) + "/ICMP(type=16,id=9,seq=9)")
case('icmp_addr_mask', ip(A, B) + "/ICMP(type=17,id=2,seq=1)", ip(B, A) + "/ICMP(type=18,id=2,seq=1,addr_mask='255.255.255.0')")
case('icmp_ipv6_where_are_you', ip(A, B) + "/ICMP(type=33)", ip(B, A) + "/ICMP(type=34)")
case('icmp_domain_name', ip(A, B) + "/ICMP(type=37,id=5,seq=6)", ip(B, A) + "/ICMP(type=38,id=5,seq=6)")
case('icmp_domain_name_wrong_id', ip(A, B) + "/ICMP(type=37,id=5,seq=6)", ip(B, A) + "/ICMP(type=38,id=6,seq=6)")
case('icmp_router_solicitation', ip(A, '224.0.0.2') + "/ICMP(type=10)", ip(R, A) + "/ICMP(type=9)")
case('icmp_mdns_like', ip(A, '224.0.0.251') + "/ICMP(id=1,seq=1)", ip(B, '224.0.0.251') + "/ICMP(type=0,id=1,seq=1)")

# ---- TCP ----
syn = ip(A, B) + "/TCP(sport=40000,dport=80,flags='S',seq=1000)"
case('tcp_syn_synack', E1 + syn, E2 + ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=1001)")
case('tcp_syn_synack_no_ether', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=1001)")
case('tcp_syn_synack_ack_plus2', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=1002)")
case('tcp_syn_synack_ack_plus3', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=1003)")
case('tcp_syn_synack_ack_minus3', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=997)")
case('tcp_syn_rstack', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='RA',seq=0,ack=1001)")
case('tcp_syn_rstack_wrong_ack', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='RA',seq=0,ack=2001)")
case('tcp_syn_rst', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='R',seq=0,ack=0)")
case('tcp_syn_ack_only', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='A',seq=7,ack=1001)")
case('tcp_syn_syn', syn, ip(B, A) + "/TCP(sport=80,dport=40000,flags='S',seq=5000)")
case('tcp_syn_wrong_sport', syn, ip(B, A) + "/TCP(sport=81,dport=40000,flags='SA',seq=5000,ack=1001)")
case('tcp_syn_wrong_dport', syn, ip(B, A) + "/TCP(sport=80,dport=40001,flags='SA',seq=5000,ack=1001)")
case('tcp_syn_same_ports', syn, ip(B, A) + "/TCP(sport=40000,dport=80,flags='SA',seq=5000,ack=1001)")
case('tcp_syn_wrong_src', syn, ip(C, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=1001)")
case('tcp_syn_udp_reply', syn, ip(B, A) + "/UDP(sport=80,dport=40000)")
case('tcp_rst_request', ip(A, B) + "/TCP(sport=40000,dport=80,flags='R',seq=1000)",
     ip(B, A) + "/TCP(sport=80,dport=40000,flags='A',seq=0,ack=1000)")
case('tcp_syn_wrap', ip(A, B) + "/TCP(sport=40000,dport=80,flags='S',seq=4294967295)",
     ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=5,ack=0)")
data = ip(A, B) + "/TCP(sport=40000,dport=80,flags='PA',seq=100,ack=500)/Raw(b'0123456789')"
case('tcp_data_ack', data, ip(B, A) + "/TCP(sport=80,dport=40000,flags='A',seq=500,ack=110)")
case('tcp_data_ack_edge', data, ip(B, A) + "/TCP(sport=80,dport=40000,flags='A',seq=502,ack=112)")
case('tcp_data_ack_too_far', data, ip(B, A) + "/TCP(sport=80,dport=40000,flags='A',seq=500,ack=113)")
case('tcp_data_ack_wrong_seq', data, ip(B, A) + "/TCP(sport=80,dport=40000,flags='A',seq=503,ack=110)")
case('tcp_data_rst', data, ip(B, A) + "/TCP(sport=80,dport=40000,flags='R',seq=500,ack=0)")
case('tcp_data_synack', data, ip(B, A) + "/TCP(sport=80,dport=40000,flags='SA',seq=500,ack=110)")
case('tcp_syn_options', E1 + ip(A, B) + "/TCP(sport=40000,dport=443,flags='S',seq=7,options=[('MSS',1460),('SAckOK',b''),('Timestamp',(1,0)),('NOP',None),('WScale',7)])",
     E2 + ip(B, A) + "/TCP(sport=443,dport=40000,flags='SA',seq=9,ack=8,options=[('MSS',1400),('NOP',None),('NOP',None),('SAckOK',b'')])")
case('tcp6_syn_synack', E1 + ip6(A6, B6) + "/TCP(sport=40000,dport=22,flags='S',seq=1)",
     E2 + ip6(B6, A6) + "/TCP(sport=22,dport=40000,flags='SA',seq=77,ack=2)")
case('tcp6_syn_rstack', ip6(A6, B6) + "/TCP(sport=40000,dport=23,flags='S',seq=1)",
     ip6(B6, A6) + "/TCP(sport=23,dport=40000,flags='RA',seq=0,ack=2)")
case('tcp6_syn_wrong_src', ip6(A6, B6) + "/TCP(sport=40000,dport=22,flags='S',seq=1)",
     ip6(C6, A6) + "/TCP(sport=22,dport=40000,flags='SA',seq=77,ack=2)")
case('tcp_over_ip_vs_ipv6', syn, ip6(B6, A6) + "/TCP(sport=80,dport=40000,flags='SA',seq=5000,ack=1001)")

# ---- UDP and ICMP errors ----
udp = ip(A, B) + "/UDP(sport=40000,dport=7)/Raw(b'hello')"
case('udp_reply', E1 + udp, E2 + ip(B, A) + "/UDP(sport=7,dport=40000)/Raw(b'hello')")
case('udp_reply_other_sport', udp, ip(B, A) + "/UDP(sport=9,dport=40000)/Raw(b'x')")
case('udp_reply_wrong_dport', udp, ip(B, A) + "/UDP(sport=7,dport=40001)/Raw(b'hello')")
case('udp_reply_empty', udp, ip(B, A) + "/UDP(sport=7,dport=40000)")
case('udp_empty_reply_data', ip(A, B) + "/UDP(sport=40000,dport=7)", ip(B, A) + "/UDP(sport=7,dport=40000)/Raw(b'x')")
case('udp_empty_both', ip(A, B) + "/UDP(sport=40000,dport=7)", ip(B, A) + "/UDP(sport=7,dport=40000)")
case('udp_padded_reply', E1 + ip(A, B) + "/UDP(sport=40000,dport=7)", E2 + ip(B, A) + "/UDP(sport=7,dport=40000)/Padding(b'\\x00'*18)")
case('udp_port_unreachable', E1 + udp, E2 + ip(B, A) + "/ICMP(type=3,code=3)/" + udp)
case('udp_port_unreachable_no_ether', udp, ip(B, A) + "/ICMP(type=3,code=3)/" + udp)
case('udp_port_unreachable_8_bytes', udp, ip(B, A) + "/ICMP(type=3,code=3)/IPerror(raw(" + udp + ")[:28])")
case('udp_port_unreachable_other_flow', udp, ip(B, A) + "/ICMP(type=3,code=3)/" + ip(A, B) + "/UDP(sport=40001,dport=7)/Raw(b'hello')")
case('udp_port_unreachable_other_dport', udp, ip(B, A) + "/ICMP(type=3,code=3)/" + ip(A, B) + "/UDP(sport=40000,dport=8)/Raw(b'hello')")
case('udp_port_unreachable_other_host', udp, ip(B, A) + "/ICMP(type=3,code=3)/" + ip(A, C) + "/UDP(sport=40000,dport=7)/Raw(b'hello')")
case('udp_port_unreachable_not_to_us', udp, ip(B, C) + "/ICMP(type=3,code=3)/" + udp)
case('udp_port_unreachable_other_id', udp, ip(B, A) + "/ICMP(type=3,code=3)/" + ip(A, B, id=999) + "/UDP(sport=40000,dport=7)/Raw(b'hello')")
case('udp_host_unreachable_from_router', udp, ip(R, A) + "/ICMP(type=3,code=1)/" + udp)
case('udp_time_exceeded', ip(A, C, ttl=1) + "/UDP(sport=40000,dport=33434)", ip(R, A) + "/ICMP(type=11,code=0)/" + ip(A, C, ttl=1) + "/UDP(sport=40000,dport=33434)")
case('udp_time_exceeded_other_port', ip(A, C, ttl=1) + "/UDP(sport=40000,dport=33434)", ip(R, A) + "/ICMP(type=11,code=0)/" + ip(A, C, ttl=1) + "/UDP(sport=40000,dport=33435)")
case('udp_error_no_quote', udp, ip(B, A) + "/ICMP(type=3,code=3)")
case('udp_source_quench', udp, ip(B, A) + "/ICMP(type=4)/" + udp)
case('udp_redirect', udp, ip(R, A) + "/ICMP(type=5,gw='" + R + "')/" + udp)
case('udp_param_problem', udp, ip(B, A) + "/ICMP(type=12,ptr=8)/" + udp)
case('tcp_syn_port_unreachable', syn, ip(B, A) + "/ICMP(type=3,code=3)/" + syn)
case('tcp_syn_time_exceeded_8_bytes', syn, ip(R, A) + "/ICMP(type=11)/IPerror(raw(" + syn + ")[:28])")
case('tcp_syn_time_exceeded_8_bytes_wrong_port', syn, ip(R, A) + "/ICMP(type=11)/IPerror(raw(" + ip(A, B) + "/TCP(sport=40000,dport=81,flags='S',seq=1000)" + ")[:28])")
case('tcp_syn_error_other_seq', syn, ip(R, A) + "/ICMP(type=11)/" + ip(A, B) + "/TCP(sport=40000,dport=80,flags='S',seq=1)")
case('tcp_syn_error_other_port', syn, ip(R, A) + "/ICMP(type=11)/" + ip(A, B) + "/TCP(sport=40000,dport=81,flags='S',seq=1000)")
case('icmp_echo_time_exceeded', echo, ip(R, A) + "/ICMP(type=11)/" + echo)
case('icmp_echo_time_exceeded_8_bytes', echo, ip(R, A) + "/ICMP(type=11)/IPerror(raw(" + echo + ")[:28])")
case('icmp_echo_time_exceeded_wrong_id', echo, ip(R, A) + "/ICMP(type=11)/" + ip(A, B) + "/ICMP(id=0x4321,seq=7)/Raw(b'abcdefgh')")
case('icmp_echo_time_exceeded_wrong_type', echo, ip(R, A) + "/ICMP(type=11)/" + ip(A, B) + "/ICMP(type=13,id=0x1234,seq=7)")
case('icmp_echo_unreachable_as_udp', udp, ip(R, A) + "/ICMP(type=11)/" + echo)
case('icmp_error_quoting_error', ip(A, B) + "/ICMP(type=3,code=1)/" + ip(B, A) + "/UDP()",
     ip(R, A) + "/ICMP(type=11)/" + ip(A, B) + "/ICMP(type=3,code=1)/" + ip(B, A) + "/UDP()")
case('ipip_echo', ip(A, B) + "/" + echo, ip(B, A) + "/" + ip(B, A) + "/ICMP(type=0,id=0x1234,seq=7)/Raw(b'abcdefgh')")

# ---- DNS ----
q = ip(A, B) + "/UDP(sport=40000,dport=53)/DNS(id=0x4242,rd=1,qd=DNSQR(qname='b.lab.test'))"
ans = "/DNS(id=0x4242,qr=1,rd=1,ra=1,qd=DNSQR(qname='b.lab.test'),an=DNSRR(rrname='b.lab.test',rdata='" + B + "'))"
case('dns_query_response', E1 + q, E2 + ip(B, A) + "/UDP(sport=53,dport=40000)" + ans)
case('dns_query_response_no_ether', q, ip(B, A) + "/UDP(sport=53,dport=40000)" + ans)
case('dns_wrong_id', q, ip(B, A) + "/UDP(sport=53,dport=40000)/DNS(id=0x4243,qr=1,qd=DNSQR(qname='b.lab.test'))")
case('dns_qr_zero', q, ip(B, A) + "/UDP(sport=53,dport=40000)/DNS(id=0x4242,qr=0,qd=DNSQR(qname='b.lab.test'))")
case('dns_response_to_response', ip(A, B) + "/UDP(sport=40000,dport=53)/DNS(id=1,qr=1)", ip(B, A) + "/UDP(sport=53,dport=40000)/DNS(id=1,qr=1)")
case('dns_wrong_port', q, ip(B, A) + "/UDP(sport=53,dport=40001)" + ans)
case('dns_refused', q, ip(B, A) + "/UDP(sport=53,dport=40000)/DNS(id=0x4242,qr=1,rcode=5,qd=DNSQR(qname='b.lab.test'))")
case('dns_port_unreachable', q, ip(B, A) + "/ICMP(type=3,code=3)/" + q)
case('dns_malformed_reply', q, ip(B, A) + "/UDP(sport=53,dport=40000)/Raw(b'\\x42\\x42\\x81')")
case('dns_v6', ip6(A6, B6) + "/UDP(sport=40000,dport=53)/DNS(id=7,qd=DNSQR(qname='far.lab.test',qtype='AAAA'))",
     ip6(B6, A6) + "/UDP(sport=53,dport=40000)/DNS(id=7,qr=1,qd=DNSQR(qname='far.lab.test',qtype='AAAA'),an=DNSRR(rrname='far.lab.test',type='AAAA',rdata='" + C6 + "'))")
case('dns_v6_wrong_id', ip6(A6, B6) + "/UDP(sport=40000,dport=53)/DNS(id=7)", ip6(B6, A6) + "/UDP(sport=53,dport=40000)/DNS(id=8,qr=1)")
dhreq = "/UDP(sport=68,dport=67)/BOOTP(xid=0x1234)/DHCP(options=[('message-type','request'),'end'])"
case('bootp_same_xid', ip(A, B) + dhreq, ip(B, A) + "/UDP(sport=67,dport=68)/BOOTP(op=2,xid=0x1234)/DHCP(options=[('message-type','ack'),'end'])")
case('bootp_wrong_xid', ip(A, B) + dhreq, ip(B, A) + "/UDP(sport=67,dport=68)/BOOTP(op=2,xid=0x1235)/DHCP(options=[('message-type','ack'),'end'])")
case('dhcp_discover_offer', "IP(src='0.0.0.0',dst='255.255.255.255')/UDP(sport=68,dport=67)/BOOTP(xid=5)/DHCP(options=[('message-type','discover'),'end'])",
     ip(B, '198.18.1.100') + "/UDP(sport=67,dport=68)/BOOTP(op=2,xid=5,yiaddr='198.18.1.100')/DHCP(options=[('message-type','offer'),'end'])")
case('mdns_query_response', ip(A, '224.0.0.251') + "/UDP(sport=5353,dport=5353)/DNS(id=0,qd=DNSQR(qname='b.local'))",
     ip(B, '224.0.0.251') + "/UDP(sport=5353,dport=5353)/DNS(id=0,qr=1,an=DNSRR(rrname='b.local',rdata='" + B + "'))")
case('mdns_unicast_response', ip(A, '224.0.0.251') + "/UDP(sport=5353,dport=5353)/DNS(id=0,qd=DNSQR(qname='b.local'))",
     ip(B, A) + "/UDP(sport=5353,dport=5353)/DNS(id=0,qr=1,an=DNSRR(rrname='b.local',rdata='" + B + "'))")
case('dns_tcp', ip(A, B) + "/TCP(sport=40000,dport=53,flags='PA',seq=1,ack=1)/DNS(id=9,qd=DNSQR(qname='lab.test',qtype='MX'))",
     ip(B, A) + "/TCP(sport=53,dport=40000,flags='PA',seq=1,ack=30)/DNS(id=9,qr=1,qd=DNSQR(qname='lab.test',qtype='MX'))")

# ---- ARP ----
who = EB + "ARP(op=1,hwsrc='02:00:00:00:00:01',psrc='" + A + "',pdst='" + B + "')"
case('arp_who_has_is_at', who, E2 + "ARP(op=2,hwsrc='02:00:00:00:00:02',psrc='" + B + "',hwdst='02:00:00:00:00:01',pdst='" + A + "')")
case('arp_is_at_padded', who, E2 + "ARP(op=2,hwsrc='02:00:00:00:00:02',psrc='" + B + "',hwdst='02:00:00:00:00:01',pdst='" + A + "')/Padding(b'\\x00'*18)")
case('arp_is_at_wrong_address', who, E2 + "ARP(op=2,hwsrc='02:00:00:00:00:02',psrc='" + C + "',hwdst='02:00:00:00:00:01',pdst='" + A + "')")
case('arp_is_at_other_pdst', who, E2 + "ARP(op=2,hwsrc='02:00:00:00:00:02',psrc='" + B + "',hwdst='02:00:00:00:00:09',pdst='" + C + "')")
case('arp_who_has_twice', who, EB + "ARP(op=1,hwsrc='02:00:00:00:00:02',psrc='" + B + "',pdst='" + A + "')")
case('arp_is_at_no_ether', "ARP(op=1,hwsrc='02:00:00:00:00:01',psrc='" + A + "',pdst='" + B + "')",
     "ARP(op=2,hwsrc='02:00:00:00:00:02',psrc='" + B + "',hwdst='02:00:00:00:00:01',pdst='" + A + "')")
case('arp_rarp', EB + "ARP(op=3,hwsrc='02:00:00:00:00:01',psrc='0.0.0.0',hwdst='02:00:00:00:00:01',pdst='0.0.0.0')",
     E2 + "ARP(op=4,hwsrc='02:00:00:00:00:02',psrc='0.0.0.0',hwdst='02:00:00:00:00:01',pdst='" + A + "')")
case('arp_leak_short_address', EB + "ARP(op=1,hwsrc='02:00:00:00:00:01',psrc='" + A + "',pdst='" + B + "')",
     E2 + "ARP(op=2,ptype=0x1234,hwsrc='02:00:00:00:00:02',psrc=b'\\xc6\\x12',pdst=b'\\x00\\x00')")
case('arp_ipv6_ptype', EB + "ARP(op=1,ptype=0x86dd,hwsrc='02:00:00:00:00:01',psrc='" + A6 + "',pdst='" + B6 + "')",
     E2 + "ARP(op=2,ptype=0x86dd,hwsrc='02:00:00:00:00:02',psrc='" + B6 + "',hwdst='02:00:00:00:00:01',pdst='" + A6 + "')")
case('arp_vs_ip', who, E2 + ip(B, A) + "/ICMP(type=0)")

# ---- ICMPv6 ----
echo6 = ip6(A6, B6) + "/ICMPv6EchoRequest(id=0x77,seq=3,data=b'ping6')"
case('icmp6_echo', E1 + echo6, E2 + ip6(B6, A6) + "/ICMPv6EchoReply(id=0x77,seq=3,data=b'ping6')")
case('icmp6_echo_no_ether', echo6, ip6(B6, A6) + "/ICMPv6EchoReply(id=0x77,seq=3,data=b'ping6')")
case('icmp6_echo_no_data', ip6(A6, B6) + "/ICMPv6EchoRequest(id=1,seq=1)", ip6(B6, A6) + "/ICMPv6EchoReply(id=1,seq=1)")
case('icmp6_echo_other_data', echo6, ip6(B6, A6) + "/ICMPv6EchoReply(id=0x77,seq=3,data=b'pong6')")
case('icmp6_echo_wrong_id', echo6, ip6(B6, A6) + "/ICMPv6EchoReply(id=0x78,seq=3,data=b'ping6')")
case('icmp6_echo_wrong_seq', echo6, ip6(B6, A6) + "/ICMPv6EchoReply(id=0x77,seq=4,data=b'ping6')")
case('icmp6_echo_wrong_dst', echo6, ip6(B6, C6) + "/ICMPv6EchoReply(id=0x77,seq=3,data=b'ping6')")
case('icmp6_echo_wrong_src', echo6, ip6(C6, A6) + "/ICMPv6EchoReply(id=0x77,seq=3,data=b'ping6')")
case('icmp6_echo_request_again', echo6, ip6(B6, A6) + "/ICMPv6EchoRequest(id=0x77,seq=3,data=b'ping6')")
case('icmp6_echo_reply_to_reply', ip6(A6, B6) + "/ICMPv6EchoReply(id=5,seq=5)", ip6(B6, A6) + "/ICMPv6EchoReply(id=5,seq=5)")
case('icmp6_echo_multicast', ip6(A6, 'ff02::1') + "/ICMPv6EchoRequest(id=9,seq=1)", ip6('fe80::3', A6) + "/ICMPv6EchoReply(id=9,seq=1)")
case('icmp6_echo_multicast_other_dst', ip6(A6, 'ff02::1') + "/ICMPv6EchoRequest(id=9,seq=1)", ip6('fe80::3', C6) + "/ICMPv6EchoReply(id=9,seq=1)")
case('icmp6_unknown_type_reply', echo6, ip6(B6, A6) + "/ICMPv6Unknown(type=200,msgbody=b'xxxx')")
ns = ip6(A6, 'ff02::1:ff00:3', hlim=255) + "/ICMPv6ND_NS(tgt='" + B6 + "')/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:01')"
case('ndp_ns_na', E1 + ns, E2 + ip6(B6, A6, hlim=255) + "/ICMPv6ND_NA(tgt='" + B6 + "',R=0,S=1,O=1)/ICMPv6NDOptDstLLAddr(lladdr='02:00:00:00:00:02')")
case('ndp_ns_na_no_option', ns, ip6(B6, A6, hlim=255) + "/ICMPv6ND_NA(tgt='" + B6 + "',R=0,S=1,O=0)")
case('ndp_ns_na_wrong_target', ns, ip6(B6, A6, hlim=255) + "/ICMPv6ND_NA(tgt='" + C6 + "',R=0,S=1,O=1)")
case('ndp_ns_na_not_to_us', ns, ip6(B6, C6, hlim=255) + "/ICMPv6ND_NA(tgt='" + B6 + "',R=0,S=1,O=1)")
case('ndp_ns_unicast', ip6('fe80::1', 'fe80::3', hlim=255) + "/ICMPv6ND_NS(tgt='fe80::3')",
     ip6('fe80::3', 'fe80::1', hlim=255) + "/ICMPv6ND_NA(tgt='fe80::3',R=0,S=1,O=0)")
case('ndp_dad', ip6('::', 'ff02::1:ff00:3', hlim=255) + "/ICMPv6ND_NS(tgt='" + B6 + "')",
     ip6(B6, 'ff02::1', hlim=255) + "/ICMPv6ND_NA(tgt='" + B6 + "',R=0,S=0,O=1)")
case('ndp_na_short', ns, ip6(B6, A6, hlim=255) + "/ICMPv6Unknown(type=136,msgbody=b'\\x60\\x00\\x00\\x00')")
case('ndp_ns_ns', ns, ip6(B6, A6, hlim=255) + "/ICMPv6ND_NS(tgt='" + B6 + "')")
case('ndp_rs_ra_multicast', ip6('fe80::2', 'ff02::2', hlim=255) + "/ICMPv6ND_RS()",
     ip6('fe80::1', 'ff02::1', hlim=255) + "/ICMPv6ND_RA()/ICMPv6NDOptPrefixInfo(prefix='2001:db8:1::',prefixlen=64)")
case('ndp_rs_ra_unicast', ip6('fe80::2', 'ff02::2', hlim=255) + "/ICMPv6ND_RS()", ip6('fe80::1', 'fe80::2', hlim=255) + "/ICMPv6ND_RA()")
case('ndp_rs_ra_elsewhere', ip6('fe80::2', 'ff02::2', hlim=255) + "/ICMPv6ND_RS()", ip6('fe80::1', 'fe80::9', hlim=255) + "/ICMPv6ND_RA()")
case('ndp_ra_for_ns', ns, ip6(B6, A6, hlim=255) + "/ICMPv6ND_RA()")
case('mld_query_report', ip6('fe80::1', 'ff05::2', hlim=1) + "/ICMPv6MLQuery(mladdr='ff05::2')",
     ip6('fe80::2', 'ff05::2', hlim=1) + "/ICMPv6MLReport(mladdr='ff05::2')")
case('mld_query_report_all_nodes', ip6('fe80::1', 'ff02::1', hlim=1) + "/ICMPv6MLQuery()",
     ip6('fe80::2', 'ff05::2', hlim=1) + "/ICMPv6MLReport(mladdr='ff05::2')")
case('mld2_query_report', ip6('fe80::1', 'ff02::16', hlim=1) + "/ICMPv6MLQuery2()",
     ip6('fe80::2', 'ff02::16', hlim=1) + "/ICMPv6MLReport2()")
udp6 = ip6(A6, C6) + "/UDP(sport=40000,dport=33434)/Raw(b'0123456789abcdef')"
case('icmp6_port_unreachable', E1 + udp6, E2 + ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)/" + udp6)
case('icmp6_port_unreachable_no_ether', udp6, ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)/" + udp6)
case('icmp6_time_exceeded', udp6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + udp6)
case('icmp6_time_exceeded_truncated', udp6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/IPerror6(raw(" + udp6 + ")[:52])")
case('icmp6_packet_too_big', udp6, ip6(R6, A6) + "/ICMPv6PacketTooBig(mtu=1280)/" + udp6)
case('icmp6_param_problem', udp6, ip6(C6, A6) + "/ICMPv6ParamProblem(ptr=40)/" + udp6)
case('icmp6_error_other_flow', udp6, ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)/" + ip6(A6, C6) + "/UDP(sport=40001,dport=33434)/Raw(b'0123456789abcdef')")
case('icmp6_error_other_payload', udp6, ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)/" + ip6(A6, C6) + "/UDP(sport=40000,dport=33434)/Raw(b'0123456789abcdeX')")
case('icmp6_error_other_dst', udp6, ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)/" + ip6(A6, B6) + "/UDP(sport=40000,dport=33434)/Raw(b'0123456789abcdef')")
case('icmp6_error_not_to_us', udp6, ip6(C6, B6) + "/ICMPv6DestUnreach(code=4)/" + udp6)
case('icmp6_error_hlim_changed', udp6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + ip6(A6, C6, hlim=1) + "/UDP(sport=40000,dport=33434)/Raw(b'0123456789abcdef')")
case('icmp6_error_no_quote', udp6, ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)")
echo6c = ip6(A6, C6, hlim=1) + "/ICMPv6EchoRequest(id=1,seq=2,data=b'trace')"
case('icmp6_echo_time_exceeded', echo6c, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + echo6c)
syn6 = ip6(A6, C6) + "/TCP(sport=40000,dport=80,flags='S',seq=1,options=[('MSS',1460)])"
case('icmp6_tcp_quote', syn6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + syn6)
case('icmp6_tcp_quote_mss_clamped', syn6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + ip6(A6, C6) + "/TCP(sport=40000,dport=80,flags='S',seq=1,options=[('MSS',1400)])")
case('icmp6_tcp_quote_mss_clamped_other_seq', syn6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + ip6(A6, C6) + "/TCP(sport=40000,dport=80,flags='S',seq=2,options=[('MSS',1400)])")
case('icmp6_tcp_quote_other_seq', syn6, ip6(R6, A6) + "/ICMPv6TimeExceeded()/" + ip6(A6, C6) + "/TCP(sport=40000,dport=80,flags='S',seq=2,options=[('MSS',1460)])")
frag6 = ip6(A6, B6) + "/IPv6ExtHdrFragment(id=5,m=0,offset=0)/ICMPv6EchoRequest(id=3,seq=1,data=b'frag')"
case('icmp6_echo_fragment_header', frag6, ip6(B6, A6) + "/ICMPv6EchoReply(id=3,seq=1,data=b'frag')")
case('icmp6_echo_fragment_header_wrong_id', frag6, ip6(B6, A6) + "/ICMPv6EchoReply(id=4,seq=1,data=b'frag')")
case('icmp6_echo_hop_by_hop', ip6(A6, B6) + "/IPv6ExtHdrHopByHop()/ICMPv6EchoRequest(id=3,seq=1)",
     ip6(B6, A6) + "/IPv6ExtHdrHopByHop()/ICMPv6EchoReply(id=3,seq=1)")
case('icmp6_echo_dest_opts', ip6(A6, B6) + "/IPv6ExtHdrDestOpt()/ICMPv6EchoRequest(id=3,seq=1)",
     ip6(B6, A6) + "/IPv6ExtHdrDestOpt()/ICMPv6EchoReply(id=3,seq=1)")
case('icmp6_echo_reply_dest_opts', ip6(A6, B6) + "/ICMPv6EchoRequest(id=3,seq=1)",
     ip6(B6, A6) + "/IPv6ExtHdrDestOpt()/ICMPv6EchoReply(id=3,seq=1)")
case('icmp6_echo_routing_header', ip6(A6, B6) + "/IPv6ExtHdrRouting(addresses=['" + C6 + "'])/ICMPv6EchoRequest(id=3,seq=1)",
     ip6(B6, A6) + "/ICMPv6EchoReply(id=3,seq=1)")
case('mld_query_report_router_alert', ip6('fe80::1', 'ff05::2', hlim=1) + "/IPv6ExtHdrHopByHop(options=[RouterAlert()])/ICMPv6MLQuery(mladdr='ff05::2')",
     ip6('fe80::2', 'ff05::2', hlim=1) + "/IPv6ExtHdrHopByHop(options=[RouterAlert()])/ICMPv6MLReport(mladdr='ff05::2')")
udp6f = ip6(A6, C6) + "/IPv6ExtHdrFragment(id=9,m=0,offset=0)/UDP(sport=40000,dport=33434)/Raw(b'0123456789abcdef')"
case('icmp6_error_quoting_fragment', udp6f, ip6(C6, A6) + "/ICMPv6DestUnreach(code=4)/" + udp6f)
case('icmp6_vs_icmp', echo6, ip(B, A) + "/ICMP(type=0,id=0x77,seq=3)")


def dissect(first, b):
    return {'Ethernet': Ether, 'IP': IP, 'IPv6': IPv6, 'ARP': ARP}[first](b)


def firstname(pkt):
    n = type(pkt).__name__
    return {'Ether': 'Ethernet'}.get(n, n)


rows = []
for name, reqx, repx in cases:
    req, rep = eval(reqx), eval(repx)
    qf, rf = firstname(req), firstname(rep)
    qb, rb = raw(req), raw(rep)
    Q, P = dissect(qf, qb), dissect(rf, rb)
    rows.append((name, qf, rf, reqx, repx, qb.hex(), rb.hex(), int(bool(P.answers(Q))), int(P.hashret() == Q.hashret())))



def corpus_pairs(path, tag, count, max_yes, max_hard):
    if not os.path.exists(path):
        print('warning: %s not found: no pairs from it' % path, file=sys.stderr)
        return
    pkts = rdpcap(path, count=count)
    yes = hard = 0
    name = os.path.basename(path)
    for j, rep in enumerate(pkts):
        for i in range(max(0, j - 48), j):
            req = pkts[i]
            a = bool(rep.answers(req))
            h = rep.hashret() == req.hashret()
            if (a and yes < max_yes) or (not a and h and hard < max_hard):
                if a:
                    yes += 1
                else:
                    hard += 1
                rows.append(('%s_%d_%d' % (tag, i + 1, j + 1), 'Ethernet', 'Ethernet',
                             'rdpcap(%s)[%d]' % (name, i), 'rdpcap(%s)[%d]' % (name, j),
                             raw(req).hex(), raw(rep).hex(), int(a), int(h)))


corpus_pairs(corpus, 'lab_verify', -1, 10000, 200)
corpus_pairs(os.path.join(os.path.dirname(corpus), 'lab-100k.pcap'), 'lab_100k', 3000, 150, 100)

with open(os.path.join(here, 'answers.tsv'), 'w') as w:
    w.write('# generated by answers_gen.py with scapy %s; do not edit\n' % conf.version)
    w.write('# name\trequest first\treply first\trequest\treply\trequest hex\treply hex\tanswers\thashret equal\n')
    for r in rows:
        w.write('\t'.join(str(x) for x in r) + '\n')
print('%d rows' % len(rows))

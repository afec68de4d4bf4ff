package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/layers"
)

func init() {
	ra := layers.IPOption{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}}
	a := netip.MustParseAddr

	addGolden("igmp_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.1").TTL(1).Over(NewIGMP()).Build()
	})
	addGolden("igmp_v2_report", func() ([]byte, error) {
		return IPIGMP("192.168.1.10", "239.1.2.3", layers.IGMPv2MembershipReport)
	})
	addGolden("igmp_v2_leave", func() ([]byte, error) {
		return NewEthernet().SrcMAC("00:11:22:33:44:55").DstMAC("01:00:5e:00:00:02").
			Over(NewIP().SrcIP("192.168.1.10").DstIP("224.0.0.2").TTL(1).Options(ra)).
			Over(NewIGMP().Type(layers.IGMPLeaveGroup).MRCode(0).Group("239.1.2.3")).Build()
	})
	addGolden("igmp_v1_report", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("224.5.6.7").TTL(1).
			Over(NewIGMP().Type(layers.IGMPv1MembershipReport).MRCode(0).Group("224.5.6.7")).Build()
	})
	addGolden("igmp_v2_query_chksum", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.254").DstIP("224.0.0.1").TTL(1).
			Over(NewIGMP().MRCode(100).Chksum(0x1234)).Build()
	})
	addGolden("igmpv3_query", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.254").DstIP("224.0.0.1").TTL(1).TOS(0xc0).Options(ra).
			Over(NewIGMPv3Query().MRCode(100).QRV(2).QQIC(125)).Build()
	})
	addGolden("igmpv3_query_sources", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.254").DstIP("232.1.1.1").TTL(1).TOS(0xc0).
			Over(NewIGMPv3Query().MRCode(10).Group("232.1.1.1").S(1).QRV(2).QQIC(60).Sources("10.1.1.1", "10.1.1.2")).Build()
	})
	addGolden("igmpv3_report", func() ([]byte, error) {
		return NewIP().SrcIP("192.168.1.10").DstIP("224.0.0.22").TTL(1).TOS(0xc0).Options(ra).
			Over(NewIGMPv3Report(
				layers.NewIGMPv3Record(layers.IGMPv3ChangeToExclude, a("239.1.1.1")),
				layers.NewIGMPv3Record(layers.IGMPv3ModeIsInclude, a("232.1.1.1"), a("10.1.1.1"), a("10.1.1.2")))).Build()
	})

	ip := func(src, dst string) *IPBuilder { return NewIP().SrcIP(src).DstIP(dst) }
	c1, c2 := "10.0.0.1", "10.0.0.2"
	addGolden("sctp_defaults", func() ([]byte, error) { return ip(c1, c2).Over(NewSCTP()).Build() })
	addGolden("sctp_init", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 0, layers.SCTPChunkInit(0x12345678, 106496, 10, 65535, 0x1000,
			layers.SCTPParam{Type: 5, Value: []byte{10, 0, 0, 1}}, layers.SCTPParam{Type: 0x8000}))
	})
	addGolden("sctp_init_ack", func() ([]byte, error) {
		return IPSCTP(c2, c1, 5001, 5000, 0x12345678, layers.SCTPChunkInitAck(0xabcdef01, 106496, 10, 10, 0x2000,
			layers.SCTPParam{Type: 7, Value: []byte("cookie-data")}))
	})
	addGolden("sctp_data", func() ([]byte, error) {
		return NewEthernet().SrcMAC("00:11:22:33:44:55").DstMAC("66:77:88:99:aa:bb").Over(ip(c1, c2)).
			Over(NewSCTP(layers.SCTPChunkData(3, 0x1000, 1, 2, 46, []byte("hello"))).SrcPort(5000).DstPort(5001).Tag(0xabcdef01)).Build()
	})
	addGolden("sctp_sack", func() ([]byte, error) {
		return IPSCTP(c2, c1, 5001, 5000, 0x12345678, layers.SCTPChunkSACK(0x1000, 106496, [][2]uint16{{2, 3}}, []uint32{0xfff}))
	})
	hb := layers.SCTPParam{Type: 1, Value: []byte("abcdef")}
	addGolden("sctp_heartbeat", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 7, layers.SCTPChunkHeartbeat(hb))
	})
	addGolden("sctp_heartbeat_ack", func() ([]byte, error) {
		return IPSCTP(c2, c1, 5001, 5000, 7, layers.SCTPChunkHeartbeatAck(hb))
	})
	addGolden("sctp_cookie_echo_data", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 0xabcdef01, layers.SCTPChunkCookieEcho([]byte("cookie-data")),
			layers.SCTPChunkData(3, 0x1000, 0, 0, 0, []byte("x")))
	})
	addGolden("sctp_cookie_ack", func() ([]byte, error) {
		return IPSCTP(c2, c1, 5001, 5000, 0x12345678, layers.SCTPChunkCookieAck())
	})
	addGolden("sctp_shutdown", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 0xabcdef01, layers.SCTPChunkShutdown(0x2000))
	})
	addGolden("sctp_shutdown_ack", func() ([]byte, error) {
		return IPSCTP(c2, c1, 5001, 5000, 0x12345678, layers.SCTPChunkShutdownAck())
	})
	addGolden("sctp_shutdown_complete", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 0xabcdef01, layers.SCTPChunkShutdownComplete(false))
	})
	addGolden("sctp_abort", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 0xabcdef01, layers.SCTPChunkAbort(true, []byte("\x00\x0c\x00\x06ab")))
	})
	addGolden("sctp_error", func() ([]byte, error) {
		return IPSCTP(c1, c2, 5000, 5001, 0xabcdef01, layers.SCTPChunkError([]byte{0, 1, 0, 8, 0, 5, 0, 0}))
	})
	addGolden("sctp_ipv6_data", func() ([]byte, error) {
		return NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
			Over(NewSCTP(layers.SCTPChunkData(0, 5, 0, 0, 0, []byte("abcd"))).SrcPort(9).DstPort(9).Tag(1)).Build()
	})
	addGolden("sctp_chksum_set", func() ([]byte, error) {
		return ip(c1, c2).Over(NewSCTP(layers.SCTPChunkCookieAck()).SrcPort(1).DstPort(2).Chksum(0xdeadbeef)).Build()
	})
}

package goscapy

import "github.com/goscapy/goscapy/layers"

func init() {
	addGolden("ether_ip_tcp_syn", func() ([]byte, error) {
		return EtherIPTCP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "192.168.1.1", "10.0.0.1", 12345, 80, layers.TCPSyn)
	})
	addGolden("ether_ip_tcp_opts_raw", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("ff:ff:ff:ff:ff:ff").
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewTCP().SrcPort(12345).Options(layers.TCPOptionMSS(1460), layers.TCPOptionNOP(), layers.TCPOptionSAckOK())).
			Over(NewRaw("hi")).Build()
	})
	addGolden("tcp_all_opts", func() ([]byte, error) {
		return NewIP().SrcIP("10.1.1.1").DstIP("10.2.2.2").TTL(7).ID(999).Flags(layers.IPv4DontFragment).
			Over(NewTCP().SrcPort(1).DstPort(2).Seq(1000).Ack(2000).Flags(layers.TCPPsh|layers.TCPAck).Window(512).Urgent(3).
				Options(layers.TCPOptionMSS(536), layers.TCPOptionWScale(7), layers.TCPOptionSAckOK(),
					layers.TCPOptionTimestamp(1, 2), layers.TCPOptionNOP(), layers.TCPOptionSAck(10, 20))).
			Over(NewRaw("payload!")).Build()
	})
	addGolden("tcp_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Over(NewTCP()).Build()
	})
	addGolden("ip_bad_chksum", func() ([]byte, error) {
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Chksum(0x1234).Len(99).Over(NewTCP().Chksum(0xdead)).Build()
	})
	addGolden("ip_options", func() ([]byte, error) {
		rr := layers.IPOption{Type: layers.IPOptRecordRoute, Data: []byte{4, 1, 1, 1, 1, 2, 2, 2, 2}}
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Options(rr).
			Over(NewUDP().SrcPort(1000).DstPort(2000)).Over(NewRaw("x")).Build()
	})
	addGolden("ip_alone", func() ([]byte, error) { return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Build() })
	addGolden("ip_raw", func() ([]byte, error) {
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").TOS(0xb8).TTL(1).Frag(5).Over(NewRaw("abcdefgh")).Build()
	})
	addGolden("udp_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Over(NewUDP()).Build()
	})
	addGolden("udp_payload", func() ([]byte, error) {
		return EtherIPUDP("00:11:22:33:44:55", "66:77:88:99:aa:bb", "10.0.0.1", "10.0.0.2", 5000, 6000, []byte("hello world"))
	})
	addGolden("ether_alone", func() ([]byte, error) {
		return NewEthernet().SrcMAC("00:11:22:33:44:55").DstMAC("66:77:88:99:aa:bb").Build()
	})
	addGolden("ether_raw", func() ([]byte, error) {
		return NewEthernet().SrcMAC("00:11:22:33:44:55").DstMAC("66:77:88:99:aa:bb").Over(NewRaw([]byte{1, 2})).Build()
	})
	addGolden("ether_type_set", func() ([]byte, error) {
		return NewEthernet().SrcMAC("00:11:22:33:44:55").DstMAC("66:77:88:99:aa:bb").Type(0x1234).
			Over(NewIP().SrcIP("1.1.1.1").DstIP("2.2.2.2")).Build()
	})
	addGolden("ip_in_ip", func() ([]byte, error) {
		return NewIP().SrcIP("1.1.1.1").DstIP("2.2.2.2").Over(NewIP().SrcIP("3.3.3.3").DstIP("4.4.4.4")).
			Over(NewUDP().SrcPort(7).DstPort(7)).Build()
	})
}

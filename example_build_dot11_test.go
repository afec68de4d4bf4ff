package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewRadioTap() {
	// A radiotap header with no fields, as Scapy's RadioTap()/Dot11().
	b, _ := goscapy.NewRadioTap().Over(goscapy.NewDot11()).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0000080000000000000000000000000000000000000000000000000000000000
}

func ExampleRadioTapBuilder() {
	// Each setter marks its field present; fields are aligned as radiotap
	// requires. Scapy: RadioTap(present="TSFT+Flags+Rate+Channel+dBm_AntSignal+dBm_AntNoise+Antenna",
	//   mac_timestamp=123456789, Flags="ShortPreamble", Rate=11, ChannelFrequency=2437,
	//   ChannelFlags="CCK+2GHz", dBm_AntSignal=-42, dBm_AntNoise=-95, Antenna=1)
	rt := goscapy.NewRadioTap().TSFT(123456789).Flags(layers.RadioTapFlagShortPreamble).Rate(22).
		Channel(2437, layers.RadioTapChanCCK|layers.RadioTapChan2GHz).
		DBmAntSignal(-42).DBmAntNoise(-95).Antenna(1)
	b, _ := rt.Build()
	fmt.Println(rt.Layer().Summary())
	fmt.Printf("%x\n", b)
	// Output:
	// RadioTap 2437 MHz 11 Mb/s -42 dBm
	// 000019006f08000015cd5b070000000002168509a000d6a101
}

func ExampleRadioTapBuilder_MCS() {
	// An 802.11n rate: 40 MHz, short guard interval, MCS 7.
	// Scapy: RadioTap(present="MCS", knownMCS="MCS_bandwidth+MCS_index+guard_interval",
	//   MCS_bandwidth=1, guard_interval=1, MCS_index=7)
	b, _ := goscapy.NewRadioTap().MCS(0x07, 0x05, 7).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 00000b0000000800070507
}

func ExampleRadioTapBuilder_TXFlags() {
	// For injection: transmit power (present bit 10, one byte) and no ack
	// expected (TX flags, bit 15, two bytes aligned to 2), as radiotap.org
	// defines them.
	b, _ := goscapy.NewRadioTap().DBmTXPower(20).TXFlags(0x0008).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 00000c000084000014000800
}

func ExampleNewDot11() {
	// A control frame: an RTS with a duration of 300 microseconds.
	// Scapy: Dot11(type=1, subtype=11, ID=0x2c01, addr1="02:00:00:00:01:00", addr2="02:00:00:00:00:10")
	d := goscapy.NewDot11().Type(layers.Dot11TypeControl).Subtype(layers.Dot11SubtypeRTS).
		Duration(300).Addr1("02:00:00:00:01:00").Addr2("02:00:00:00:00:10")
	b, _ := d.Build()
	fmt.Println(d.Layer().Summary())
	fmt.Printf("%x\n", b)
	// Output:
	// 802.11 Control RTS 02:00:00:00:00:10 (TA) > 02:00:00:00:01:00 (RA)
	// b4002c01020000000100020000000010
}

func ExampleDot11Builder_Seq() {
	// A data frame to the access point carrying IP: LLC and SNAP in between.
	// Scapy: Dot11(type=2, FCfield="to-DS", addr1="02:00:00:00:01:00", addr2="02:00:00:00:00:10",
	//   addr3="02:00:00:00:00:99", SC=0x50)/LLC()/SNAP()/IP(src="192.0.2.10", dst="198.51.100.1")/
	//   UDP(sport=5353, dport=53)
	s := goscapy.NewDot11().Type(layers.Dot11TypeData).FCfield(layers.Dot11FlagToDS).
		Addr1("02:00:00:00:01:00").Addr2("02:00:00:00:00:10").Addr3("02:00:00:00:00:99").Seq(5).
		Over(goscapy.NewLLCSNAP()).
		Over(goscapy.NewIP().SrcIP("192.0.2.10").DstIP("198.51.100.1")).
		Over(goscapy.NewUDP().SrcPort(5353).DstPort(53))
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[:32])
	// Output:
	// Dot11 / LLC / SNAP / IP / UDP 192.0.2.10:5353 > 198.51.100.1:53
	// 080100000200000001000200000000100200000000995000aaaa030000000800
}

func ExampleNewDot11FCS() {
	// With a frame check sequence: end the stack with NewDot11FCSTrailer,
	// which receives the CRC.
	// Scapy: RadioTap()/Dot11FCS(type=1, subtype=13, addr1="02:00:00:00:00:10")
	b, err := goscapy.NewRadioTap().
		Over(goscapy.NewDot11FCS().Type(layers.Dot11TypeControl).Subtype(layers.Dot11SubtypeAck).
			Addr1("02:00:00:00:00:10")).
		Over(goscapy.NewDot11FCSTrailer()).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 000009000200000010d40000000200000000102af60fe5 <nil>
}

func ExampleNewDot11FCSTrailer() {
	// Scapy: RadioTap()/Dot11FCS(addr1="02:00:00:00:00:10", addr2="02:00:00:00:01:00",
	//   addr3="02:00:00:00:01:00")/Dot11Disas(reason=8)
	s := goscapy.NewRadioTap().
		Over(goscapy.NewDot11FCS().Addr1("02:00:00:00:00:10").Addr2("02:00:00:00:01:00").Addr3("02:00:00:00:01:00")).
		Over(goscapy.NewDot11Disas().Set("reason", 8)).
		Over(goscapy.NewDot11FCSTrailer())
	b, _ := s.Build()
	p, _ := goscapy.DissectAs(b, layers.RadioTapType)
	fmt.Println(p)
	fmt.Printf("fcs %x\n", b[len(b)-4:])
	// Output:
	// RadioTap / 802.11-FCS Management Disassociation 02:00:00:00:01:00 (TA=SA) > 02:00:00:00:00:10 (RA=DA) / Dot11Disas / Padding
	// fcs e5768850
}

func ExampleNewDot11QoS() {
	// QoS data: set the Dot11 subtype to 8 (left unset, Scapy makes QoS Null).
	// Scapy: Dot11(type=2, subtype=8, FCfield="from-DS", addr1="02:00:00:00:00:10",
	//   addr2="02:00:00:00:01:00", addr3="02:00:00:00:00:99")/Dot11QoS(TID=5)/LLC()/SNAP()/
	//   IP(src="198.51.100.1", dst="192.0.2.10")/ICMP()
	s := goscapy.NewDot11().Type(layers.Dot11TypeData).Subtype(layers.Dot11SubtypeQoSData).
		FCfield(layers.Dot11FlagFromDS).
		Addr1("02:00:00:00:00:10").Addr2("02:00:00:00:01:00").Addr3("02:00:00:00:00:99").
		Over(goscapy.NewDot11QoS().TID(5)).Over(goscapy.NewLLCSNAP()).
		Over(goscapy.NewIP().SrcIP("198.51.100.1").DstIP("192.0.2.10")).Over(goscapy.NewICMP())
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[:34])
	// Output:
	// Dot11 / Dot11QoS / LLC / SNAP / IP / ICMP 198.51.100.1 > 192.0.2.10 echo-request 0
	// 8802000002000000001002000000010002000000009900000500aaaa030000000800
}

func ExampleNewDot11Beacon() {
	// Scapy: Dot11Beacon(timestamp=0x123456789, beacon_interval=200, cap="ESS+privacy+short-slot")
	b, _ := goscapy.NewDot11Beacon().Timestamp(0x123456789).BeaconInterval(200).
		Cap(layers.Dot11CapESS | layers.Dot11CapPrivacy | layers.Dot11CapShortSlot).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 8967452301000000c8001104
}

func ExampleNewDot11ProbeReq() {
	// A broadcast probe request (wildcard SSID).
	// Scapy: Dot11(addr1="ff:ff:ff:ff:ff:ff", addr2="02:00:00:00:00:10", addr3="ff:ff:ff:ff:ff:ff")/
	//   Dot11ProbeReq()/Dot11Elt(ID="SSID", info=b"")/Dot11EltRates(rates=[2, 4, 11, 22])
	s := goscapy.NewDot11().Addr1("ff:ff:ff:ff:ff:ff").Addr2("02:00:00:00:00:10").Addr3("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewDot11ProbeReq()).Over(goscapy.NewDot11EltSSID("")).
		Over(goscapy.NewDot11EltRates(2, 4, 11, 22))
	b, _ := s.Build()
	p, _ := goscapy.DissectAs(b, layers.Dot11Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b)
	// Output:
	// 802.11 Management Probe Request 02:00:00:00:00:10 (TA=SA) > ff:ff:ff:ff:ff:ff (RA=DA) SSID='' / Dot11ProbeReq / Dot11Elt / Dot11EltRates
	// 40000000ffffffffffff020000000010ffffffffffff00000000010402040b16
}

func ExampleNewDot11ProbeResp() {
	// Scapy: Dot11ProbeResp(timestamp=99, cap="ESS+short-preamble")/Dot11Elt(ID="SSID", info=b"lab")
	b, err := goscapy.NewDot11ProbeResp().Set("timestamp", 99).Set("cap", "ESS+short-preamble").
		Over(goscapy.NewDot11EltSSID("lab")).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 63000000000000006400210000036c6162 <nil>
}

func ExampleNewDot11Auth() {
	// Open system authentication, first frame.
	// Scapy: Dot11(addr1="02:00:00:00:01:00", addr2="02:00:00:00:00:10", addr3="02:00:00:00:01:00")/
	//   Dot11Auth(algo=0, seqnum=1, status=0)
	s := goscapy.NewDot11().Addr1("02:00:00:00:01:00").Addr2("02:00:00:00:00:10").Addr3("02:00:00:00:01:00").
		Over(goscapy.NewDot11Auth().Set("seqnum", 1))
	b, _ := s.Build()
	p, _ := goscapy.DissectAs(b, layers.Dot11Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b)
	// Output:
	// 802.11 Management Authentication 02:00:00:00:00:10 (TA=SA) > 02:00:00:00:01:00 (RA=DA) / Dot11Auth
	// b00000000200000001000200000000100200000001000000000001000000
}

func ExampleNewDot11AssoReq() {
	// Scapy: Dot11AssoReq(cap="ESS+privacy", listen_interval=10)/Dot11Elt(ID="SSID", info=b"lab")
	b, _ := goscapy.NewDot11AssoReq().Set("cap", layers.Dot11CapESS|layers.Dot11CapPrivacy).
		Set("listen_interval", 10).Over(goscapy.NewDot11EltSSID("lab")).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 11000a0000036c6162
}

func ExampleNewDot11AssoResp() {
	// Scapy: Dot11AssoResp(cap="ESS", status=0, AID=0xc001)/Dot11EltRates(rates=[0x82, 0x84])
	b, _ := goscapy.NewDot11AssoResp().Set("cap", "ESS").Set("AID", 0xc001).
		Over(goscapy.NewDot11EltRates(0x82, 0x84)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0100000001c001028284
}

func ExampleNewDot11ReassoReq() {
	// Scapy: Dot11ReassoReq(cap="ESS", current_AP="02:00:00:00:01:00")/Dot11Elt(ID="SSID", info=b"lab")
	b, _ := goscapy.NewDot11ReassoReq().Set("cap", "ESS").Set("current_AP", "02:00:00:00:01:00").
		Over(goscapy.NewDot11EltSSID("lab")).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0100c80002000000010000036c6162
}

func ExampleNewDot11Deauth() {
	// Reasons by number or by Scapy's name.
	// Scapy: Dot11(addr1="02:00:00:00:00:10", addr2="02:00:00:00:01:00", addr3="02:00:00:00:01:00")/
	//   Dot11Deauth(reason=7)
	s := goscapy.NewDot11().Addr1("02:00:00:00:00:10").Addr2("02:00:00:00:01:00").Addr3("02:00:00:00:01:00").
		Over(goscapy.NewDot11Deauth().Set("reason", "class3-from-nonass"))
	b, _ := s.Build()
	p, _ := goscapy.DissectAs(b, layers.Dot11Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b)
	// Output:
	// 802.11 Management Deauthentication 02:00:00:00:01:00 (TA=SA) > 02:00:00:00:00:10 (RA=DA) / Dot11Deauth
	// c000000002000000001002000000010002000000010000000700
}

func ExampleNewDot11Disas() {
	// Scapy: Dot11Disas(reason=8)
	d := goscapy.NewDot11Disas().Set("reason", 8)
	b, _ := d.Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0800
}

func ExampleNewDot11Action() {
	// A block ack (category 3) ADDBA request (action 0), details as Raw.
	// Scapy: Dot11(type=0, subtype=13, addr1="02:00:00:00:00:10", addr2="02:00:00:00:01:00",
	//   addr3="02:00:00:00:01:00")/Raw(b"\x03\x00\x01\x02\x10\x00\x00\x00\x10")
	b, _ := goscapy.NewDot11().Addr1("02:00:00:00:00:10").Addr2("02:00:00:00:01:00").Addr3("02:00:00:00:01:00").
		Over(goscapy.NewDot11Action(3, 0)).
		Over(goscapy.NewRaw([]byte{1, 2, 0x10, 0, 0, 0, 0x10})).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// d00000000200000000100200000001000200000001000000030001021000000010
}

func ExampleDot11BodyBuilder_Set() {
	// Shared-key authentication, second frame, with its challenge text.
	// Scapy: Dot11Auth(algo="sharedkey", seqnum=2, status=0)/Dot11Elt(ID=16, info=b"0123456789abcdef")
	b, err := goscapy.NewDot11Auth().Set("algo", "sharedkey").Set("seqnum", 2).
		Over(goscapy.NewDot11Elt(layers.Dot11EltIDChallenge, []byte("0123456789abcdef"))).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 010002000000101030313233343536373839616263646566 <nil>
}

func ExampleNewDot11Elt() {
	// Any element by ID. Scapy: Dot11Elt(ID=255, info=b"\x23\x01\x02")
	e := goscapy.NewDot11Elt(layers.Dot11EltIDExtension, []byte{0x23, 1, 2})
	b, _ := e.Build()
	fmt.Printf("%x\n", b)
	// Output:
	// ff03230102
}

func ExampleNewDot11EltSSID() {
	// Scapy: Dot11Elt(ID="SSID", info=b"lab")
	e := goscapy.NewDot11EltSSID("lab")
	b, _ := e.Build()
	fmt.Println(e.Layer().Summary())
	fmt.Printf("%x\n", b)
	// More than 32 bytes is a build error.
	_, err := goscapy.NewDot11EltSSID("a very long network name of 40 bytes!!!").Build()
	fmt.Println(err != nil)
	// Output:
	// SSID='lab'
	// 00036c6162
	// true
}

func ExampleNewDot11EltRates() {
	// 1, 2, 5.5 and 11 Mb/s, all basic rates (0x80).
	// Scapy: Dot11EltRates(rates=[0x82, 0x84, 0x8b, 0x96])
	b, _ := goscapy.NewDot11EltRates(0x82, 0x84, 0x8b, 0x96).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 010482848b96
}

func ExampleNewDot11EltExtRates() {
	// Scapy: Dot11EltRates(ID=50, rates=[0x30, 0x48, 0x60, 0x6c])
	b, _ := goscapy.NewDot11EltExtRates(0x30, 0x48, 0x60, 0x6c).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 32043048606c
}

func ExampleNewDot11EltDSSSet() {
	// Scapy: Dot11EltDSSSet(channel=6)
	b, _ := goscapy.NewDot11EltDSSSet(6).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 030106
}

func ExampleNewDot11EltTIM() {
	// Scapy: Dot11Elt(ID="TIM", info=b"\x00\x03\x00\x00")
	b, _ := goscapy.NewDot11EltTIM(layers.Dot11TIM{DTIMPeriod: 3, VirtualBitmap: []byte{0}}).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 050400030000
}

func ExampleNewDot11EltCountry() {
	// Scapy: Dot11EltCountry(country_string=b"US ", descriptors=[
	//   Dot11EltCountryConstraintTriplet(first_channel_number=1, num_channels=11, mtp=30)])
	b, _ := goscapy.NewDot11EltCountry(layers.Dot11Country{String: "US ",
		Triplets: []layers.Dot11CountryTriplet{{FirstChannel: 1, NumChannels: 11, MaxPower: 30}}}).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0706555320010b1e
}

func ExampleNewDot11EltRSN() {
	// WPA2-PSK with protected management frames capable.
	// Scapy: Dot11EltRSN(akm_suites=[AKMSuite(suite=2)], mfp_capable=1, mfp_required=0)
	r := layers.DefaultRSNInfo()
	r.AKMSuites = []layers.RSNSuite{{OUI: layers.OUIIEEE80211, Type: layers.RSNAKMPSK}}
	r.Capabilities = layers.RSNCapMFPC
	b, _ := goscapy.NewDot11EltRSN(r).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 301a0100000fac040100000fac040100000fac0280000000000fac06
}

func ExampleNewDot11EltVendor() {
	// A WMM information element. Scapy: Dot11EltVendorSpecific(oui=0x0050f2, info=b"\x02\x00\x01\x00")
	b, _ := goscapy.NewDot11EltVendor(layers.OUIMicrosoft, []byte{2, 0, 1, 0}).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// dd070050f202000100
}

func ExampleDot11EltBuilder_Len() {
	// A deliberately wrong length is kept. Scapy: Dot11Elt(ID="SSID", len=5, info=b"lab")
	b, _ := goscapy.NewDot11EltSSID("lab").Len(5).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 00056c6162
}

func ExampleNewLLCSNAP() {
	// LLC and SNAP in one builder; the SNAP code follows the layer above.
	// Scapy: LLC()/SNAP()/ARP(hwsrc="02:00:00:00:00:10", psrc="192.0.2.10", pdst="192.0.2.1")
	b, _ := goscapy.NewLLCSNAP().
		Over(goscapy.NewARP().SrcMAC("02:00:00:00:00:10").SrcIP("192.0.2.10").DstIP("192.0.2.1")).Build()
	fmt.Printf("%x\n", b[:8])
	// Output:
	// aaaa030000000806
}

func ExampleNewEAPOL() {
	// Scapy: Ether(dst="01:80:c2:00:00:03", src="02:00:00:00:00:10")/EAPOL(version=2, type=1)
	s := goscapy.NewEthernet().DstMAC("01:80:c2:00:00:03").SrcMAC("02:00:00:00:00:10").
		Over(goscapy.NewEAPOL().Version(2).Type(layers.EAPOLTypeStart))
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b)
	// Output:
	// Ethernet / EAPOL EAPOL-Start
	// 0180c2000003020000000010888e02010000
}

func ExampleNewEAP() {
	// The identity response of 802.1X.
	// Scapy: EAPOL(version=1)/EAP(code=2, id=1, type=1, identity=b"user@example.net")
	s := goscapy.NewEAPOL().Over(goscapy.NewEAP(layers.EAPResponse, 1, 1, []byte("user@example.net")))
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b)
	// Output:
	// EAPOL / EAP Response Identity user@example.net
	// 01000015020100150175736572406578616d706c652e6e6574
}

func ExampleNewEAPOLKey() {
	// Message 1 of the 4-way handshake.
	// Scapy (scapy.contrib.wpa_eapol): EAPOL(version=2)/WPA_key(descriptor_type=2, key_info=0x008a,
	//   len=16, replay_counter=b"\x00\x00\x00\x00\x00\x00\x00\x01", nonce=bytes(range(32)), ...)
	nonce := make([]byte, 32)
	for i := range nonce {
		nonce[i] = byte(i)
	}
	k := goscapy.NewEAPOLKey().KeyInfo(layers.EAPOLKeyInfoPairwise | layers.EAPOLKeyInfoAck | 2).
		KeyLength(16).ReplayCounter(1).Nonce(nonce)
	s := goscapy.NewEAPOL().Version(2).Over(k)
	b, err := s.Build()
	fmt.Println(s.Packet(), len(b), err)
	fmt.Printf("%x\n", b[:17])
	// Output:
	// EAPOL / EAPOL_KEY message 1 of 4 99 <nil>
	// 0203005f02008a00100000000000000001
}

func ExampleNewBeacon() {
	// An access point's beacon; more elements go on top.
	s := goscapy.NewBeacon("02:00:00:00:01:00", "lab", 6).
		Over(goscapy.NewDot11EltRSN(layers.DefaultRSNInfo()))
	b, err := s.Build()
	p, _ := goscapy.DissectAs(b, layers.RadioTapType)
	fmt.Println(p)
	fmt.Println(len(b), err)
	// Output:
	// RadioTap / 802.11 Management Beacon 02:00:00:00:01:00 (TA=SA) > ff:ff:ff:ff:ff:ff (RA=DA) SSID='lab' / Dot11Beacon / Dot11Elt / Dot11EltRates / Dot11EltDSSSet / Dot11EltRSN
	// 90 <nil>
}

func ExampleRadioTapBeacon() {
	// Scapy: RadioTap()/Dot11(addr1="ff:ff:ff:ff:ff:ff", addr2="02:00:00:00:01:00",
	//   addr3="02:00:00:00:01:00")/Dot11Beacon(cap="ESS")/Dot11Elt(ID="SSID", info=b"goscapy")/
	//   Dot11EltRates(rates=[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24])/Dot11EltDSSSet(channel=6)
	b, err := goscapy.RadioTapBeacon("02:00:00:00:01:00", "goscapy", 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(b))
	fmt.Printf("%x\n", b[:20])
	fmt.Printf("%x\n", b[44:])
	// Output:
	// 66
	// 000008000000000080000000ffffffffffff0200
	// 0007676f7363617079010882848b960c121824030106
}

func ExampleDot11BeaconRates() {
	for _, r := range goscapy.Dot11BeaconRates {
		fmt.Print(float64(r&0x7f)/2, " ")
	}
	fmt.Println()
	// Output:
	// 1 2 5.5 11 6 9 12 18
}

func ExampleDot11QoSBuilder_AckPolicy() {
	// Scapy: Dot11QoS(TID=6, EOSP=1, Ack_Policy=1, TXOP=5)
	b, _ := goscapy.NewDot11QoS().TID(6).EOSP(1).AckPolicy(1).TXOP(5).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 3605
}

func ExampleLLCSNAPBuilder_Code() {
	// An explicit SNAP code (EAPOL, 0x888e) over raw bytes.
	// Scapy: LLC()/SNAP(code=0x888e)/Raw(b"\x02\x01\x00\x00")
	b, _ := goscapy.NewLLCSNAP().Code(layers.EtherTypeEAPOL).Over(goscapy.NewRaw([]byte{2, 1, 0, 0})).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// aaaa03000000888e02010000
}

func ExampleEAPOLKeyBuilder_MIC() {
	// Message 2 of the 4-way handshake carries the supplicant's nonce and a MIC.
	// Scapy (scapy.contrib.wpa_eapol): WPA_key(descriptor_type=2, key_info=0x010a, len=0,
	//   replay_counter=b"\x00\x00\x00\x00\x00\x00\x00\x01", nonce=b"\x11"*32, wpa_key_mic=b"\x22"*16, ...)
	nonce, mic := make([]byte, 32), make([]byte, 16)
	for i := range nonce {
		nonce[i] = 0x11
	}
	for i := range mic {
		mic[i] = 0x22
	}
	k := goscapy.NewEAPOLKey().KeyInfo(layers.EAPOLKeyInfoPairwise | layers.EAPOLKeyInfoMIC | 2).
		ReplayCounter(1).Nonce(nonce).MIC(mic)
	b, err := k.Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[:13])
	fmt.Printf("%x\n", b[77:])
	// Output:
	// 95 <nil>
	// 02010a00000000000000000001
	// 222222222222222222222222222222220000
}

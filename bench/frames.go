package bench

import "encoding/hex"

// Frames from /work/shared/corpus/generated/lab-100k.pcap (Ethernet link
// type), committed as hex so the benchmarks need no capture file. The
// expected field values in the tests come from tshark on the same frames.
var (
	// SYNFrame is frame 225: Ether / IP / TCP SYN 198.18.1.2:50188 >
	// 198.18.1.3:80 with options MSS 1460, SAckOK, Timestamp, NOP,
	// WScale 10 (74 bytes).
	SYNFrame = mustHex("02000000010302000000010208004500003c75fe400040063694c6120102c6120103" +
		"c40c00501c8f579100000000a002faf0be580000020405b40402080ab2ee151e000000000103030a")

	// DNSQueryFrame is frame 32: Ether / IP / UDP / DNS query for
	// b.lab.test A (70 bytes).
	DNSQueryFrame = mustHex("020000000103020000000102080045000038e81f40004011c46bc6120102c6120103" +
		"a8bf00350024836b0001010000010000000000000162036c616204746573740000010001")

	// DNSResponseFrame is frame 33: Ether / IP / UDP / DNS response
	// b.lab.test A 198.18.1.3, the answer name a compression pointer
	// (86 bytes).
	DNSResponseFrame = mustHex("02000000010202000000010308004500004888ba4000401123c1c6120103c6120102" +
		"0035a8bf003477a10001858000010001000000000162036c616204746573740000010001" +
		"c00c00010001000000000004c6120103")

	// ICMPEchoFrame is frame 1: Ether / IP / ICMP echo-request id 0x783a
	// seq 1 with 56 bytes of data (98 bytes).
	ICMPEchoFrame = mustHex("0200000001010200000001020800450000541ec3400040018cbdc6120102c6120202" +
		"080062d1783a0001cf99086b000000007b1b0b0000000000101112131415161718191a1b" +
		"1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637")
)

// Offsets of the payloads in the frames above (Ethernet 14 + IPv4 20 + UDP 8;
// Ethernet 14 + IPv4 20 + ICMP 8).
const (
	dnsOffset      = 42
	icmpDataOffset = 42
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic("bench: bad hex frame: " + err.Error())
	}
	return b
}

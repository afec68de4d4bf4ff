package goscapy_test

// The code fragments of the spec (../shared/seed/goscapy-article.txt) and
// of CONTRACT.md that need no network, unchanged but for the import path,
// each in its own function so their := declarations stand as written.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func TestSpecBuilderAPI(t *testing.T) {
	pkt, err := goscapy.NewEthernet().
		SrcMAC("aa:bb:cc:dd:ee:ff").
		DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("192.168.1.1").DstIP("8.8.8.8")).
		Over(goscapy.NewICMP().Type(8).Code(0)).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	// Scapy: Ether(src=..., dst=...)/IP(src="192.168.1.1", dst="8.8.8.8")/ICMP(type=8, code=0)
	want := "ffffffffffffaabbccddeeff08004500001c000100004001a927c0a80101080808080800f7ff00000000"
	if got := fmt.Sprintf("%x", pkt); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestSpecShortcutTCP(t *testing.T) {
	pkt, _ := goscapy.EtherIPTCP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "192.168.1.1", "10.0.0.1", 12345, 80, layers.TCPSyn)
	p, err := goscapy.Dissect(pkt)
	if err != nil || p.String() != "Ethernet / IP / TCP 192.168.1.1:12345 > 10.0.0.1:80 S" {
		t.Fatalf("%v %v", p, err)
	}
}

func TestSpecShortcutARP(t *testing.T) {
	pkt, _ := goscapy.EtherARP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "192.168.1.1", "192.168.1.2", layers.ARPWhoHas)
	p, err := goscapy.Dissect(pkt)
	if err != nil {
		t.Fatal(err)
	}
	hwsrc, _ := p.GetLayer("ARP").Get("hwsrc")
	if fmt.Sprint(hwsrc) != "aa:bb:cc:dd:ee:ff" {
		t.Fatalf("hwsrc %v", hwsrc)
	}
}

func TestSpecSendPacketsBuild(t *testing.T) {
	// The packet of the article's send example, built rather than sent.
	pkt := goscapy.NewEthernet().
		DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("192.168.1.1").DstIP("8.8.8.8")).
		Over(goscapy.NewICMP().Type(8).Code(0)).
		Packet()
	if _, err := pkt.Build(); err != nil {
		t.Fatal(err)
	}
}

func TestSpecARPScannerPacket(t *testing.T) {
	srcMAC, srcIP, targetIP := "02:00:00:00:00:01", "198.18.1.2", "198.18.1.3"
	pkt := goscapy.NewEthernet().
		DstMAC("ff:ff:ff:ff:ff:ff").
		SrcMAC(srcMAC).
		Type(layers.EtherTypeARP).
		Over(goscapy.NewARP().
			Op(layers.ARPWhoHas).
			SrcMAC(srcMAC).
			SrcIP(srcIP).
			DstIP(targetIP)).
		Packet()
	b, err := pkt.Build()
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := goscapy.Dissect(b)
	arpLayer := reply.GetLayer("ARP")
	hwSrc, _ := arpLayer.Get("hwsrc")
	if fmt.Sprint(hwSrc) != srcMAC {
		t.Fatalf("hwsrc %v", hwSrc)
	}
}

func TestSpecSYNScanReplyCheck(t *testing.T) {
	srcIP, targetIP, port := "198.18.1.2", "198.18.1.3", uint16(80)
	pkt := goscapy.NewIP().SrcIP(srcIP).DstIP(targetIP).
		Over(goscapy.NewTCP().SrcPort(12345).DstPort(port).Flags(layers.TCPSyn)).
		Packet()
	if _, err := pkt.Build(); err != nil {
		t.Fatal(err)
	}
	// A SYN-ACK answer, checked as the article checks it.
	ans, _ := goscapy.IPTCP(targetIP, srcIP, port, 12345, layers.TCPSyn|layers.TCPAck)
	reply, err := goscapy.DissectAs(ans, layers.IPv4Type)
	var out bytes.Buffer
	if err == nil && reply != nil {
		tcpLayer := reply.GetLayer("TCP")
		flags, _ := tcpLayer.Get("flags")
		if flags.(uint8)&layers.TCPSyn != 0 && flags.(uint8)&layers.TCPAck != 0 {
			fmt.Fprintf(&out, "Port %d: OPEN\n", port)
		}
	}
	if out.String() != "Port 80: OPEN\n" {
		t.Fatalf("got %q", out.String())
	}
}

func TestSpecBuildInto(t *testing.T) {
	pkt := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
		Over(goscapy.NewTCP().SrcPort(12345).DstPort(80).Flags(layers.TCPSyn)).
		Packet()
	buf := make([]byte, 1500)         // MTU‑size buffer
	result, err := pkt.BuildInto(buf) // zero‑copy write
	if err != nil || len(result) != 40 || &result[0] != &buf[0] {
		t.Fatalf("%d %v", len(result), err)
	}
	if _, err := pkt.BuildInto(make([]byte, 10)); err == nil {
		t.Fatal("short buffer accepted")
	}
}

func TestContractReading(t *testing.T) {
	frame, _ := goscapy.EtherIPTCP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "10.0.0.1", "10.0.0.2", 12345, 80, layers.TCPSyn)
	p, err := goscapy.Dissect(frame) // Ethernet first; layers it could decode are kept on error
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	fmt.Fprintln(&out, p)                    // Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S
	tcp := p.GetLayer("TCP")                 // nil when absent
	flags, _ := tcp.Get("flags")             // Scapy field names; flags is uint8 here
	_ = p.GetLayer("ARP")                    // nil: no ARP here
	dec := goscapy.NewDecoder()              // reusable; no allocation per packet once warm
	p, err = dec.Decode(frame)               // the packet is valid until the next Decode
	t2, ok := packet.LayerOf[*layers.TCP](p) // typed access: t.DstPort is a uint16
	if out.String() != "Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S\n" || flags.(uint8) != layers.TCPSyn || err != nil || !ok || t2.DstPort != 80 {
		t.Fatalf("%q %v %v %v", out.String(), flags, err, ok)
	}
}

func TestContractBadValue(t *testing.T) {
	_, err := goscapy.NewEthernet().SrcMAC("aa:bb:cc:dd:ee").Over(goscapy.NewIP()).Build()
	if err == nil || !strings.Contains(err.Error(), "Ethernet") || !strings.Contains(err.Error(), "src") || !strings.Contains(err.Error(), "aa:bb:cc:dd:ee") {
		t.Fatalf("error %v does not name layer, field and value", err)
	}
	_, err = goscapy.NewIP().DstIP("10.0.0.300").Build()
	if err == nil || !strings.Contains(err.Error(), "dst") {
		t.Fatalf("bad ip: %v", err)
	}
	p := goscapy.NewIP().SrcIP(42).Packet()
	if _, err := p.BuildInto(make([]byte, 100)); err == nil {
		t.Fatal("BuildInto ignored a bad value")
	}
}

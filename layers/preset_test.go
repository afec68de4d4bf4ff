package layers_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// presetPcaps are Ethernet captures of the repository with IPv4 TCP and
// UDP traffic: handshakes, HTTP, TLS, DNS, DHCP, BGP, fragments.
var presetPcaps = []string{
	"../stream/testdata/http.pcap",
	"../stream/testdata/tls.pcap",
	"../stream/testdata/dns-dhcp.pcap",
	"../stream/testdata/bgp-daemons.pcap",
	"../defrag/testdata/IPv4Frag.pcap",
	"../defrag/testdata/ip4_fragments.pcap",
	"../pcap/testdata/tcpdump_tcp-handshake-nano.pcap",
	"../defrag/testdata/ipv6-ext.pcap",
	"../defrag/testdata/ipv6-frag.pcap",
	"../defrag/testdata/icmpv6-rfc7112.pcap",
}

// presetFrames returns the frames of presetPcaps and of testdata/frames.txt,
// each also cut short at every length and with the length, offset,
// protocol and fragment fields of its IPv4, TCP and UDP headers changed,
// so that every check of the fast path meets a packet that fails it.
func presetFrames(t *testing.T) [][]byte {
	var frames [][]byte
	for _, f := range loadFrames(t) {
		frames = append(frames, f.data)
	}
	for _, name := range presetPcaps {
		r, err := pcap.Open(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for {
			data, ci, err := r.ReadPacketData()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("%s: %v", name, err)
				}
				break
			}
			if ci.LinkType == 1 {
				frames = append(frames, bytes.Clone(data))
			}
		}
		r.Close()
	}
	var out [][]byte
	for _, f := range frames {
		out = append(out, f)
		mut := func(off int, v ...byte) {
			if off+len(v) <= len(f) {
				g := bytes.Clone(f)
				copy(g[off:], v)
				out = append(out, g)
			}
		}
		if len(f) >= 54 && f[12] == 0x86 && f[13] == 0xdd {
			for n := 0; n < min(len(f), 100); n++ {
				out = append(out, f[:n])
			}
			for _, v := range [][]byte{{0, 0}, {0, 7}, {0, 8}, {0, 20}, {0xff, 0xff}} {
				mut(18, v...) // payload length
			}
			for _, v := range []byte{0, 6, 17, 44, 58, 59, 60} {
				mut(20, v) // next header
			}
			for _, v := range []byte{0x00, 0x40, 0x50, 0xf0} {
				mut(54+12, v) // TCP data offset
			}
			for _, v := range [][]byte{{0, 0}, {0, 7}, {0, 9}, {0xff, 0xff}} {
				mut(54+4, v...) // UDP length
			}
			continue
		}
		if len(f) < 34 || f[12] != 0x08 || f[13] != 0 {
			continue
		}
		for n := 0; n < min(len(f), 80); n++ {
			out = append(out, f[:n])
		}
		for _, v := range [][]byte{{0x81, 0}, {0x08, 0x06}, {0, 0x2e}, {0x05, 0xdc}, {0x86, 0xdd}} {
			mut(12, v...) // EtherType, or an 802.3 length
		}
		ihl := int(f[14]&0x0f) * 4
		for _, v := range []byte{0x40, 0x44, 0x45, 0x46, 0x4f, 0x60} {
			mut(14, v) // version and header length
		}
		for _, v := range [][]byte{{0, 0}, {0, 20}, {0, 21}, {0, 40}, {0xff, 0xff}} {
			mut(16, v...) // total length
		}
		for _, v := range [][]byte{{0x20, 0}, {0, 1}, {0x40, 0}} {
			mut(20, v...) // fragments
		}
		for _, v := range []byte{1, 4, 6, 17, 41, 47, 132, 253} {
			mut(23, v) // protocol
		}
		l4 := 14 + ihl
		for _, v := range []byte{0x00, 0x40, 0x50, 0x60, 0xf0} {
			mut(l4+12, v) // TCP data offset
		}
		for _, v := range [][]byte{{0, 0}, {0, 7}, {0, 8}, {0, 9}, {0xff, 0xff}} {
			mut(l4+4, v...) // UDP length
		}
		for _, v := range [][]byte{{0, 53}, {0, 80}, {0x1f, 0x90}} {
			mut(l4, v...)   // source port
			mut(l4+2, v...) // destination port
		}
	}
	return out
}

// describe is everything a dissection shows: layers, fields, errors and the
// bytes a rebuild gives.
func describe(p *packet.Packet, err error) string {
	b, berr := p.Build()
	return fmt.Sprintf("%v\n%s\nerr=%v errLayer=%d quoted=%d\nbuild=%x %v", p, p.Show(), err, p.ErrLayer(), p.Quoted(), b, berr)
}

// TestEthernetFastPathAgrees checks that the fast path for Ethernet / IPv4 /
// TCP or UDP (ethernetPreset.DecodeCommon) dissects every frame as the
// generic decoder does, in Dissect and in a warm Decoder.
func TestEthernetFastPathAgrees(t *testing.T) {
	frames := presetFrames(t)
	if len(frames) < 2000 {
		t.Fatalf("only %d frames", len(frames))
	}
	run := func() ([]string, []string) {
		var dis, dec []string
		d := packet.NewDecoder(layers.EthernetType)
		for _, f := range frames {
			dis = append(dis, describe(packet.Dissect(f, layers.EthernetType)))
			dec = append(dec, describe(d.Decode(f)))
		}
		return dis, dec
	}
	fastDis, fastDec := run()
	layers.SetEthernetFastPath(false)
	defer layers.SetEthernetFastPath(true)
	slowDis, slowDec := run()
	bad := 0
	for i, f := range frames {
		for _, c := range [][2]string{{fastDis[i], slowDis[i]}, {fastDec[i], slowDec[i]}, {fastDec[i], fastDis[i]}} {
			if c[0] != c[1] && bad < 5 {
				bad++
				t.Errorf("frame %x:\nfast path:\n%s\ngeneric:\n%s", f, c[0], c[1])
			}
		}
	}
}

// TestEthernetFastPathTaken guards the speed of the common case: Ethernet,
// IPv4 or IPv6, then TCP or UDP are decoded by the fast path, in Dissect
// and in a Decoder, up to the first layer it does not know or cannot
// decode.
func TestEthernetFastPathTaken(t *testing.T) {
	hits, restore := layers.CountEthernetFastPath()
	defer restore()
	d := packet.NewDecoder(layers.EthernetType)
	for _, c := range []struct {
		name, hex string
		fast      int // layers decoded by the fast path
	}{
		{"IPv4 TCP SYN", "02000000010302000000010208004500003c75fe40004006bc35c6120102c6120103c40c00501c8f579100000000a002faf0847c0000020405b40402080ab2ee151e0000000001030307", 3},
		{"IPv4 UDP DNS", "ffffffffffff0200000001020800450000380001000040117ae5c0a80101c0a8010204d20035002400000001010000010000000000000377777706676f6f676c6503636f6d0000010001", 3},
		{"IPv6 TCP", "33330000000102000000010286dd6000000000140640fe800000000000000000000000000001fe80000000000000000000000000000204d2005000000000000000005002200000000000", 3},
		{"IPv4 ICMP", "ffffffffffff02000000010208004500001c0001000040017ae5c0a80101c0a801020800f7ff00000000", 2},
		{"ARP", "ffffffffffff0200000001020806000108000604000102000000010200000000000000000000000000000000", 1},
		{"UDP cut short", "ffffffffffff0200000001020800450000380001000040117ae5c0a80101c0a8010204d2", 2},
		{"runt", "ffffffffff", 0},
	} {
		data, err := hex.DecodeString(c.hex)
		if err != nil {
			t.Fatal(err)
		}
		for _, how := range []string{"Dissect", "Decoder"} {
			before := *hits
			if how == "Dissect" {
				packet.Dissect(data, layers.EthernetType)
			} else {
				d.Decode(data)
			}
			if got := *hits - before; got != c.fast {
				t.Errorf("%s of %s: %d layers decoded by the fast path, want %d", how, c.name, got, c.fast)
			}
		}
	}
}

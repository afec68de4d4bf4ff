package goscapy

import (
	"bytes"
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// captureOf writes frames, repeated n times, as classic pcap or pcapng.
func captureOf(t *testing.T, ng bool, n int, frames ...[]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var write func(pcap.CaptureInfo, []byte) error
	var flush func() error
	if ng {
		w, err := pcap.NewNgWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		write, flush = w.WritePacket, w.Flush
	} else {
		w, err := pcap.NewWriter(&buf, pcap.LinkTypeEthernet)
		if err != nil {
			t.Fatal(err)
		}
		write, flush = w.WritePacket, w.Flush
	}
	ts := time.Unix(1700000000, 0)
	for i := 0; i < n; i++ {
		for _, f := range frames {
			ts = ts.Add(time.Microsecond)
			ci := pcap.CaptureInfo{Timestamp: ts, CaptureLength: len(f), Length: len(f), LinkType: pcap.LinkTypeEthernet}
			if err := write(ci, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadDecodeNoAllocs: reading a capture with the zero-copy reader and
// decoding every packet with a warm decoder allocates nothing per packet.
func TestReadDecodeNoAllocs(t *testing.T) {
	syn, _ := EtherIPTCP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "10.0.0.1", "10.0.0.2", 12345, 80, layers.TCPSyn)
	dns, _ := NewEthernet().Over(NewIP().DstIP("10.0.0.53")).Over(NewUDP().SrcPort(40000)).
		Over(NewDNS().ID(7).Question("example.com", layers.DNSTypeA)).Build()
	ping, _ := EtherIPICMP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "10.0.0.1", "10.0.0.2", layers.ICMPEchoRequest, 0)
	arp, _ := EtherARP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "10.0.0.1", "10.0.0.2", layers.ARPWhoHas)
	v6, _ := EtherIPv6UDP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "2001:db8::1", "2001:db8::2", 1000, 9999, []byte("x"))
	for _, ng := range []bool{false, true} {
		file := captureOf(t, ng, 400, syn, dns, ping, arp, v6)
		r, err := pcap.NewReader(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		dec := packet.NewDecoder(0)
		next := func() {
			data, ci, err := r.ReadPacketData()
			if err != nil {
				t.Fatal(err)
			}
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			if _, err := dec.DecodeAs(data, first); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 500; i++ { // warm: every kind of packet seen
			next()
		}
		if a := testing.AllocsPerRun(1000, next); a != 0 {
			t.Errorf("pcapng=%v: %v allocations per packet", ng, a)
		}
	}
}

// Command radiotap-reader prints one line per 802.11 frame of pcap or
// pcapng captures with radiotap headers (link type 127) or plain 802.11
// (link type 105): the channel, the signal, the rate, the frame type, the
// transmitter and receiver, and the SSID of beacons and probes.
//
//	go run ./examples/23-radiotap-reader ../shared/corpus/tcpdump/ieee802.11_exthdr.pcap
//
// Frames of other link types are counted and skipped. A warm decoder
// dissects every frame without allocating.
//
//example:offline ../shared/corpus/tcpdump/ieee802.11_exthdr.pcap
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: radiotap-reader FILE.pcap [FILE.pcapng ...]")
		fmt.Fprintln(os.Stderr, "\nPrint channel, signal, rate and SSID of each 802.11 frame of captures.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	status := 0
	for _, name := range flag.Args() {
		if err := read(name); err != nil {
			fmt.Fprintln(os.Stderr, "radiotap-reader:", err)
			status = 1
		}
	}
	os.Exit(status)
}

func read(name string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	dec := packet.NewDecoder(layers.RadioTapType)
	n, skipped := 0, 0
	for data, ci := range r.All() {
		n++
		if ci.LinkType != 127 && ci.LinkType != 105 {
			skipped++
			continue
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, err := dec.DecodeAs(data, first)
		fmt.Printf("%s #%d %s\n", name, n, describe(p, err))
	}
	if skipped > 0 {
		fmt.Printf("%s: %d frames of other link types skipped\n", name, skipped)
	}
	return r.Err()
}

// describe is "ch 6 (2437 MHz) -42 dBm 1 Mb/s Management Beacon 02:..:00 > ff:..:ff SSID "lab"".
func describe(p *packet.Packet, err error) string {
	var b strings.Builder
	if rt, ok := packet.LayerOf[*layers.RadioTap](p); ok {
		if rt.Has(layers.RadioTapChannel) {
			fmt.Fprintf(&b, "ch %d (%d MHz) ", rt.ChannelNumber(), rt.ChannelFrequency)
		}
		if s, ok := rt.Signal(); ok {
			fmt.Fprintf(&b, "%d dBm ", s)
		}
		switch {
		case rt.Has(layers.RadioTapRate):
			b.WriteString(strconv.FormatFloat(rt.RateMbps(), 'f', -1, 64) + " Mb/s ")
		case rt.Has(layers.RadioTapMCS):
			fmt.Fprintf(&b, "MCS %d ", rt.MCSIndex)
		}
	}
	d, ok := packet.LayerOf[*layers.Dot11](p)
	if !ok {
		if err != nil {
			return b.String() + "undecodable: " + err.Error()
		}
		return b.String() + "no 802.11 header"
	}
	t := d.Type.Value
	fmt.Fprintf(&b, "%s %s ", layers.Dot11TypeNames[uint64(t)], subtypeName(t, d.Subtype.Value))
	if d.AddressMeaning(2) != "" {
		fmt.Fprintf(&b, "%s > ", d.Addr2)
	}
	b.WriteString(d.Addr1.String())
	if d.Protected() {
		b.WriteString(" protected")
	}
	for _, l := range p.Layers() {
		if e, ok := l.(*layers.Dot11Elt); ok {
			if ssid, ok := e.SSID(); ok {
				fmt.Fprintf(&b, " SSID %q", ssid)
			}
			if c, ok := e.Channel(); ok {
				fmt.Fprintf(&b, " DS channel %d", c)
			}
		}
		if k, ok := l.(*layers.EAPOLKey); ok && k.HandshakeMessage() > 0 {
			fmt.Fprintf(&b, " EAPOL-Key %d/4", k.HandshakeMessage())
		}
	}
	if err != nil {
		b.WriteString(" (" + err.Error() + ")")
	}
	return b.String()
}

func subtypeName(t, s uint8) string {
	if n, ok := layers.Dot11SubtypeNames[t&3][uint64(s)]; ok {
		return n
	}
	return "subtype " + strconv.Itoa(int(s))
}

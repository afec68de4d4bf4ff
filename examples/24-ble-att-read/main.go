// Ble-att-read builds a Bluetooth Low Energy ATT read request as an HCI
// host would hand it to its controller over H4 (HCI ACL data / L2CAP
// channel 4 / ATT), prints the layers and the bytes, and optionally
// writes it to a pcap file that Wireshark opens (link type 187, or 201
// with the direction header).
//
//	go run ./examples/24-ble-att-read -conn 0x40 -handle 0x21
//	go run ./examples/24-ble-att-read -handle 0x03 -phdr -w att.pcap
//
// Lengths, the H4 packet type, the L2CAP channel and the ATT opcode are
// filled in by the build; the result dissects back into the same layers.
//
//example:offline -handle 0x03 -phdr -w {tmp}/att.pcap
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	conn := flag.Uint("conn", 0x40, "ACL connection handle (12 bits)")
	handle := flag.Uint("handle", 0x21, "attribute handle to read")
	phdr := flag.Bool("phdr", false, "add the 4-byte direction header (link type 201)")
	out := flag.String("w", "", "write the frame to this pcap file")
	flag.Parse()
	if *conn > 0x0fff || *handle > 0xffff {
		fmt.Fprintln(os.Stderr, "ble-att-read: connection handle is 12 bits, attribute handle 16 bits")
		os.Exit(2)
	}
	s := &goscapy.Stack{}
	link := uint32(187)
	if *phdr {
		s.Over(goscapy.NewHCIPHDR(0)) // 0: sent by the host
		link = 201
	}
	frame, err := s.Over(goscapy.NewHCI()).
		Over(goscapy.NewHCIACL(uint16(*conn))).
		Over(goscapy.NewL2CAP()).
		Over(goscapy.NewATT()).
		Over(goscapy.NewATTReadRequest(uint16(*handle))).
		Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ble-att-read:", err)
		os.Exit(1)
	}
	first, _ := packet.FirstLayer(link, frame)
	p, err := packet.Dissect(frame, first)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ble-att-read:", err)
		os.Exit(1)
	}
	fmt.Println(p)
	fmt.Print(p.Show())
	fmt.Print(packet.HexDump(frame))
	if l := p.GetLayer("ATT_Read_Request"); l != nil {
		h, _ := l.Get("gatt_handle")
		fmt.Printf("read request for attribute handle 0x%04x\n", h)
	}
	if *out != "" {
		if err := writePcap(*out, link, frame); err != nil {
			fmt.Fprintln(os.Stderr, "ble-att-read:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", *out)
	}
}

func writePcap(name string, link uint32, frame []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w, err := pcap.NewWriter(f, pcap.LinkType(link))
	if err == nil {
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: time.Now(), CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkType(link)}, frame)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

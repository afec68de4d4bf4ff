// Zigbee-zcl-report builds the frame a Zigbee temperature sensor sends to
// its coordinator: an IEEE 802.15.4 data frame (with FCS) carrying Zigbee
// NWK / APS (Home Automation profile, temperature measurement cluster
// 0x0402) / ZCL report attributes with the measured value as a typed
// int16 in hundredths of a degree. It prints the layers and bytes, reads
// the report back, and optionally writes a pcap (link type 195).
//
//	go run ./examples/25-zigbee-zcl-report -temp 21.5
//	go run ./examples/25-zigbee-zcl-report -pan 0x1aaa -src 0x4f2e -temp -3.25 -w report.pcap
//
// Nothing is encrypted: real networks add the NWK security header
// (layers "ZigbeeSecurityHeader"), which goscapy dissects and keeps.
//
//example:offline -pan 0x1aaa -src 0x4f2e -temp -3.25 -w {tmp}/report.pcap
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	pan := flag.Uint("pan", 0x1aaa, "PAN identifier")
	src := flag.Uint("src", 0x0001, "sensor short address")
	dst := flag.Uint("dst", 0x0000, "coordinator short address")
	temp := flag.Float64("temp", 21.5, "temperature in degrees Celsius")
	seq := flag.Uint("seq", 1, "sequence number (MAC, NWK, APS counter and ZCL transaction)")
	out := flag.String("w", "", "write the frame to this pcap file")
	flag.Parse()
	if *pan > 0xffff || *src > 0xffff || *dst > 0xffff || *seq > 0xff || math.Abs(*temp) > 327 {
		fmt.Fprintln(os.Stderr, "zigbee-zcl-report: addresses are 16 bits, seq 8 bits, temp within ±327")
		os.Exit(2)
	}
	centi := int16(math.Round(*temp * 100))
	frame, err := goscapy.NewDot15d4FCS().
		Set("fcf_panidcompress", 1).Set("fcf_srcaddrmode", 2).Set("seqnum", *seq).
		Over(goscapy.NewDot15d4Data(uint64(*pan), uint64(*dst)).Set("src_addr", *src)).
		Over(goscapy.NewZigbeeNWK(uint16(*dst), uint16(*src)).Set("radius", 30).Set("seqnum", *seq)).
		Over(goscapy.NewZigbeeAPS(0x0402, 0x0104, 1, 1).Set("counter", *seq)).
		Over(goscapy.NewZCL(uint8(*seq)).Set("command_direction", 1).Set("disable_default_response", 1)).
		Over(goscapy.NewZCLReportAttributes().Attr(0x0000, layers.ZCLTypeInt16, centi)).
		Over(goscapy.NewDot15d4FCSTrailer()).
		Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "zigbee-zcl-report:", err)
		os.Exit(1)
	}
	p, err := packet.Dissect(frame, layers.Dot15d4FCSType)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zigbee-zcl-report:", err)
		os.Exit(1)
	}
	fmt.Println(p)
	fmt.Print(p.Show())
	fmt.Print(packet.HexDump(frame))
	if r, ok := packet.LayerOf[*layers.ZCLGeneral](p); ok {
		for _, a := range r.Attrs {
			v, _ := a.Value().(int64)
			fmt.Printf("attribute 0x%04x (type 0x%02x) = %v -> %.2f °C\n", a.ID, a.DataType, a.Value(), float64(v)/100)
		}
	}
	fcs := layers.CRC16Kermit(frame[:len(frame)-2])
	fmt.Printf("fcs 0x%04x (%s)\n", fcs, map[bool]string{true: "ok", false: "bad"}[frame[len(frame)-2] == byte(fcs) && frame[len(frame)-1] == byte(fcs>>8)])
	if *out != "" {
		if err := writePcap(*out, frame); err != nil {
			fmt.Fprintln(os.Stderr, "zigbee-zcl-report:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", *out)
	}
}

func writePcap(name string, frame []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	const link = pcap.LinkType(195) // IEEE 802.15.4 with FCS
	w, err := pcap.NewWriter(f, link)
	if err == nil {
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: time.Now(), CaptureLength: len(frame), Length: len(frame), LinkType: link}, frame)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Snmp-get builds the SNMP get-request a manager sends for the OIDs you
// name and prints it; given the agent's responses, in a capture file or as
// hex, it reads them and prints each variable binding with its type:
//
//	go run ./examples/14-snmp-get -agent 192.0.2.161 -community public 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.3.0
//	go run ./examples/14-snmp-get -r ../shared/corpus/generated/daemons/snmp.pcap
//	go run ./examples/14-snmp-get -hex 3081...              # an SNMP message, or an IPv4, IPv6 or Ethernet frame
//	go run ./examples/14-snmp-get -v1 -next -w get.pcap 1.3.6.1.2.1.1
//
// Nothing is sent: sending needs an interface the user names. The request
// is printed, and written to the pcap file given with -w (an existing file
// is replaced only with -force). Run without OIDs, -r or -hex, it prints
// its usage.
//
//example:offline -v1 -next -w {tmp}/get.pcap 1.3.6.1.2.1.1
//example:offline -r ../shared/corpus/generated/daemons/snmp.pcap
package main

import (
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	agent := flag.String("agent", "192.0.2.161", "the agent's address")
	src := flag.String("src", "192.0.2.10", "our address")
	sport := flag.Uint("sport", 40000, "our UDP port")
	community := flag.String("community", "public", "community string")
	id := flag.Int64("id", 1, "request ID")
	v1 := flag.Bool("v1", false, "SNMPv1 instead of v2c")
	next := flag.Bool("next", false, "a get-next-request (walk one step)")
	hexMsg := flag.String("hex", "", "a response as hex: an SNMP message, or an IPv4, IPv6 or Ethernet frame")
	capture := flag.String("r", "", "read the responses of this capture")
	out := flag.String("w", "", "write the request to this pcap file (raw IPv4)")
	force := flag.Bool("force", false, "replace the -w file if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: snmp-get [-agent ADDR] [-src ADDR] [-community S] [-id N] [-v1] [-next] [-w OUT.pcap [-force]] OID...")
		fmt.Fprintln(os.Stderr, "       snmp-get -r RESPONSES.pcap | -hex RESPONSE")
		fmt.Fprintln(os.Stderr, "\nBuild an SNMP get-request for the OIDs and print it; read responses from a capture or hex.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 && *hexMsg == "" && *capture == "" || *sport > 0xffff {
		flag.Usage()
		os.Exit(2)
	}
	if flag.NArg() > 0 {
		b := goscapy.NewSNMP().Community(*community).ID(*id)
		if *v1 {
			b.Version(layers.SNMPv1)
		}
		if *next {
			b.GetNext(flag.Args()...)
		} else {
			b.Get(flag.Args()...)
		}
		if err := request(*src, *agent, uint16(*sport), b, *out, *force); err != nil {
			fail(err)
		}
	}
	if *hexMsg != "" {
		if err := fromHex(*hexMsg); err != nil {
			fail(err)
		}
	}
	if *capture != "" {
		if err := fromCapture(*capture); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "snmp-get: %v\n", err)
	os.Exit(1)
}

func request(src, agent string, sport uint16, snmp *goscapy.SNMPBuilder, out string, force bool) error {
	req, err := goscapy.NewIP().SrcIP(src).DstIP(agent).
		Over(goscapy.NewUDP().SrcPort(sport).DstPort(layers.SNMPPort)).
		Over(snmp).Build()
	if err != nil {
		return err
	}
	p, err := goscapy.DissectAs(req, layers.IPv4Type)
	if err != nil {
		return err
	}
	fmt.Println("request:", p)
	fmt.Print(p.Show())
	fmt.Println(packet.HexDump(req))
	if out != "" {
		return writePcap(out, force, req)
	}
	return nil
}

func fromHex(s string) error {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return fmt.Errorf("-hex: %w", err)
	}
	first := layers.EthernetType
	switch {
	case len(b) > 0 && b[0] == 0x30:
		first = layers.SNMPType // a bare message: a BER SEQUENCE
	case len(b) > 0 && b[0]>>4 == 4:
		first = layers.IPv4Type
	case len(b) > 0 && b[0]>>4 == 6:
		first = layers.IPv6Type
	}
	p, err := goscapy.DissectAs(b, first)
	if err != nil {
		return fmt.Errorf("%w (%v)", err, p)
	}
	s2, ok := packet.LayerOf[*layers.SNMP](p)
	if !ok {
		return errors.New("no snmp message in " + p.String())
	}
	printMessage(s2)
	return nil
}

func fromCapture(path string) error {
	r, err := pcap.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	dec := packet.NewDecoder(0)
	n := 0
	for data, ci := range r.All() {
		n++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		s, ok := packet.LayerOf[*layers.SNMP](p)
		if !ok || s.Encrypted || s.PDUType != layers.SNMPResponse && s.PDUType != layers.SNMPReport {
			continue
		}
		fmt.Printf("#%d %s\n", n, p)
		printMessage(s)
	}
	return r.Err()
}

// printMessage prints a message's header and its variable bindings with
// their types.
func printMessage(s *layers.SNMP) {
	if s.Version == layers.SNMPv3 {
		fmt.Printf("  SNMPv3 user %q, engine %x, context %q\n", s.USM.UserName, s.USM.EngineID, s.ContextName)
	} else {
		fmt.Printf("  %s community %q\n", layers.SNMPVersionNames[uint64(s.Version)], s.Community)
	}
	if s.Encrypted {
		fmt.Printf("  encrypted scoped PDU, %d bytes\n", len(s.EncryptedPDU))
		return
	}
	fmt.Printf("  %s id %d", s.PDUName(), s.RequestID)
	if s.PDUType != layers.SNMPGetBulkRequest && s.ErrorStatus != 0 {
		fmt.Printf(", error %s at index %d", layers.SNMPErrorNames[uint64(s.ErrorStatus)], s.ErrorIndex)
	}
	fmt.Println()
	for _, vb := range s.Varbinds {
		fmt.Printf("  %-28s %s\n", vb.OID, value(vb.Value))
	}
}

// value formats a value as snmpget does: TYPE: value.
func value(v layers.SNMPValue) string {
	switch v.Tag {
	case ber.TagOctetString:
		if printable(v.Data) {
			return fmt.Sprintf("STRING: %q", v.Data)
		}
		return fmt.Sprintf("Hex-STRING: % X", v.Data)
	case ber.TagInteger:
		x, _ := v.Int()
		return fmt.Sprintf("INTEGER: %d", x)
	case ber.TagTimeTicks:
		x, _ := v.Uint()
		d := time.Duration(x) * 10 * time.Millisecond
		return fmt.Sprintf("Timeticks: (%d) %v", x, d)
	case ber.TagCounter32, ber.TagGauge32, ber.TagCounter64, ber.TagUInteger32:
		x, _ := v.Uint()
		return fmt.Sprintf("%s: %d", v.Tag, x)
	case ber.TagOID:
		return "OID: " + ber.OID(v.Data).String()
	case ber.TagIPAddress:
		a, _ := v.IP()
		return "IpAddress: " + a.String()
	}
	return v.String()
}

func printable(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 || c > 0x7e) && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

func writePcap(path string, force bool, frame []byte) error {
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	if err != nil {
		return err
	}
	const raw = pcap.LinkTypeIPv4
	w, err := pcap.NewWriter(f, raw)
	if err == nil {
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: time.Now(), LinkType: raw}, frame)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Printf("wrote the request to %s\n", path)
	}
	return err
}

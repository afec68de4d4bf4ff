// Ntp-client builds the request an SNTP client (RFC 4330) sends to a time
// server and prints it; given the server's replies, in a capture file or
// as hex, it reads them and computes the clock offset and the round-trip
// delay (RFC 5905 section 8):
//
//	go run ./examples/10-ntp-client -server 192.0.2.123 -w request.pcap
//	go run ./examples/10-ntp-client ../shared/corpus/generated/daemons/ntp.pcap
//	go run ./examples/10-ntp-client -hex 4500004c...   # a reply, an IPv4, IPv6 or Ethernet frame
//
// Nothing is sent: sending needs an interface the user names. The request
// is printed, and written to the pcap file given with -w (an existing file
// is replaced only with -force). Run without a capture, -hex or -w, it
// prints its usage.
//
//example:offline -server 198.18.1.3 -w {tmp}/request.pcap
//example:offline ../shared/corpus/generated/daemons/ntp.pcap
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
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	server := flag.String("server", "192.0.2.123", "time server address")
	src := flag.String("src", "192.0.2.10", "our address")
	hexReply := flag.String("hex", "", "an NTP reply as hex (an IPv4, IPv6 or Ethernet frame)")
	out := flag.String("w", "", "write the request to this pcap file (raw IPv4)")
	force := flag.Bool("force", false, "replace the -w file if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ntp-client [-server ADDR] [-src ADDR] [-w OUT.pcap [-force]] [-hex REPLY | REPLIES.pcap]")
		fmt.Fprintln(os.Stderr, "\nBuild an NTP client request and print it; read the replies of a capture or a hex frame.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 1 || (flag.NArg() == 1 && *hexReply != "") || (flag.NArg() == 0 && *hexReply == "" && *out == "") {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*server, *src, *hexReply, flag.Arg(0), *out, *force); err != nil {
		fmt.Fprintf(os.Stderr, "ntp-client: %v\n", err)
		os.Exit(1)
	}
}

func run(server, src, hexReply, capture, out string, force bool) error {
	t1 := time.Now()
	req, err := goscapy.NTPRequest(src, server, t1)
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
		if err := writePcap(out, force, req, t1); err != nil {
			return err
		}
	}
	switch {
	case hexReply != "":
		b, err := hex.DecodeString(strings.Join(strings.Fields(hexReply), ""))
		if err != nil {
			return fmt.Errorf("-hex: %w", err)
		}
		first := layers.EthernetType // an Ethernet frame unless it reads as IP
		if len(b) > 0 && b[0]>>4 == 4 {
			first = layers.IPv4Type
		} else if len(b) > 0 && b[0]>>4 == 6 {
			first = layers.IPv6Type
		}
		return reply(b, first, time.Time{})
	case capture != "":
		r, err := pcap.Open(capture)
		if err != nil {
			return err
		}
		defer r.Close()
		for data, ci := range r.All() {
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			q, _ := goscapy.DissectAs(data, first)
			if n, ok := packet.LayerOf[*layers.NTP](q); ok && n.Mode == layers.NTPModeServer {
				fmt.Println("reply:", q)
				if err := reply(data, first, ci.Timestamp); err != nil {
					return err
				}
			}
		}
		return r.Err()
	}
	return nil
}

// reply prints a server reply. With the time it arrived (t4), it also
// computes the offset of our clock and the round-trip delay: t1 is the
// request's transmit time, which the server echoes as origin, t2 and t3
// the server's receive and transmit times.
func reply(frame []byte, first packet.LayerType, t4 time.Time) error {
	p, err := goscapy.DissectAs(frame, first)
	if err != nil {
		return err
	}
	n, ok := packet.LayerOf[*layers.NTP](p)
	if !ok {
		return errors.New("no ntp layer in the reply: " + p.String())
	}
	ref := n.RefIDText()
	if n.Stratum > 1 {
		ref = n.RefAddr().String()
	}
	fmt.Printf("  server stratum %d, reference %s, precision 2^%d s, root delay %v, root dispersion %v\n",
		n.Stratum, ref, n.PrecisionExp(), n.RootDelay.Duration(), n.RootDispersion.Duration())
	t1, t2, t3 := n.OrigTime(), n.RecvTime(), n.SentTime()
	fmt.Printf("  t1 (our request)   %s\n  t2 (server got it) %s\n  t3 (server sent)   %s\n", stamp(t1), stamp(t2), stamp(t3))
	if t4.IsZero() || t1.IsZero() {
		return nil
	}
	offset := (t2.Sub(t1) + t3.Sub(t4)) / 2
	delay := t4.Sub(t1) - t3.Sub(t2)
	fmt.Printf("  t4 (reply arrived) %s\n  offset %v, delay %v\n", t4.UTC().Format(time.RFC3339Nano), offset, delay)
	return nil
}

// stamp formats a timestamp; a zero NTP timestamp means "unknown".
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339Nano)
}

func writePcap(path string, force bool, frame []byte, t time.Time) error {
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
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: raw}, frame)
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

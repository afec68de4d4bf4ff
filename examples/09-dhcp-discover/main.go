// Dhcp-discover builds the DHCP discover a client broadcasts to find a
// server (the frame Scapy's dhcp_request() sends), prints it as Scapy's
// show() and hexdump() do, then builds the request that follows the
// server's offer:
//
//	go run ./examples/09-dhcp-discover dhcp.pcap
//	go run ./examples/09-dhcp-discover -mac 02:00:00:00:00:42 -xid 7 dhcp.pcap
//	tcpdump -n -v -r dhcp.pcap
//
// Nothing is sent: sending needs an interface the user names. The frames
// are printed and written to the pcap file named on the command line (an
// existing file is replaced only with -force).
//
//example:offline -mac 02:00:00:00:00:42 -xid 7 {tmp}/dhcp.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	mac := flag.String("mac", "02:00:00:00:00:01", "client MAC address")
	xid := flag.Uint("xid", 0, "transaction ID (0: random)")
	offered := flag.String("offered", "192.0.2.100", "address the server offered, asked for in the request")
	server := flag.String("server", "192.0.2.1", "server identifier of the offer")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dhcp-discover [-mac MAC] [-xid N] [-offered ADDR] [-server ADDR] [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild a DHCP discover and the request that follows an offer; print them and write them to OUT.pcap.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*mac, uint32(*xid), *offered, *server, flag.Arg(0), *force); err != nil {
		fmt.Fprintf(os.Stderr, "dhcp-discover: %v\n", err)
		os.Exit(1)
	}
}

func run(mac string, xid uint32, offered, server, out string, force bool) error {
	if xid == 0 {
		xid = rand.Uint32()
	}
	// The shortcut: Ether/IP/UDP/BOOTP/DHCP as Scapy's dhcp_request().
	discover, err := goscapy.DHCPDiscover(mac, xid)
	if err != nil {
		return err
	}
	// The same kind of frame from the builders, option by option.
	request, err := goscapy.NewEthernet().SrcMAC(mac).DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
		Over(goscapy.NewUDP().SrcPort(layers.BOOTPClientPort).DstPort(layers.BOOTPServerPort)).
		Over(goscapy.NewBOOTP().CHAddr(mac).XID(xid).Broadcast()).
		Over(goscapy.NewDHCP().MessageType(layers.DHCPRequest).ClientIDMAC(mac).
			RequestedAddr(offered).ServerID(server).Hostname("goscapy").
			ParamReqList(layers.DHCPOptSubnetMask, layers.DHCPOptRouter, layers.DHCPOptDNS, layers.DHCPOptDomainName).
			End()).
		Build()
	if err != nil {
		return err
	}
	for _, frame := range [][]byte{discover, request} {
		p, err := goscapy.Dissect(frame)
		if err != nil {
			return err
		}
		fmt.Println(p)
		fmt.Print(p.Show())
		fmt.Println(packet.HexDump(frame))
		if d, ok := packet.LayerOf[*layers.DHCP](p); ok {
			for _, o := range d.Options {
				if o.Code != layers.DHCPOptPad && o.Code != layers.DHCPOptEnd {
					fmt.Printf("  option %3d %-16s %v\n", o.Code, o.Name(), o.Value())
				}
			}
			fmt.Println()
		}
	}
	return writePcap(out, force, discover, request)
}

func writePcap(path string, force bool, frames ...[]byte) error {
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
	w, err := pcap.NewWriter(f, pcap.LinkTypeEthernet)
	if err != nil {
		f.Close()
		return err
	}
	t := time.Now()
	for _, frame := range frames {
		ci := pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkTypeEthernet}
		if err := w.WritePacket(ci, frame); err != nil {
			f.Close()
			return err
		}
		t = t.Add(time.Millisecond)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d frames to %s\n", len(frames), path)
	return nil
}

// Lldp-announcer builds the LLDP frame a host announces itself with on a
// link: chassis ID (the interface's MAC address), port ID (the interface
// name), time to live, port description, system name and description,
// system capabilities, a management address, an IEEE 802.1 port VLAN ID
// organisation-specific TLV and End Of LLDPDU. It prints the frame, shows
// it dissected and writes it to a pcap file:
//
//	go run ./examples/13-lldp-announcer lldp.pcap
//	go run ./examples/13-lldp-announcer -mac 02:00:00:00:00:01 -port eth1 -name sw1 -mgmt 192.0.2.1 lldp.pcap
//	tshark -r lldp.pcap -V -Y lldp
//
// Nothing is sent: the frame is printed and written to the pcap file named
// on the command line (an existing file is replaced only with -force).
//
//example:offline -mac 02:00:00:00:00:01 -port eth1 -name sw1 -mgmt 192.0.2.1 {tmp}/lldp.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	mac := flag.String("mac", "02:00:00:00:00:01", "chassis MAC address (the frame's source)")
	port := flag.String("port", "eth0", "port ID: the interface name")
	name := flag.String("name", "host.example", "system name")
	descr := flag.String("descr", "goscapy lldp-announcer", "system description")
	mgmt := flag.String("mgmt", "192.0.2.1", "management address (IPv4 or IPv6)")
	ttl := flag.Uint("ttl", 120, "time to live, seconds (0 withdraws the announcement)")
	vlan := flag.Uint("vlan", 1, "port VLAN ID (IEEE 802.1 TLV)")
	count := flag.Int("n", 3, "frames to write, one every 30 s of capture time")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: lldp-announcer [flags] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild LLDP announcements, print them and write them to OUT.pcap (Ethernet).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *ttl > 0xffff || *vlan > 4094 || *count < 1 {
		flag.Usage()
		os.Exit(2)
	}
	frame, err := goscapy.NewEthernet().SrcMAC(*mac).DstMAC(layers.LLDPMulticast).
		Over(goscapy.NewLLDP().
			ChassisMAC(*mac).
			PortName(*port).
			TTL(uint16(*ttl)).
			PortDescription("port "+*port).
			SystemName(*name).
			SystemDescription(*descr).
			SystemCapabilities(layers.LLDPCapBridge|layers.LLDPCapRouter|layers.LLDPCapStationOnly, layers.LLDPCapStationOnly).
			ManagementAddress(*mgmt, 2).
			OrgSpecific(0x0080c2, 1, []byte{byte(*vlan >> 8), byte(*vlan)}).
			End()).
		Build()
	if err != nil {
		fmt.Fprintf(os.Stderr, "lldp-announcer: %v\n", err)
		os.Exit(1)
	}
	p, err := goscapy.Dissect(frame)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lldp-announcer: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(p)
	fmt.Print(p.Show())
	fmt.Print(packet.HexDump(frame))
	if err := writePcap(flag.Arg(0), *force, frame, *count); err != nil {
		fmt.Fprintf(os.Stderr, "lldp-announcer: %v\n", err)
		os.Exit(1)
	}
}

func writePcap(path string, force bool, frame []byte, n int) error {
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
	t := time.Now()
	for i := 0; i < n && err == nil; i++ {
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkTypeEthernet}, frame)
		t = t.Add(30 * time.Second)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Printf("wrote %d frames to %s\n", n, path)
	}
	return err
}

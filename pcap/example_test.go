package pcap_test

import (
	"bytes"
	"fmt"
	"log"
	"time"

	"github.com/goscapy/goscapy/pcap"
)

func ExampleReader() {
	r, err := pcap.Open("testdata/gopacket_be_test006.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(r.Format(), r.LinkType())

	// data is only valid inside the loop body: copy what you keep.
	for data, ci := range r.All() {
		fmt.Printf("%s if%d %-6v %3d/%3d bytes, starts % x\n",
			ci.Timestamp.Format(time.TimeOnly+".000"), ci.InterfaceIndex, ci.LinkType,
			ci.CaptureLength, ci.Length, data[:4])
	}
	if err := r.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// pcapng EN10MB
	// 07:28:25.298 if0 EN10MB  96/314 bytes, starts ff ff ff ff
	// 07:28:25.299 if1 NULL   168/168 bytes, starts 02 00 00 00
	// 07:28:25.300 if0 EN10MB  96/342 bytes, starts 00 0b 82 01
	// 07:28:25.301 if0 EN10MB  96/314 bytes, starts ff ff ff ff
	// 07:28:25.302 if0 EN10MB  96/342 bytes, starts 00 0b 82 01
}

func ExampleReader_ReadPacketData() {
	r, err := pcap.Open("testdata/tcpdump_tcp-handshake-nano.pcap.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			fmt.Println(err) // io.EOF at the end
			break
		}
		fmt.Println(ci.Timestamp.Format(time.RFC3339Nano), ci.LinkType, len(data))
	}
	// Output:
	// 2014-12-09T17:16:09.924505488Z LINUX_SLL 76
	// 2014-12-09T17:16:10.052027262Z LINUX_SLL 76
	// 2014-12-09T17:16:10.052115157Z LINUX_SLL 68
	// EOF
}

func ExampleWriter() {
	var file bytes.Buffer
	w, err := pcap.NewWriter(&file, pcap.LinkTypeEthernet, pcap.WithNanoseconds())
	if err != nil {
		log.Fatal(err)
	}
	frame := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x88, 0xb5}
	ci := pcap.CaptureInfo{
		Timestamp: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC),
		LinkType:  pcap.LinkTypeEthernet, // lengths default to len(frame)
	}
	if err := w.WritePacket(ci, frame); err != nil {
		log.Fatal(err)
	}
	// A classic pcap file holds one link type.
	ci.LinkType = pcap.LinkTypeRaw
	fmt.Println(w.WritePacket(ci, frame))
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}

	size := file.Len() // 24-byte header, 16-byte record header, frame
	r, _ := pcap.NewReader(&file)
	p, _ := r.ReadPacket()
	fmt.Println(size, p.Timestamp, p.CaptureLength)
	// Output:
	// pcap: link type mismatch: packet has link type RAW (101) but the pcap file has EN10MB (1); write pcapng to mix link types
	// 54 2024-01-02 03:04:05.000000006 +0000 UTC 14
}

func ExampleNgWriter() {
	var file bytes.Buffer
	w, err := pcap.NewNgWriter(&file, pcap.WithApplication("example"))
	if err != nil {
		log.Fatal(err)
	}
	eth, _ := w.AddInterface(pcap.Interface{Name: "eth0", LinkType: pcap.LinkTypeEthernet, SnapLen: 65535})
	ts := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	w.WritePacket(pcap.CaptureInfo{Timestamp: ts, InterfaceIndex: eth, LinkType: pcap.LinkTypeEthernet,
		Comments: []string{"first"}}, make([]byte, 60))
	// Interface 1 does not exist yet: it is created for the packet.
	w.WritePacket(pcap.CaptureInfo{Timestamp: ts, InterfaceIndex: 1, LinkType: pcap.LinkTypeIPv6}, make([]byte, 40))
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}

	r, _ := pcap.NewReader(&file)
	for _, ci := range r.All() {
		fmt.Println(ci.InterfaceIndex, ci.LinkType, ci.CaptureLength, ci.Comments)
	}
	for _, ifc := range r.Interfaces() {
		fmt.Printf("%q %v\n", ifc.Name, ifc.LinkType)
	}
	// Output:
	// 0 EN10MB 60 [first]
	// 1 IPV6 40 []
	// "eth0" EN10MB
	// "" IPV6
}

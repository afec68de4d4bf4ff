package pcap_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/goscapy/goscapy/pcap"
)

// Open reads classic pcap and pcapng files, gzip-compressed or not.
func ExampleOpen() {
	r, err := pcap.Open("testdata/tcpdump_tcp-handshake-nano.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(r.Format(), r.LinkType(), r.Interfaces()[0].SnapLen)
	for _, ci := range r.All() {
		fmt.Println(ci.Timestamp.UnixNano(), ci.Length)
	}
	if err := r.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// pcap LINUX_SLL 262144
	// 1418145369924505488 76
	// 1418145370052027262 76
	// 1418145370052115157 68
}

// NewReader reads from any io.Reader; the format (and gzip compression)
// is detected from the first bytes.
func ExampleNewReader() {
	f, err := os.Open("testdata/tcpdump_tcp-handshake-nano.pcap.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	n := 0
	for range r.All() {
		n++
	}
	fmt.Println(r.Format(), r.LinkType(), n, r.Err())
	// Output:
	// pcap LINUX_SLL 3 <nil>
}

// NewReaderBytes reads a capture held in memory, in place.
func ExampleNewReaderBytes() {
	data, err := os.ReadFile("testdata/gopacket_epb.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	r, err := pcap.NewReaderBytes(data)
	if err != nil {
		log.Fatal(err)
	}
	for pkt, ci := range r.All() {
		fmt.Println(ci.Timestamp.UnixNano(), ci.InterfaceIndex, len(pkt), ci.Comments)
	}
	// Output:
	// 1734755450619187329 1 74 [this is a comment foobar]
}

// ReadPacket returns a Packet that owns its data: it can be kept.
func ExampleReader_ReadPacket() {
	r, err := pcap.Open("testdata/tcpdump_tcp-handshake-nano.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	var kept []pcap.Packet
	for {
		p, err := r.ReadPacket()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		kept = append(kept, p)
	}
	for _, p := range kept {
		fmt.Println(p.CaptureLength, hex.EncodeToString(p.Data[16:20])) // after the 16-byte cooked header: IPv4
	}
	// Output:
	// 76 4500003c
	// 76 4500003c
	// 68 45000034
}

// ReadPacketInto copies each packet into a caller buffer, cut to its size.
func ExampleReader_ReadPacketInto() {
	r, err := pcap.Open("testdata/tcpdump_tcp-handshake-nano.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 72)
	for {
		n, ci, err := r.ReadPacketInto(buf)
		if err == io.EOF {
			break
		}
		// A packet longer than buf is cut: io.ErrShortBuffer, and the
		// reader moves on to the next packet.
		fmt.Println(n, ci.CaptureLength, err)
	}
	// Output:
	// 72 76 short buffer
	// 72 76 short buffer
	// 68 68 <nil>
}

// Packet is a packet with its metadata, owning its data.
func ExamplePacket() {
	r, err := pcap.Open("testdata/gopacket_epb.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	p, err := r.ReadPacket()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Timestamp.UTC().Format(time.RFC3339Nano), p.LinkType, len(p.Data), p.Comments)
	// Output:
	// 2024-12-21T04:30:50.619187329Z EN10MB 74 [this is a comment foobar]
}

func ExampleReader_Interfaces() {
	r, err := pcap.Open("testdata/gopacket_be_test006.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for range r.All() {
	}
	for i, ifc := range r.Interfaces() {
		fmt.Println(i, ifc.Name, ifc.LinkType, ifc.SnapLen, ifc.TsResol)
	}
	// Output:
	// 0 eth0 EN10MB 96 6
	// 1 en1 NULL 0 6
}

// Interface describes a capture interface. NgWriter.AddInterface takes
// one; Reader.Interfaces returns them.
func ExampleInterface() {
	var file bytes.Buffer
	w, err := pcap.NewNgWriter(&file)
	if err != nil {
		log.Fatal(err)
	}
	idx, err := w.AddInterface(pcap.Interface{
		Name: "a0", Description: "lab link", LinkType: pcap.LinkTypeEthernet, SnapLen: 262144,
	})
	if err != nil {
		log.Fatal(err)
	}
	w.WritePacket(pcap.CaptureInfo{InterfaceIndex: idx, LinkType: pcap.LinkTypeEthernet}, make([]byte, 60))
	w.Flush()

	r, _ := pcap.NewReader(&file)
	for range r.All() {
	}
	ifc := r.Interfaces()[0]
	fmt.Printf("%q %q %v %d %d\n", ifc.Name, ifc.Description, ifc.LinkType, ifc.SnapLen, ifc.TsResol)
	// Output:
	// "a0" "lab link" EN10MB 262144 9
}

// NewWriter writes a classic pcap file of one link type.
func ExampleNewWriter() {
	var file bytes.Buffer
	w, err := pcap.NewWriter(&file, pcap.LinkTypeRaw)
	if err != nil {
		log.Fatal(err)
	}
	ip := []byte{0x45, 0, 0, 20, 0, 1, 0, 0, 64, 0, 0x66, 0xe7, 10, 0, 0, 1, 10, 0, 0, 2}
	ts := time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)
	if err := w.WritePacket(pcap.CaptureInfo{Timestamp: ts, LinkType: pcap.LinkTypeRaw}, ip); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(hex.EncodeToString(file.Bytes()[:24]))   // the file header
	fmt.Println(hex.EncodeToString(file.Bytes()[24:40])) // the record header
	// Output:
	// d4c3b2a10200040000000000000000000000040065000000
	// 257d936540e201001400000014000000
}

// WithSnapLen sets the snapshot length written in the header (default
// 262144); longer packets are still written whole.
func ExampleWithSnapLen() {
	var file bytes.Buffer
	w, err := pcap.NewWriter(&file, pcap.LinkTypeEthernet, pcap.WithSnapLen(64))
	if err != nil {
		log.Fatal(err)
	}
	if err := w.WritePacket(pcap.CaptureInfo{LinkType: pcap.LinkTypeEthernet}, make([]byte, 100)); err != nil {
		fmt.Println(err)
	}
	w.Flush()
	r, _ := pcap.NewReader(&file)
	for _, ci := range r.All() {
		fmt.Println(r.Interfaces()[0].SnapLen, ci.CaptureLength, ci.Length)
	}
	// Output:
	// 64 100 100
}

// WithNanoseconds writes the nanosecond variant of classic pcap (magic
// a1b23c4d).
func ExampleWithNanoseconds() {
	var file bytes.Buffer
	w, err := pcap.NewWriter(&file, pcap.LinkTypeEthernet, pcap.WithNanoseconds())
	if err != nil {
		log.Fatal(err)
	}
	ts := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)
	w.WritePacket(pcap.CaptureInfo{Timestamp: ts, LinkType: pcap.LinkTypeEthernet}, make([]byte, 14))
	w.Flush()
	fmt.Println(hex.EncodeToString(file.Bytes()[:4]))
	r, _ := pcap.NewReader(&file)
	p, _ := r.ReadPacket()
	fmt.Println(p.Timestamp.Nanosecond())
	// Output:
	// 4d3cb2a1
	// 123456789
}

// NewNgWriter writes a pcapng file, whose packets may have different link
// types and carry comments.
func ExampleNewNgWriter() {
	var file bytes.Buffer
	w, err := pcap.NewNgWriter(&file)
	if err != nil {
		log.Fatal(err)
	}
	ts := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	// Interfaces are created as packets need them.
	w.WritePacket(pcap.CaptureInfo{Timestamp: ts, LinkType: pcap.LinkTypeEthernet, Comments: []string{"hello"}}, make([]byte, 60))
	w.WritePacket(pcap.CaptureInfo{Timestamp: ts, LinkType: pcap.LinkTypeRaw}, []byte{0x45, 0, 0, 20, 0, 1, 0, 0, 64, 0, 0x66, 0xe7, 10, 0, 0, 1, 10, 0, 0, 2})
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	r, _ := pcap.NewReader(&file)
	for _, ci := range r.All() {
		fmt.Println(ci.InterfaceIndex, ci.LinkType, ci.CaptureLength, ci.Comments)
	}
	fmt.Println(r.Format(), len(r.Interfaces()))
	// Output:
	// 0 EN10MB 60 [hello]
	// 1 RAW 20 []
	// pcapng 2
}

// WithApplication names the writing application in the pcapng section
// header (shb_userappl), which capinfos shows as "Capture application".
func ExampleWithApplication() {
	var file bytes.Buffer
	if _, err := pcap.NewNgWriter(&file, pcap.WithApplication("goscapy")); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Contains(file.Bytes(), []byte("goscapy")))
	// Output:
	// true
}

// CaptureInfo is the metadata of a packet; writers take lengths from the
// data when they are zero.
func ExampleCaptureInfo() {
	var file bytes.Buffer
	w, _ := pcap.NewWriter(&file, pcap.LinkTypeEthernet)
	ci := pcap.CaptureInfo{
		Timestamp: time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC),
		Length:    1514, // the wire length: the capture holds only 60 bytes
		LinkType:  pcap.LinkTypeEthernet,
	}
	w.WritePacket(ci, make([]byte, 60))
	w.Flush()
	r, _ := pcap.NewReader(&file)
	p, _ := r.ReadPacket()
	fmt.Println(p.Timestamp, p.CaptureLength, p.Length, p.LinkType)
	// Output:
	// 2024-01-02 03:04:05.000006 +0000 UTC 60 1514 EN10MB
}

func ExampleFormat() {
	for _, name := range []string{"testdata/tcpdump_tcp-handshake-nano.pcap", "testdata/gopacket_epb.pcapng"} {
		r, err := pcap.Open(name)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Format(), r.Format() == pcap.FormatPcapNG)
		r.Close()
	}
	// Output:
	// pcap false
	// pcapng true
}

// A FormatError says where the input is broken; it wraps a sentinel error.
func ExampleFormatError() {
	data, err := os.ReadFile("testdata/tcpdump_tcp-handshake-nano.pcap")
	if err != nil {
		log.Fatal(err)
	}
	r, err := pcap.NewReaderBytes(data[:100]) // cut inside the first record
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = r.ReadPacketData()
	var fe *pcap.FormatError
	if errors.As(err, &fe) {
		fmt.Println(fe.Offset, fe.Detail)
	}
	fmt.Println(errors.Is(err, pcap.ErrTruncated), errors.Is(err, io.ErrUnexpectedEOF))
	fmt.Println(err)

	_, err = pcap.NewReaderBytes([]byte("not a capture file"))
	fmt.Println(errors.Is(err, pcap.ErrBadMagic))
	// Output:
	// 24 packet record of 92 bytes cut short, 76 present
	// true true
	// pcap: truncated file: unexpected EOF at offset 24: packet record of 92 bytes cut short, 76 present
	// true
}

// LinkType values print as tcpdump names them.
func ExampleLinkType() {
	for _, lt := range []pcap.LinkType{pcap.LinkTypeEthernet, pcap.LinkTypeRaw, pcap.LinkTypeLinuxSLL, 105, 127, 60000} {
		fmt.Println(uint16(lt), lt)
	}
	// Output:
	// 1 EN10MB
	// 101 RAW
	// 113 LINUX_SLL
	// 105 IEEE802_11
	// 127 IEEE802_11_RADIO
	// 60000 LINKTYPE_60000
}

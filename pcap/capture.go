package pcap

import "time"

// Format is the container format of a capture file.
type Format uint8

const (
	FormatPcap   Format = 1 // classic libpcap format
	FormatPcapNG Format = 2 // pcapng
)

// String returns "pcap" or "pcapng".
func (f Format) String() string {
	switch f {
	case FormatPcap:
		return "pcap"
	case FormatPcapNG:
		return "pcapng"
	}
	return "unknown"
}

// CaptureInfo is the metadata of one packet.
//
// Readers fill every field. Writers use Timestamp, CaptureLength, Length,
// LinkType and (pcapng only) InterfaceIndex and Comments; see
// Writer.WritePacket and NgWriter.WritePacket.
type CaptureInfo struct {
	// Timestamp is the capture time, in UTC, to the nanosecond (finer
	// pcapng resolutions are truncated). Packets without a timestamp
	// (pcapng simple packet blocks) carry the Unix epoch.
	Timestamp time.Time

	// CaptureLength is the number of bytes captured: len(data).
	CaptureLength int

	// Length is the packet's original length on the wire, which is larger
	// than CaptureLength when the capture was cut at a snapshot length.
	Length int

	// InterfaceIndex is, for pcapng, the index of the packet's interface
	// within its section (the n-th interface description block). It is
	// always 0 for classic pcap.
	InterfaceIndex int

	// LinkType is the link-layer header type of the packet's interface.
	LinkType LinkType

	// Comments holds the packet's opt_comment options (pcapng only), nil
	// when there are none. With Reader.ReadPacketData the slice is reused
	// by the next call, like the data; copy it (slices.Clone) to keep it.
	Comments []string
}

// Packet is a packet with its metadata, owning its data.
type Packet struct {
	CaptureInfo
	Data []byte
}

// Interface describes a capture interface: the single implicit one of a
// classic pcap file, or a pcapng interface description block.
type Interface struct {
	Name        string   // if_name option ("" if absent)
	Description string   // if_description option ("" if absent)
	LinkType    LinkType // link-layer header type of its packets
	SnapLen     uint32   // snapshot length; 0 means no limit

	// TsResol is the timestamp resolution in the pcapng if_tsresol
	// encoding: bit 7 clear means units of 10^-TsResol seconds, bit 7 set
	// means units of 2^-(TsResol&0x7f) seconds. It is 6 (microseconds)
	// when the option is absent, and 6 or 9 for classic pcap. Writers
	// ignore it: they always write the resolution they document.
	TsResol uint8

	// TsOffset is the if_tsoffset option: seconds added to every
	// timestamp of the interface. Readers apply it; writers ignore it.
	TsOffset int64

	// FCSLen is the length in bytes of the frame check sequence at the
	// end of each packet when the file says so (pcapng if_fcslen, classic
	// pcap FCS bits of the link-type field), or 0 when unknown or absent.
	FCSLen int
}

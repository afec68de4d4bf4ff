package goscapy

import (
	"testing"

	"github.com/goscapy/goscapy/layers"
)

// Go descriptions of testdata/scapy/flow.in: NetFlow v5, v9, IPFIX and RTP.
func init() {
	addGolden("nf5_basic", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.9").
			Over(NewUDP().SrcPort(2055).DstPort(2055)).
			Over(NewNetflowHeader()).
			Over(NewNetflowV5().SysUptime(1000).UnixSecs(1700000000).FlowSequence(7)).
			Over(NewNetflowRecordV5().Src("10.0.0.1").Dst("10.0.0.2").Ports(1234, 80).Counters(3, 180)).
			Over(NewNetflowRecordV5()).
			Build()
	})
	addGolden("nf5_fields", func() ([]byte, error) {
		return NewNetflowHeader().
			Over(NewNetflowV5().Count(1).UnixSecs(5).UnixNanoSeconds(6).Engine(1, 2).SamplingInterval(0x4010).
				Record(NewNetflowRecordV5().Src("192.0.2.1").Dst("198.51.100.2").Nexthop("192.0.2.254").
					Interfaces(3, 4).Times(10, 20).TCPFlags(layers.TCPSyn|layers.TCPAck).Prot(6).Tos(0x10).
					AS(64512, 64513).Masks(24, 16))).
			Build()
	})
	addGolden("nf9_template", func() ([]byte, error) {
		return NewNetflowHeader().
			Over(NewNetflowV9().SysUptime(100).UnixSecs(1700000000).PackageSequence(1).SourceID(7).
				Template(256, layers.FlowField{Type: 8, Length: 4}, layers.FlowField{Type: 12, Length: 4},
					layers.FlowField{Type: 2, Length: 4})).
			Build()
	})
	addGolden("nf9_data", func() ([]byte, error) {
		t := &layers.FlowTemplate{ID: 256, Fields: []layers.FlowField{{Type: 8, Length: 4}, {Type: 12, Length: 4}, {Type: 2, Length: 4}}}
		return NewNetflowHeader().
			Over(NewNetflowV9().UnixSecs(1700000000).PackageSequence(2).SourceID(7).
				Records(t, []byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, layers.FlowUint(5, 4))).
			Build()
	})
	addGolden("ipfix_template", func() ([]byte, error) {
		// Scapy's NetflowHeaderV10 leaves the version out of the length;
		// RFC 7011 counts it (our default), so it is given here.
		return NewNetflowHeader().
			Over(NewIPFIX().Length(30).ExportTime(1700000000).FlowSequence(3).ObservationDomainID(9).
				Template(300, layers.FlowField{Type: 8, Length: 4}, layers.FlowField{Type: 7, Length: 2})).
			Build()
	})
	addGolden("rtp_basic", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
			Over(NewUDP().SrcPort(6000).DstPort(6002)).
			Over(NewRTP().PayloadType(8).Sequence(1).Timestamp(160).SourceSync(0x1234).Marker(true)).
			Over(NewRaw([]byte{0xd5, 0xd5, 0xd5, 0xd5})).
			Build()
	})
	addGolden("rtp_csrc_ext", func() ([]byte, error) {
		return NewRTP().Extension(true).CSRCs(1, 2).Sequence(65535).Timestamp(4294967295).SourceSync(5).
			Over(NewRTPExtension(0xbede, 0x10203040, 5)).
			Build()
	})
	addGolden("rtp_defaults", func() ([]byte, error) { return NewRTP().Build() })
}

// TestIPFIXLengthRFC checks the default IPFIX length counts the whole
// message, version included (RFC 7011 section 3.1): 2 + 14 + 16 bytes.
func TestIPFIXLengthRFC(t *testing.T) {
	b, err := NewNetflowHeader().
		Over(NewIPFIX().Template(300, layers.FlowField{Type: 8, Length: 4}, layers.FlowField{Type: 7, Length: 2})).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 32 || b[0] != 0 || b[1] != 10 || b[2] != 0 || b[3] != 32 {
		t.Fatalf("got %x", b)
	}
}

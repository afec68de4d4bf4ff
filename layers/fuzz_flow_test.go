package layers

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// flowFuzz checks what every fuzz target of this file checks: no panic,
// Show, String and JSON work, and the input re-encodes byte for byte
// whether or not it decoded.
func flowFuzz(t *testing.T, data []byte, first packet.LayerType) {
	p, err := packet.Dissect(data, first)
	_ = p.String()
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	out, berr := p.Build()
	if berr != nil || !bytes.Equal(out, data) {
		t.Fatalf("round trip of %v (decode error %v): %v\n got %x\nwant %x", p, err, berr, out, data)
	}
}

func flowSeed(f *testing.F, s string) {
	b, err := hex.DecodeString(s)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
}

// FuzzNetflow dissects NetFlow v1/v5/v9 and IPFIX export packets; the
// seeds are the golden packets of testdata/scapy/flow.tsv and an IPFIX
// message with enterprise and variable-length fields.
func FuzzNetflow(f *testing.F) {
	flowSeed(f, "000500010000000000000005000000060000000001024010c0000201c6336402c00002fe00030004000000010000003c0000000a000000140000000000120610fc00fc0118100000")
	flowSeed(f, "00090001000000646553f1000000000100000007000000140100000300080004000c000400020004")
	flowSeed(f, "00090001000000006553f1000000000200000007010000100a0000010a00000200000005")
	flowSeed(f, "000a001e6553f100000000030000000900020010012c00020008000400070002")
	flowSeed(f, "00090001000000000000000000000001000000000001001401010004000400010004002200040000")
	flowSeed(f, "000a00300000000000000001000000050002001804000003000800048001000200007279"+"0052ffff04000010c0000201000703657468")
	flowSeed(f, "0001000100000000000000000000000000000001000000020000000300040005000000060000000700000008000900000a0600000000000000000000")
	f.Fuzz(func(t *testing.T, data []byte) {
		DefaultFlowTemplates.Reset()
		flowFuzz(t, data, NetflowHeaderType)
		flowFuzz(t, data, NetflowHeaderType) // again, with the templates it announced
	})
}

// FuzzRTP dissects RTP (with CSRCs, extension and padding) and RTCP
// compound packets.
func FuzzRTP(f *testing.F) {
	flowSeed(f, "9200ffffffffffff000000050000000100000002bede00021020304000000005")
	flowSeed(f, "800000000000000000000000")
	flowSeed(f, "a2e0010200000003000000040000000a0000000baabb000003")
	flowSeed(f, "81ca0003112233440105616c69636500"+"81cb00031122334404646f6e65000000")
	f.Fuzz(func(t *testing.T, data []byte) {
		flowFuzz(t, data, RTPType)
		flowFuzz(t, data, RTCPType)
	})
}

// FuzzSIP dissects SIP messages with SDP bodies.
func FuzzSIP(f *testing.F) {
	f.Add([]byte(sipInvite))
	f.Add([]byte("SIP/2.0 200 OK\r\nVia: a\r\nTo: b"))
	f.Add([]byte("SIP/2.0 180 Ringing\nCall-ID: x\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		flowFuzz(t, data, SIPType)
	})
}

package layers

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// ospfFrame returns frame n of generated/daemons/ospf.pcap (FRR's ospfd).
// Frame 70 is a link state update; tshark: len 112, src 198.19.1.2, area
// 0.0.0.0, checksum 0x594a, LSA types 5,1 with Fletcher checksums 0x8792,
// 0xe58c.
func ospfFrame(t testing.TB, n int) []byte {
	t.Helper()
	frames := corpusFrames(t, "generated/daemons/ospf.pcap")
	return frames[n-1]
}

func TestOSPFBindings(t *testing.T) {
	if packet.NextLayer(IPv4Type, "proto", IPProtoOSPF) != OSPFType {
		t.Error("ip proto 89")
	}
	for typ, want := range map[uint64]packet.LayerType{1: OSPFHelloType, 2: OSPFDBDescType, 3: OSPFLSReqType, 4: OSPFLSUpdType, 5: OSPFLSAckType} {
		if packet.NextLayer(OSPFType, "type", typ) != want {
			t.Errorf("type %d", typ)
		}
		if v, ok := packet.BindValue(OSPFType, want, "type"); !ok || v != typ {
			t.Errorf("build type %d", typ)
		}
	}
	if packet.Lookup("OSPF_Hdr") != ospfProto {
		t.Error("alias OSPF_Hdr")
	}
}

// TestOSPFFletcher checks the LSA checksum against RFC 905's verification:
// both Fletcher sums over the LSA without its age are zero.
func TestOSPFFletcher(t *testing.T) {
	lsa := OSPFRouterLSA(netip.MustParseAddr("1.1.1.1"), netip.MustParseAddr("1.1.1.1"), 0,
		OSPFLink{ID: netip.MustParseAddr("10.0.0.0"), Data: netip.MustParseAddr("255.255.255.0"), Type: 3, Metric: 10})
	b := make([]byte, lsa.wireLen())
	lsa.encode(b)
	var c0, c1 int
	for _, v := range b[2:] {
		c0 = (c0 + int(v)) % 255
		c1 = (c1 + c0) % 255
	}
	if c0 != 0 || c1 != 0 {
		t.Errorf("fletcher sums %d %d over %x", c0, c1, b)
	}
}

// TestOSPFCorpusTshark compares every OSPFv2 packet of the FRR capture
// with tshark, checks the round trip, and rebuilds each packet with the
// OSPF checksum and the LSA checksums and lengths unset: they must come
// out as FRR computed them.
func TestOSPFCorpusTshark(t *testing.T) {
	const file = "generated/daemons/ospf.pcap"
	frames := corpusFrames(t, file)
	rows := tsharkRows(t, file, "ospf.version==2", "ospf.msg", "ospf.packet_length", "ospf.srcrouter", "ospf.area_id",
		"ospf.checksum", "ospf.auth.type", "ospf.lsa", "ospf.lsa.chksum", "ospf.hello.active_neighbor")
	if len(rows) < 100 {
		t.Fatalf("%d ospf packets", len(rows))
	}
	for _, r := range rows {
		n, _ := strconv.Atoi(r[0])
		data := frames[n-1]
		p, err := packet.Dissect(data, EthernetType)
		o, ok := packet.LayerOf[*OSPF](p)
		if err != nil || !ok {
			t.Errorf("#%d: %v %v", n, p, err)
			continue
		}
		var lsaTypes, lsaSums, nbrs []string
		hdr := func(h OSPFLSAHdr) {
			lsaTypes = append(lsaTypes, strconv.Itoa(int(h.Type)))
			lsaSums = append(lsaSums, fmt.Sprintf("0x%04x", h.Chksum))
		}
		var body packet.Layer
		for i := 0; i+1 < p.NumLayers(); i++ {
			if p.Layer(i) == packet.Layer(o) {
				body = p.Layer(i + 1)
			}
		}
		switch body := body.(type) {
		case *OSPFHelloBody:
			for _, a := range body.Neighbors {
				nbrs = append(nbrs, a.String())
			}
		case *OSPFDBDescBody:
			for _, h := range body.LSAHeaders {
				hdr(h)
			}
		case *OSPFLSAckBody:
			for _, h := range body.LSAHeaders {
				hdr(h)
			}
		case *OSPFLSUpdBody:
			for i := range body.LSAs {
				hdr(body.LSAs[i].Header())
			}
		case *OSPFLSReqBody:
			for _, q := range body.Requests {
				lsaTypes = append(lsaTypes, strconv.Itoa(int(q.Type)))
			}
		default:
			t.Errorf("#%d: body %T", n, body)
		}
		got := []string{r[0], strconv.Itoa(int(o.Type.Value)), strconv.Itoa(int(o.Len.Value)), o.Src.String(), o.Area.String(),
			fmt.Sprintf("0x%04x", o.Chksum.Value), strconv.Itoa(int(o.AuthType)), strings.Join(lsaTypes, ","),
			strings.Join(lsaSums, ","), strings.Join(nbrs, ",")}
		if strings.Join(got, "|") != strings.Join(r, "|") {
			t.Errorf("#%d:\n got %q\nwant %q (tshark)", n, got, r)
		}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
			t.Errorf("#%d: round trip %v", n, err)
		}
		o.Chksum = fields.Opt[uint16]{}
		if u, ok := packet.LayerOf[*OSPFLSUpdBody](p); ok {
			for i := range u.LSAs {
				u.LSAs[i].Chksum, u.LSAs[i].Len = fields.Opt[uint16]{}, fields.Opt[uint16]{}
			}
		}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
			t.Errorf("#%d: computed checksums differ: %v\n got %x\nwant %x", n, err, b, data)
		}
	}
}

func TestOSPFDecodeNoAlloc(t *testing.T) {
	data := ospfFrame(t, 70)[14+20:]
	var o OSPF
	var u OSPFLSUpdBody
	dec := func() {
		o.DecodeFromBytes(data, nil)
		u.DecodeFromBytes(data[OSPFHdrLen:], nil)
	}
	dec()
	if n := testing.AllocsPerRun(100, dec); n != 0 {
		t.Errorf("%v allocations per decode", n)
	}
	if len(u.LSAs) != 2 || u.LSAs[0].Type != OSPFLSAExternal {
		t.Fatalf("lsas %v", u.LSAs)
	}
	if links, ok := u.LSAs[1].RouterLinks(); !ok || len(links) == 0 {
		t.Errorf("router links %v %v", links, ok)
	}
	if _, _, _, ok := u.LSAs[0].External(); !ok {
		t.Error("external lsa")
	}
	s := packet.ShowLayer(&u)
	if !strings.Contains(s, "type=external") || !strings.Contains(s, "linklist=[OSPF_Link(") {
		t.Errorf("show %s", s)
	}
}

func TestOSPFMalformed(t *testing.T) {
	// version 4 is not OSPF: ErrMalformed, bytes stay
	b, _ := hex.DecodeString("0401002c0101010100000000000000000000000000000000")
	var o OSPF
	if _, err := o.DecodeFromBytes(b, nil); err != packet.ErrMalformed {
		t.Errorf("v4: %v", err)
	}
	b[0] = 2
	if _, err := o.DecodeFromBytes(b, nil); err != packet.ErrTruncated {
		t.Errorf("len 44 in 24 bytes: %v", err)
	}
	var u OSPFLSUpdBody
	if _, err := u.DecodeFromBytes([]byte{0, 0, 0, 1, 0, 1}, nil); err != packet.ErrTruncated {
		t.Errorf("lsupd: %v", err)
	}
}

func fuzzOSPFSeeds(f *testing.F) {
	frames := corpusFramesOptional("generated/daemons/ospf.pcap")
	for _, n := range []int{7, 8, 13, 70} {
		if n <= len(frames) && len(frames[n-1]) > 34 {
			f.Add(frames[n-1][34:])
		}
	}
	f.Add([]byte{2, 1, 0, 44, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		255, 255, 255, 0, 0, 10, 0, 1, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 0})
}

// FuzzOSPF decodes an OSPF header and its body: nothing panics, and what
// decodes re-encodes byte for byte.
func FuzzOSPF(f *testing.F) {
	fuzzOSPFSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := packet.Dissect(in, OSPFType)
		_ = p.Show()
		_ = p.String()
		b, berr := p.Build()
		if berr != nil || !bytes.Equal(b, in) {
			t.Fatalf("decode err %v; re-encode %v\n got %x\nwant %x", err, berr, b, in)
		}
	})
}

// corpusFramesOptional reads a corpus capture, nil when it is missing.
func corpusFramesOptional(file string) [][]byte {
	r, err := pcap.Open(filepath.Join(lldpCorpusDir, file))
	if err != nil {
		return nil
	}
	defer r.Close()
	var out [][]byte
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			return out
		}
		out = append(out, append([]byte(nil), data...))
	}
}

// TestOSPFv3Header reads OSPFv3 behind AH (tcpdump/OSPFv3_with_AH.pcap):
// the header decodes, the body stays Raw, and the checksum recomputed
// over the IPv6 pseudo-header equals the capture's.
func TestOSPFv3Header(t *testing.T) {
	frames := corpusFrames(t, "tcpdump/OSPFv3_with_AH.pcap")
	for i, data := range frames[:10] {
		p, err := packet.Dissect(data, EthernetType)
		o, ok := packet.LayerOf[*OSPF](p)
		if err != nil || !ok || o.Version != 3 || o.HeaderLen() != OSPFv3HdrLen {
			t.Fatalf("#%d: %v %v", i+1, p, err)
		}
		if !strings.Contains(o.Show(), "instance") || strings.Contains(o.Show(), "authtype") {
			t.Errorf("show %s", o.Show())
		}
		o.Chksum = fields.Opt[uint16]{}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
			t.Errorf("#%d: %v\n got %x\nwant %x", i+1, err, b, data)
		}
	}
	if packet.NextLayer(IPv6Type, "nh", IPProtoOSPF) != OSPFType {
		t.Error("ipv6 nh 89")
	}
}

// Quic-sni prints the server name (SNI) and ALPN protocols that QUIC
// clients ask for, read from the TLS ClientHello inside their Initial
// packets. Initial packets are encrypted with keys anyone can derive from
// the client's first Destination Connection ID (RFC 9001 section 5.2); the
// layers package removes that protection (QUIC.DecryptInitial) for QUIC
// versions 1, 2 and draft-29. The CRYPTO frames of all the client's
// Initial packets are joined, so a ClientHello spread over several packets
// (large key shares) is read whole.
//
// One line per connection attempt: client and server address, version,
// original Destination Connection ID, SNI and ALPN. A client Initial of a
// version without known keys (as sent to provoke version negotiation) is
// listed with the reason. Input: pcap or pcapng files (gzip-compressed or
// not); QUIC is found on UDP port 443 and, on other ports, by the shape of
// its long header.
//
//	go run ./examples/47-quic-sni examples/47-quic-sni/testdata/quic_vn.pcap
//
// The test capture is described in testdata/README.md.
//
//example:offline examples/47-quic-sni/testdata/quic_vn.pcap
//example:offline ../shared/corpus/tcpdump/quic_vn.pcap
//example:expect SNI localhost ALPN h3
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: quic-sni FILE [FILE ...]")
		fmt.Fprintln(os.Stderr, "\nPrint the SNI and ALPN of the QUIC connections of captures (client Initial packets decrypted).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	status := 0
	for _, name := range flag.Args() {
		if err := run(name); err != nil {
			fmt.Fprintf(os.Stderr, "quic-sni: %s: %v\n", name, err)
			status = 1
		}
	}
	os.Exit(status)
}

// conn is one connection attempt, as its client's first Initial packet
// opens it.
type conn struct {
	client, server netip.AddrPort
	version        uint32
	odcid          []byte   // the client's first Destination Connection ID
	dcids          [][]byte // connection IDs the server chose (its SCIDs)
	frame          int      // the frame of the first Initial
	initials       int
	crypto         map[uint64][]byte // CRYPTO frames by offset
	hello          *layers.TLSHello
	note           string // why nothing could be read
}

func run(name string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	var conns []*conn
	frame, quicPackets := 0, 0
	for data, ci := range r.All() {
		frame++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := packet.Dissect(data, first) // what could not be dissected stays Raw
		src, dst, ok := udpEnds(p)
		if !ok {
			continue
		}
		for _, q := range quicLayers(p) {
			quicPackets++
			if q.First&0x80 == 0 || q.Version == 0 || q.Kind() != layers.QUICInitial {
				continue // short header, version negotiation, handshake ...
			}
			if c := serverSide(conns, src, dst, q.Version); c != nil {
				// The server's Initial: the connection ID it chose, which
				// the client's next packets carry as their DCID.
				c.dcids = append(c.dcids, bytes.Clone(q.SCID))
				continue
			}
			c := clientSide(conns, src, dst, q)
			if c == nil {
				c = &conn{client: src, server: dst, version: q.Version, odcid: bytes.Clone(q.DCID), frame: frame,
					crypto: map[uint64][]byte{}}
				conns = append(conns, c)
			}
			c.initials++
			if c.hello != nil {
				continue
			}
			init, err := q.DecryptInitial(c.odcid, false)
			if err != nil {
				switch {
				case errors.Is(err, layers.ErrQUICVersion):
					c.note = "no initial keys for this version"
				case errors.Is(err, layers.ErrQUICDecrypt):
					c.note = "initial packet does not decrypt"
				default:
					c.note = err.Error()
				}
				continue
			}
			if init.ClientHello != nil {
				c.hello = init.ClientHello
				continue
			}
			for _, f := range init.Frames {
				if f.Type == layers.QUICFrameCrypto && f.Data != nil {
					c.crypto[f.Offset] = bytes.Clone(f.Data)
				}
			}
			c.hello = c.joinHello()
			if c.hello == nil {
				c.note = "ClientHello incomplete"
			}
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	fmt.Printf("%s: %d packets, %d QUIC packets, %d connection attempts\n", name, frame, quicPackets, len(conns))
	for _, c := range conns {
		fmt.Printf("frame %d: %v > %v %s DCID %x", c.frame, c.client, c.server, layers.QUICVersionName(c.version), c.odcid)
		if c.hello == nil {
			fmt.Printf(" (%s)\n", c.note)
			continue
		}
		sni, alpn := c.hello.ServerName(), strings.Join(c.hello.ALPN(), ",")
		if sni == "" {
			sni = "-"
		}
		if alpn == "" {
			alpn = "-"
		}
		fmt.Printf(" SNI %s ALPN %s (%d client Initial packets)\n", sni, alpn, c.initials)
	}
	return nil
}

// udpEnds returns the UDP source and destination of a packet outside any
// ICMP error quote.
func udpEnds(p *packet.Packet) (src, dst netip.AddrPort, ok bool) {
	var sa, da netip.Addr
	for i, l := range p.Layers() {
		if q := p.Quoted(); q > 0 && i >= q {
			break
		}
		switch l := l.(type) {
		case *layers.IPv4:
			sa, da = l.Src, l.Dst
		case *layers.IPv6:
			sa, da = l.Src, l.Dst
		case *layers.UDP:
			if !sa.IsValid() {
				return src, dst, false
			}
			return netip.AddrPortFrom(sa, l.SrcPort), netip.AddrPortFrom(da, l.DstPort), true
		}
	}
	return src, dst, false
}

// quicLayers returns the QUIC packets of a datagram (several when they
// are coalesced). A UDP payload left Raw on a port other than 443 is
// dissected as QUIC when it looks like a long-header packet.
func quicLayers(p *packet.Packet) []*layers.QUIC {
	var out []*layers.QUIC
	for _, l := range p.Layers() {
		if q, ok := l.(*layers.QUIC); ok {
			out = append(out, q)
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, l := range p.Layers() {
		raw, ok := l.(*packet.Raw)
		if !ok || i == 0 {
			continue
		}
		if _, udp := p.Layer(i - 1).(*layers.UDP); !udp || !layers.QUICLooksLike(raw.Load) {
			continue
		}
		if qp, err := goscapy.DissectAs(raw.Load, layers.QUICType); err == nil || qp.NumLayers() > 0 {
			for _, l := range qp.Layers() {
				if q, ok := l.(*layers.QUIC); ok {
					out = append(out, q)
				}
			}
		}
	}
	return out
}

// serverSide returns the connection whose server sent this packet.
func serverSide(conns []*conn, src, dst netip.AddrPort, version uint32) *conn {
	for i := len(conns) - 1; i >= 0; i-- {
		c := conns[i]
		if c.server == src && c.client == dst && c.version == version {
			return c
		}
	}
	return nil
}

// clientSide returns the connection a client's Initial continues: same
// addresses and version, and a DCID that is the original one or one the
// server chose.
func clientSide(conns []*conn, src, dst netip.AddrPort, q *layers.QUIC) *conn {
	for i := len(conns) - 1; i >= 0; i-- {
		c := conns[i]
		if c.client != src || c.server != dst || c.version != q.Version {
			continue
		}
		if bytes.Equal(c.odcid, q.DCID) || slices.ContainsFunc(c.dcids, func(d []byte) bool { return bytes.Equal(d, q.DCID) }) {
			return c
		}
	}
	return nil
}

// joinHello joins the CRYPTO data received so far from offset 0 and, when
// it holds a whole ClientHello, parses it as the TLS layer does: wrapped
// in a handshake record.
func (c *conn) joinHello() *layers.TLSHello {
	var stream []byte
	for {
		d, ok := c.crypto[uint64(len(stream))]
		if !ok {
			// A frame may start inside data already joined.
			found := false
			for off, d := range c.crypto {
				if off < uint64(len(stream)) && off+uint64(len(d)) > uint64(len(stream)) {
					stream = append(stream, d[uint64(len(stream))-off:]...)
					found = true
					break
				}
			}
			if !found {
				break
			}
			continue
		}
		if len(d) == 0 {
			break
		}
		stream = append(stream, d...)
	}
	if len(stream) < 4 || stream[0] != layers.TLSClientHello {
		return nil
	}
	n := int(stream[1])<<16 | int(stream[2])<<8 | int(stream[3])
	if len(stream) < 4+n || 4+n > 0xffff {
		return nil
	}
	rec := append([]byte{layers.TLSHandshake, 3, 3, byte((4 + n) >> 8), byte(4 + n)}, stream[:4+n]...)
	p, _ := goscapy.DissectAs(rec, layers.TLSType)
	if t, ok := packet.LayerOf[*layers.TLS](p); ok {
		if h, ok := t.ClientHello(); ok {
			return h
		}
	}
	return nil
}

// Command tls-sni-all prints the server name (SNI) and ALPN protocols of
// the TLS ClientHello of every connection in a capture, one line per
// connection. Unlike a per-packet parser it reads the ClientHello from the
// reassembled stream, so a hello split over several TCP segments (large
// key shares, small MSS), sent out of order or retransmitted, is still
// read whole: TCP is put back in order by stream.Assembler, cut into TLS
// records by stream.Messages, and handshake records are joined until the
// ClientHello is complete (it may span records too). TLS is recognised on
// the ports the registry binds to it and by content anywhere else.
//
//	go run ./examples/16-tls-sni-all ../shared/corpus/pcapplusplus/tls2.pcap
//
//example:offline stream/testdata/tls.pcap
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/stream"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: tls-sni-all FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "tls-sni-all:", err)
		os.Exit(1)
	}
}

// hello gathers the handshake bytes a client sends until its ClientHello
// is whole.
type hello struct {
	stream int
	buf    []byte
	done   bool
}

func run(name string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	index := stream.NewStreamIndex() // stream numbers as tshark's tcp.stream
	current := 0
	n := 0
	m := &stream.Messages{
		Framer: func(c *stream.Conversation, first []byte) (stream.Framer, packet.LayerType) {
			if stream.DetectProtocol(c, first) == layers.TLSType || layers.TLSLooksLike(first) {
				return stream.NewFramer(layers.TLSType), layers.TLSType
			}
			return nil, 0
		},
		OnStart: func(c *stream.Conversation) { c.User = &hello{stream: current} },
		OnMessage: func(c *stream.Conversation, dir stream.Direction, msg *stream.Message) {
			h, _ := c.User.(*hello)
			if h == nil || h.done || dir != stream.ClientToServer || msg.Proto != layers.TLSType || len(msg.Data) < 5 {
				return
			}
			if msg.Data[0] != layers.TLSHandshake {
				h.done = true // no hello before other records
				return
			}
			h.buf = append(h.buf, msg.Data[5:]...)
			if len(h.buf) < 4 {
				return
			}
			if h.buf[0] != layers.TLSClientHello {
				h.done = true
				return
			}
			size := 4 + (int(h.buf[1])<<16 | int(h.buf[2])<<8 | int(h.buf[3]))
			if len(h.buf) < size || size > 0xffff {
				h.done = size > 0xffff
				return
			}
			h.done = true
			if print(c, h.stream, h.buf[:size]) {
				n++
			}
		},
	}
	asm := stream.NewAssembler(stream.Config{Handler: m})
	dfr := defrag.New(defrag.Config{})
	dec := packet.NewDecoder(0)
	for {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		p, ok, err := dfr.Process(p, ci.Timestamp)
		if !ok || err != nil {
			continue
		}
		if s, ok := index.Index(p); ok {
			current = s
			asm.Process(p, ci.Timestamp)
		}
	}
	asm.FlushAll()
	fmt.Printf("%d connections with a ClientHello\n", n)
	return nil
}

// print reads a whole ClientHello handshake message (its record header is
// made up for it) and prints the connection's line.
func print(c *stream.Conversation, n int, msg []byte) bool {
	rec := make([]byte, 5, 5+len(msg))
	rec[0], rec[1], rec[2] = layers.TLSHandshake, 3, 1
	binary.BigEndian.PutUint16(rec[3:], uint16(len(msg)))
	p, _ := packet.Dissect(append(rec, msg...), layers.TLSType)
	tls, ok := packet.LayerOf[*layers.TLS](p)
	if !ok {
		return false
	}
	ch, ok := tls.ClientHello()
	if !ok {
		return false
	}
	sni := ch.ServerName()
	if sni == "" {
		sni = "-"
	}
	alpn := strings.Join(ch.ALPN(), ",")
	if alpn == "" {
		alpn = "-"
	}
	fmt.Printf("%d %v > %v sni=%s alpn=%s\n", n, c.Client, c.Server, sni, alpn)
	return true
}

package stream_test

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/stream"
)

// Segments of one connection arrive out of order and with a
// retransmission; the Handler sees each direction's bytes in order, once.
func ExampleAssembler() {
	client := netip.MustParseAddrPort("192.0.2.1:40000")
	server := netip.MustParseAddrPort("192.0.2.2:80")
	a := stream.NewAssembler(stream.Config{Handler: stream.HandlerFuncs{
		DataFunc: func(c *stream.Conversation, dir stream.Direction, data []byte, info stream.DataInfo) {
			fmt.Printf("%d %v %q\n", c.ID, dir, data)
		},
		CloseFunc: func(c *stream.Conversation, reason stream.CloseReason) {
			fmt.Printf("%d closed: %v\n", c.ID, reason)
		},
	}})
	seg := func(src, dst netip.AddrPort, seq uint32, flags uint8, payload string) {
		a.ProcessSegment(&stream.Segment{Src: src, Dst: dst, Seq: seq, Flags: flags, Payload: []byte(payload), Seen: time.Now()})
	}
	seg(client, server, 99, layers.TCPSyn, "")
	seg(server, client, 499, layers.TCPSyn|layers.TCPAck, "")
	seg(client, server, 106, layers.TCPAck, "HTTP/1.1\r\n\r\n") // before the bytes it follows
	seg(client, server, 100, layers.TCPAck, "GET / ")
	seg(client, server, 100, layers.TCPAck, "GET / ") // a retransmission
	seg(server, client, 500, layers.TCPAck|layers.TCPFin, "HTTP/1.1 204 No Content\r\n\r\n")
	seg(client, server, 118, layers.TCPAck|layers.TCPFin, "")
	// Output:
	// 0 client>server "GET / "
	// 0 client>server "HTTP/1.1\r\n\r\n"
	// 0 server>client "HTTP/1.1 204 No Content\r\n\r\n"
	// 0 closed: fin
}

// Messages cuts the byte streams into whole application messages: two TLS
// records, the first split over two segments.
func ExampleMessages() {
	m := &stream.Messages{OnMessage: func(c *stream.Conversation, dir stream.Direction, msg *stream.Message) {
		fmt.Printf("%v %v record of %d bytes\n", dir, msg.Proto, len(msg.Data))
	}}
	a := stream.NewAssembler(stream.Config{Handler: m})
	client := netip.MustParseAddrPort("192.0.2.1:40000")
	server := netip.MustParseAddrPort("192.0.2.2:443")
	rec1 := append([]byte{22, 3, 1, 0, 10}, make([]byte, 10)...)
	rec2 := []byte{21, 3, 3, 0, 2, 1, 0}
	a.ProcessSegment(&stream.Segment{Src: client, Dst: server, Seq: 1, Flags: layers.TCPAck, Payload: rec1[:7]})
	a.ProcessSegment(&stream.Segment{Src: client, Dst: server, Seq: 8, Flags: layers.TCPAck, Payload: append(rec1[7:], rec2...)})
	// Output:
	// client>server TLS record of 15 bytes
	// client>server TLS record of 7 bytes
}

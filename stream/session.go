package stream

import (
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Defragmenter reassembles IP fragments; package defrag's Defragmenter is
// one. Process returns ok false for a fragment it keeps (nothing to hand
// on yet) and the packet itself, unchanged, for a packet that is no
// fragment.
type Defragmenter interface {
	Process(p *packet.Packet, ts time.Time) (out *packet.Packet, ok bool, err error)
}

// SessionConfig says what a Session does.
type SessionConfig struct {
	// Defrag, when set, reassembles IP fragments first (Scapy's
	// IPSession).
	Defrag Defragmenter
	// NoStreams turns TCP reassembly off: only Defrag applies.
	NoStreams bool
	// Assembler configures the TCP reassembly (Scapy's TCPSession);
	// its Handler is the Session's own.
	Assembler Config
	// MaxMessage bounds an application message (Messages.MaxMessage).
	MaxMessage int
}

// Session turns captured packets into packets whose application messages
// are whole, as Scapy's sniff(session=TCPSession) does: IP fragments are
// reassembled (with a Defragmenter), TCP segments put in order, and their
// bytes cut into messages (TLS records, BGP messages, DNS over TCP,
// HTTP/1.x messages; see NewFramer), each dissected with the registry as
// a packet of its own. A Session is not safe for concurrent use.
type Session struct {
	cfg  SessionConfig
	asm  *Assembler
	msgs Messages
	out  []*packet.Packet
	hdrs map[*Conversation]*[2][]byte // per direction: network and TCP headers of the last segment with data

	pending    *packet.Packet // the packet being processed
	pendingSrc netip.AddrPort
}

// NewSession returns a Session.
func NewSession(cfg SessionConfig) *Session {
	s := &Session{cfg: cfg, hdrs: make(map[*Conversation]*[2][]byte)}
	s.msgs = Messages{
		MaxMessage: cfg.MaxMessage,
		OnMessage:  s.message,
		OnStart:    s.start,
		OnClose:    func(c *Conversation, _ CloseReason) { delete(s.hdrs, c) },
	}
	ac := cfg.Assembler
	ac.Handler = &s.msgs
	s.asm = NewAssembler(ac)
	return s
}

// Assembler returns the Session's Assembler (for its counters).
func (s *Session) Assembler() *Assembler { return s.asm }

// Process takes the next captured packet and returns the packets to hand
// on for it: a packet that is no TCP segment with data comes back as it
// is (the same *packet.Packet, valid as long as p is); a fragment kept for
// reassembly gives nothing, the last one the reassembled datagram; a TCP
// segment with data gives the messages it completed (none, one or
// several, of this conversation or, when its acknowledgment resolves a
// hole, of the other direction). The message packets are new and owned
// by the caller: the network and TCP headers of the segment that carried
// the message, with the sequence number of the message's first byte and
// the lengths and checksums computed (left unset when the message is too
// long for the IP length field, or framed by content on a port that
// binds to another protocol), then the message dissected. An
// error from the Defragmenter is returned with the packet handed on as it
// is. The returned slice is reused by the next call; the packets in it
// are not.
func (s *Session) Process(p *packet.Packet, ts time.Time) ([]*packet.Packet, error) {
	s.out = s.out[:0]
	if s.cfg.Defrag != nil {
		out, ok, err := s.cfg.Defrag.Process(p, ts)
		if err != nil {
			return append(s.out, p), err
		}
		if !ok {
			return s.out, nil
		}
		p = out
	}
	if s.cfg.NoStreams {
		return append(s.out, p), nil
	}
	var seg Segment
	if !SegmentOf(p, &seg) {
		return append(s.out, p), nil
	}
	seg.Seen = ts
	if len(seg.Payload) == 0 {
		s.asm.ProcessSegment(&seg)
		return append(s.out, p), nil
	}
	if c := s.asm.flows[keyOf(seg.Src, seg.Dst)]; c != nil && c.closed == 0 {
		s.keepHeaders(c, c.dirOf(seg.Src), p)
	}
	// a conversation this segment starts gets its headers in start
	s.pending, s.pendingSrc = p, seg.Src
	s.asm.ProcessSegment(&seg)
	s.pending = nil
	return s.out, nil
}

// Flush hands over what is still waiting (gaps skipped) and returns the
// last messages: call it at the end of the input.
func (s *Session) Flush() []*packet.Packet {
	s.out = s.out[:0]
	s.asm.FlushAll()
	return s.out
}

// keepHeaders copies the network and TCP headers of p for direction dir
// of c.
func (s *Session) keepHeaders(c *Conversation, dir Direction, p *packet.Packet) {
	ti, ii := tcpIndex(p)
	if ti < 0 || ii < 0 || p.Data() == nil {
		return
	}
	t := p.Layer(ti).(*layers.TCP)
	from := packet.LayerOffset(p, ii)
	to := packet.LayerOffset(p, ti) + int(t.DataOffset.Value)*4
	if to > len(p.Data()) || from >= to {
		return
	}
	h := s.hdrs[c]
	if h == nil {
		h = new([2][]byte)
		s.hdrs[c] = h
	}
	h[dir] = append(h[dir][:0], p.Data()[from:to]...)
}

func (s *Session) start(c *Conversation) {
	if s.pending != nil {
		s.keepHeaders(c, c.dirOf(s.pendingSrc), s.pending)
	}
}

// message turns a message into a packet.
func (s *Session) message(c *Conversation, dir Direction, m *Message) {
	h := s.hdrs[c]
	var hdr []byte
	if h != nil {
		hdr = h[dir]
	}
	if len(hdr) == 0 {
		return
	}
	buf := make([]byte, len(hdr)+len(m.Data))
	copy(buf, hdr)
	copy(buf[len(hdr):], m.Data)
	first := layers.IPv4Type
	if buf[0]>>4 == 6 {
		first = layers.IPv6Type
		binary.BigEndian.PutUint16(buf[4:], 0) // payload length: the rest
	} else {
		binary.BigEndian.PutUint16(buf[2:], 0) // total length: the rest
	}
	p, _ := packet.Dissect(buf, first)
	ti, _ := tcpIndex(p)
	if ti < 0 {
		return
	}
	for _, l := range p.Layers()[:ti] {
		switch l := l.(type) {
		case *layers.IPv4:
			l.Len, l.Checksum = fields.Opt[uint16]{}, fields.Opt[uint16]{}
		case *layers.IPv6:
			l.PayloadLen = fields.Opt[uint16]{}
		}
	}
	t := p.Layer(ti).(*layers.TCP)
	t.Checksum = fields.Opt[uint16]{}
	t.Seq = m.Seq
	if m.Proto != 0 && (ti+1 >= p.NumLayers() || p.Layer(ti+1).Proto().Type() != m.Proto) {
		// framed by content on a port the registry binds to nothing (or
		// to something else): dissect the message as what it was framed
		app, _ := packet.Dissect(buf[len(hdr):], m.Proto)
		ls := append(append([]packet.Layer(nil), p.Layers()[:ti+1]...), app.Layers()...)
		p = packet.New(ls...)
	} else if b, err := p.Build(); err == nil {
		// lengths and checksums computed: a packet as if captured whole
		p, _ = packet.Dissect(b, first)
		buf = b
	}
	p.Metadata = packet.Metadata{Timestamp: m.Seen, CaptureLength: len(buf), Length: len(buf)}
	s.out = append(s.out, p)
}

package stream

import (
	"time"

	"github.com/goscapy/goscapy/packet"
)

// Message is one application message cut from a conversation, or, for a
// direction no framer applies to, one chunk of its bytes.
type Message struct {
	// Data is the whole message. It is only valid during the callback.
	Data []byte
	// Proto is the layer type the message was framed as (layers.TLSType,
	// layers.BGPType, layers.DNSType, layers.HTTPType), or 0 for bytes
	// handed on unframed.
	Proto packet.LayerType
	// Seq is the TCP sequence number of the first byte.
	Seq uint32
	// First and Seen are the capture times of the segments that brought
	// the first and the last byte.
	First, Seen time.Time
	// Gap is the number of bytes missing just before the message (the
	// framing lost its place and found it again, or gave up).
	Gap int
	// Partial marks the bytes of a message cut short: by a gap, by the
	// end of the connection, or by MaxMessage.
	Partial bool
}

// DefaultMaxMessage is Messages.MaxMessage when it is 0.
const DefaultMaxMessage = 16 << 20

// Messages is a Handler that cuts each conversation's bytes into
// application messages with a Framer and hands them, whole, to
// OnMessage. A message that lies in one segment is handed over without
// copying; one that spans segments is gathered first. After a gap the
// framing starts again if the bytes after it start a message; otherwise
// the direction goes unframed.
type Messages struct {
	// Framer returns the framer of a new conversation, called at its
	// first bytes (first holds them); nil, or a nil result, uses
	// DetectProtocol and NewFramer. With no framer the bytes are handed
	// on unframed, one Message per chunk.
	Framer func(c *Conversation, first []byte) (Framer, packet.LayerType)
	// OnStart, when set, is called when a conversation begins.
	OnStart func(c *Conversation)
	// OnMessage receives the messages.
	OnMessage func(c *Conversation, dir Direction, m *Message)
	// OnClose, when set, is called when a conversation ends, after its
	// last messages.
	OnClose func(c *Conversation, reason CloseReason)
	// MaxMessage bounds the bytes gathered for one message (default
	// 16 MiB); past it the direction goes unframed.
	MaxMessage int

	convs map[*Conversation]*msgConv
}

type msgConv struct {
	decided bool
	framer  Framer
	proto   packet.LayerType
	dirs    [2]msgDir
}

type msgDir struct {
	buf     []byte // bytes of the message being gathered
	raw     bool   // unframed from here
	need    int    // Frame asked for at least that many bytes
	seq     uint32 // sequence number of buf[0]
	first   time.Time
	gap     int // bytes missing before buf
	lost    int // bytes the capture cut off after the last chunk
	partial bool
}

// Start implements StartHandler.
func (m *Messages) Start(c *Conversation) {
	if m.OnStart != nil {
		m.OnStart(c)
	}
}

func (m *Messages) conv(c *Conversation) *msgConv {
	if m.convs == nil {
		m.convs = make(map[*Conversation]*msgConv)
	}
	mc := m.convs[c]
	if mc == nil {
		mc = &msgConv{}
		m.convs[c] = mc
	}
	return mc
}

func (m *Messages) maxMessage() int {
	if m.MaxMessage > 0 {
		return m.MaxMessage
	}
	return DefaultMaxMessage
}

// Data implements Handler.
func (m *Messages) Data(c *Conversation, dir Direction, data []byte, info DataInfo) {
	mc := m.conv(c)
	if !mc.decided && len(data) > 0 {
		mc.decided = true
		if m.Framer != nil {
			mc.framer, mc.proto = m.Framer(c, data)
		}
		if mc.framer == nil {
			mc.proto = DetectProtocol(c, data)
			mc.framer = NewFramer(mc.proto)
		}
		if mc.framer == nil {
			mc.dirs[0].raw, mc.dirs[1].raw = true, true
		}
	}
	d := &mc.dirs[dir]
	if gap := info.Gap + d.lost; gap > 0 {
		d.lost = 0
		if len(d.buf) > 0 {
			d.partial = true
			m.emitRaw(c, dir, d, d.buf, info.Seen)
		}
		d.gap += gap
		if mc.framer != nil {
			// framing goes on if the bytes after the gap start a message
			mc.framer.Reset(dir)
			d.raw, d.need = false, 0
		}
	}
	if d.raw {
		if len(data) > 0 {
			m.emit(c, dir, &Message{Data: data, Seq: info.Seq, First: info.Seen, Seen: info.Seen, Gap: d.gap})
			d.gap = 0
		}
		return
	}
	if len(d.buf) == 0 {
		d.seq, d.first = info.Seq, info.Seen
		// zero-copy: whole messages inside this chunk
		for len(data) > 0 && !d.raw {
			n, err := mc.framer.Frame(dir, data, false)
			if err != nil {
				d.raw = true
				m.emitRaw(c, dir, d, data, info.Seen)
				return
			}
			if n > len(data) {
				n = len(data) // a framer never claims more than it was given
			}
			if n <= 0 {
				d.need = -n
				break
			}
			m.emit(c, dir, &Message{Data: data[:n], Proto: mc.proto, Seq: d.seq, First: d.first, Seen: info.Seen, Gap: d.gap})
			d.gap = 0
			data = data[n:]
			d.seq += uint32(n)
			d.first = info.Seen
		}
		if len(data) == 0 {
			d.lost = info.Truncated
			return
		}
	}
	d.buf = append(d.buf, data...)
	if info.Truncated > 0 {
		// what the capture cut off is missing from this message
		d.partial = true
		m.emitRaw(c, dir, d, d.buf, info.Seen)
		d.lost = info.Truncated
		return
	}
	m.frameBuffered(c, dir, mc, d, info.Seen, false)
}

// frameBuffered frames the gathered bytes of a direction.
func (m *Messages) frameBuffered(c *Conversation, dir Direction, mc *msgConv, d *msgDir, seen time.Time, atEOF bool) {
	off := 0
	for off < len(d.buf) && !d.raw {
		if len(d.buf)-off < d.need && !atEOF {
			break
		}
		n, err := mc.framer.Frame(dir, d.buf[off:], atEOF)
		if err != nil {
			d.raw = true
			break
		}
		if n <= 0 {
			d.need = -n
			if len(d.buf)-off > m.maxMessage() || d.need > m.maxMessage() {
				d.raw = true
			}
			break
		}
		n = min(n, len(d.buf)-off)
		d.need = 0
		m.emit(c, dir, &Message{Data: d.buf[off : off+n], Proto: mc.proto, Seq: d.seq, First: d.first, Seen: seen, Gap: d.gap})
		d.gap = 0
		off += n
		d.seq += uint32(n)
		d.first = seen
	}
	rest := d.buf[off:]
	if d.raw && len(rest) > 0 {
		m.emitRaw(c, dir, d, rest, seen)
		return
	}
	if off > 0 {
		n := copy(d.buf, rest)
		d.buf = d.buf[:n]
	}
	if cap(d.buf) > 1<<20 && len(d.buf) == 0 {
		d.buf = nil
	}
}

// emitRaw hands on gathered bytes unframed and empties the buffer.
func (m *Messages) emitRaw(c *Conversation, dir Direction, d *msgDir, b []byte, seen time.Time) {
	m.emit(c, dir, &Message{Data: b, Seq: d.seq, First: d.first, Seen: seen, Gap: d.gap, Partial: d.partial})
	d.seq += uint32(len(b))
	d.gap, d.partial, d.need = 0, false, 0
	d.buf = d.buf[:0]
}

func (m *Messages) emit(c *Conversation, dir Direction, msg *Message) {
	if m.OnMessage != nil {
		m.OnMessage(c, dir, msg)
	}
}

// Fin implements FinHandler: the last bytes of the direction are framed
// as the end of the direction allows (an HTTP body up to the close).
func (m *Messages) Fin(c *Conversation, dir Direction) {
	mc := m.convs[c]
	if mc == nil {
		return
	}
	d := &mc.dirs[dir]
	if len(d.buf) > 0 && !d.raw && mc.framer != nil {
		m.frameBuffered(c, dir, mc, d, c.Last, true)
	}
}

// Close implements Handler: the last bytes of each direction are framed
// as the end of the connection allows, then handed on.
func (m *Messages) Close(c *Conversation, reason CloseReason) {
	if mc := m.convs[c]; mc != nil {
		for dir := range mc.dirs {
			d := &mc.dirs[dir]
			if len(d.buf) == 0 {
				continue
			}
			if !d.raw && mc.framer != nil {
				m.frameBuffered(c, Direction(dir), mc, d, c.Last, true)
			}
			if len(d.buf) > 0 {
				d.partial = true
				m.emitRaw(c, Direction(dir), d, d.buf, c.Last)
			}
		}
		delete(m.convs, c)
	}
	if m.OnClose != nil {
		m.OnClose(c, reason)
	}
}

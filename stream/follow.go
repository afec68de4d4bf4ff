package stream

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"

	"github.com/goscapy/goscapy/packet"
)

// FollowMode is the output form of a followed stream, as tshark's
// -z follow,tcp,MODE,N.
type FollowMode uint8

const (
	// FollowASCII prints each chunk's length, then its bytes with
	// unprintable ones (except CR and LF) as dots.
	FollowASCII FollowMode = iota
	// FollowHex prints a hexdump of each chunk, offsets counted per
	// direction.
	FollowHex
	// FollowRaw prints each chunk as one line of lowercase hex.
	FollowRaw
)

// String returns "ascii", "hex" or "raw".
func (m FollowMode) String() string {
	switch m {
	case FollowHex:
		return "hex"
	case FollowRaw:
		return "raw"
	}
	return "ascii"
}

// Follow gathers a TCP stream of a capture (or all of them), numbered as tshark's
// tcp.stream (StreamIndex), and prints it as tshark's Follow TCP Stream
// does (tshark -q -z follow,tcp,MODE,N): a header naming the two nodes
// (node 0 sent the first packet of the stream), then the bytes in chunks,
// one per segment that brought new bytes, in capture order; the second
// node's chunks indented by a tab. Bytes that the peer acknowledged but
// the capture missed are shown as tshark shows them: a chunk
// "[N bytes missing in capture file]" (with tshark's trailing NUL byte).
// Segments still waiting for a missing one at the end are left out, as
// tshark leaves them out.
type Follow struct {
	all     bool
	stream  int
	index   *StreamIndex
	asm     *Assembler
	streams map[int]*followStream
	cur     *followStream // the stream of the packet being added
	end     bool
}

type followStream struct {
	nodes  [2]netip.AddrPort
	have   bool
	chunks []followChunk
}

type followChunk struct {
	node int
	data []byte
}

// NewFollow follows stream number n (from 0).
func NewFollow(n int) *Follow {
	f := &Follow{stream: n, index: NewStreamIndex(), streams: make(map[int]*followStream)}
	f.asm = NewAssembler(Config{
		Handler:            followHandler{f},
		MaxBufferedPerFlow: 1 << 40,
		MaxBufferedTotal:   1 << 40,
		MaxFlows:           1 << 30,
	})
	return f
}

// NewFollowAll follows every stream of the capture.
func NewFollowAll() *Follow {
	f := NewFollow(-1)
	f.all = true
	return f
}

type followHandler struct{ f *Follow }

func (h followHandler) Data(c *Conversation, dir Direction, data []byte, info DataInfo) {
	if h.f.end {
		return // tshark never shows what still waits at the end
	}
	st, _ := c.User.(*followStream)
	if st == nil {
		return
	}
	src, _ := c.Endpoints(dir)
	node := 0
	if src != st.nodes[0] {
		node = 1
	}
	if info.Gap > 0 {
		msg := "[" + strconv.Itoa(info.Gap) + " bytes missing in capture file]\x00"
		st.chunks = append(st.chunks, followChunk{node, []byte(msg)})
	}
	if len(data) > 0 {
		st.chunks = append(st.chunks, followChunk{node, append([]byte(nil), data...)})
	}
}

func (followHandler) Close(*Conversation, CloseReason) {}

func (h followHandler) Start(c *Conversation) { c.User = h.f.cur }

// Add feeds the next packet of the capture (every packet, in order, IP
// fragments reassembled first).
func (f *Follow) Add(p *packet.Packet) {
	n, ok := f.index.Index(p)
	if !ok || !f.all && n != f.stream {
		return
	}
	var s Segment
	if !SegmentOf(p, &s) {
		return
	}
	st := f.streams[n]
	if st == nil {
		st = &followStream{nodes: [2]netip.AddrPort{s.Src, s.Dst}, have: true}
		f.streams[n] = st
	}
	f.cur = st
	f.asm.ProcessSegment(&s)
	f.cur = nil
}

// Streams returns the number of streams seen so far (the highest stream
// number plus one).
func (f *Follow) Streams() int { return f.index.Streams() }

// Nodes returns the two endpoints of stream n, node 0 first; ok is false
// when the stream carried no TCP segment.
func (f *Follow) Nodes(n int) (node0, node1 netip.AddrPort, ok bool) {
	if st := f.streams[n]; st != nil {
		return st.nodes[0], st.nodes[1], true
	}
	return
}

// Chunks calls fn with each chunk of stream n in order: the node that
// sent it and its bytes (not to be kept).
func (f *Follow) Chunks(n int, fn func(node int, data []byte)) {
	f.finish()
	if st := f.streams[n]; st != nil {
		for _, c := range st.chunks {
			fn(c.node, c.data)
		}
	}
}

func (f *Follow) finish() {
	if !f.end {
		f.end = true
		f.asm.FlushAll()
	}
}

const followSeparator = "===================================================================\n"

// Write writes stream n in tshark's form and mode m. A stream the
// capture does not have is written as tshark writes it (nodes ":0", no
// data).
func (f *Follow) Write(w io.Writer, n int, m FollowMode) error {
	f.finish()
	st := f.streams[n]
	if st == nil {
		st = &followStream{}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "\n%sFollow: tcp,%s\nFilter: tcp.stream eq %d\n", followSeparator, m, n)
	for i, a := range st.nodes {
		fmt.Fprintf(bw, "Node %d: %s\n", i, nodeString(a, st.have))
	}
	var off [2]int
	line := make([]byte, 0, 128)
	for _, c := range st.chunks {
		tab := ""
		if c.node == 1 {
			tab = "\t"
		}
		switch m {
		case FollowASCII:
			line = append(line[:0], tab...)
			line = strconv.AppendInt(line, int64(len(c.data)), 10)
			line = append(line, '\n')
			bw.Write(line)
			for _, b := range c.data {
				if b != '\r' && b != '\n' && (b < 0x20 || b > 0x7e) {
					b = '.'
				}
				bw.WriteByte(b)
			}
			bw.WriteByte('\n')
		case FollowRaw:
			bw.WriteString(tab)
			const hexd = "0123456789abcdef"
			for _, b := range c.data {
				bw.WriteByte(hexd[b>>4])
				bw.WriteByte(hexd[b&15])
			}
			bw.WriteByte('\n')
		case FollowHex:
			off[c.node] = writeFollowHex(bw, tab, off[c.node], c.data, line)
		}
	}
	bw.WriteString(followSeparator)
	return bw.Flush()
}

// writeFollowHex writes data as tshark's follow hexdump: an offset of 8
// uppercase hex digits, 16 bytes in lowercase hex with an extra space
// after the eighth, then the bytes as text with the same extra space.
func writeFollowHex(bw *bufio.Writer, prefix string, off int, data []byte, line []byte) int {
	const hexd = "0123456789abcdef"
	for i := 0; i < len(data); i += 16 {
		row := data[i:min(i+16, len(data))]
		line = append(line[:0], prefix...)
		line = fmt.Appendf(line, "%08X  ", uint32(off+i))
		for j := 0; j < 16; j++ {
			if j < len(row) {
				line = append(line, hexd[row[j]>>4], hexd[row[j]&15], ' ')
			} else {
				line = append(line, "   "...)
			}
			if j == 7 {
				line = append(line, ' ')
			}
		}
		line = append(line, ' ')
		for j, b := range row {
			if b < 0x20 || b > 0x7e {
				b = '.'
			}
			line = append(line, b)
			if j == 7 {
				line = append(line, ' ')
			}
		}
		if line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	return off + len(data)
}

func nodeString(a netip.AddrPort, ok bool) string {
	if !ok {
		return ":0"
	}
	if a.Addr().Is6() {
		return "[" + a.Addr().String() + "]:" + strconv.Itoa(int(a.Port()))
	}
	return a.String()
}

// ErrNoStream is returned for a stream number a capture does not have.
var ErrNoStream = errors.New("no such tcp stream")

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/stream"
)

func init() {
	register(command{name: "http", summary: "list the HTTP requests and responses of a capture", run: runHTTP})
}

const httpUsage = `usage: goscapy http [flags] FILE

List the HTTP/1.x requests and responses of a pcap or pcapng file (gzip
too; "-" is standard input), one line each, in the order they complete:

  STREAM PACKET request  METHOD HOST URI - TYPE SIZE
  STREAM PACKET response METHOD HOST URI STATUS TYPE SIZE

STREAM is the TCP stream number (as tshark's tcp.stream and goscapy
follow number them), PACKET the number of the packet that completed the
message. A response repeats the method, host and URI of the request it
answers. TYPE is the media type of Content-Type, SIZE the length of the
body (after undoing the chunked coding). "-" stands for a missing value;
a message cut short by a gap in the capture ends with "partial".

TCP segments are put back in order and IP fragments reassembled first;
HTTP is recognised on the ports the registry binds to it (80, 8080) and
by content on any other port.

--json prints one JSON object per message instead:
  {"stream":0,"packet":4,"type":"request","method":"GET","host":"example.org",
   "uri":"/","status":0,"content_type":"","size":0,"partial":false}

-f FILTER keeps only the packets a filter in tcpdump syntax accepts.
`

// httpRecord is one line of goscapy http.
type httpRecord struct {
	Stream      int    `json:"stream"`
	Packet      int    `json:"packet"`
	Type        string `json:"type"`
	Method      string `json:"method"`
	Host        string `json:"host"`
	URI         string `json:"uri"`
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	Partial     bool   `json:"partial"`
}

func runHTTP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("http")
	asJSON := fs.Bool("json", false, "print one JSON object per message")
	filter := fs.String("f", "", "keep only the packets `FILTER` (tcpdump syntax) accepts")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, httpUsage)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(stderr, "http", errors.New("give one FILE"))
	}
	if err := followCheckFilter(*filter); err != nil {
		return usageError(stderr, "http", err)
	}
	bw := bufio.NewWriter(stdout)
	l := newHTTPLister(func(r *httpRecord) {
		if *asJSON {
			b, _ := json.Marshal(r)
			bw.Write(append(b, '\n'))
			return
		}
		bw.WriteString(r.text())
	})
	_, err := followPackets(pos[0], stdin, *filter, func(n int, p *packet.Packet) error {
		l.add(n, p)
		return nil
	})
	l.finish()
	if ferr := bw.Flush(); ferr != nil {
		return fail(stderr, fmt.Errorf("write output: %w", ferr))
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// text is the line form of a record.
func (r *httpRecord) text() string {
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	status := "-"
	if r.Status > 0 {
		status = strconv.Itoa(r.Status)
	}
	line := fmt.Sprintf("%d %d %-8s %s %s %s %s %s %d", r.Stream, r.Packet, r.Type, dash(r.Method), dash(r.Host),
		dash(r.URI), status, dash(r.ContentType), r.Size)
	if r.Partial {
		line += " partial"
	}
	return line + "\n"
}

// httpLister turns packets into HTTP records.
type httpLister struct {
	index  *stream.StreamIndex
	asm    *stream.Assembler
	out    func(*httpRecord)
	n      int // packet being added
	stream int // its stream number
	reqs   map[*stream.Conversation][]httpRecord
}

func newHTTPLister(out func(*httpRecord)) *httpLister {
	l := &httpLister{index: stream.NewStreamIndex(), out: out, reqs: map[*stream.Conversation][]httpRecord{}}
	m := &stream.Messages{
		Framer: func(c *stream.Conversation, first []byte) (stream.Framer, packet.LayerType) {
			if stream.DetectProtocol(c, first) == layers.HTTPType || layers.HTTPLooksLike(first) {
				return stream.NewHTTPFramer(), layers.HTTPType
			}
			return nil, 0
		},
		OnStart:   func(c *stream.Conversation) { c.User = l.stream },
		OnMessage: l.message,
		OnClose:   func(c *stream.Conversation, _ stream.CloseReason) { delete(l.reqs, c) },
	}
	l.asm = stream.NewAssembler(stream.Config{Handler: m, MaxBufferedPerFlow: 64 << 20, MaxBufferedTotal: 1 << 30})
	return l
}

func (l *httpLister) add(n int, p *packet.Packet) {
	s, ok := l.index.Index(p)
	if !ok {
		return
	}
	l.n, l.stream = n, s
	l.asm.Process(p, p.Metadata.Timestamp)
}

func (l *httpLister) finish() { l.asm.FlushAll() }

func (l *httpLister) message(c *stream.Conversation, dir stream.Direction, m *stream.Message) {
	if m.Proto != layers.HTTPType {
		return
	}
	var h layers.HTTP
	res, err := h.DecodeFromBytes(m.Data, nil)
	if err != nil {
		return
	}
	sn, _ := c.User.(int)
	r := httpRecord{Stream: sn, Packet: l.n, Partial: m.Partial || h.Truncated}
	body := m.Data[min(res.HeaderLen, len(m.Data)):]
	r.Size = len(body)
	if h.Chunked() {
		if out, _, err := layers.HTTPDechunk(body); err == nil {
			r.Size = len(out)
		}
	}
	if v, ok := h.Header("Content-Type"); ok {
		mt, _, _ := strings.Cut(string(v), ";")
		r.ContentType = strings.TrimSpace(mt)
	}
	if !h.Response {
		r.Type, r.Method, r.URI = "request", string(h.Method), string(h.Path)
		if v, ok := h.Header("Host"); ok {
			r.Host = string(bytes.TrimSpace(v))
		}
		q := l.reqs[c]
		if len(q) < 64 {
			l.reqs[c] = append(q, r)
		}
	} else {
		r.Type = "response"
		r.Status, _ = strconv.Atoi(string(h.StatusCode))
		if q := l.reqs[c]; len(q) > 0 {
			r.Method, r.Host, r.URI = q[0].Method, q[0].Host, q[0].URI
			if r.Status >= 200 {
				l.reqs[c] = q[1:]
			}
		}
	}
	l.out(&r)
}

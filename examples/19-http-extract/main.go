// Command http-extract saves the bodies of the HTTP responses of a capture
// (HTTP objects, as Wireshark's "Export Objects > HTTP") into a directory:
// TCP streams reassembled (stream.Assembler), cut into HTTP/1.x messages
// (stream.Messages with an HTTP framer), chunked bodies decoded and gzip or
// deflate content decoded; empty bodies are skipped. Each object is named after the last element of
// its request's path ("index.html" for "/"), with "(1)", "(2)" ... added
// when a name comes again; an existing file is an error unless -force is
// given.
//
//	go run ./examples/19-http-extract ../shared/corpus/generated/kernel/http.pcap /tmp/objects
//
//example:offline stream/testdata/http.pcap {tmp}/objects
package main

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/stream"
)

func main() {
	force := flag.Bool("force", false, "replace files that exist")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: http-extract [-force] FILE DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	x := &extractor{dir: flag.Arg(1), force: *force, names: map[string]int{}, reqs: map[*stream.Conversation][]string{}}
	if err := x.run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "http-extract:", err)
		os.Exit(1)
	}
}

type extractor struct {
	dir   string
	force bool
	names map[string]int                    // names used so far
	reqs  map[*stream.Conversation][]string // request paths waiting for their responses
	err   error
	n     int
}

func (x *extractor) run(name string) error {
	if err := os.MkdirAll(x.dir, 0o755); err != nil {
		return err
	}
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	m := &stream.Messages{
		Framer: func(c *stream.Conversation, first []byte) (stream.Framer, packet.LayerType) {
			if stream.DetectProtocol(c, first) == layers.HTTPType || layers.HTTPLooksLike(first) {
				return stream.NewHTTPFramer(), layers.HTTPType
			}
			return nil, 0 // not HTTP: the bytes come unframed and are ignored
		},
		OnMessage: x.message,
		OnClose:   func(c *stream.Conversation, _ stream.CloseReason) { delete(x.reqs, c) },
	}
	asm := stream.NewAssembler(stream.Config{Handler: m})
	dfr := defrag.New(defrag.Config{})
	dec := packet.NewDecoder(0)
	for x.err == nil {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		if p, ok, err := dfr.Process(p, ci.Timestamp); ok && err == nil {
			asm.Process(p, ci.Timestamp)
		}
	}
	asm.FlushAll()
	if x.err == nil {
		fmt.Printf("%d objects written to %s\n", x.n, x.dir)
	}
	return x.err
}

func (x *extractor) message(c *stream.Conversation, dir stream.Direction, msg *stream.Message) {
	if msg.Proto != layers.HTTPType || x.err != nil {
		return
	}
	var h layers.HTTP
	res, err := h.DecodeFromBytes(msg.Data, nil)
	if err != nil {
		return
	}
	if !h.Response {
		x.reqs[c] = append(x.reqs[c], string(h.Path))
		return
	}
	uri := "/"
	if q := x.reqs[c]; len(q) > 0 {
		uri = q[0]
		if code, _ := strconv.Atoi(string(h.StatusCode)); code >= 200 {
			x.reqs[c] = q[1:]
		}
	}
	body := msg.Data[res.HeaderLen:]
	if len(body) == 0 {
		return
	}
	if h.Chunked() {
		if out, _, err := layers.HTTPDechunk(body); err == nil {
			body = out
		}
	}
	if body = decode(&h, body); len(body) == 0 {
		return // nothing once decoded (a gzip of nothing)
	}
	file, err := x.create(uri)
	if err != nil {
		x.err = err
		return
	}
	_, err = file.Write(body)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		x.err = err
		return
	}
	x.n++
	ct, _ := h.Header("Content-Type")
	src, dst := c.Endpoints(dir)
	fmt.Printf("%v > %v %s %s: %s, %d bytes, %s\n", src, dst, h.StatusCode, uri, file.Name(), len(body), ct)
}

// decode undoes a gzip or deflate Content-Encoding; other bodies, and
// bodies that do not decode, are kept as they are.
func decode(h *layers.HTTP, body []byte) []byte {
	enc, _ := h.Header("Content-Encoding")
	var rd io.ReadCloser
	var err error
	switch strings.ToLower(strings.TrimSpace(string(enc))) {
	case "gzip", "x-gzip":
		rd, err = gzip.NewReader(bytes.NewReader(body))
	case "deflate":
		rd = flate.NewReader(bytes.NewReader(body))
	default:
		return body
	}
	if err != nil {
		return body
	}
	out, err := io.ReadAll(io.LimitReader(rd, 256<<20))
	rd.Close()
	if err != nil && len(out) == 0 {
		return body
	}
	return out
}

// create opens the file of an object named after uri.
func (x *extractor) create(uri string) (*os.File, error) {
	p, _, _ := strings.Cut(uri, "?")
	base := path.Base(p)
	if base == "/" || base == "." || base == "" {
		base = "index.html"
	}
	base = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, base)
	if len(base) > 200 {
		base = base[:200]
	}
	name := base
	if k := x.names[base]; k > 0 {
		ext := filepath.Ext(base)
		name = fmt.Sprintf("%s(%d)%s", strings.TrimSuffix(base, ext), k, ext)
	}
	x.names[base]++
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if x.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(filepath.Join(x.dir, name), flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%w (give -force to replace it)", err)
	}
	return f, err
}

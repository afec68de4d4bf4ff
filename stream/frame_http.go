package stream

import (
	"bytes"
	"strconv"

	"github.com/goscapy/goscapy/layers"
)

// httpMaxHead bounds an HTTP header section; a longer one is not HTTP as
// far as framing goes.
const httpMaxHead = 64 << 10

// HTTPFramer frames HTTP/1.x messages (RFC 9112 section 6): a header
// section ending with an empty line, then a body whose length the
// message gives: Transfer-Encoding chunked (up to the last chunk and the
// trailer section), Content-Length, nothing for requests without either,
// for responses to HEAD and for 1xx, 204 and 304 responses, and the rest
// of the connection for other responses. After a 101 (Switching
// Protocols) or a 2xx answer to CONNECT the connection no longer carries
// HTTP: both directions go unframed.
type HTTPFramer struct {
	dirs    [2]httpDir
	methods [][]byte // requests waiting for their responses, oldest first
	tunnel  bool
}

type httpDir struct {
	total   int  // the message's length once known, else 0
	head    int  // length of the header section, 0 until found
	scanned int  // bytes searched for the end of the header section
	chunked bool // the body is chunked
	pos     int  // chunked: where the next chunk size line starts
	eof     bool // the body runs to the end of the connection
}

// NewHTTPFramer returns a framer for one HTTP connection.
func NewHTTPFramer() *HTTPFramer { return &HTTPFramer{} }

// Reset forgets the message being framed in dir.
func (f *HTTPFramer) Reset(dir Direction) { f.dirs[dir] = httpDir{} }

// Frame implements Framer.
func (f *HTTPFramer) Frame(dir Direction, b []byte, atEOF bool) (int, error) {
	d := &f.dirs[dir]
	if d.total > 0 {
		n := need(d.total, len(b))
		if n > 0 {
			*d = httpDir{}
		}
		return n, nil
	}
	if f.tunnel {
		return 0, ErrNotProtocol
	}
	if d.head == 0 {
		// the first word (a method or the version) is printable
		for _, c := range b[:min(len(b), 32)] {
			if c == ' ' {
				break
			}
			if c < 0x21 || c > 0x7e {
				return 0, ErrNotProtocol
			}
		}
		if i := bytes.IndexByte(b, '\n'); i >= 0 || len(b) > 256 {
			if !layers.HTTPLooksLike(b) {
				return 0, ErrNotProtocol
			}
		}
		from := max(d.scanned-3, 0)
		i := bytes.Index(b[from:], []byte("\r\n\r\n"))
		if i < 0 {
			d.scanned = len(b)
			if len(b) > httpMaxHead {
				return 0, ErrNotProtocol
			}
			return 0, nil
		}
		d.head = from + i + 4
		n, err := f.body(d, b[:d.head])
		if err != nil {
			*d = httpDir{}
			return 0, err
		}
		if n >= 0 {
			d.total = d.head + n
			return f.Frame(dir, b, atEOF)
		}
		// chunked, or up to the close
	}
	switch {
	case d.chunked:
		n, err := d.chunkedEnd(b)
		if n > 0 || err != nil {
			*d = httpDir{}
		}
		return n, err
	case d.eof:
		if atEOF {
			*d = httpDir{}
			return len(b), nil
		}
		return 0, nil
	}
	return 0, nil
}

// body reads a header section: the body length when the head gives it
// (n >= 0), or -1 when the body is chunked or runs to the close.
func (f *HTTPFramer) body(d *httpDir, head []byte) (int, error) {
	var h layers.HTTP
	if _, err := h.DecodeFromBytes(head, nil); err != nil || h.Truncated {
		return 0, ErrNotProtocol
	}
	te, hasTE := h.Header("Transfer-Encoding")
	chunked := hasTE && bytes.Contains(bytes.ToLower(te), []byte("chunked"))
	cl, hasCL := h.ContentLength()
	if !h.Response {
		f.methods = append(f.methods, bytes.Clone(h.Method))
		if len(f.methods) > 64 {
			f.methods = f.methods[1:]
		}
		switch {
		case chunked:
			d.chunked, d.pos = true, len(head)
			return -1, nil
		case hasCL:
			return cl, nil
		}
		return 0, nil
	}
	status, _ := strconv.Atoi(string(h.StatusCode))
	var method []byte
	if status >= 200 && len(f.methods) > 0 {
		method = f.methods[0]
		f.methods = f.methods[1:]
	}
	switch {
	case status == 101 || status/100 == 2 && string(method) == "CONNECT":
		f.tunnel = true
		return 0, nil
	case status/100 == 1 || status == 204 || status == 304 || string(method) == "HEAD":
		return 0, nil
	case chunked:
		d.chunked, d.pos = true, len(head)
		return -1, nil
	case hasCL:
		return cl, nil
	}
	d.eof = true
	return -1, nil
}

// chunkedEnd walks the chunks of a body from where it stopped last time
// and returns the end of the message once the last chunk and the trailer
// section are there.
func (d *httpDir) chunkedEnd(b []byte) (int, error) {
	for {
		i := bytes.Index(b[d.pos:], []byte("\r\n"))
		if i < 0 {
			if len(b)-d.pos > 1024 {
				return 0, ErrNotProtocol
			}
			return 0, nil
		}
		line := b[d.pos : d.pos+i]
		if j := bytes.IndexByte(line, ';'); j >= 0 {
			line = line[:j]
		}
		line = bytes.TrimSpace(line)
		size, err := strconv.ParseUint(string(line), 16, 32)
		if err != nil || len(line) == 0 {
			return 0, ErrNotProtocol
		}
		if size == 0 {
			// last chunk: an empty line or trailer fields, then an empty line
			rest := d.pos + i + 2
			if len(b)-rest >= 2 && b[rest] == '\r' && b[rest+1] == '\n' {
				return rest + 2, nil
			}
			if k := bytes.Index(b[rest:], []byte("\r\n\r\n")); k >= 0 {
				return rest + k + 4, nil
			}
			return 0, nil
		}
		end := d.pos + i + 2 + int(size) + 2
		if end > len(b) {
			return -end, nil
		}
		if b[end-2] != '\r' || b[end-1] != '\n' {
			return 0, ErrNotProtocol
		}
		d.pos = end
	}
}

package main

import (
	"io"
	"os"
	"strconv"
	"time"
)

// The progress indicator of goscapy read: one line on standard error,
// redrawn in place, for files large enough to take a while, and only when
// standard error is a terminal (never in pipes, files or tests).
const (
	progressMinSize = 32 << 20               // smaller files are read too fast to need it
	progressDelay   = 750 * time.Millisecond // first drawn after this
	progressEvery   = 200 * time.Millisecond // redrawn at most this often
	progressMask    = 1<<12 - 1              // the clock is read every 4096 packets
)

// countingReader counts the bytes read through it: the position in the
// file for the progress indicator (of the compressed bytes for gzip).
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// isTerminal reports whether w is a terminal: an *os.File on a character
// device other than the null device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

// progressWanted decides whether to show progress for a file of size
// bytes (-1 when unknown): standard error must be a terminal, and when
// the packets are printed to a terminal they are progress enough.
func progressWanted(stderr, stdout io.Writer, quietStdout bool, size int64) bool {
	if size < progressMinSize || !isTerminal(stderr) {
		return false
	}
	return quietStdout || !isTerminal(stdout)
}

// progress draws "goscapy: NAME: 45% (450000 packets)" on w. A nil
// *progress does nothing, so callers need not check.
type progress struct {
	w     io.Writer
	name  string
	size  int64
	c     *countingReader
	now   func() time.Time
	next  time.Time
	drawn bool
	buf   []byte
}

func newProgress(w io.Writer, name string, size int64, c *countingReader, now func() time.Time) *progress {
	return &progress{w: w, name: name, size: size, c: c, now: now, next: now().Add(progressDelay)}
}

// tick is called after each packet with the number read so far; it costs
// a mask test for most packets.
func (p *progress) tick(packets int) {
	if p == nil || packets&progressMask != 0 {
		return
	}
	t := p.now()
	if t.Before(p.next) {
		return
	}
	p.next = t.Add(progressEvery)
	p.draw(packets)
}

func (p *progress) draw(packets int) {
	pct := int64(0)
	if p.size > 0 {
		pct = p.c.n * 100 / p.size
		pct = min(max(pct, 0), 100)
	}
	b := append(p.buf[:0], "\rgoscapy: "...)
	b = append(b, p.name...)
	b = append(b, ": "...)
	b = strconv.AppendInt(b, pct, 10)
	b = append(b, "% ("...)
	b = strconv.AppendInt(b, int64(packets), 10)
	b = append(b, " packets)\x1b[K"...)
	p.buf = b
	p.w.Write(b)
	p.drawn = true
}

// done erases the line if it was drawn. It may be called more than once.
func (p *progress) done() {
	if p == nil || !p.drawn {
		return
	}
	io.WriteString(p.w, "\r\x1b[K")
	p.drawn = false
}

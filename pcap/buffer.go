package pcap

import "io"

// The Reader keeps its own read buffer instead of a bufio.Reader so that
// packet data can be returned as a slice of it (zero copy), records of any
// size up to the sanity limits fit in one piece, and the stream offset of
// every byte is known for error messages.
//
// The unread data is buf[r:w]; buf[0] is at offset base of the stream.
// The buffer grows only as data actually arrives, so a bogus length in a
// short file cannot make the reader allocate much.

const (
	initialBufSize = 64 << 10
	maxEmptyReads  = 100
)

// offset returns the stream offset of the next unread byte.
func (r *Reader) offset() int64 { return r.base + int64(r.r) }

// buffered returns the number of unread bytes in the buffer.
func (r *Reader) buffered() int { return r.w - r.r }

// fill makes at least n unread bytes available in r.buf[r.r:r.w]. On
// failure it returns io.EOF when the stream ended with nothing unread,
// io.ErrUnexpectedEOF when it ended with fewer than n bytes unread, or the
// source's error.
func (r *Reader) fill(n int) error {
	if r.w-r.r >= n {
		return nil
	}
	if r.r == r.w {
		r.base += int64(r.r)
		r.r, r.w = 0, 0
	}
	if r.srcErr != nil {
		return r.fillErr()
	}
	if r.buf == nil {
		r.buf = make([]byte, initialBufSize)
	}
	if len(r.buf)-r.r < n && r.r > 0 {
		// Slide the unread bytes to the front.
		copy(r.buf, r.buf[r.r:r.w])
		r.base += int64(r.r)
		r.w -= r.r
		r.r = 0
	}
	empty := 0
	for r.w-r.r < n {
		if r.w == len(r.buf) {
			// Here r.r == 0 and the buffer is too small: grow it, but
			// only by doubling, so growth follows the data that arrives.
			nb := make([]byte, 2*len(r.buf))
			copy(nb, r.buf[:r.w])
			r.buf = nb
		}
		m, err := r.src.Read(r.buf[r.w:])
		if m < 0 || m > len(r.buf)-r.w {
			r.srcErr = io.ErrShortBuffer // misbehaving io.Reader
			return r.srcErr
		}
		r.w += m
		if err != nil {
			r.srcErr = err
			if r.w-r.r >= n {
				return nil
			}
			return r.fillErr()
		}
		if m == 0 {
			empty++
			if empty >= maxEmptyReads {
				r.srcErr = io.ErrNoProgress
				return r.srcErr
			}
		}
	}
	return nil
}

// fillErr translates the sticky source error for a fill that came short.
func (r *Reader) fillErr() error {
	if r.srcErr == io.EOF {
		if r.r == r.w {
			return io.EOF
		}
		return io.ErrUnexpectedEOF
	}
	return r.srcErr
}

// discard skips n bytes of the stream. It returns io.ErrUnexpectedEOF (or
// the source's error) if the stream ends first.
func (r *Reader) discard(n int64) error {
	for n > 0 {
		if r.r == r.w {
			if err := r.fill(1); err != nil {
				if err == io.EOF {
					return io.ErrUnexpectedEOF
				}
				return err
			}
		}
		k := int64(r.w - r.r)
		if k > n {
			k = n
		}
		r.r += int(k)
		n -= k
	}
	return nil
}

//go:build linux

package sendrecv

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// cmsg appends one control message as the kernel lays it out.
func cmsg(b []byte, level, typ int32, data []byte) []byte {
	ne := binary.NativeEndian
	h := make([]byte, unix.CmsgSpace(len(data)))
	if unix.SizeofPtr == 8 {
		ne.PutUint64(h, uint64(unix.CmsgLen(len(data))))
	} else {
		ne.PutUint32(h, uint32(unix.CmsgLen(len(data))))
	}
	ne.PutUint32(h[unix.SizeofPtr:], uint32(level))
	ne.PutUint32(h[unix.SizeofPtr+4:], uint32(typ))
	copy(h[unix.CmsgLen(0):], data)
	return append(b, h...)
}

func timespec(sec, nsec int64) []byte {
	ne := binary.NativeEndian
	if unix.SizeofPtr == 8 {
		b := make([]byte, 16)
		ne.PutUint64(b, uint64(sec))
		ne.PutUint64(b[8:], uint64(nsec))
		return b
	}
	b := make([]byte, 8)
	ne.PutUint32(b, uint32(sec))
	ne.PutUint32(b[4:], uint32(nsec))
	return b
}

func auxBytes(status, length, snaplen uint32, tci, tpid uint16) []byte {
	ne := binary.NativeEndian
	b := make([]byte, sizeofAuxdata)
	ne.PutUint32(b, status)
	ne.PutUint32(b[4:], length)
	ne.PutUint32(b[8:], snaplen)
	ne.PutUint16(b[16:], tci)
	ne.PutUint16(b[18:], tpid)
	return b
}

// controlSample is what recvmsg gives for a VLAN-tagged frame.
func controlSample() []byte {
	b := cmsg(nil, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, timespec(1714557600, 123456789))
	return cmsg(b, unix.SOL_PACKET, unix.PACKET_AUXDATA, auxBytes(unix.TP_STATUS_VLAN_VALID|unix.TP_STATUS_VLAN_TPID_VALID, 64, 60, 0x2005, 0x8100))
}

func TestParseControl(t *testing.T) {
	var ts time.Time
	var aux auxdata
	parseControl(controlSample(), &ts, &aux)
	if !ts.Equal(time.Unix(1714557600, 123456789)) {
		t.Errorf("timestamp %v", ts)
	}
	want := auxdata{ok: true, status: unix.TP_STATUS_VLAN_VALID | unix.TP_STATUS_VLAN_TPID_VALID, length: 64, snaplen: 60, vlanTCI: 0x2005, vlanTPID: 0x8100}
	if aux != want {
		t.Errorf("aux %+v, want %+v", aux, want)
	}
	// Cut anywhere: no panic, and no message read past the cut.
	full := controlSample()
	auxEnd := unix.CmsgSpace(16) + unix.CmsgLen(sizeofAuxdata) // the padding after it may be cut
	if unix.SizeofPtr == 4 {
		auxEnd = unix.CmsgSpace(8) + unix.CmsgLen(sizeofAuxdata)
	}
	for i := range full {
		ts, aux = time.Time{}, auxdata{}
		parseControl(full[:i], &ts, &aux)
		if aux.ok != (i >= auxEnd) {
			t.Errorf("from %d of %d bytes: auxdata read %v", i, len(full), aux.ok)
		}
	}
}

func TestInsertVLAN(t *testing.T) {
	frame := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x00, 0x45, 0xaa}
	buf := make([]byte, 64)
	copy(buf, frame)
	n := insertVLAN(buf, len(frame), 0x8100, 0x2005)
	want := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x81, 0x00, 0x20, 0x05, 0x08, 0x00, 0x45, 0xaa}
	if !bytes.Equal(buf[:n], want) {
		t.Errorf("got % x", buf[:n])
	}
	// A buffer without room keeps its length: the end is dropped.
	short := append([]byte(nil), frame...)
	if n := insertVLAN(short, len(short), 0x8100, 0x2005); n != len(short) || !bytes.Equal(short, want[:len(short)]) {
		t.Errorf("short buffer: n=%d % x", n, short)
	}
}

// FuzzParseControl feeds arbitrary control data to the parser: it must
// never panic, and a well-formed sample must parse the same whatever
// follows it.
func FuzzParseControl(f *testing.F) {
	f.Add(controlSample(), 0, 0)
	f.Add(cmsg(nil, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, timespec(1, 2)), 14, 14)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 35, 0, 0, 0}, 100, 60)
	f.Fuzz(func(t *testing.T, oob []byte, n, size int) {
		var ts time.Time
		var aux auxdata
		parseControl(oob, &ts, &aux)
		// insertVLAN on any frame length and buffer size.
		size = size % 4096
		if size < 0 {
			size = -size
		}
		buf := make([]byte, size)
		copy(buf, oob)
		if n < 0 {
			n = -n
		}
		n = min(n%4096, size)
		if n < 12 {
			return
		}
		orig := append([]byte(nil), buf[:n]...)
		m := insertVLAN(buf, n, 0x8100, 0x1234)
		if m > size || (size >= 16 && m != min(n+4, size)) {
			t.Fatalf("insertVLAN(%d bytes in %d) = %d", n, size, m)
		}
		if size >= 16 && (!bytes.Equal(buf[:12], orig[:12]) || !bytes.Equal(buf[16:m], orig[12:m-4])) {
			t.Fatalf("insertVLAN moved bytes wrongly")
		}
	})
}

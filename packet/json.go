package packet

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends the JSON form of the packet to b as one object:
//
//	{"n":1,"ts":"2024-05-01T10:00:00.000001Z","caplen":74,"len":74,
//	 "layers":[{"name":"Ethernet","fields":{"dst":"ff:ff:ff:ff:ff:ff",...}},...]}
//
// n is the packet's 1-based position in its file; n <= 0 leaves it out.
// ts (RFC 3339 in UTC, nanoseconds when present) appears only when the
// metadata has a timestamp. caplen and len come from the metadata; when
// zero they are the length of the decoded bytes, or of the built packet.
//
// Fields appear in the order of the protocol's field table, under their
// Scapy names: integers as numbers, addresses as text, byte strings as
// lowercase hex, options and records as arrays of objects, unset computed
// fields as null. Fields absent from this instance are left out. The Raw
// layer holding the bytes a layer failed to decode has an "error" member.
func (p *Packet) AppendJSON(b []byte, n int) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	if n > 0 {
		b = append(b, `"n":`...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ',')
	}
	md := &p.Metadata
	if !md.Timestamp.IsZero() {
		b = append(b, `"ts":"`...)
		b = md.Timestamp.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `",`...)
	}
	size := -1
	wireLen := func() int {
		if size < 0 {
			if p.data != nil {
				size = len(p.data)
			} else {
				size = p.Len()
			}
		}
		return size
	}
	b = append(b, `"caplen":`...)
	if md.CaptureLength > 0 {
		b = strconv.AppendInt(b, int64(md.CaptureLength), 10)
	} else {
		b = strconv.AppendInt(b, int64(wireLen()), 10)
	}
	b = append(b, `,"len":`...)
	if md.Length > 0 {
		b = strconv.AppendInt(b, int64(md.Length), 10)
	} else {
		b = strconv.AppendInt(b, int64(wireLen()), 10)
	}
	b = append(b, `,"layers":[`...)
	errIdx := p.ErrLayer()
	for i, l := range p.layers {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLayerJSON(b, l)
		if i == errIdx {
			b = append(b, `,"error":`...)
			b = appendJSONString(b, p.err.Error())
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// MarshalJSON implements json.Marshaler: AppendJSON without "n".
func (p *Packet) MarshalJSON() ([]byte, error) {
	return p.AppendJSON(nil, 0), nil
}

// appendLayerJSON appends `{"name":...,"fields":{...}` for one layer and
// leaves the object open for the caller to add members and close.
func appendLayerJSON(b []byte, l Layer) []byte {
	pr := l.Proto()
	b = append(b, `{"name":`...)
	b = appendJSONString(b, pr.Name)
	b = append(b, `,"fields":{`...)
	first := true
	for i := range pr.Fields {
		f := &pr.Fields[i]
		if !f.Present(l) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, f.Name)
		b = append(b, ':')
		b = appendJSONValue(b, f.JSON(l))
	}
	return append(b, '}')
}

// appendJSONValue writes scalars by hand and hands nested values (lists,
// maps, typed values) to encoding/json. A value that cannot be encoded is
// written as null so that the output stays valid JSON.
func appendJSONValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case uint64:
		return strconv.AppendUint(b, x, 10)
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10)
	case uint16:
		return strconv.AppendUint(b, uint64(x), 10)
	case uint8:
		return strconv.AppendUint(b, uint64(x), 10)
	case uint:
		return strconv.AppendUint(b, uint64(x), 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int32:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case []byte:
		b = append(b, '"')
		b = hex.AppendEncode(b, x)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return append(b, "null"...)
	}
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...)
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does; HTML characters are left as they are.
func appendJSONString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			// valid JSON, but not valid JavaScript: escape as encoding/json does
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexd[r&15])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

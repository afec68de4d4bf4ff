package expr

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goscapy/goscapy/fields"
)

// repr renders a field value as Scapy's command() does: integers (also
// flags and enum names) in decimal, text and bytes as Python literals,
// networks as Net("..."), lists and ranges as written.
func (c *compiler) repr(f *fields.Field, n node) string {
	if f != nil && f.Kind == fields.KindList {
		return c.srcRepr(n)
	}
	switch n := n.(type) {
	case *numLit:
		if f != nil && f.Kind == fields.KindUint && !n.isFloat && !n.neg {
			return strconv.FormatUint(n.val, 10)
		}
		if f != nil && f.Kind == fields.KindBytes {
			return c.textRepr(f, n.text, false)
		}
		return n.text
	case *strLit:
		if n.isBytes {
			return pyBytesRepr([]byte(n.val))
		}
		return c.textRepr(f, n.val, true)
	case *bareLit:
		switch n.text {
		case "None", "True", "False":
			return n.text
		}
		return c.textRepr(f, n.text, false)
	case *listLit:
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = c.repr(f, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *tupleLit:
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = c.repr(nil, e)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *callExpr:
		return c.srcRepr(n)
	}
	if v, err := c.constant(n); err == nil {
		switch x := v.(type) {
		case string:
			return pyStrRepr(x)
		case []byte:
			return pyBytesRepr(x)
		case int64:
			return strconv.FormatInt(x, 10)
		}
	}
	return c.srcRepr(n)
}

// srcRepr renders a value as written, without module qualifiers and with
// Scapy's spacing: [IPOption_RR(routers=['10.0.0.1'])].
func (c *compiler) srcRepr(n node) string {
	switch n := n.(type) {
	case *callExpr:
		var b strings.Builder
		b.WriteString(n.name)
		if !n.parens {
			return b.String()
		}
		b.WriteByte('(')
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			if a.name != "" {
				b.WriteString(a.name)
				b.WriteByte('=')
			}
			b.WriteString(c.srcRepr(a.val))
		}
		b.WriteByte(')')
		return b.String()
	case *listLit:
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = c.srcRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *tupleLit:
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = c.srcRepr(e)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *binExpr:
		return c.srcRepr(n.l) + n.op + c.srcRepr(n.r)
	case *walrusExpr:
		return c.srcRepr(n.val)
	case *bareLit:
		switch n.text {
		case "None", "True", "False":
			return n.text
		}
		if _, ok := parseNumber(n.text); ok {
			return n.text
		}
		return pyStrRepr(n.text)
	}
	return c.text(n)
}

// textRepr renders text given to a field: integers for integer fields,
// Net("...") for networks in address fields, a Python string otherwise.
func (c *compiler) textRepr(f *fields.Field, s string, quoted bool) string {
	if f != nil {
		switch f.Kind {
		case fields.KindUint:
			if u, err := f.ParseUint(s); err == nil {
				return strconv.FormatUint(u, 10)
			}
		case fields.KindIPv4, fields.KindIPv6:
			if strings.Contains(s, "/") {
				return `Net("` + strings.TrimSpace(s) + `")`
			}
		case fields.KindBytes:
			if !quoted {
				if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
					if b, err := hex.DecodeString(h); err == nil {
						return pyBytesRepr(b)
					}
				}
			}
			return pyBytesRepr([]byte(s))
		}
	}
	return pyStrRepr(s)
}

// pyStrRepr is Python's repr of a str.
func pyStrRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// pyBytesRepr is Python's repr of bytes.
func pyBytesRepr(v []byte) string {
	q := byte('\'')
	if strings.IndexByte(string(v), '\'') >= 0 && strings.IndexByte(string(v), '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(q)
	for _, c := range v {
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

package expr

import (
	"fmt"

	"github.com/goscapy/goscapy/layers"
)

// TCP and IPv4 options.

// tcpOptKinds are Scapy's TCP option names (scapy.layers.inet.TCPOptions).
var tcpOptKinds = map[string]uint8{"EOL": 0, "NOP": 1, "MSS": 2, "WScale": 3, "SAckOK": 4, "SAck": 5,
	"Timestamp": 8, "AltChkSum": 14, "AltChkSumOpt": 15, "MD5": 19, "Mood": 25, "UTO": 28, "AO": 29, "TFO": 34}

// tcpOptions converts Scapy's option list: [('MSS', 1460), ('NOP', None),
// ('SAckOK', b""), ('Timestamp', (1, 2)), ('SAck', (10, 20)), (kind, b'..')].
func tcpOptions(c *compiler, n node) (any, error) {
	v, err := c.listFieldValue(n)
	if err != nil {
		return nil, err
	}
	if b, ok := v.([]byte); ok {
		return b, nil
	}
	if v == nil {
		return []layers.TCPOption(nil), nil
	}
	var out []layers.TCPOption
	for _, e := range pyList(v) {
		var name, val any
		switch x := e.(type) {
		case pyTuple:
			if len(x) != 2 {
				return nil, fmt.Errorf("%w: a TCP option is (name, value), not %s", ErrBadValue, pyRepr(e))
			}
			name, val = x[0], x[1]
		default:
			name = e
		}
		var kind uint8
		if s, ok := pyText(name); ok {
			k, ok := tcpOptKinds[s]
			if !ok {
				return nil, fmt.Errorf("%w: unknown TCP option %q", ErrBadValue, s)
			}
			kind = k
		} else {
			k, err := pyUint8(name)
			if err != nil {
				return nil, fmt.Errorf("%w: TCP option kind %s", ErrBadValue, pyRepr(name))
			}
			kind = k
		}
		o, err := tcpOption(kind, val)
		if err != nil {
			return nil, fmt.Errorf("TCP option %s: %w", pyRepr(name), err)
		}
		out = append(out, o)
	}
	return out, nil
}

func tcpOption(kind uint8, val any) (layers.TCPOption, error) {
	if b, ok := val.([]byte); ok {
		if kind == layers.TCPOptNOP || kind == layers.TCPOptEOL {
			return layers.TCPOption{Kind: kind}, nil
		}
		return layers.TCPOption{Kind: kind, Data: b}, nil
	}
	switch kind {
	case layers.TCPOptEOL, layers.TCPOptNOP, layers.TCPOptSAckOK:
		return layers.TCPOption{Kind: kind}, nil
	case layers.TCPOptMSS, 28: // MSS, UTO
		v, err := pyUint16(val)
		if err != nil {
			return layers.TCPOption{}, err
		}
		o := layers.TCPOptionMSS(v)
		o.Kind = kind
		return o, nil
	case layers.TCPOptWScale:
		v, err := pyUint8(val)
		return layers.TCPOptionWScale(v), err
	case layers.TCPOptTimestamp, layers.TCPOptTFO:
		t := pyList(val)
		if len(t) != 2 {
			return layers.TCPOption{}, fmt.Errorf("%w: want (value, echo reply)", ErrBadValue)
		}
		a, err := pyUint32(t[0])
		if err != nil {
			return layers.TCPOption{}, err
		}
		b, err := pyUint32(t[1])
		if err != nil {
			return layers.TCPOption{}, err
		}
		o := layers.TCPOptionTimestamp(a, b)
		o.Kind = kind
		return o, nil
	case layers.TCPOptSAck:
		var edges []uint32
		for _, e := range pyList(val) {
			u, err := pyUint32(e)
			if err != nil {
				return layers.TCPOption{}, err
			}
			edges = append(edges, u)
		}
		return layers.TCPOptionSAck(edges...), nil
	}
	if val == nil {
		return layers.TCPOption{Kind: kind}, nil
	}
	if s, ok := val.(string); ok {
		return layers.TCPOption{Kind: kind, Data: []byte(s)}, nil
	}
	return layers.TCPOption{}, fmt.Errorf("%w: value %s (give the option's bytes)", ErrBadValue, pyRepr(val))
}

// ipOption is what IPOption_* classes return.
func ipOption(typ uint8, data []byte) layers.IPOption {
	return layers.IPOption{Type: typ, Data: data}
}

// ipOptions converts a list of IPOption_* values (or raw bytes).
func ipOptions(c *compiler, n node) (any, error) {
	v, err := c.listFieldValue(n)
	if err != nil {
		return nil, err
	}
	if b, ok := v.([]byte); ok {
		return b, nil
	}
	var out []layers.IPOption
	for _, e := range pyList(v) {
		switch x := e.(type) {
		case layers.IPOption:
			out = append(out, x)
		case []byte:
			if len(x) == 0 {
				return nil, fmt.Errorf("%w: an empty IP option", ErrBadValue)
			}
			out = append(out, layers.IPOption{Type: x[0], Data: x[min(2, len(x)):]})
		default:
			return nil, fmt.Errorf("%w: %s is no IP option (IPOption_RR(...), IPOption_Router_Alert(), ...)", ErrBadValue, pyRepr(e))
		}
	}
	return out, nil
}

func routeOption(typ uint8) func(c *compiler, call *callExpr) (any, error) {
	return func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "pointer", "routers", "length", "copy_flag", "optclass", "option")
		if err != nil {
			return nil, err
		}
		ptr := k.u8("pointer", 4)
		data := []byte{ptr}
		for _, a := range k.addrs("routers", false) {
			b := a.As4()
			data = append(data, b[:]...)
		}
		return ipOption(typ, data), k.err
	}
}

func init() {
	addConverter("TCP", "options", tcpOptions)
	addConverter("IP", "options", ipOptions)
	addObject("IPOption_RR", routeOption(layers.IPOptRecordRoute))
	addObject("IPOption_LSRR", routeOption(layers.IPOptLSRR))
	addObject("IPOption_SSRR", routeOption(layers.IPOptSSRR))
	addObject("IPOption_Router_Alert", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "alert", "length", "copy_flag", "optclass", "option")
		if err != nil {
			return nil, err
		}
		a := k.u16("alert", 0)
		return ipOption(layers.IPOptRouterAlert, []byte{byte(a >> 8), byte(a)}), k.err
	})
	addObject("IPOption_NOP", func(c *compiler, call *callExpr) (any, error) {
		return ipOption(layers.IPOptNOP, nil), nil
	})
	addObject("IPOption_EOL", func(c *compiler, call *callExpr) (any, error) {
		return ipOption(layers.IPOptEOL, nil), nil
	})
	addObject("IPOption", func(c *compiler, call *callExpr) (any, error) {
		args, err := c.args(call)
		if err != nil {
			return nil, err
		}
		if len(args) == 1 {
			if b, ok := pyBytesOf(args[0]); ok && len(b) > 0 {
				return layers.IPOption{Type: b[0], Data: b[min(2, len(b)):]}, nil
			}
		}
		return nil, fmt.Errorf("%w: IPOption takes the option's bytes", ErrBadValue)
	})
}

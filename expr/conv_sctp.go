package expr

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/layers"
)

// SCTP chunks: Scapy stacks them as layers after SCTP; goscapy holds them
// in the SCTP layer's chunks field.

func sctpChunk(name string, build func(k *kw) (layers.SCTPChunk, error), fieldNames ...string) *class {
	return &class{name: name, proto: "SCTP", member: "chunks",
		build: func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, append([]string{"type", "flags", "len"}, fieldNames...)...)
			if err != nil {
				return nil, err
			}
			ch, err := build(k)
			if err != nil {
				return nil, err
			}
			if k.has("type") && k.m["type"] != nil {
				ch.Type = k.u8("type", ch.Type)
			}
			if k.has("flags") && k.m["flags"] != nil {
				ch.Flags = k.u8("flags", ch.Flags)
			}
			if k.has("len") && k.m["len"] != nil {
				ch.Len.Put(k.u16("len", 0))
			}
			return ch, k.err
		},
		collect: func(elems []any) (any, error) {
			out := make([]layers.SCTPChunk, len(elems))
			for i, e := range elems {
				out[i] = e.(layers.SCTPChunk)
			}
			return out, nil
		}}
}

// sctpParams reads a chunk's params list.
func (k *kw) sctpParams(name string) []layers.SCTPParam {
	var out []layers.SCTPParam
	for _, e := range pyList(k.m[name]) {
		p, ok := e.(layers.SCTPParam)
		if !ok {
			k.fail(name, fmt.Errorf("%w: %s is no SCTP parameter", ErrBadValue, pyRepr(e)))
			return nil
		}
		out = append(out, p)
	}
	return out
}

func (k *kw) bit(name string) uint8 { return k.u8(name, 0) & 1 }

func init() {
	tcbFlags := []string{"reserved", "TCB"}
	addClass(
		sctpChunk("SCTPChunkData", func(k *kw) (layers.SCTPChunk, error) {
			flags := k.u8("reserved", 0)<<4 | k.bit("delay_sack")<<3 | k.bit("unordered")<<2 | k.bit("beginning")<<1 | k.bit("ending")
			return layers.SCTPChunkData(flags, k.u32("tsn", 0), k.u16("stream_id", 0), k.u16("stream_seq", 0),
				k.u32("proto_id", 0), k.bytes("data", nil)), nil
		}, "reserved", "delay_sack", "unordered", "beginning", "ending", "tsn", "stream_id", "stream_seq", "proto_id", "data"),
		sctpChunk("SCTPChunkInit", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkInit(k.u32("init_tag", 0), k.u32("a_rwnd", 0), k.u16("n_out_streams", 0),
				k.u16("n_in_streams", 0), k.u32("init_tsn", 0), k.sctpParams("params")...), nil
		}, "init_tag", "a_rwnd", "n_out_streams", "n_in_streams", "init_tsn", "params"),
		sctpChunk("SCTPChunkInitAck", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkInitAck(k.u32("init_tag", 0), k.u32("a_rwnd", 0), k.u16("n_out_streams", 0),
				k.u16("n_in_streams", 0), k.u32("init_tsn", 0), k.sctpParams("params")...), nil
		}, "init_tag", "a_rwnd", "n_out_streams", "n_in_streams", "init_tsn", "params"),
		sctpChunk("SCTPChunkSACK", func(k *kw) (layers.SCTPChunk, error) {
			var gaps [][2]uint16
			for _, e := range pyList(k.m["gap_ack_list"]) {
				s, ok := pyText(e)
				a, b, found := strings.Cut(s, ":")
				x, err1 := strconv.ParseUint(strings.TrimSpace(a), 10, 16)
				y, err2 := strconv.ParseUint(strings.TrimSpace(b), 10, 16)
				if !ok || !found || err1 != nil || err2 != nil {
					return layers.SCTPChunk{}, fmt.Errorf("%w: gap_ack_list entry %s (want 'start:end')", ErrBadValue, pyRepr(e))
				}
				gaps = append(gaps, [2]uint16{uint16(x), uint16(y)})
			}
			var dups []uint32
			for _, e := range pyList(k.m["dup_tsn_list"]) {
				u, err := pyUint32(e)
				if err != nil {
					return layers.SCTPChunk{}, err
				}
				dups = append(dups, u)
			}
			return layers.SCTPChunkSACK(k.u32("cumul_tsn_ack", 0), k.u32("a_rwnd", 0), gaps, dups), nil
		}, "cumul_tsn_ack", "a_rwnd", "n_gap_ack", "n_dup_tsn", "gap_ack_list", "dup_tsn_list"),
		sctpChunk("SCTPChunkHeartbeatReq", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkHeartbeat(k.sctpParams("params")...), nil
		}, "params"),
		sctpChunk("SCTPChunkHeartbeatAck", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkHeartbeatAck(k.sctpParams("params")...), nil
		}, "params"),
		sctpChunk("SCTPChunkAbort", func(k *kw) (layers.SCTPChunk, error) {
			ch := layers.SCTPChunkAbort(k.bit("TCB") == 1, k.bytes("error_causes", nil))
			ch.Flags |= k.u8("reserved", 0) << 1
			return ch, nil
		}, append(tcbFlags, "error_causes")...),
		sctpChunk("SCTPChunkShutdown", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkShutdown(k.u32("cumul_tsn_ack", 0)), nil
		}, "cumul_tsn_ack"),
		sctpChunk("SCTPChunkShutdownAck", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkShutdownAck(), nil
		}),
		sctpChunk("SCTPChunkError", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkError(k.bytes("error_causes", nil)), nil
		}, "error_causes"),
		sctpChunk("SCTPChunkCookieEcho", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkCookieEcho(k.bytes("cookie", nil)), nil
		}, "cookie"),
		sctpChunk("SCTPChunkCookieAck", func(k *kw) (layers.SCTPChunk, error) {
			return layers.SCTPChunkCookieAck(), nil
		}),
		sctpChunk("SCTPChunkShutdownComplete", func(k *kw) (layers.SCTPChunk, error) {
			ch := layers.SCTPChunkShutdownComplete(k.bit("TCB") == 1)
			ch.Flags |= k.u8("reserved", 0) << 1
			return ch, nil
		}, tcbFlags...),
	)
	param := func(name string, typ uint16, build func(k *kw) []byte, fieldNames ...string) {
		addObject(name, func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, append([]string{"type", "len"}, fieldNames...)...)
			if err != nil {
				return nil, err
			}
			p := layers.SCTPParam{Type: k.u16("type", typ), Value: build(k)}
			return p, k.err
		})
	}
	param("SCTPChunkParamIPv4Addr", 5, func(k *kw) []byte {
		a := k.addr("addr", false, netip.AddrFrom4([4]byte{127, 0, 0, 1})).As4()
		return a[:]
	}, "addr")
	param("SCTPChunkParamIPv6Addr", 6, func(k *kw) []byte {
		a := k.addr("addr", true, netip.IPv6Loopback()).As16()
		return a[:]
	}, "addr")
	param("SCTPChunkParamECNCapable", 0x8000, func(k *kw) []byte { return nil })
	param("SCTPChunkParamStateCookie", 7, func(k *kw) []byte { return k.bytes("cookie", nil) }, "cookie")
	param("SCTPChunkParamHeartbeatInfo", 1, func(k *kw) []byte { return k.bytes("data", nil) }, "data")
	param("SCTPChunkParamCookiePreservative", 9, func(k *kw) []byte {
		v := k.u32("sug_cookie_inc", 0)
		return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
	}, "sug_cookie_inc")
	param("SCTPChunkParamUnrocognizedParam", 8, func(k *kw) []byte { return k.bytes("param", nil) }, "param")
}

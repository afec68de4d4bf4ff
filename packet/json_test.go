package packet_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Frame 537 of corpus/generated/lab-verify.pcap: a SYN-ACK with an MSS
// option. tshark: 02:00:00:00:01:03 > 02:00:00:00:01:02, IP id 0 DF ttl 64
// chksum 0xaca2, 198.18.1.3:80 > 198.18.1.2:45641, seq 1656958668,
// ack 3440815539, hdr 24, window 64240, chksum 0x5008, MSS 1460; captured at
// epoch 1795725698.409091000.
const jsonSynAckHex = "02 00 00 00 01 02 02 00 00 00 01 03 08 00 45 00" +
	"00 2c 00 00 40 00 40 06 ac a2 c6 12 01 03 c6 12" +
	"01 02 00 50 b2 49 62 c3 2e cc cd 16 ad b3 60 12" +
	"fa f0 50 08 00 00 02 04 05 b4"

const jsonSynAckGolden = `{"n":537,"ts":"2026-11-26T20:41:38.409091Z","caplen":58,"len":58,"layers":[` +
	`{"name":"Ethernet","fields":{"dst":"02:00:00:00:01:02","src":"02:00:00:00:01:03","type":2048}},` +
	`{"name":"IP","fields":{"version":4,"ihl":5,"tos":0,"len":44,"id":0,"flags":2,"frag":0,"ttl":64,"proto":6,"chksum":44194,"src":"198.18.1.3","dst":"198.18.1.2","options":[]}},` +
	`{"name":"TCP","fields":{"sport":80,"dport":45641,"seq":1656958668,"ack":3440815539,"dataofs":6,"reserved":0,"flags":18,"window":64240,"chksum":20488,"urgptr":0,"options":[{"kind":2,"name":"MSS","value":1460}]}}]}`

// The same frame cut after 40 bytes: the TCP header is truncated, its six
// bytes stay Raw and that layer carries the error.
const jsonBrokenGolden = `{"caplen":40,"len":40,"layers":[` +
	`{"name":"Ethernet","fields":{"dst":"02:00:00:00:01:02","src":"02:00:00:00:01:03","type":2048}},` +
	`{"name":"IP","fields":{"version":4,"ihl":5,"tos":0,"len":44,"id":0,"flags":2,"frag":0,"ttl":64,"proto":6,"chksum":44194,"src":"198.18.1.3","dst":"198.18.1.2","options":[]}},` +
	`{"name":"Raw","fields":{"load":"0050b24962c3"},"error":"tcp at offset 34: truncated"}]}`

func jsonFrame(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonDoc is the JSON form decoded with encoding/json.
type jsonDoc struct {
	N      *int   `json:"n"`
	TS     string `json:"ts"`
	CapLen int    `json:"caplen"`
	Len    int    `json:"len"`
	Layers []struct {
		Name   string                     `json:"name"`
		Fields map[string]json.RawMessage `json:"fields"`
		Error  *string                    `json:"error"`
	} `json:"layers"`
}

func decodeJSONDoc(t *testing.T, b []byte) jsonDoc {
	t.Helper()
	if !json.Valid(b) {
		t.Fatalf("invalid JSON: %s", b)
	}
	var d jsonDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return d
}

// fieldOrder returns the keys of each layer's "fields" object in the order
// they appear in the text.
func fieldOrder(t *testing.T, b []byte) [][]string {
	t.Helper()
	var raw struct {
		Layers []struct {
			Fields json.RawMessage `json:"fields"`
		} `json:"layers"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := make([][]string, len(raw.Layers))
	for i, l := range raw.Layers {
		dec := json.NewDecoder(bytes.NewReader(l.Fields))
		if _, err := dec.Token(); err != nil { // {
			t.Fatal(err)
		}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			out[i] = append(out[i], k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// checkFieldOrder compares the key order with the field tables.
func checkFieldOrder(t *testing.T, p *packet.Packet, b []byte) {
	t.Helper()
	got := fieldOrder(t, b)
	if len(got) != p.NumLayers() {
		t.Fatalf("%d layers in JSON, packet has %d", len(got), p.NumLayers())
	}
	for i, l := range p.Layers() {
		var want []string
		for j := range l.Proto().Fields {
			if f := &l.Proto().Fields[j]; f.Present(l) {
				want = append(want, f.Name)
			}
		}
		if strings.Join(got[i], ",") != strings.Join(want, ",") {
			t.Errorf("layer %d (%s): field order %v, table %v", i, l.Proto().Name, got[i], want)
		}
	}
}

func TestAppendJSONGolden(t *testing.T) {
	frame := jsonFrame(t, jsonSynAckHex)
	p, err := packet.Dissect(frame, layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	p.Metadata.Timestamp = time.Unix(1795725698, 409091000).In(time.FixedZone("CET", 3600))
	p.Metadata.CaptureLength = len(frame)
	p.Metadata.Length = len(frame)
	pre := []byte("x=")
	got := p.AppendJSON(pre, 537)
	if !bytes.HasPrefix(got, pre) {
		t.Fatalf("AppendJSON did not append: %q", got)
	}
	got = got[len(pre):]
	if string(got) != jsonSynAckGolden {
		t.Errorf("AppendJSON:\n got %s\nwant %s", got, jsonSynAckGolden)
	}
	d := decodeJSONDoc(t, got)
	if d.N == nil || *d.N != 537 || d.TS != "2026-11-26T20:41:38.409091Z" || d.CapLen != 58 || d.Len != 58 {
		t.Errorf("header members: %+v", d)
	}
	names := []string{"Ethernet", "IP", "TCP"}
	if len(d.Layers) != len(names) {
		t.Fatalf("layers: %+v", d.Layers)
	}
	for i, n := range names {
		if d.Layers[i].Name != n || d.Layers[i].Error != nil {
			t.Errorf("layer %d: name %q error %v, want %q and no error", i, d.Layers[i].Name, d.Layers[i].Error, n)
		}
	}
	if ts, err := time.Parse(time.RFC3339Nano, d.TS); err != nil || !ts.Equal(p.Metadata.Timestamp) {
		t.Errorf("ts %q does not parse back to %v: %v", d.TS, p.Metadata.Timestamp, err)
	}
	checkFieldOrder(t, p, got)
}

func TestAppendJSONBrokenFrame(t *testing.T) {
	frame := jsonFrame(t, jsonSynAckHex)[:40]
	p, err := packet.Dissect(frame, layers.EthernetType)
	if !errors.Is(err, packet.ErrTruncated) {
		t.Fatalf("err = %v, want truncated", err)
	}
	got := p.AppendJSON(nil, 0)
	if string(got) != jsonBrokenGolden {
		t.Errorf("AppendJSON:\n got %s\nwant %s", got, jsonBrokenGolden)
	}
	d := decodeJSONDoc(t, got)
	if d.N != nil || d.TS != "" {
		t.Errorf("n or ts present without a position or timestamp: %s", got)
	}
	last := d.Layers[len(d.Layers)-1]
	if last.Name != "Raw" || last.Error == nil || *last.Error != err.Error() {
		t.Errorf("error layer: %+v", last)
	}
	for _, l := range d.Layers[:len(d.Layers)-1] {
		if l.Error != nil {
			t.Errorf("layer %s has an error", l.Name)
		}
	}
	checkFieldOrder(t, p, got)
}

func TestMarshalJSON(t *testing.T) {
	frame := jsonFrame(t, jsonSynAckHex)
	p, err := packet.Dissect(frame, layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(p) // encoding/json checks the output is valid
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(jsonSynAckGolden, `"n":537,"ts":"2026-11-26T20:41:38.409091Z",`, "", 1)
	if string(got) != want {
		t.Errorf("MarshalJSON:\n got %s\nwant %s", got, want)
	}
	// inside another value
	wrapped, err := json.Marshal(map[string]any{"pkt": p, "nil": (*packet.Packet)(nil)})
	if err != nil || !bytes.Contains(wrapped, []byte(`"nil":null`)) || !bytes.Contains(wrapped, []byte(`"pkt":{"caplen":58`)) {
		t.Errorf("wrapped: %s %v", wrapped, err)
	}
}

// A built packet has no decoded bytes: the lengths are the built length
// and computed fields the user left unset are null.
func TestAppendJSONBuilt(t *testing.T) {
	p := packet.New(layers.NewEthernet(), layers.NewIPv4(), layers.NewTCP())
	got := p.AppendJSON(nil, 3)
	d := decodeJSONDoc(t, got)
	if *d.N != 3 || d.CapLen != 54 || d.Len != 54 {
		t.Errorf("built: %s", got)
	}
	for _, c := range []struct {
		layer int
		field string
		want  string
	}{
		{0, "type", "null"}, {1, "chksum", "null"}, {1, "len", "null"}, {1, "ttl", "64"},
		{1, "src", `"127.0.0.1"`}, {1, "dst", `"127.0.0.1"`}, {2, "dataofs", "null"}, {2, "flags", "2"},
	} {
		if g := string(d.Layers[c.layer].Fields[c.field]); g != c.want {
			t.Errorf("layer %d %s = %s, want %s", c.layer, c.field, g, c.want)
		}
	}
	checkFieldOrder(t, p, got)
}

// jsonTestLayer exercises the value kinds the core protocols do not have:
// text that needs escaping, a conditional field, a list of records.
type jsonTestLayer struct {
	Text  string
	Data  []byte
	Kind  uint8
	Extra uint16
	Len   fields.Opt[uint16]
	Recs  []uint32
}

var jsonTestProto = &packet.Proto{
	Name: "JSONTest", Doc: "test layer for the JSON form",
	New: func() packet.Layer { return new(jsonTestLayer) },
	Fields: []fields.Field{
		fields.StrField("text", "", func(l *jsonTestLayer) *string { return &l.Text }),
		fields.BytesField("data", func(l *jsonTestLayer) *[]byte { return &l.Data }),
		fields.ByteField("kind", 0, func(l *jsonTestLayer) *uint8 { return &l.Kind }),
		fields.ShortField("extra", 0, func(l *jsonTestLayer) *uint16 { return &l.Extra }).
			When(func(l any) bool { return l.(*jsonTestLayer).Kind == 1 }),
		fields.AutoUintField("len", 16, func(l *jsonTestLayer) *fields.Opt[uint16] { return &l.Len }),
		fields.ListField("recs", func(l *jsonTestLayer) any { return l.Recs }, nil, nil,
			func(l *jsonTestLayer) any {
				out := make([]map[string]any, len(l.Recs))
				for i, r := range l.Recs {
					out[i] = map[string]any{"value": r, "note": "<a&b>"}
				}
				return out
			}),
	},
}

var _ = packet.Register(jsonTestProto)

func (l *jsonTestLayer) Proto() *packet.Proto                           { return jsonTestProto }
func (l *jsonTestLayer) Get(name string) (any, error)                   { return packet.GetField(l, name) }
func (l *jsonTestLayer) Set(name string, v any) error                   { return packet.SetField(l, name, v) }
func (l *jsonTestLayer) Show() string                                   { return packet.ShowLayer(l) }
func (l *jsonTestLayer) Summary() string                                { return "JSONTest" }
func (l *jsonTestLayer) HeaderLen() int                                 { return 0 }
func (l *jsonTestLayer) SerializeTo([]byte, *packet.BuildContext) error { return nil }
func (l *jsonTestLayer) DecodeFromBytes([]byte, *packet.DecodeContext) (packet.DecodeResult, error) {
	return packet.DecodeResult{}, packet.ErrMalformed
}

func TestAppendJSONValueKinds(t *testing.T) {
	text := "q\"b\\s\n\r\t\x01\x7f<&>\u00e9\u2028 bad:\xff\xfe end"
	for _, kind := range []uint8{0, 1} {
		l := &jsonTestLayer{Text: text, Data: []byte{0xde, 0xad, 0x00}, Kind: kind, Extra: 7, Recs: []uint32{1, 70000}}
		p := packet.New(l)
		got := p.AppendJSON(nil, 1)
		d := decodeJSONDoc(t, got)
		f := d.Layers[0].Fields
		// the same text as encoding/json writes it (without HTML escapes)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(text); err != nil {
			t.Fatal(err)
		}
		if g, w := string(f["text"]), strings.TrimSuffix(want.String(), "\n"); g != w {
			t.Errorf("text: %s, want %s", g, w)
		}
		if string(f["data"]) != `"dead00"` || string(f["len"]) != "null" || string(f["kind"]) != string(rune('0'+kind)) {
			t.Errorf("values: %s", got)
		}
		if _, has := f["extra"]; has != (kind == 1) {
			t.Errorf("kind %d: extra present = %v: %s", kind, has, got)
		}
		if !bytes.Contains(got, []byte(`"recs":[{"note":"<a&b>","value":1},{"note":"<a&b>","value":70000}]`)) {
			t.Errorf("list: %s", got)
		}
		checkFieldOrder(t, p, got)
	}
}

// FuzzAppendJSON checks that whatever a dissection yields, its JSON form
// is valid, decodes, and lists the fields in table order.
func FuzzAppendJSON(f *testing.F) {
	frame, _ := hex.DecodeString(strings.ReplaceAll(jsonSynAckHex, " ", ""))
	f.Add(frame)
	f.Add(frame[:40])
	f.Add(frame[:20])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _ := packet.Dissect(data, layers.EthernetType)
		b := p.AppendJSON(nil, 1)
		d := decodeJSONDoc(t, b)
		if d.CapLen != len(data) || len(d.Layers) != p.NumLayers() {
			t.Fatalf("caplen %d layers %d for %d bytes, %d layers", d.CapLen, len(d.Layers), len(data), p.NumLayers())
		}
		if (p.ErrLayer() >= 0) != (p.Err() != nil) {
			t.Fatalf("error layer %d with error %v", p.ErrLayer(), p.Err())
		}
		checkFieldOrder(t, p, b)
	})
}

package packet_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Greeting is a toy protocol, defined the way the files of package layers
// define theirs, for the examples that extend the registry:
//
//	 0       7 8      15 16            31
//	+---------+--------+----------------+
//	|  kind   |   id   |     length     |
//	+---------+--------+----------------+
//	|          payload ...
//
// A hello (kind 1) is answered by a welcome (kind 2) with the same id; the
// length counts the header and the payload.
const (
	greetingHello   = 1
	greetingWelcome = 2
	greetingLen     = 4
)

type greeting struct {
	Kind uint8
	ID   uint8
	Len  fields.Opt[uint16] // unset: computed by greetingPostBuild
}

var greetingProto = &packet.Proto{
	Name: "Greeting", Doc: "a toy request/answer protocol",
	New: func() packet.Layer { return &greeting{Kind: greetingHello} },
	Fields: []fields.Field{
		fields.ByteField("kind", greetingHello, func(g *greeting) *uint8 { return &g.Kind }).
			WithEnum(map[uint64]string{greetingHello: "hello", greetingWelcome: "welcome"}),
		fields.ByteField("id", 0, func(g *greeting) *uint8 { return &g.ID }),
		fields.AutoUintField("len", 16, func(g *greeting) *fields.Opt[uint16] { return &g.Len }),
	},
	PostBuild: greetingPostBuild,
}

// greetingType is what the registry assigned to the protocol.
var greetingType = packet.Register(greetingProto)

func init() {
	// A greeting carrying bytes that look like an IPv4 header carries
	// IPv4: the payload has no type field, so a content heuristic picks it.
	packet.RegisterHeuristic(greetingType, packet.Heuristic{
		Name:  "ipv4",
		Upper: layers.IPv4Type,
		Looks: func(b []byte) bool { return len(b) >= 20 && b[0] == 0x45 },
	})
}

func (g *greeting) Proto() *packet.Proto         { return greetingProto }
func (g *greeting) Get(name string) (any, error) { return packet.GetField(g, name) }
func (g *greeting) Set(name string, v any) error { return packet.SetField(g, name, v) }
func (g *greeting) Show() string                 { return packet.ShowLayer(g) }
func (g *greeting) HeaderLen() int               { return greetingLen }

func (g *greeting) Summary() string { return g.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer, which Packet.String uses.
func (g *greeting) SummaryIn(*packet.Packet, int) string {
	if g.Kind == greetingWelcome {
		return fmt.Sprintf("Greeting welcome id=%d", g.ID)
	}
	return fmt.Sprintf("Greeting hello id=%d", g.ID)
}

// SerializeTo writes the header; the length comes from greetingPostBuild.
func (g *greeting) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0], b[1] = g.Kind, g.ID
	binary.BigEndian.PutUint16(b[2:], g.Len.Value)
	return nil
}

// DecodeFromBytes never panics: short input is ErrTruncated, a length
// shorter than the header ErrMalformed.
func (g *greeting) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < greetingLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	g.Kind, g.ID = data[0], data[1]
	n := binary.BigEndian.Uint16(data[2:])
	if n < greetingLen {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	g.Len = fields.Some(n)
	payload := data[greetingLen:min(int(n), len(data))]
	next := packet.GuessLayer(greetingType, payload)
	ctx.Guess = next != 0
	return packet.DecodeResult{HeaderLen: greetingLen, PayloadLen: int(n) - greetingLen, Next: next}, nil
}

// greetingPostBuild is the protocol's BuildHook: it fills in the length
// unless the user set one.
func greetingPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	if greetingObserver != nil {
		greetingObserver(ctx)
	}
	if g := l.(*greeting); !g.Len.Valid {
		n := greetingLen + len(ctx.Payload())
		if n > 0xffff {
			return &packet.BuildError{Layer: "Greeting", Field: "len", Value: fmt.Sprint(n), Err: fields.ErrBadValue}
		}
		binary.BigEndian.PutUint16(hdr[2:], uint16(n))
	}
	return nil
}

// greetingObserver, when set, is called by greetingPostBuild with its
// build context (see ExampleBuildContext).
var greetingObserver func(ctx *packet.BuildContext)

// AnswersAt implements packet.Answerer: a welcome answers the hello of
// the same id.
func (g *greeting) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*greeting)
	return ok && g.Kind == greetingWelcome && q.Kind == greetingHello && g.ID == q.ID
}

// HashAt implements packet.Hasher: a hello and its welcome share the id.
func (g *greeting) HashAt(p *packet.Packet, i int) uint64 {
	return packet.HashMix(packet.HashSeed, uint64(g.ID))
}

// exHex decodes the hex digits of s, ignoring spaces.
func exHex(s string) []byte {
	var b []byte
	s = strings.ReplaceAll(s, " ", "")
	for i := 0; i+1 < len(s); i += 2 {
		var c byte
		fmt.Sscanf(s[i:i+2], "%02x", &c)
		b = append(b, c)
	}
	return b
}

// synFrame is Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
// IP(src="10.0.0.1", dst="10.0.0.2")/TCP(sport=12345, dport=80, flags="S")
// as Scapy builds it.
var synFrame = exHex("020000000002 020000000001 0800" +
	"45000028000100004006 66cd 0a000001 0a000002" +
	"303900500000000000000000 5002 2000 4b57 0000")

// A packet is a stack of layers. Fields left unset (lengths, checksums,
// the IP protocol) are filled in when it is built.
func ExampleNew() {
	ip := layers.NewIPv4()
	ip.Src = netip.MustParseAddr("10.0.0.1")
	ip.Dst = netip.MustParseAddr("10.0.0.2")
	tcp := layers.NewTCP()
	tcp.SrcPort = 12345

	p := packet.New(ip, tcp)
	b, err := p.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	fmt.Printf("% x\n", b)
	// Output:
	// IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S
	// 45 00 00 28 00 01 00 00 40 06 66 cd 0a 00 00 01 0a 00 00 02 30 39 00 50 00 00 00 00 00 00 00 00 50 02 20 00 4b 57 00 00
}

func ExamplePacket() {
	p, err := packet.Dissect(synFrame, layers.EthernetType)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Summary())
	for i, l := range p.Layers() {
		fmt.Println(i, l.Proto().Name, packet.LayerOffset(p, i))
	}
	fmt.Println(p.NumLayers(), p.HasLayer("Ether"), p.HasLayer("UDP"), len(p.Data()))
	// Output:
	// Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S
	// 0 Ethernet 0
	// 1 IP 14
	// 2 TCP 34
	// 3 true false 54
}

func ExamplePacket_GetLayer() {
	p, _ := packet.Dissect(synFrame, layers.EthernetType)
	tcp := p.GetLayer("TCP") // nil when absent
	flags, _ := tcp.Get("flags")
	dport, _ := tcp.Get("dport")
	ttl, _ := p.GetLayer("IPv4").Get("ttl") // aliases work too
	fmt.Println(flags.(uint8)&layers.TCPSyn != 0, dport, ttl)
	fmt.Println(p.GetLayer("UDP") == nil)
	// Output:
	// true 80 64
	// true
}

func ExamplePacket_Show() {
	frame := append(exHex("ffffffffffff 020000000001 88b5"), "hi"...)
	p, _ := packet.Dissect(frame, layers.EthernetType)
	fmt.Print(p.Show())
	// Output:
	// ###[ Ethernet ]###
	//   dst       = ff:ff:ff:ff:ff:ff
	//   src       = 02:00:00:00:00:01
	//   type      = 0x88b5
	// ###[ Raw ]###
	//      load      = b'hi'
}

func ExamplePacket_HexDump() {
	p, _ := packet.Dissect(synFrame, layers.EthernetType)
	fmt.Print(p.HexDump())
	// Output:
	// 0000  02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00  ..............E.
	// 0010  00 28 00 01 00 00 40 06 66 CD 0A 00 00 01 0A 00  .(....@.f.......
	// 0020  00 02 30 39 00 50 00 00 00 00 00 00 00 00 50 02  ..09.P........P.
	// 0030  20 00 4B 57 00 00                                 .KW..
}

// BuildInto writes into a caller buffer: no allocation once warm, and a
// short buffer is an error.
func ExamplePacket_BuildInto() {
	ip := layers.NewIPv4()
	ip.Src = netip.MustParseAddr("10.0.0.1")
	ip.Dst = netip.MustParseAddr("10.0.0.2")
	p := packet.New(ip, layers.NewUDP())

	buf := make([]byte, 1500)
	out, err := p.BuildInto(buf)
	fmt.Println(len(out), err)
	fmt.Printf("% x\n", out)
	_, err = p.BuildInto(buf[:10])
	fmt.Println(errors.Is(err, packet.ErrShortBuffer))
	// Output:
	// 28 <nil>
	// 45 00 00 1c 00 01 00 00 40 11 66 ce 0a 00 00 01 0a 00 00 02 00 35 00 35 00 08 eb 71
	// true
}

// Packets have a JSON form with Scapy's field names.
func ExamplePacket_MarshalJSON() {
	// IP(src="10.0.0.1", dst="10.0.0.2") as Scapy builds it.
	p, _ := packet.Dissect(exHex("45000014000100004000 66e7 0a000001 0a000002"), layers.IPv4Type)
	b, err := p.MarshalJSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	// Output:
	// {"caplen":20,"len":20,"layers":[{"name":"IP","fields":{"version":4,"ihl":5,"tos":0,"len":20,"id":1,"flags":0,"frag":0,"ttl":64,"proto":0,"chksum":26343,"src":"10.0.0.1","dst":"10.0.0.2","options":[]}}]}
}

func ExampleDissect() {
	p, err := packet.Dissect(synFrame, layers.EthernetType)
	fmt.Println(p, err)

	// Dissection keeps what it could decode; the rest is Raw.
	p, err = packet.Dissect(synFrame[:40], layers.EthernetType)
	fmt.Println(p, "|", err)
	fmt.Println(errors.Is(err, packet.ErrTruncated), p.ErrLayer(), p.Err() == err)
	// Output:
	// Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S <nil>
	// Ethernet / 10.0.0.1 > 10.0.0.2 tcp / Raw | tcp at offset 34: truncated
	// true 2 true
}

func ExampleDecodeError() {
	_, err := packet.Dissect(synFrame[:20], layers.EthernetType)
	var de *packet.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Layer, de.Offset, de.Err)
	}
	// Output:
	// IP 14 truncated
}

// A Decoder reuses its layers: no allocation per packet once warm. The
// packet it returns is valid until the next Decode.
func ExampleNewDecoder() {
	dec := packet.NewDecoder(layers.EthernetType)
	for _, n := range []int{len(synFrame), 34, 14} {
		p, err := dec.Decode(synFrame[:n])
		fmt.Println(p, err)
	}
	// Output:
	// Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S <nil>
	// Ethernet / 10.0.0.1 > 10.0.0.2 tcp <nil>
	// 02:00:00:00:00:01 > 02:00:00:00:00:02 (IPv4) <nil>
}

func ExampleDecoder_DecodeAs() {
	dec := packet.NewDecoder(layers.EthernetType)
	p, err := dec.DecodeAs(synFrame[14:], layers.IPv4Type)
	fmt.Println(p, err)
	// Output:
	// IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S <nil>
}

// Typed access to a layer.
func ExampleLayerOf() {
	p, _ := packet.Dissect(synFrame, layers.EthernetType)
	if tcp, ok := packet.LayerOf[*layers.TCP](p); ok {
		fmt.Println(tcp.SrcPort, tcp.DstPort, tcp.Window, tcp.Checksum.Value == 0x4b57)
	}
	_, ok := packet.LayerOf[*layers.UDP](p)
	fmt.Println(ok)
	// Output:
	// 12345 80 8192 true
	// false
}

func ExampleLayerOffset() {
	p, _ := packet.Dissect(synFrame, layers.EthernetType)
	for i := range p.NumLayers() + 1 {
		fmt.Print(packet.LayerOffset(p, i), " ")
	}
	fmt.Println()
	// Output:
	// 0 14 34 54
}

func ExampleGetField() {
	tcp := layers.NewTCP()
	v, err := packet.GetField(tcp, "window")
	fmt.Println(v, err)
	_, err = packet.GetField(tcp, "nosuch")
	fmt.Println(err, errors.Is(err, packet.ErrNoField))
	// Output:
	// 8192 <nil>
	// TCP: no such field "nosuch" true
}

func ExampleSetField() {
	ip := layers.NewIPv4()
	fmt.Println(packet.SetField(ip, "ttl", 7), ip.TTL)
	fmt.Println(packet.SetField(ip, "dst", "192.0.2.1"), ip.Dst)
	fmt.Println(packet.SetField(ip, "dst", "not an address") != nil)
	// Output:
	// <nil> 7
	// <nil> 192.0.2.1
	// true
}

func ExampleShowLayer() {
	fmt.Print(packet.ShowLayer(layers.NewUDP()))
	// Output:
	// ###[ UDP ]###
	//   sport     = domain
	//   dport     = domain
	//   len       = None
	//   chksum    = None
}

func ExampleHexDump() {
	fmt.Print(packet.HexDump([]byte("GET / HTTP/1.1\r\nHost: x\r\n")))
	// Output:
	// 0000  47 45 54 20 2F 20 48 54 54 50 2F 31 2E 31 0D 0A  GET / HTTP/1.1..
	// 0010  48 6F 73 74 3A 20 78 0D 0A                       Host: x..
}

// An ICMP echo reply answers the request it echoes; Answers is Scapy's
// reply.answers(request).
func ExampleAnswers() {
	// Scapy: IP(src="10.0.0.1", dst="10.0.0.2")/ICMP(id=0x42, seq=1)/"exam"
	// and IP(src="10.0.0.2", dst="10.0.0.1")/ICMP(type=0, id=0x42, seq=1)/"exam".
	req, _ := packet.Dissect(exHex("45000020000100004001 66da 0a000001 0a000002"+
		"0800 30d7 0042 0001 6578616d"), layers.IPv4Type)
	rep, _ := packet.Dissect(exHex("45000020000100004001 66da 0a000002 0a000001"+
		"0000 38d7 0042 0001 6578616d"), layers.IPv4Type)
	fmt.Println(req)
	fmt.Println(rep)
	fmt.Println(packet.Answers(rep, req), packet.Answers(req, rep))
	// Output:
	// IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw
	// IP / ICMP 10.0.0.2 > 10.0.0.1 echo-reply 0 / Raw
	// true false
}

// AnswersAt compares from given layers on: here the IP packets inside two
// Ethernet frames.
func ExampleAnswersAt() {
	req := packet.New(layers.NewEthernet(), &greeting{Kind: greetingHello, ID: 7})
	rep := packet.New(&greeting{Kind: greetingWelcome, ID: 7})
	fmt.Println(packet.AnswersAt(rep, 0, req, 1), packet.AnswersAt(rep, 0, req, 0))
	// Output:
	// true false
}

// Requests and their answers have the same key, so a sender finds the
// candidates for a reply in a map.
func ExampleHashKey() {
	pending := map[uint64]*packet.Packet{}
	for id := range uint8(3) {
		req := packet.New(&greeting{Kind: greetingHello, ID: id})
		pending[packet.HashKey(req)] = req
	}
	rep := packet.New(&greeting{Kind: greetingWelcome, ID: 2})
	if req, ok := pending[packet.HashKey(rep)]; ok && packet.Answers(rep, req) {
		fmt.Println(rep.Summary(), "answers", req.Summary())
	}
	// Output:
	// Greeting welcome id=2 answers Greeting hello id=2
}

func ExampleHashAt() {
	req := packet.New(layers.NewEthernet(), &greeting{Kind: greetingHello, ID: 9})
	rep := packet.New(&greeting{Kind: greetingWelcome, ID: 9})
	fmt.Println(packet.HashAt(req, 1) == packet.HashKey(rep))
	fmt.Println(packet.HashAt(req, 2) == packet.HashSeed) // past the last layer
	// Output:
	// true
	// true
}

func ExampleHashMix() {
	a := packet.HashMix(packet.HashMix(packet.HashSeed, 1), 2)
	b := packet.HashMix(packet.HashMix(packet.HashSeed, 2), 1)
	fmt.Println(a == b) // the order counts
	fmt.Println(a == packet.HashMix(packet.HashMix(packet.HashSeed, 1), 2))
	// Output:
	// false
	// true
}

func ExampleHashBytes() {
	h := packet.HashBytes(packet.HashSeed, []byte("www.example.com"))
	fmt.Println(h == packet.HashBytes(packet.HashSeed, []byte("www.example.com")))
	fmt.Println(h == packet.HashBytes(packet.HashSeed, []byte("www.example.org")))
	// Output:
	// true
	// false
}

// The layers quoted by an ICMP error are Scapy's IPerror, TCPerror, ...
func ExampleInQuote() {
	// ICMP port unreachable quoting IP/UDP 10.0.0.1:1024 > 10.0.0.2:53,
	// Scapy's IP(src="10.0.0.2", dst="10.0.0.1")/ICMP(type=3, code=3)/
	// IP(src="10.0.0.1", dst="10.0.0.2")/UDP(sport=1024, dport=53).
	p, _ := packet.Dissect(exHex("45000038000100004001 66c2 0a000002 0a000001"+
		"0303 1119 00000000"+
		"4500001c000100004011 66ce 0a000001 0a000002 0400 0035 0008 e7a6"), layers.IPv4Type)
	for i, l := range p.Layers() {
		fmt.Println(l.Proto().Name, packet.InQuote(p, i))
	}
	fmt.Println(p.Quoted())
	// Output:
	// IP false
	// ICMP false
	// IP true
	// UDP true
	// 2
}

func ExampleWithBytes() {
	p := packet.New(layers.NewIPv4(), layers.NewUDP())
	packet.WithBytes(p, func(b []byte) bool {
		fmt.Println(len(b), b[9]) // 17: the protocol filled in from the bindings
		return true
	})
	// Output:
	// 28 17
}

// Register adds a protocol (here the toy Greeting of this file, registered
// in a package variable as protocol files do) and returns its LayerType.
func ExampleRegister() {
	fmt.Println(greetingType, packet.ProtoOf(greetingType) == greetingProto)
	fmt.Println(packet.Lookup("greeting").Type() == greetingType)

	p := packet.New(&greeting{Kind: greetingHello, ID: 3}, &packet.Raw{Load: []byte("hi")})
	b, _ := p.Build()
	fmt.Printf("% x\n", b)
	d, err := packet.Dissect(b, greetingType)
	fmt.Println(d, err)
	// Output:
	// Greeting true
	// true
	// 01 03 00 06 68 69
	// Greeting hello id=3 / Raw <nil>
}

// A Proto describes a protocol: name, aliases and fields under Scapy's
// names.
func ExampleProto() {
	p := packet.Lookup("Ether")
	fmt.Println(p.Name, p.Aliases)
	var names []string
	for _, f := range p.Fields {
		names = append(names, f.Name)
	}
	fmt.Println(strings.Join(names, " "))
	fmt.Println(p.Field("type") != nil, p.Field("nosuch") == nil)
	// Output:
	// Ethernet [Ether 802.3 Dot3]
	// dst src type
	// true true
}

func ExampleLookup() {
	for _, name := range []string{"tcp", "IPv4", "ip", "Ether", "NoSuchProtocol"} {
		if p := packet.Lookup(name); p != nil {
			fmt.Println(name, "->", p.Name)
		} else {
			fmt.Println(name, "-> none")
		}
	}
	// Output:
	// tcp -> TCP
	// IPv4 -> IP
	// ip -> IP
	// Ether -> Ethernet
	// NoSuchProtocol -> none
}

func ExampleProtoOf() {
	fmt.Println(packet.ProtoOf(layers.TCPType).Name, packet.ProtoOf(packet.RawType).Doc)
	fmt.Println(packet.ProtoOf(0) == nil)
	// Output:
	// TCP bytes no protocol claimed
	// true
}

func ExampleProtocols() {
	var names []string
	for _, p := range packet.Protocols() {
		names = append(names, p.Name)
	}
	fmt.Println(names[:2])
	all := " " + strings.Join(names, " ") + " "
	for _, want := range []string{"Ethernet", "IP", "TCP", "Greeting"} {
		fmt.Println(want, strings.Contains(all, " "+want+" "))
	}
	// Output:
	// [Raw Padding]
	// Ethernet true
	// IP true
	// TCP true
	// Greeting true
}

func ExampleLayerType() {
	var t packet.LayerType = layers.UDPType
	fmt.Println(t, packet.LayerType(0) == 0, packet.LayerType(65000))
	// Output:
	// UDP true LayerType(65000)
}

// Bind is Scapy's bind_layers: UDP port 60001 carries Greeting.
func ExampleBind() {
	packet.Bind(packet.BindingRule{Lower: layers.UDPType, Upper: greetingType, Field: "dport", Value: 60001})

	udp := layers.NewUDP()
	udp.DstPort = 60001
	b, _ := packet.New(udp, &greeting{Kind: greetingHello, ID: 1}).Build()
	p, _ := packet.Dissect(b, layers.UDPType)
	fmt.Println(p)
	// Output:
	// UDP / Greeting hello id=1
}

// BindValue is the building side of the binding rules: the value a field
// takes when an upper layer sits on it.
func ExampleBindValue() {
	v, ok := packet.BindValue(layers.EthernetType, layers.IPv4Type, "type")
	fmt.Printf("%#04x %v\n", v, ok)
	v, ok = packet.BindValue(layers.IPv4Type, layers.TCPType, "proto")
	fmt.Println(v, ok)
	_, ok = packet.BindValue(layers.TCPType, layers.EthernetType, "dport")
	fmt.Println(ok)
	// Output:
	// 0x0800 true
	// 6 true
	// false
}

// BindingRule is one rule; Bindings lists those of a lower layer.
func ExampleBindings() {
	for _, r := range packet.Bindings(layers.IPv4Type) {
		if r.Upper == layers.TCPType || r.Upper == layers.UDPType || r.Upper == layers.ICMPType {
			fmt.Println(r.Lower, r.Field, r.Value, r.Upper, r.DissectOnly)
		}
	}
	// Output:
	// IP proto 1 ICMP false
	// IP proto 6 TCP false
	// IP proto 17 UDP false
}

// NextLayer is the dissection side of the binding rules.
func ExampleNextLayer() {
	fmt.Println(packet.NextLayer(layers.EthernetType, "type", 0x86dd))
	fmt.Println(packet.NextLayer(layers.IPv4Type, "proto", 17))
	fmt.Println(packet.NextLayer(layers.IPv4Type, "proto", 250) == 0)
	// Output:
	// IPv6
	// UDP
	// true
}

// BindLinkType maps a capture link type to its first layer; here
// LINKTYPE_USER0 (147) to the toy Greeting protocol.
func ExampleBindLinkType() {
	packet.BindLinkType(147, greetingType)
	first, ok := packet.LinkTypeLayer(147)
	fmt.Println(first, ok)
	p, _ := packet.Dissect([]byte{2, 5, 0, 4}, first)
	fmt.Println(p)
	// Output:
	// Greeting true
	// Greeting welcome id=5
}

// BindLinkTypeFunc lets the bytes pick the first layer, as raw IP links
// do with the version nibble; here LINKTYPE_USER1 (148) carries either
// Ethernet or, in frames too short for Ethernet, a greeting.
func ExampleBindLinkTypeFunc() {
	packet.BindLinkTypeFunc(148, func(data []byte) packet.LayerType {
		if len(data) < 14 { // shorter than an Ethernet header
			return greetingType
		}
		return layers.EthernetType
	})
	for _, data := range [][]byte{{1, 5, 0, 4}, synFrame} {
		first, ok := packet.FirstLayer(148, data)
		p, _ := packet.Dissect(data, first)
		fmt.Println(ok, p)
	}
	// Output:
	// true Greeting hello id=5
	// true Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S
}

func ExampleLinkTypeLayer() {
	for _, dlt := range []uint32{1, 228, 101, 9999} {
		t, ok := packet.LinkTypeLayer(dlt)
		fmt.Println(dlt, t, ok)
	}
	// Output:
	// 1 Ethernet true
	// 228 IP true
	// 101 LayerType(0) false
	// 9999 LayerType(0) false
}

// FirstLayer handles the link types whose first layer depends on the
// bytes: LINKTYPE_RAW (101) is IPv4 or IPv6.
func ExampleFirstLayer() {
	ip4 := synFrame[14:]
	ip6 := exHex("6000000000003b40" + strings.Repeat("00", 32))
	for _, data := range [][]byte{ip4, ip6} {
		t, ok := packet.FirstLayer(101, data)
		fmt.Println(t, ok)
	}
	t, ok := packet.FirstLayer(9999, ip4)
	fmt.Println(t, ok)
	// Output:
	// IP true
	// IPv6 true
	// Raw false
}

// RegisterHeuristic (called in this file's init) recognises IPv4 inside a
// greeting by its first byte.
func ExampleRegisterHeuristic() {
	inner := synFrame[14:]
	b, _ := packet.New(&greeting{Kind: greetingHello, ID: 4}, &packet.Raw{Load: inner}).Build()
	p, _ := packet.Dissect(b, greetingType)
	fmt.Println(p)
	// Output:
	// Greeting / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S
}

func ExampleHeuristics() {
	for _, h := range packet.Heuristics(greetingType) {
		fmt.Println(h.Name, h.Upper)
	}
	// Output:
	// ipv4 IP
}

func ExampleGuessLayer() {
	fmt.Println(packet.GuessLayer(greetingType, synFrame[14:]))
	fmt.Println(packet.GuessLayer(greetingType, []byte("text")) == 0)
	// Output:
	// IP
	// true
}

// A BuildHook (Scapy's post_build) fills in what the user left unset and
// keeps what the user set, so a wrong length can be sent on purpose.
func ExampleBuildHook() {
	auto, _ := packet.New(&greeting{Kind: greetingHello}, &packet.Raw{Load: []byte("abc")}).Build()
	set, _ := packet.New(&greeting{Kind: greetingHello, Len: fields.Some[uint16](99)}, &packet.Raw{Load: []byte("abc")}).Build()
	fmt.Printf("% x\n% x\n", auto, set)
	// Output:
	// 01 00 00 07 61 62 63
	// 01 00 00 63 61 62 63
}

// A BuildContext tells a layer being built about the packet around it.
// The toy Greeting's hook calls greetingObserver, when set, with its
// context.
func ExampleBuildContext() {
	greetingObserver = func(ctx *packet.BuildContext) {
		fmt.Println("index", ctx.Index(), "of", ctx.Packet().NumLayers())
		fmt.Println("below", ctx.Prev().Proto().Name, "above", ctx.Next().Proto().Name)
		fmt.Printf("payload %q\n", ctx.Payload())
		_, ok := ctx.PseudoHeaderSum(17, 8)
		fmt.Println("pseudo-header", ok)
	}
	defer func() { greetingObserver = nil }()

	ip := layers.NewIPv4()
	ip.Dst = netip.MustParseAddr("192.0.2.1")
	udp := layers.NewUDP()
	udp.DstPort = 60001
	packet.New(ip, udp, &greeting{}, &packet.Raw{Load: []byte("data")}).Build()
	// Output:
	// index 2 of 4
	// below UDP above Raw
	// payload "data"
	// pseudo-header true
}

// DecodeResult is what DecodeFromBytes returns: the header length, the
// payload length the header claims, and the payload's type.
func ExampleDecodeResult() {
	var g greeting
	var ctx packet.DecodeContext
	// A 6-byte greeting (4 of header, "hi") followed by 2 bytes more: the
	// decoder makes the payload Raw (Next 0) and the 2 bytes Padding.
	res, err := g.DecodeFromBytes([]byte{1, 2, 0, 6, 'h', 'i', 0, 0}, &ctx)
	fmt.Println(res.HeaderLen, res.PayloadLen, res.Next, err)
	_, err = g.DecodeFromBytes([]byte{1, 2, 0, 2}, &ctx)
	fmt.Println(err)
	// Output:
	// 4 2 LayerType(0) <nil>
	// malformed
}

// The DecodeContext of a layer being decoded: the decoder sets Packet and
// Offset; a layer sets Guess or Quote.
func ExampleDecodeContext() {
	var ctx packet.DecodeContext
	var g greeting
	// A greeting carrying an IPv4 packet: the payload's type is a
	// heuristic's guess, so the layer sets Guess (a failure to decode the
	// payload as IPv4 then leaves it Raw, without an error).
	res, _ := g.DecodeFromBytes(append([]byte{1, 2, 0, 44}, synFrame[14:]...), &ctx)
	fmt.Println(res.Next, ctx.Guess)
	// Output:
	// IP true
}

func ExampleAnswerer() {
	hello := packet.New(&greeting{Kind: greetingHello, ID: 1})
	var l packet.Layer = &greeting{Kind: greetingWelcome, ID: 1}
	a, ok := l.(packet.Answerer)
	fmt.Println(ok, a.AnswersAt(packet.New(l), 0, hello, 0))
	// Output:
	// true true
}

func ExampleHasher() {
	var l packet.Layer = &greeting{ID: 1}
	h, ok := l.(packet.Hasher)
	fmt.Println(ok, h.HashAt(packet.New(l), 0) == packet.HashMix(packet.HashSeed, 1))
	// Output:
	// true true
}

// A BuildError names the layer, the field and the value that cannot be
// built; the toy Greeting's hook returns one when the length does not fit.
func ExampleBuildError() {
	_, err := packet.New(&greeting{}, &packet.Raw{Load: make([]byte, 70000)}).Build()
	var be *packet.BuildError
	if errors.As(err, &be) {
		fmt.Println(be.Layer, be.Field, be.Value)
	}
	fmt.Println(err)
	fmt.Println(errors.Is(err, fields.ErrBadValue))
	// Output:
	// Greeting len 70004
	// build Greeting: field len = 70004: invalid field value
	// true
}

// A layer that implements ContextHeaderLen has a length that depends on
// its neighbours: DNS over TCP carries a 2-byte length prefix.
func ExampleContextHeaderLen() {
	dns := layers.NewDNS()
	p := packet.New(layers.NewIPv4(), layers.NewTCP(), dns)
	fmt.Println(dns.HeaderLen(), dns.HeaderLenIn(p, 2))
	var _ packet.ContextHeaderLen = dns
	// Output:
	// 33 35
}

// A layer that implements ContextSummarizer uses the layers around it in
// its summary: TCP shows the IP addresses.
func ExampleContextSummarizer() {
	p, _ := packet.Dissect(synFrame, layers.EthernetType)
	tcp := p.Layer(2)
	fmt.Println(tcp.Summary())
	fmt.Println(tcp.(packet.ContextSummarizer).SummaryIn(p, 2))
	// Output:
	// TCP 12345 > 80 S
	// TCP 10.0.0.1:12345 > 10.0.0.2:80 S
}

// A NetworkLayer provides the pseudo-header for upper-layer checksums.
func ExampleNetworkLayer() {
	p, _ := packet.Dissect(synFrame[14:], layers.IPv4Type)
	nl := p.Layer(0).(packet.NetworkLayer)
	sum := nl.PseudoHeaderSum(6, 20)
	for i := 20; i < 40; i += 2 { // the TCP header, checksum included
		sum += uint64(binary.BigEndian.Uint16(synFrame[14+i:]))
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	fmt.Printf("%#x\n", sum) // a valid checksum folds to all ones
	// Output:
	// 0xffff
}

// Titler gives a layer a Show title that depends on its content.
func ExampleTitler() {
	icmp := layers.NewICMPv6()
	fmt.Println(icmp.Proto().Name, "/", icmp.Title())
	var _ packet.Titler = icmp
	// Output:
	// ICMPv6 / ICMPv6 Echo Request
}

// A Snapshotter copies its state, so a caller can tell whether a layer
// changed since the last build.
func ExampleSnapshotter() {
	r := &packet.Raw{Load: []byte("abc")}
	var s packet.Snapshotter = r
	snap := s.Snapshot(nil)
	fmt.Println(s.Unchanged(snap))
	r.Load[0] = 'x'
	fmt.Println(s.Unchanged(snap))
	snap = s.Snapshot(snap) // reuses snap
	fmt.Println(s.Unchanged(snap))
	// Output:
	// true
	// false
	// true
}

// Raw holds the bytes no protocol claimed.
func ExampleRaw() {
	p, _ := packet.Dissect(append(exHex("ffffffffffff 020000000001 88b5"), "hello"...), layers.EthernetType)
	raw := p.GetLayer("Raw").(*packet.Raw)
	load, _ := raw.Get("load")
	fmt.Printf("%s %q %x\n", raw.Summary(), raw.Load, load)
	// Output:
	// Raw "hello" 68656c6c6f
}

// Padding holds the bytes past the length a lower layer claims: here the
// Ethernet minimum-size padding after a 40-byte IP packet.
func ExamplePadding() {
	frame := append(append([]byte(nil), synFrame...), 0, 0, 0, 0, 0, 0)
	p, _ := packet.Dissect(frame, layers.EthernetType)
	fmt.Println(p)
	fmt.Println(len(p.GetLayer("Padding").(*packet.Padding).Load))
	// Output:
	// Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S / Padding
	// 6
}

// Metadata is what a capture says about a packet; sniffers and pcap
// readers fill it in.
func ExampleMetadata() {
	p, _ := packet.Dissect(synFrame, layers.EthernetType)
	p.Metadata = packet.Metadata{CaptureLength: len(synFrame), Length: 60, LinkType: 1}
	fmt.Println(p.Metadata.CaptureLength, p.Metadata.Length, p.Metadata.Timestamp.IsZero())
	// Output:
	// 54 60 true
}

// A Layer is one header; every layer has Scapy's Get, Set, Show and
// Summary.
func ExampleLayer() {
	var l packet.Layer = layers.NewTCP()
	_ = l.Set("dport", uint16(443))
	_ = l.Set("flags", "SA")
	dport, _ := l.Get("dport")
	fmt.Println(l.Proto().Name, l.HeaderLen(), dport, l.Summary())
	// Output:
	// TCP 20 443 TCP 20 > 443 SA
}

// A BindKey is a decoder's handle on one field's bindings: Next gives what
// NextLayer gives, with one hash probe.
func ExampleNewBindKey() {
	etherType := packet.NewBindKey(layers.EthernetType, "type")
	for _, v := range []uint64{0x0800, 0x86dd, 0x0806, 0x88b5} {
		fmt.Println(etherType.Next(v), etherType.Next(v) == packet.NextLayer(layers.EthernetType, "type", v))
	}
	// Output:
	// IP true
	// IPv6 true
	// ARP true
	// LayerType(0) true
}

// greetingBlock is a preset block: a packet and two greeting layers in one
// allocation, and a fast path for the common case of one greeting.
type greetingBlock struct {
	p      packet.Packet
	g1, g2 greeting
}

func (b *greetingBlock) Packet() *packet.Packet { return &b.p }

func (b *greetingBlock) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&b.g1, &b.g2}
}

// DecodeCommon decodes the greeting with a direct call, appends it and
// says where the generic decoder goes on, as it would have.
func (b *greetingBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (off, end int, next packet.LayerType, ok bool) {
	r, err := b.g1.DecodeFromBytes(data, ctx)
	if err != nil {
		return 0, 0, 0, false // the generic decoder reports the error
	}
	ctx.Packet.Append(&b.g1)
	end = len(data)
	if r.PayloadLen >= 0 && r.HeaderLen+r.PayloadLen < end {
		end = r.HeaderLen + r.PayloadLen
	}
	return r.HeaderLen, end, r.Next, true
}

// A PresetBlock's DecodeCommon decodes the layers it knows directly and
// says where the generic decoder goes on; it declines what it cannot
// decode at all.
func ExamplePresetBlock() {
	blk := new(greetingBlock)
	p, ls := blk.Packet(), blk.Layers()
	ctx := &packet.DecodeContext{Packet: p}
	off, end, next, ok := blk.DecodeCommon([]byte{greetingHello, 7, 0, 6, 'h', 'i', 0}, ctx)
	fmt.Println(p, off, end, next, ok, ls[0] == p.Layer(0))
	_, _, _, ok = blk.DecodeCommon([]byte{greetingHello, 7, 0, 1}, ctx)
	fmt.Println(ok)
	// Output:
	// Greeting hello id=7 4 6 LayerType(0) true true
	// false
}

// A Preset may have kinds of block, picked from the packet's bytes, so
// that each kind holds only the layers its packets need.
func ExamplePreset() {
	ps := packet.Preset{
		Kinds: 2,
		Kind: func(data []byte) int {
			if len(data) > 0 && data[0] == greetingWelcome {
				return 1
			}
			return 0
		},
		New: func(kind int) packet.PresetBlock { return new(greetingBlock) },
	}
	fmt.Println(ps.Kind([]byte{greetingHello}), ps.Kind([]byte{greetingWelcome}), ps.Kind(nil))
	// Output:
	// 0 1 0
}

// A preset lets Dissect allocate a packet and its usual layers at once:
// here a Greeting packet and two Greeting layers (a hello carrying a
// welcome would use both) come from one allocation, and its DecodeCommon
// decodes a lone greeting without the registry.
func ExampleRegisterPreset() {
	packet.RegisterPreset(greetingType, packet.Preset{
		Kinds: 1,
		New:   func(int) packet.PresetBlock { return new(greetingBlock) },
	})
	frame := []byte{greetingHello, 7, 0, 6, 'h', 'i'}
	p, err := packet.Dissect(frame, greetingType)
	fmt.Println(p, err)
	// Output:
	// Greeting hello id=7 / Raw <nil>
}

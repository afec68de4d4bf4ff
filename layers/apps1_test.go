package layers

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// apps1Frame is a row of testdata/apps1_frames.txt: a frame of
// ../shared/corpus holding DHCP, DHCPv6, NTP or BGP, and what tshark
// dissects from it.
//
// The file was written by a script that runs, for each capture listed in
// its header and each protocol,
//
//	tshark -n -r FILE -o tcp.desegment_tcp_streams:FALSE -o ip.defragment:FALSE \
//		-o ipv6.defragment:FALSE -Y PROTO -T fields -E occurrence=a -E aggregator=, \
//		-e frame.number -e _ws.malformed -e _ws.expert.severity -e FIELD...
//
// with the fields of the apps1Fields functions below, and adds the link
// type and the bytes of each frame.
type apps1Frame struct {
	proto, file, n string
	linkType       uint32
	malformed      bool
	want           map[string]string
	frame          []byte
}

func (f apps1Frame) String() string { return f.proto + " " + f.file + "#" + f.n }

func loadApps1Frames(t testing.TB) []apps1Frame {
	return loadTsharkFrames(t, "testdata/apps1_frames.txt")
}

// loadTsharkFrames reads a table of corpus frames with the values tshark
// gives for them (apps1_frames.txt, p6r_frames.txt): protocol, capture,
// frame number, link type, malformed, the values as JSON, the frame in hex.
func loadTsharkFrames(t testing.TB, path string) []apps1Frame {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []apps1Frame
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 7 {
			t.Fatalf("%s: %d columns: %.60s", path, len(p), line)
		}
		f := apps1Frame{proto: p[0], file: p[1], n: p[2], malformed: p[4] == "1"}
		lt, err := strconv.ParseUint(p[3], 10, 32)
		if err != nil {
			t.Fatal(err)
		}
		f.linkType = uint32(lt)
		if err := json.Unmarshal([]byte(p[5]), &f.want); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if f.frame, err = hex.DecodeString(p[6]); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		t.Fatalf("no frames in %s", path)
	}
	return out
}

// apps1Values collects field values in order of appearance, as tshark's
// -E occurrence=a -E aggregator=, prints them.
type apps1Values map[string][]string

func (v apps1Values) add(k string, vals ...any) {
	for _, x := range vals {
		v[k] = append(v[k], fmt.Sprint(x))
	}
}

func (v apps1Values) joined() map[string]string {
	m := make(map[string]string, len(v))
	for k, l := range v {
		m[k] = strings.Join(l, ",")
	}
	return m
}

// apps1Fields computes, from our layers, the tshark fields of the frame.
func apps1Fields(proto string, p *packet.Packet) map[string]string {
	v := apps1Values{}
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *BOOTP:
			if proto == "dhcp" {
				dhcpTsharkFields(v, x, p)
			}
		case *DHCPv6:
			if proto == "dhcpv6" {
				dhcp6TsharkHeader(v, x)
			}
		case *DHCPv6Opt:
			if proto == "dhcpv6" {
				dhcp6TsharkOptions(v, []DHCPv6Option{x.DHCPv6Option}, 0)
			}
		case *NTP:
			if proto == "ntp" {
				ntpTsharkFields(v, x)
			}
		case *BGP:
			if proto == "bgp" {
				bgpTsharkFields(v, x)
			}
		}
	}
	return v.joined()
}

func dhcpTsharkFields(v apps1Values, b *BOOTP, p *packet.Packet) {
	v.add("dhcp.type", b.Op)
	v.add("dhcp.hw.type", fmt.Sprintf("0x%02x", b.HType))
	v.add("dhcp.hw.len", b.HLen)
	v.add("dhcp.hops", b.Hops)
	v.add("dhcp.id", fmt.Sprintf("0x%08x", b.XID))
	v.add("dhcp.secs", b.Secs)
	v.add("dhcp.flags", fmt.Sprintf("0x%04x", b.Flags))
	v.add("dhcp.ip.client", b.CIAddr)
	v.add("dhcp.ip.your", b.YIAddr)
	v.add("dhcp.ip.server", b.SIAddr)
	v.add("dhcp.ip.relay", b.GIAddr)
	if b.HType == 1 && b.HLen == 6 {
		v.add("dhcp.hw.mac_addr", b.ClientMAC())
	}
	d, ok := packet.LayerOf[*DHCP](p)
	if !ok {
		return
	}
	end := len(d.Options)
	for i, o := range d.Options {
		if o.Code == DHCPOptEnd {
			end = i
			break
		}
	}
	for i, o := range d.Options {
		if i > end {
			break
		}
		if o.Code == DHCPOptEnd {
			v.add("dhcp.option.type", 0) // tshark's value for the end option
		} else {
			v.add("dhcp.option.type", o.Code)
		}
		switch o.Code {
		case DHCPOptMessageType:
			v.add("dhcp.option.dhcp", o.Data[0])
		case DHCPOptRequestedAddr:
			a, _ := o.Addr()
			v.add("dhcp.option.requested_ip_address", a)
		case DHCPOptServerID:
			a, _ := o.Addr()
			v.add("dhcp.option.dhcp_server_id", a)
		case DHCPOptSubnetMask:
			a, _ := o.Addr()
			v.add("dhcp.option.subnet_mask", a)
		case DHCPOptLeaseTime:
			u, _ := o.Uint()
			v.add("dhcp.option.ip_address_lease_time", u)
		case DHCPOptHostname:
			v.add("dhcp.option.hostname", string(o.Data))
		case DHCPOptClientID:
			if len(o.Data) == 7 && o.Data[0] == 1 { // tshark reads type and MAC
				v.add("dhcp.hw.type", "0x01")
				v.add("dhcp.hw.mac_addr", fields.MAC(o.Data[1:]))
			}
		case DHCPOptParamReqList:
			for _, c := range o.Data {
				v.add("dhcp.option.request_list_item", c)
			}
		case DHCPOptRouter, DHCPOptDNS:
			as, _ := o.Addrs()
			k := "dhcp.option.router"
			if o.Code == DHCPOptDNS {
				k = "dhcp.option.domain_name_server"
			}
			for _, a := range as {
				v.add(k, a)
			}
		}
	}
	if end < len(d.Options)-1 {
		rest := NewDHCP()
		rest.Options = d.Options[end+1:]
		b := make([]byte, rest.HeaderLen())
		rest.SerializeTo(b, nil)
		v.add("dhcp.option.padding", fmt.Sprintf("%x", b))
	}
}

func dhcp6TsharkHeader(v apps1Values, d *DHCPv6) {
	v.add("dhcpv6.msgtype", d.MsgType)
	if d.isRelay() {
		v.add("dhcpv6.hopcount", d.HopCount)
		v.add("dhcpv6.linkaddr", d.LinkAddr)
		v.add("dhcpv6.peeraddr", d.PeerAddr)
	} else {
		v.add("dhcpv6.xid", fmt.Sprintf("0x%06x", d.TrID))
	}
}

// dhcp6TsharkPacket adds the fields of a dissected (relayed) message.
func dhcp6TsharkPacket(v apps1Values, p *packet.Packet, depth int) {
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *DHCPv6:
			dhcp6TsharkHeader(v, x)
		case *DHCPv6Opt:
			dhcp6TsharkOptions(v, []DHCPv6Option{x.DHCPv6Option}, depth)
		}
	}
}

func dhcp6TsharkOptions(v apps1Values, opts []DHCPv6Option, depth int) {
	for _, o := range opts {
		v.add("dhcpv6.option.type", o.Code)
		switch o.Code {
		case DHCPv6OptClientID, DHCPv6OptServerID:
			d, _ := o.DUID()
			v.add("dhcpv6.duid.type", d.Type())
		case DHCPv6OptIANA, DHCPv6OptIATA, DHCPv6OptIAPD:
			ia, _ := o.IA()
			if o.Code != DHCPv6OptIATA { // tshark has no field for the IAID of an IA_TA
				v.add("dhcpv6.iaid", fmt.Sprintf("%08x", ia.IAID))
			}
			dhcp6TsharkOptions(v, ia.Options, depth)
		case DHCPv6OptIAAddr:
			a, _ := o.IAAddr()
			v.add("dhcpv6.iaaddr.ip", a.Addr)
			dhcp6TsharkOptions(v, a.Options, depth)
		case DHCPv6OptIAPrefix:
			pr, _ := o.IAPrefix()
			v.add("dhcpv6.iaprefix.pref_len", pr.Prefix.Bits())
			v.add("dhcpv6.iaprefix.pref_addr", pr.Prefix.Addr())
			dhcp6TsharkOptions(v, pr.Options, depth)
		case DHCPv6OptElapsedTime:
			t, _ := o.ElapsedTime()
			v.add("dhcpv6.elapsed_time", int(t)*10)
		case DHCPv6OptDNSServers:
			as, _ := o.Addrs()
			for _, a := range as {
				v.add("dhcpv6.dns_server", a)
			}
		case DHCPv6OptDomainList:
			ds, _ := o.Domains()
			for _, n := range ds {
				v.add("dhcpv6.search_list_entry", n)
			}
		case DHCPv6OptStatusCode:
			c, _, _ := o.StatusCode()
			v.add("dhcpv6.status_code", c)
		case DHCPv6OptORO:
			cs, _ := o.ORO()
			for _, c := range cs {
				v.add("dhcpv6.requested_option_code", c)
			}
		case DHCPv6OptRelayMsg:
			if m, err := o.RelayMessage(); err == nil && depth < dhcp6MaxDepth {
				dhcp6TsharkPacket(v, m, depth+1)
			}
		}
	}
}

// ntpTsharkTime is a timestamp as tshark prints it.
func ntpTsharkTime(ts NTPTimestamp) string {
	if ts == 0 {
		return "NULL"
	}
	return ts.Time().Format("Jan _2, 2006 15:04:05.000000000 UTC")
}

func ntpTsharkFields(v apps1Values, n *NTP) {
	v.add("ntp.flags.li", n.Leap)
	v.add("ntp.flags.vn", n.Version)
	v.add("ntp.flags.mode", n.Mode)
	switch n.Mode {
	case NTPModeControl:
		v.add("ntp.ctrl.flags2.r", n.Response)
		v.add("ntp.ctrl.flags2.opcode", n.OpCode)
		v.add("ntp.ctrl.sequence", n.Sequence)
		v.add("ntp.ctrl.offset", n.Offset)
		v.add("ntp.ctrl.count", n.Count.Value)
		return
	case NTPModePrivate:
		return
	}
	v.add("ntp.stratum", n.Stratum)
	v.add("ntp.ppoll", n.Poll)
	v.add("ntp.precision", n.Precision)
	v.add("ntp.rootdelay", uint32(n.RootDelay))
	v.add("ntp.rootdispersion", uint32(n.RootDispersion))
	v.add("ntp.refid", fmt.Sprintf("%x", n.RefID[:]))
	v.add("ntp.reftime", ntpTsharkTime(n.Ref))
	v.add("ntp.org", ntpTsharkTime(n.Orig.Value))
	v.add("ntp.rec", ntpTsharkTime(n.Recv))
	v.add("ntp.xmt", ntpTsharkTime(n.Sent.Value))
	if id, ok := n.KeyID(); ok {
		v.add("ntp.keyid", fmt.Sprintf("%08x", id))
		if d := n.Digest(); len(d) > 0 {
			v.add("ntp.mac", fmt.Sprintf("%x", d))
		}
	}
}

func bgpTsharkFields(v apps1Values, b *BGP) {
	v.add("bgp.type", b.Type)
	v.add("bgp.length", b.Len.Value)
	switch b.Type {
	case BGPOpen:
		v.add("bgp.open.version", b.Version)
		v.add("bgp.open.myas", b.MyAS)
		v.add("bgp.open.holdtime", b.HoldTime)
		v.add("bgp.open.identifier", b.BGPID)
		v.add("bgp.open.opt.len", b.OptParamLen.Value)
		for _, c := range b.Capabilities() {
			v.add("bgp.cap.type", c.Code)
			if asn, ok := c.ASN(); ok {
				v.add("bgp.cap.4as", asn)
			}
			if afi, safi, ok := c.AFISAFI(); ok {
				v.add("bgp.cap.mp.afi", afi)
				v.add("bgp.cap.mp.safi", safi)
			}
		}
	case BGPUpdate:
		for _, p := range b.Withdrawn {
			v.add("bgp.withdrawn_prefix", p.Prefix.Addr())
		}
		for _, a := range b.PathAttrs {
			v.add("bgp.update.path_attribute.type_code", a.Type)
			switch a.Type {
			case BGPAttrOrigin:
				o, _ := a.Origin()
				v.add("bgp.update.path_attribute.origin", o)
			case BGPAttrNextHop:
				nh, _ := a.NextHop()
				v.add("bgp.update.path_attribute.next_hop", nh)
			case BGPAttrLocalPref:
				x, _ := a.Uint32()
				v.add("bgp.update.path_attribute.local_pref", x)
			case BGPAttrMED:
				x, _ := a.Uint32()
				v.add("bgp.update.path_attribute.multi_exit_disc", x)
			case BGPAttrASPath, BGPAttrAS4Path:
				segs, _ := a.ASPath()
				k := "bgp.update.path_attribute.as_path_segment.as4"
				if a.ASPathWidth() == 2 {
					k = "bgp.update.path_attribute.as_path_segment.as2"
				}
				for _, s := range segs {
					v.add(k, toAny(s.ASNs)...)
				}
			case BGPAttrCommunities:
				cs, _ := a.Communities()
				for _, c := range cs {
					if c>>16 == 0xffff {
						continue // well-known communities have fields of their own
					}
					v.add("bgp.update.path_attribute.community_as", c>>16)
					v.add("bgp.update.path_attribute.community_value", c&0xffff)
				}
			case BGPAttrMPReachNLRI:
				r, _ := a.MPReach()
				v.add("bgp.update.path_attribute.mp_reach_nlri.afi", r.AFI)
				if r.AFI == BGPAFIIPv6 && len(r.NextHops) > 0 {
					v.add("bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6", r.NextHops[0])
				}
				for _, p := range r.Routes {
					if r.AFI == BGPAFIIPv6 {
						v.add("bgp.mp_reach_nlri_ipv6_prefix", p.Prefix.Addr())
					}
				}
			case BGPAttrMPUnreachNLRI:
				r, _ := a.MPUnreach()
				v.add("bgp.update.path_attribute.mp_unreach_nlri.afi", r.AFI)
			}
		}
		for _, p := range b.NLRI {
			v.add("bgp.nlri_prefix", p.Prefix.Addr())
		}
	case BGPNotification:
		v.add("bgp.notify.major_error", b.ErrorCode)
	case BGPRouteRefresh:
		v.add("bgp.route_refresh.afi", b.AFI)
		v.add("bgp.route_refresh.safi", b.SAFI)
	}
}

func toAny[T any](l []T) []any {
	out := make([]any, len(l))
	for i, x := range l {
		out[i] = x
	}
	return out
}

// apps1RoundTrip dissects data from first: it must re-encode byte for
// byte, and a warm decoder must agree with one-shot dissection.
func apps1RoundTrip(t *testing.T, what string, data []byte, first packet.LayerType) *packet.Packet {
	t.Helper()
	p, _ := packet.Dissect(data, first)
	out, err := p.Build()
	if err != nil || !bytes.Equal(out, data) {
		t.Errorf("%s: round trip of %v: %v\n got %x\nwant %x", what, p, err, out, data)
	}
	d := packet.NewDecoder(first)
	for range 2 {
		q, _ := d.Decode(data)
		if q.String() != p.String() {
			t.Errorf("%s: decoder %q, Dissect %q", what, q, p)
		}
	}
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	return p
}

// TestApps1CorpusFrames dissects every DHCP, DHCPv6, NTP and BGP frame of
// the corpus captures: each re-encodes byte for byte, each that tshark
// dissects without error is ours without error too, and the fields agree
// with tshark's.
func TestApps1CorpusFrames(t *testing.T) {
	checked := map[string]int{}
	for _, f := range loadApps1Frames(t) {
		first, _ := packet.FirstLayer(f.linkType, f.frame)
		p := apps1RoundTrip(t, f.String(), f.frame, first)
		if f.malformed {
			continue
		}
		if p.Err() != nil {
			t.Errorf("%s: %v: %v", f, p, p.Err())
			continue
		}
		got := apps1Fields(f.proto, p)
		keys := make([]string, 0, len(f.want))
		for k := range f.want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if got[k] != f.want[k] {
				t.Errorf("%s: %s = %q, tshark %q", f, k, got[k], f.want[k])
			}
		}
		checked[f.proto]++
	}
	for _, proto := range []string{"dhcp", "dhcpv6", "ntp", "bgp"} {
		if checked[proto] < 25 {
			t.Errorf("only %d %s frames checked against tshark", checked[proto], proto)
		}
	}
	t.Logf("frames checked against tshark: %v", checked)
}

// TestApps1CorpusNoAllocs decodes the corpus frames with a warm decoder and
// re-encodes them into a buffer: neither allocates.
func TestApps1CorpusNoAllocs(t *testing.T) {
	buf := make([]byte, 4096)
	for _, f := range loadApps1Frames(t) {
		if f.malformed {
			continue
		}
		first, _ := packet.FirstLayer(f.linkType, f.frame)
		dec := packet.NewDecoder(first)
		if _, err := dec.Decode(f.frame); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if n := testing.AllocsPerRun(10, func() {
			p, _ := dec.Decode(f.frame)
			if _, err := p.BuildInto(buf); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations", f, n)
		}
	}
}

// apps1Fuzz is what the fuzz targets check: no panic, and whatever decodes
// without error re-encodes byte for byte; Show, String and JSON work.
func apps1Fuzz(t *testing.T, data []byte, first packet.LayerType) *packet.Packet {
	p, err := packet.Dissect(data, first)
	_ = p.String()
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	out, berr := p.Build()
	if berr != nil || !bytes.Equal(out, data) {
		t.Fatalf("round trip of %v (decode error %v): %v\n got %x\nwant %x", p, err, berr, out, data)
	}
	return p
}

// apps1Seeds adds the corpus frames of proto (and their payloads from the
// layer first on) as seeds.
func apps1Seeds(f *testing.F, proto string, first packet.LayerType) {
	for _, fr := range loadApps1Frames(f) {
		if fr.proto != proto {
			continue
		}
		f.Add(fr.frame)
		start, _ := packet.FirstLayer(fr.linkType, fr.frame)
		p, _ := packet.Dissect(fr.frame, start)
		off := 0
		for _, l := range p.Layers() {
			if l.Proto().Type() == first {
				f.Add(fr.frame[off:])
				break
			}
			off += l.HeaderLen()
		}
	}
}

func TestNTPTimestamps(t *testing.T) {
	for _, tc := range []time.Time{
		time.Date(2024, 1, 1, 0, 0, 0, 250000000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2040, 2, 29, 12, 0, 0, 1, time.UTC),
		time.Date(2083, 3, 20, 8, 53, 13, 379120271, time.UTC),
	} {
		ts := NTPTime(tc)
		if got := ts.Time(); got.Sub(tc).Abs() > time.Nanosecond {
			t.Errorf("%v: %#x reads back as %v", tc, uint64(ts), got)
		}
	}
	if !NTPTimestamp(0).Time().IsZero() || NTPTime(time.Time{}) != 0 {
		t.Error("zero timestamp is not the zero time")
	}
	if s := NTPShortFrom(1500 * time.Millisecond); s != 0x18000 || s.Duration() != 1500*time.Millisecond || s.String() != "1.5" {
		t.Errorf("short %#x %v %s", uint32(s), s.Duration(), s)
	}
}

package layers_test

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	_ "github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// conformanceCorpus is the shared capture corpus, relative to layers/.
const conformanceCorpus = "../../shared/corpus"

type conformanceProto struct {
	tshark string
	ours   []string
}

// conformanceProtos maps tshark protocol names (as frame.protocols lists
// them) to the names of our layers that dissect the same protocol: a
// trailing "*" matches a name prefix.
var conformanceProtos = []conformanceProto{
	{"eth", []string{"Ethernet"}},
	{"fr", []string{"FrameRelay"}},
	{"ppp", []string{"PPP"}},
	{"pppoes", []string{"PPPoE"}},
	{"vlan", []string{"Dot1Q"}},
	{"ieee8021ad", []string{"Dot1AD"}},
	{"mpls", []string{"MPLS"}},
	{"gre", []string{"GRE"}},
	{"vxlan", []string{"VXLAN"}},
	{"geneve", []string{"GENEVE"}},
	{"erspan", []string{"ERSPAN*"}},
	{"sll", []string{"CookedLinux*"}},
	{"null", []string{"Loopback"}},
	{"llc", []string{"LLC"}},
	{"arp", []string{"ARP"}},
	{"ip", []string{"IP"}},
	{"ipv6", []string{"IPv6"}},
	{"ipv6.hopopts", []string{"IPv6ExtHdrHopByHop"}},
	{"ipv6.routing", []string{"IPv6ExtHdrRouting", "IPv6ExtHdrSegmentRouting"}},
	{"ipv6.fraghdr", []string{"IPv6ExtHdrFragment"}},
	{"ipv6.dstopts", []string{"IPv6ExtHdrDestOpt"}},
	{"ah", []string{"AH"}},
	{"esp", []string{"ESP"}},
	{"icmp", []string{"ICMP"}},
	{"icmpv6", []string{"ICMPv6*"}},
	{"igmp", []string{"IGMP*"}},
	{"tcp", []string{"TCP"}},
	{"udp", []string{"UDP"}},
	{"sctp", []string{"SCTP*"}},
	{"ospf", []string{"OSPF*"}},
	{"bgp", []string{"BGP*"}},
	{"lldp", []string{"LLDPDU"}},
	{"cdp", []string{"CDPv2_HDR"}},
	{"dns", []string{"DNS"}},
	{"mdns", []string{"DNS"}},
	{"dhcp", []string{"BOOTP"}},
	{"dhcpv6", []string{"DHCPv6*"}},
	{"ntp", []string{"NTP*"}},
	{"snmp", []string{"SNMP"}},
	{"radius", []string{"RADIUS"}},
	{"ldap", []string{"LDAP"}},
	{"kerberos", []string{"Kerberos"}},
	{"tls", []string{"TLS"}},
	{"http", []string{"HTTP*"}},
	{"quic", []string{"QUIC"}},
	{"sip", []string{"SIP"}},
	{"rtp", []string{"RTP"}},
	{"rtcp", []string{"RTCP"}},
	{"eapol", []string{"EAPOL*"}},
	{"radiotap", []string{"RadioTap"}},
	{"wlan", []string{"Dot11*"}},
	{"wpan", []string{"Dot15d4*"}},
	{"zbee_nwk", []string{"ZigbeeNWK"}},
	{"bthci_cmd", []string{"HCI_*"}},
	{"bthci_evt", []string{"HCI_*"}},
	{"bthci_acl", []string{"HCI_*"}},
	{"btl2cap", []string{"L2CAP_*"}},
	{"btatt", []string{"ATT_*"}},
	{"cflow", []string{"Netflow*"}},
}

// conformanceAllow lists the mismatches that are not bugs: tshark
// dissects them by a guess or with a link type goscapy does not read. An
// entry matches a capture path (path.Match pattern, relative to the
// corpus), a tshark protocol ("" for any) and a frame ("" for any).
var conformanceAllow = []struct {
	file, proto, frame, why string
}{
	// Link types goscapy does not read (Scapy reads none of them either).
	{"tcpdump/arcnet-rfc1051-arp-icmp-http.pcap", "", "", "ARCNET (Linux) link type"},
	{"tcpdump/ipoib.pcap", "", "", "IP over InfiniBand link type"},
	{"tcpdump/e1000g.pcap", "", "", "Solaris ipnet link type"},
	{"pcapplusplus/nflogPacket.pcap", "", "", "Linux NFLOG link type (TLVs of netfilter metadata)"},
	{"tcpdump/LINKTYPE_*PKTAP.pcap", "", "", "Apple PKTAP link type"},
	{"tcpdump/isis_poi.pcap", "", "", "Juniper link type with a cookie"},
	// Protocols goscapy has no layer for, with ours inside.
	{"pcapplusplus/gtp-u.pcap", "", "", "GTP-U tunnel (Scapy contrib)"},
	{"pcapplusplus/ipv6.pcapng", "", "", "LISP data plane (Scapy contrib)"},
	{"tcpdump/nsh.pcap", "", "", "Network Service Header (Scapy contrib)"},
	{"tcpdump/various_gre.pcap", "icmp", "", "GRE carrying Cisco MetaData (EtherType 0x8909)"},
	{"tcpdump/icmp6-rfc8335.pcap", "icmp", "", "ICMPv6 extended echo (RFC 8335): tshark's icmp is the extension objects"},
	{"tcpdump/radiotap-heapoverflow.pcap", "", "", "crafted radiotap header of version 48, which tshark marks invalid"},
	// Guesses Scapy does not make either.
	{"generated/daemons/sip-rtp.pcap", "rtp", "", "RTP ports learnt from SIP's SDP; Scapy binds no RTP port"},
	{"generated/daemons/sip-rtp.pcap", "rtcp", "", "RTCP ports learnt from SIP's SDP; Scapy binds no RTCP port"},
	{"tcpdump/afs.pcap", "kerberos", "", "krb524 on UDP port 4444; Scapy binds Kerberos to ports 88 and 464 only"},
	{"gopacket/test301.pcapng", "http", "16", "HTTP inside TLS, which tshark decrypts with the capture's secrets"},
	{"pcapplusplus/ip6_fragments.pcap", "mdns", "", "first fragment of a larger mDNS message: left Raw until reassembled"},
}

// conformanceMismatch is one packet tshark dissects as a protocol that
// our dissection lacks or fails in.
type conformanceMismatch struct {
	file, proto string
	frame       int
	detail      string
}

type conformanceCount struct {
	tshark, ours, allowed int
	bad                   []conformanceMismatch
}

// tsharkFrame is what tshark says of one frame.
type tsharkFrame struct {
	n      int // tshark's frame number
	protos []string
	bad    bool // malformed or an expert info of error severity
	short  bool // cut at the snapshot length
}

// tsharkSeverityError is _ws.expert.severity for PI_ERROR.
const tsharkSeverityError = "8388608"

// tsharkFrames returns tshark's view of the packets of a capture, in
// order. Without reassembly tshark names a TCP segment on the HTTP or TLS
// port http or tls even when it continues a message; those are dropped
// here: only segments where tshark finds a request, a response or a TLS
// record keep the protocol.
func tsharkFrames(file string) ([]tsharkFrame, error) {
	cmd := exec.Command("tshark", "-n", "-r", file,
		"-o", "tcp.desegment_tcp_streams:FALSE", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
		"-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "tcp.calculate_timestamps:FALSE",
		"-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "quote=n",
		"-e", "frame.number", "-e", "frame.encap_type", "-e", "frame.protocols", "-e", "_ws.expert.severity",
		"-e", "_ws.malformed", "-e", "_ws.short", "-e", "frame.cap_len", "-e", "frame.len",
		"-e", "http.request", "-e", "http.response", "-e", "tls.record.content_type")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("tshark %s: %v: %s", file, err, strings.TrimSpace(stderr.String()))
	}
	var frames []tsharkFrame
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 11 || p[1] == "" {
			continue // not a packet: a pcapng block tshark shows as a frame
		}
		f := tsharkFrame{protos: strings.Split(p[2], ":")}
		f.n, _ = strconv.Atoi(p[0])
		f.bad = p[4] != "" || slices.Contains(strings.Split(p[3], ","), tsharkSeverityError)
		capLen, _ := strconv.Atoi(p[6])
		wire, _ := strconv.Atoi(p[7])
		f.short = p[5] != "" || capLen < wire
		if p[8] == "" && p[9] == "" {
			f.protos = slices.DeleteFunc(f.protos, func(s string) bool { return s == "http" })
		}
		if p[10] == "" {
			f.protos = slices.DeleteFunc(f.protos, func(s string) bool { return s == "tls" })
		}
		frames = append(frames, f)
	}
	return frames, nil
}

// conformanceLast says whether proto is the innermost protocol of the
// table tshark found in the frame.
func conformanceLast(protos []string, proto string) bool {
	for _, p := range slices.Backward(protos) {
		if slices.ContainsFunc(conformanceProtos, func(m conformanceProto) bool { return m.tshark == p }) {
			return p == proto
		}
	}
	return false
}

// conformanceHas says whether a layer name matches one of the names.
func conformanceHas(names []string, name string) bool {
	for _, n := range names {
		if n == name || strings.HasSuffix(n, "*") && strings.HasPrefix(name, n[:len(n)-1]) {
			return true
		}
	}
	return false
}

func conformanceAllowed(file, proto string, frame int) bool {
	for _, a := range conformanceAllow {
		if ok, _ := path.Match(a.file, file); !ok {
			continue
		}
		if (a.proto == "" || a.proto == proto) && (a.frame == "" || a.frame == strconv.Itoa(frame)) {
			return true
		}
	}
	return false
}

// conformanceFile compares tshark's and our dissection of one capture.
func conformanceFile(rel string, counts map[string]*conformanceCount) error {
	file := filepath.Join(conformanceCorpus, rel)
	tf, err := tsharkFrames(file)
	if err != nil {
		return err
	}
	r, err := pcap.Open(file)
	if err != nil {
		return nil // a capture meant to be rejected: the pcap tests check it
	}
	defer r.Close()
	dec := packet.NewDecoder(0)
	for i := 0; ; i++ {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			if !errors.Is(err, io.EOF) && len(tf) > i {
				return fmt.Errorf("%s: packet %d: %v (tshark reads %d packets)", rel, i+1, err, len(tf))
			}
			return nil
		}
		if i >= len(tf) {
			return fmt.Errorf("%s: tshark reads %d packets, we read more", rel, len(tf))
		}
		f := tf[i]
		if f.bad {
			continue
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, derr := dec.DecodeAs(data, first)
		ls := p.Layers()
		good := ls
		if e := p.ErrLayer(); derr != nil && e >= 0 {
			good = ls[:e]
		}
		for _, m := range conformanceProtos {
			if !slices.Contains(f.protos, m.tshark) {
				continue
			}
			c := counts[m.tshark]
			c.tshark++
			has := func(l packet.Layer) bool { return conformanceHas(m.ours, l.Proto().Name) }
			if slices.ContainsFunc(good, has) || f.short && slices.ContainsFunc(ls, has) {
				// In a packet cut at the snapshot length the protocol's
				// header must be there; its body may be cut.
				c.ours++
				continue
			}
			if f.short && conformanceLast(f.protos, m.tshark) || conformanceAllowed(rel, m.tshark, f.n) {
				// The snapshot length cut the header of the innermost
				// protocol: tshark shows what is there, we keep Raw.
				c.allowed++
				continue
			}
			names := make([]string, len(ls))
			for i, l := range ls {
				names[i] = l.Proto().Name
			}
			d := strings.Join(names, "/")
			if derr != nil {
				d += " (" + derr.Error() + ")"
			}
			c.bad = append(c.bad, conformanceMismatch{rel, m.tshark, f.n, "tshark " + strings.Join(f.protos, ":") + " ours " + d})
		}
	}
}

// TestConformanceTshark dissects every packet of the shared corpus with
// tshark and with our decoder and checks, for each protocol of the table,
// that every packet tshark dissects without error as that protocol is
// dissected as it by goscapy too, without an error in it or below it. A
// packet cut at the snapshot length only needs the protocol's layer (its
// body may be cut), or nothing when the protocol is the innermost one
// (its header may be cut). conformanceAllow lists the other exceptions.
func TestConformanceTshark(t *testing.T) {
	if testing.Short() {
		t.Skip("dissects the whole corpus with tshark")
	}
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed (apt-get install tshark)")
	}
	index, err := os.ReadFile(filepath.Join(conformanceCorpus, "INDEX.tsv"))
	if err != nil {
		t.Skipf("corpus not found at %s: %v", conformanceCorpus, err)
	}
	var files []string
	for i, line := range strings.Split(string(index), "\n") {
		if i == 0 || line == "" {
			continue
		}
		files = append(files, strings.SplitN(line, "\t", 2)[0])
	}
	size := func(f string) int64 {
		st, err := os.Stat(filepath.Join(conformanceCorpus, f))
		if err != nil {
			return 0
		}
		return st.Size()
	}
	// Largest first, so that no big capture is left for the end.
	slices.SortStableFunc(files, func(a, b string) int { return cmp.Compare(size(b), size(a)) })
	var (
		mu     sync.Mutex
		total  = map[string]*conformanceCount{}
		work   = make(chan string)
		wg     sync.WaitGroup
		errs   []string
		protos []string
	)
	for _, m := range conformanceProtos {
		if total[m.tshark] == nil {
			total[m.tshark] = &conformanceCount{}
			protos = append(protos, m.tshark)
		}
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rel := range work {
				counts := map[string]*conformanceCount{}
				for _, p := range protos {
					counts[p] = &conformanceCount{}
				}
				err := conformanceFile(rel, counts)
				mu.Lock()
				if err != nil {
					errs = append(errs, err.Error())
				}
				for p, c := range counts {
					tc := total[p]
					tc.tshark += c.tshark
					tc.ours += c.ours
					tc.allowed += c.allowed
					tc.bad = append(tc.bad, c.bad...)
				}
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
	for _, e := range errs {
		t.Log(e)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %8s %8s %8s %8s  %s\n", "protocol", "tshark", "ours", "allowed", "mismatch", "examples")
	nbad := 0
	for _, p := range protos {
		c := total[p]
		if c.tshark == 0 {
			continue
		}
		slices.SortFunc(c.bad, func(a, b conformanceMismatch) int {
			return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.frame, b.frame))
		})
		var ex []string
		for i, m := range c.bad {
			if i == 3 {
				break
			}
			ex = append(ex, fmt.Sprintf("%s:%d", m.file, m.frame))
		}
		fmt.Fprintf(&b, "%-14s %8d %8d %8d %8d  %s\n", p, c.tshark, c.ours, c.allowed, len(c.bad), strings.Join(ex, " "))
		nbad += len(c.bad)
	}
	t.Logf("per-protocol dissection, tshark vs goscapy (%d captures):\n%s", len(files), b.String())
	for _, p := range protos {
		for i, m := range total[p].bad {
			if i == 5 {
				t.Errorf("%s: %d more mismatches", p, len(total[p].bad)-5)
				break
			}
			t.Errorf("%s %s:%d: %s", p, m.file, m.frame, m.detail)
		}
	}
}

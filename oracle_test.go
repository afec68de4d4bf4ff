package goscapy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// Captures whose packets are compared field by field with Scapy's
// dissection (../shared/tools/scapy-dump.py with Debian's python3-scapy).
var oracleFiles = []string{
	"generated/lab-verify.pcap",
	"pcapplusplus/ipv4-options.pcap",
	"pcapplusplus/TcpPacketWithOptions.pcap",
	"pcapplusplus/TcpPacketWithOptions2.pcap",
	"pcapplusplus/TcpPacketWithOptions3.pcap",
	"pcapplusplus/DnsPackets.pcap",
	"pcapplusplus/ICMPv6_echos.cap",
	"generated/kernel/pmtu-v4.pcap",
	"generated/kernel/pmtu-v6.pcap",
	"generated/kernel/dns-dhcp.pcap",
	"generated/kernel/tcp-rst.pcap",
	"generated/kernel/http.pcap",
	"generated/kernel/tunnels-ip6ip6-ip4ip6.pcap",
	"pcapplusplus/Sll2Packet.pcap",
	"tcpdump/tcp-handshake-nano.pcap",
	"tcpdump/tcp_rst_diag_payload.pcap",
	"generated/kernel/ndp-icmp.pcap",
	"generated/kernel/ipv6-ext.pcap",
	"generated/kernel/frag-v6.pcap",
	"generated/kernel/tunnels-srv6.pcap",
	"generated/daemons/dhcpv6-ra.pcap",
}

// scapyNames maps Scapy layer names to ours where they differ.
var scapyNames = map[string]string{"Ethernet": "Ethernet", "IP": "IP", "IPv6": "IPv6", "DNS": "DNS"}

type scapyPacket struct {
	N      int      `json:"n"`
	Stack  []string `json:"stack"`
	Layers []struct {
		Layer  string         `json:"layer"`
		Fields map[string]any `json:"fields"`
	} `json:"layers"`
}

var flagRepr = regexp.MustCompile(`^<Flag (\d+) `)

// scapyScalar turns a Scapy value into a comparable string, or false for
// values we do not compare (lists, packets, reprs).
func scapyScalar(v any) (string, bool) {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case string:
		if m := flagRepr.FindStringSubmatch(x); m != nil {
			return m[1], true
		}
		if strings.HasPrefix(x, "<") {
			return "", false
		}
		return x, true
	}
	return "", false
}

func ourScalar(v any) (string, bool) {
	switch x := v.(type) {
	case uint64:
		return strconv.FormatUint(x, 10), true
	case string:
		return x, true
	case nil:
		return "", false
	}
	return "", false
}

// TestScapyOracle dissects corpus captures and requires that every layer
// Scapy names the same way has the same field values, in the same order of
// layers. Where Scapy dissects deeper (a protocol we do not have yet), our
// stack ends in Raw there.
func TestScapyOracle(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "INDEX.tsv")); err != nil {
		t.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import scapy").Run(); err != nil {
		t.Skip("Debian python3-scapy is not installed (apt-get install python3-scapy)")
	}
	tool, _ := filepath.Abs(filepath.Join(corpusDir, "../tools/scapy-dump.py"))
	for _, name := range oracleFiles {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(corpusDir, name)
			out, err := exec.Command("/usr/bin/python3", tool, path, "200").Output()
			if err != nil {
				t.Fatalf("scapy-dump: %v", err)
			}
			var want []scapyPacket
			sc := bufio.NewScanner(strings.NewReader(string(out)))
			sc.Buffer(nil, 16<<20)
			for sc.Scan() {
				var sp scapyPacket
				if err := json.Unmarshal(sc.Bytes(), &sp); err != nil {
					t.Fatal(err)
				}
				want = append(want, sp)
			}
			r, err := pcap.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			compared := 0
			for i := 0; i < len(want); i++ {
				data, ci, err := r.ReadPacketData()
				if err != nil {
					t.Fatal(err)
				}
				first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
				p, _ := packet.Dissect(data, first)
				compared += compareWithScapy(t, fmt.Sprintf("#%d", i+1), p, want[i])
			}
			if compared == 0 {
				t.Fatal("no field compared")
			}
		})
	}
}

func compareWithScapy(t *testing.T, where string, p *packet.Packet, sp scapyPacket) int {
	compared := 0
	ours := p.Layers()
	for i, sl := range sp.Layers {
		if i >= len(ours) {
			t.Errorf("%s: scapy has more layers %v than we %v", where, sp.Stack, p)
			return compared
		}
		l := ours[i]
		name := sl.Layer
		if n, ok := strings.CutSuffix(name, " in ICMP"); ok {
			name = n
		} else if n, ok := strings.CutSuffix(name, " in ICMPv6"); ok {
			name = n
		}
		if strings.HasPrefix(name, "ICMPv6") && l.Proto().Name == "ICMPv6" {
			name = "ICMPv6"
		}
		if name == "Raw" && l.Proto().Name != "Raw" {
			return compared // we dissect a protocol Scapy leaves Raw (a contrib layer)
		}
		if pr := packet.Lookup(name); pr == nil || pr != l.Proto() {
			if l.Proto().Name == "Raw" || (l.Proto().Name == "Padding" && pr == nil) {
				return compared // Scapy knows a protocol we do not (yet)
			}
			t.Errorf("%s: layer %d is %s for scapy (%v), %s for us (%v)", where, i, sl.Layer, sp.Stack, l.Proto().Name, p)
			return compared
		}
		for _, f := range l.Proto().Fields {
			sv, ok := sl.Fields[f.Name]
			if !ok || !f.Present(l) {
				continue
			}
			ws, ok1 := scapyScalar(sv)
			gs, ok2 := ourScalar(f.JSON(l))
			if !ok1 || !ok2 {
				continue
			}
			if f.Kind == 5 { // bytes: Scapy gives hex too
				ws = strings.ToLower(ws)
			}
			compared++
			if ws != gs {
				t.Errorf("%s: %s.%s = %s, scapy %s (%v)", where, sl.Layer, f.Name, gs, ws, p)
			}
		}
	}
	return compared
}

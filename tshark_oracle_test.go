package goscapy

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// tsharkField says how one column of ../shared/tools/tshark-fields.sh is
// computed from our layers: the protocol, the field, and the text form.
type tsharkField struct {
	proto, field string
	format       func(u uint64) string
	outerOnly    bool // tshark leaves it out inside ICMP quotes
}

func dec(u uint64) string   { return fmt.Sprint(u) }
func hex2(u uint64) string  { return fmt.Sprintf("0x%02x", u) }
func hex4(u uint64) string  { return fmt.Sprintf("0x%04x", u) }
func hex8(u uint64) string  { return fmt.Sprintf("0x%08x", u) }
func words(u uint64) string { return fmt.Sprint(u * 4) }

var tsharkFields = map[string]tsharkField{
	"eth.dst": {"Ethernet", "dst", nil, false}, "eth.src": {"Ethernet", "src", nil, false}, "eth.type": {"Ethernet", "type", hex4, false},
	"arp.opcode": {"ARP", "op", dec, false}, "arp.src.proto_ipv4": {"ARP", "psrc", nil, false}, "arp.dst.proto_ipv4": {"ARP", "pdst", nil, false},
	"ip.version": {"IP|IPv6", "version", dec, false}, "ip.hdr_len": {"IP", "ihl", words, false}, "ip.dsfield": {"IP", "tos", hex2, false},
	"ip.len": {"IP", "len", dec, false}, "ip.id": {"IP", "id", hex4, false}, "ip.flags": {"IP", "flags", hex2, false},
	"ip.frag_offset": {"IP", "frag", dec, false}, "ip.ttl": {"IP", "ttl", dec, false}, "ip.proto": {"IP", "proto", dec, false},
	"ip.checksum": {"IP", "chksum", hex4, false}, "ip.src": {"IP", "src", nil, false}, "ip.dst": {"IP", "dst", nil, false},
	"ipv6.tclass": {"IPv6", "tc", hex8, false}, "ipv6.flow": {"IPv6", "fl", func(u uint64) string { return fmt.Sprintf("0x%06x", u) }, false},
	"ipv6.plen": {"IPv6", "plen", dec, false}, "ipv6.nxt": {"IPv6", "nh", dec, false}, "ipv6.hlim": {"IPv6", "hlim", dec, false},
	"ipv6.src": {"IPv6", "src", nil, false}, "ipv6.dst": {"IPv6", "dst", nil, false},
	"icmp.type": {"ICMP", "type", dec, false}, "icmp.code": {"ICMP", "code", dec, false},
	"icmpv6.type": {"ICMPv6", "type", dec, false}, "icmpv6.code": {"ICMPv6", "code", dec, false},
	"tcp.srcport": {"TCP", "sport", dec, false}, "tcp.dstport": {"TCP", "dport", dec, false}, "tcp.seq_raw": {"TCP", "seq", dec, true},
	"tcp.ack_raw": {"TCP", "ack", dec, true}, "tcp.hdr_len": {"TCP", "dataofs", words, false},
	"tcp.window_size_value": {"TCP", "window", dec, false}, "tcp.checksum": {"TCP", "chksum", hex4, false},
	"tcp.urgent_pointer": {"TCP", "urgptr", dec, false},
	"udp.srcport":        {"UDP", "sport", dec, false}, "udp.dstport": {"UDP", "dport", dec, false}, "udp.length": {"UDP", "len", dec, false},
	"udp.checksum": {"UDP", "chksum", hex4, false},
	"dns.id":       {"DNS", "id", hex4, false},
}

// TestTsharkOracle compares our dissection of corpus captures with
// tshark's, column by column (all occurrences: tunnels and ICMP quotes
// give several values), for the protocols of the core.
func TestTsharkOracle(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "INDEX.tsv")); err != nil {
		t.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed (apt-get install tshark)")
	}
	tool, _ := filepath.Abs(filepath.Join(corpusDir, "../tools/tshark-fields.sh"))
	for _, name := range oracleFiles {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(corpusDir, name)
			out, err := exec.Command("sh", tool, path, "-c", "400").Output()
			if err != nil {
				t.Fatalf("tshark: %v", err)
			}
			sc := bufio.NewScanner(strings.NewReader(string(out)))
			sc.Buffer(nil, 16<<20)
			sc.Scan()
			header := strings.Split(sc.Text(), "\t")
			r, err := pcap.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			compared := 0
			for n := 1; sc.Scan(); n++ {
				row := strings.Split(sc.Text(), "\t")
				data, ci, err := r.ReadPacketData()
				if err != nil {
					t.Fatal(err)
				}
				first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
				p, _ := packet.Dissect(data, first)
				protos := row[4]
				for i, col := range header {
					tf, ok := tsharkFields[col]
					if !ok || i >= len(row) {
						continue
					}
					got, complete := ourColumn(p, tf)
					want := row[i]
					// Compare only where we decode the protocol wherever
					// tshark does (it knows protocols we do not have yet).
					if !complete || (want == "" && got == "") {
						continue
					}
					if tf.proto == "DNS" && !strings.Contains(protos, "dns") {
						continue
					}
					if col == "ip.dst" && hasSourceRoute(p) {
						continue // tshark shows the route's final hop there
					}
					compared++
					if got != want {
						t.Errorf("#%d %s: ours %q, tshark %q (%v; %s)", n, col, got, want, p, protos)
					}
				}
			}
			if compared == 0 {
				t.Fatal("nothing compared")
			}
		})
	}
}

// ourColumn joins the field's values over every layer of the protocol, as
// tshark's occurrence=a does. complete is false when the packet has a Raw
// layer that tshark may have dissected further.
func ourColumn(p *packet.Packet, tf tsharkField) (string, bool) {
	var vals []string
	for i, l := range p.Layers() {
		if !strings.Contains("|"+tf.proto+"|", "|"+l.Proto().Name+"|") {
			continue
		}
		if tf.outerOnly && p.Quoted() > 0 && i >= p.Quoted() {
			continue
		}
		f := l.Proto().Field(tf.field)
		if f == nil || !f.Present(l) {
			continue
		}
		if tf.format != nil {
			u, _ := f.Uint(l)
			vals = append(vals, tf.format(u))
		} else {
			vals = append(vals, fmt.Sprint(f.JSON(l)))
		}
	}
	complete := true
	for _, l := range p.Layers() {
		if l.Proto().Name == "Raw" {
			complete = len(vals) > 0
		}
	}
	return strings.Join(vals, ","), complete
}

func hasSourceRoute(p *packet.Packet) bool {
	for _, l := range p.Layers() {
		if ip, ok := l.(*layers.IPv4); ok {
			for _, o := range ip.Options {
				if o.Type == layers.IPOptLSRR || o.Type == layers.IPOptSSRR {
					return true
				}
			}
		}
	}
	return false
}

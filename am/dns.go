package am

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// DNSConfig configures the DNS responder (Scapy's DNS_am).
type DNSConfig struct {
	// Iface is the interface to answer on (required).
	Iface string
	// Records maps names ("b.lab.test", case and final dot ignored) to
	// their addresses: IPv4 ones answer A questions, IPv6 ones AAAA.
	// A name that is not in the map gets NXDOMAIN; a name without an
	// address of the asked type an empty NOERROR answer.
	Records map[string][]netip.Addr
	// TTL of the answers; 0 is 60 seconds.
	TTL uint32
	// Addrs limits the answers to queries sent to these server addresses;
	// empty answers queries to any address.
	Addrs []netip.Addr
	// Port is the UDP port served; 0 is 53.
	Port uint16
	// Filter narrows what is read (tcpdump syntax, ANDed with the
	// machine's "udp dst port 53").
	Filter string
	// OnAnswer, when set, is called after each reply is sent.
	OnAnswer func(Answer)
}

func dnsKey(name string) string { return strings.TrimSuffix(strings.ToLower(name), ".") }

// NewDNS returns a DNS responder. It answers standard queries over UDP
// (IPv4 and IPv6) for the names of Records, class IN, types A and AAAA;
// other types get an empty answer for a known name. The reply is
// authoritative, from the address and port the query was sent to.
func NewDNS(cfg DNSConfig) (*Machine, error) {
	recs := make(map[string][]netip.Addr, len(cfg.Records))
	for name, addrs := range cfg.Records {
		k := dnsKey(name)
		if k == "" {
			return nil, fmt.Errorf("%w: dns: empty name", ErrConfig)
		}
		if _, err := layers.ParseDNSName(k); err != nil {
			return nil, fmt.Errorf("%w: dns: name %q: %v", ErrConfig, name, err)
		}
		for _, a := range addrs {
			if !a.IsValid() {
				return nil, fmt.Errorf("%w: dns: invalid address for %s", ErrConfig, name)
			}
			recs[k] = append(recs[k], a.Unmap())
		}
		if _, ok := recs[k]; !ok {
			recs[k] = nil
		}
	}
	ttl := cfg.TTL
	if ttl == 0 {
		ttl = 60
	}
	port := cfg.Port
	if port == 0 {
		port = 53
	}
	servers := slices.Clone(cfg.Addrs)
	h := func(req *packet.Packet, mac fields.MAC) (bool, *packet.Packet, string) {
		u, ok := packet.LayerOf[*layers.UDP](req)
		if !ok || u.DstPort != port {
			return false, nil, ""
		}
		d, ok := packet.LayerOf[*layers.DNS](req)
		if !ok || d.QR != 0 {
			return false, nil, ""
		}
		var src, dst netip.Addr
		var ipl packet.Layer
		if ip, ok := packet.LayerOf[*layers.IPv4](req); ok {
			src, dst = ip.Src, ip.Dst
			r := layers.NewIPv4()
			r.Src, r.Dst = ip.Dst, ip.Src
			ipl = r
		} else if ip, ok := packet.LayerOf[*layers.IPv6](req); ok {
			src, dst = ip.Src, ip.Dst
			r := layers.NewIPv6()
			r.Src, r.Dst = ip.Dst, ip.Src
			ipl = r
		} else {
			return false, nil, ""
		}
		if len(servers) > 0 && !slices.Contains(servers, dst.Unmap()) || d.Opcode != 0 || len(d.Questions) != 1 {
			return true, nil, ""
		}
		q := d.Questions[0]
		qname := q.Name.String()
		key := dnsKey(qname)
		reply := &layers.DNS{ID: d.ID, QR: 1, AA: 1, RD: d.RD,
			Questions: []layers.DNSQuestion{layers.NewDNSQuestion(qname, q.Type)}}
		reply.Questions[0].Class = q.Class
		addrs, known := recs[key]
		var got []string
		switch {
		case !known:
			reply.Rcode = layers.DNSRcodeNXDomain
			got = append(got, "NXDOMAIN")
		case q.Class == layers.DNSClassIN && (q.Type == layers.DNSTypeA || q.Type == layers.DNSTypeAAAA):
			for _, a := range addrs {
				switch {
				case q.Type == layers.DNSTypeA && a.Is4():
					reply.Answers = append(reply.Answers, layers.DNSRRA(qname, ttl, a))
				case q.Type == layers.DNSTypeAAAA && a.Is6():
					reply.Answers = append(reply.Answers, layers.DNSRRAAAA(qname, ttl, a))
				default:
					continue
				}
				got = append(got, a.String())
			}
		}
		if len(got) == 0 {
			got = append(got, "no data")
		}
		ru := layers.NewUDP()
		ru.SrcPort, ru.DstPort = u.DstPort, u.SrcPort
		text := fmt.Sprintf("dns %s %s from %s: %s", qname, dnsType(q.Type), src, strings.Join(got, " "))
		return true, packet.New(ethReply(req, mac), ipl, ru, reply), text
	}
	return newMachine("dns", cfg.Iface, fmt.Sprintf("udp dst port %d", port), cfg.Filter, cfg.OnAnswer, h)
}

func dnsType(t uint16) string {
	switch t {
	case layers.DNSTypeA:
		return "A"
	case layers.DNSTypeAAAA:
		return "AAAA"
	}
	return fmt.Sprintf("TYPE%d", t)
}

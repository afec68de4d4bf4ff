// Package arping finds the hosts of an IPv4 subnet on the local link with
// ARP requests, as arping and arp-scan do: it asks every address of a
// prefix who has it, a bounded number at a time, and returns the hosts
// that answered with their MAC addresses, sorted by address.
//
//	hosts, stats, err := arping.Scan(ctx, arping.Config{Iface: "eth0",
//		Prefix: netip.MustParsePrefix("192.168.1.0/24")})
//	for _, h := range hosts {
//		fmt.Println(h.IP, h.MAC)
//	}
//
// One packet socket on the interface sends every request and, through a
// kernel filter that passes only ARP replies, one goroutine reads every
// answer; each address being asked waits for its answer, and a semaphore
// bounds how many are asked at once (Config.Concurrency). An address is
// asked again (Config.Retries) when no answer came within the timeout.
//
// The result is exact: only the addresses asked that answered, each once,
// with the first MAC address that answered. A second MAC address
// answering for the same IP (an address conflict, or a proxy ARP) is
// reported too, as a Result with Duplicate set.
//
// Scanning needs root or CAP_NET_RAW; an unknown interface fails at once.
package arping

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/goscapy/goscapy/fields"
)

// MaxAddresses is the most addresses one scan asks (a /12).
const MaxAddresses = 1 << 20

// Errors; test with errors.Is.
var (
	// ErrUnsupported: ARP scanning needs packet sockets (Linux).
	ErrUnsupported = errors.New("arping: packet sockets are not supported on this system (linux only)")
	// ErrConfig reports a configuration that cannot be scanned.
	ErrConfig = errors.New("arping: bad configuration")
)

// Config says what to scan.
type Config struct {
	// Iface is the interface to scan on (required).
	Iface string
	// Prefix is the IPv4 subnet to scan; every address of it is asked
	// (but its network and broadcast addresses, below /31, and Source).
	Prefix netip.Prefix
	// Source is the sender address of the requests; unset, the
	// interface's IPv4 address in Prefix, else its first IPv4 address,
	// else 0.0.0.0 (an ARP probe, RFC 5227).
	Source netip.Addr
	// Concurrency bounds the addresses asked at once (default 64).
	Concurrency int
	// Retries is how many more requests go to an address that did not
	// answer (default 0: one request each).
	Retries int
	// Timeout is how long to wait for each answer (default 1s).
	Timeout time.Duration
}

// Result is a host that answered.
type Result struct {
	IP  netip.Addr `json:"ip"`
	MAC fields.MAC `json:"mac"`
	// RTT is the time from the (last) request to the answer.
	RTT time.Duration `json:"rtt"`
	// Duplicate marks a second MAC address answering for IP.
	Duplicate bool `json:"duplicate,omitempty"`
}

// String is one line, as arp-scan prints it: "198.18.1.3\t02:00:00:00:01:03".
func (r Result) String() string {
	s := r.IP.String() + "\t" + r.MAC.String()
	if r.Duplicate {
		s += "\t(DUP)"
	}
	return s
}

// Stats sums up a scan.
type Stats struct {
	Addresses  int // addresses asked
	Requests   int // requests sent (retries included)
	Hosts      int // addresses that answered
	Duplicates int // other MAC addresses answering for an address
	Replies    int // valid replies read (repeats included)
	Elapsed    time.Duration
}

// String is arp-scan's closing line: "256 hosts scanned in 1.234
// seconds; 2 responded".
func (s Stats) String() string {
	return strconv.Itoa(s.Addresses) + " hosts scanned in " + strconv.FormatFloat(s.Elapsed.Seconds(), 'f', 3, 64) +
		" seconds; " + strconv.Itoa(s.Hosts) + " responded"
}

// addresses returns the addresses of cfg.Prefix to ask.
func addresses(p netip.Prefix, skip netip.Addr) ([]netip.Addr, error) {
	if !p.IsValid() || !p.Addr().Unmap().Is4() {
		return nil, fmt.Errorf("%w: %v is not an IPv4 prefix", ErrConfig, p)
	}
	p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()).Masked()
	host := 32 - p.Bits()
	if host > 20 {
		return nil, fmt.Errorf("%w: %v has more than %d addresses", ErrConfig, p, MaxAddresses)
	}
	n := 1 << host
	out := make([]netip.Addr, 0, n)
	a := p.Addr()
	for i := 0; i < n; i++ {
		edge := (i == 0 || i == n-1) && host >= 2
		if !edge && a != skip {
			out = append(out, a)
		}
		a = a.Next()
	}
	return out, nil
}

// sortResults orders results by address, the first MAC address before
// duplicates.
func sortResults(rs []Result) {
	slices.SortStableFunc(rs, func(a, b Result) int {
		if c := a.IP.Compare(b.IP); c != 0 {
			return c
		}
		if a.Duplicate != b.Duplicate {
			if !a.Duplicate {
				return -1
			}
			return 1
		}
		return slices.Compare(a.MAC[:], b.MAC[:])
	})
}

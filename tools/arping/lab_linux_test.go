//go:build linux

package arping_test

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/tools/arping"
)

// TestLabArping scans the lab's LAN from A: exactly R and B answer, with
// the MAC addresses of their LAN interfaces.
func TestLabArping(t *testing.T) {
	lab := netns.NewLab(t)
	var hosts []arping.Result
	var st arping.Stats
	err := lab.Do(netns.A, func() error {
		var err error
		hosts, st, err = arping.Scan(context.Background(), arping.Config{Iface: lab.IfaceA, Prefix: lab.LAN4,
			Retries: 1, Timeout: 300 * time.Millisecond, Concurrency: 128})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []arping.Result{{IP: lab.R4, MAC: lab.MACR}, {IP: lab.B4, MAC: lab.MACB}}
	if len(hosts) != len(want) {
		t.Fatalf("found %v, want %v", hosts, want)
	}
	for i, h := range hosts {
		if h.IP != want[i].IP || h.MAC != want[i].MAC || h.Duplicate || h.RTT <= 0 || h.RTT > time.Second {
			t.Errorf("host %d: %+v, want %v", i, h, want[i])
		}
	}
	if st.Addresses != 253 || st.Hosts != 2 || st.Duplicates != 0 || st.Requests != 2+2*251 {
		t.Errorf("stats %+v", st)
	}
	t.Log(st)
}

// TestLabArpingErrors: an unknown interface fails at once.
func TestLabArpingErrors(t *testing.T) {
	lab := netns.NewPair(t)
	err := lab.Do(netns.A, func() error {
		_, _, err := arping.Scan(context.Background(), arping.Config{Iface: "nosuch0", Prefix: lab.LAN4})
		if err == nil || !strings.Contains(err.Error(), `no such interface "nosuch0"`) {
			t.Errorf("unknown interface: %v", err)
		}
		start := time.Now()
		_, _, err = arping.Scan(context.Background(), arping.Config{Iface: "nosuch0", Prefix: netip.MustParsePrefix("198.18.0.0/16")})
		if err == nil || time.Since(start) > 100*time.Millisecond {
			t.Errorf("unknown interface: %v after %v (want an error at once)", err, time.Since(start))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestArticleARPScanner runs the article's ARP scanner fragment in A
// over the lab's LAN, with a semaphore limiting the goroutines as the
// article describes: it finds exactly R and B.
func TestArticleARPScanner(t *testing.T) {
	lab := netns.NewLab(t)
	srcMAC, srcIP, iface := lab.MACA.String(), lab.A4.String(), lab.IfaceA
	timeout := 500 * time.Millisecond
	var mu sync.Mutex
	found := map[string]string{}
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	for a := lab.LAN4.Addr().Next(); lab.LAN4.Contains(a); a = a.Next() {
		targetIP := a.String()
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			// each goroutine enters A itself: sockets belong to the
			// namespace of the thread that opens them
			err := lab.Do(netns.A, func() error {
				// The fragment, as the article has it:
				pkt := goscapy.NewEthernet().
					DstMAC("ff:ff:ff:ff:ff:ff").
					SrcMAC(srcMAC).
					Type(layers.EtherTypeARP).
					Over(goscapy.NewARP().
						Op(layers.ARPWhoHas).
						SrcMAC(srcMAC).
						SrcIP(srcIP).
						DstIP(targetIP)).
					Packet()
				_, reply, err := sendrecv.Srp1(pkt, iface, timeout, nil)
				if err != nil {
					return nil // no answer
				}
				arpLayer := reply.GetLayer("ARP")
				hwSrc, _ := arpLayer.Get("hwsrc")
				mu.Lock()
				found[targetIP] = fmt.Sprint(hwSrc)
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	var got []string
	for ip, mac := range found {
		got = append(got, ip+" "+mac)
	}
	sort.Strings(got)
	want := []string{lab.R4.String() + " " + lab.MACR.String(), lab.B4.String() + " " + lab.MACB.String()}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("found %v, want %v", got, want)
	}
}

// TestLabArpingDuplicate: R takes B's address too (an address conflict);
// both answer, and the second MAC address is reported as a duplicate.
func TestLabArpingDuplicate(t *testing.T) {
	lab := netns.NewLab(t)
	if out, err := lab.Exec(netns.R, "ip", "addr", "add", lab.B4.String()+"/32", "dev", lab.IfaceR); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var hosts []arping.Result
	err := lab.Do(netns.A, func() error {
		var err error
		hosts, _, err = arping.Scan(context.Background(), arping.Config{Iface: lab.IfaceA,
			Prefix: netip.PrefixFrom(lab.B4, 32), Timeout: 300 * time.Millisecond})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 2 || hosts[0].IP != lab.B4 || hosts[1].IP != lab.B4 || hosts[0].Duplicate || !hosts[1].Duplicate {
		t.Fatalf("found %v, want B's address twice, the second a duplicate", hosts)
	}
	macs := map[string]bool{hosts[0].MAC.String(): true, hosts[1].MAC.String(): true}
	if !macs[lab.MACB.String()] || !macs[lab.MACR.String()] {
		t.Errorf("MAC addresses %v, want B's and R's", macs)
	}
}

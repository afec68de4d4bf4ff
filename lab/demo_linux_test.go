//go:build linux

package lab

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestDemo(t *testing.T) {
	needRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	before, _ := List()
	var log bytes.Buffer
	steps, err := Demo(ctx, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	var tab bytes.Buffer
	WriteTable(&tab, steps)
	t.Logf("\n%s", tab.String())
	want := []string{"ping", "arp scan", "syn scan", "traceroute", "dns query", "dhcp", "sniff", "answering machines"}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d", len(steps), len(want))
	}
	for i, s := range steps {
		if s.Name != want[i] || !s.OK {
			t.Errorf("step %d: %+v", i, s)
		}
	}
	if !strings.Contains(tab.String(), "198.18.1.100") || !strings.Contains(tab.String(), "8080 open") {
		t.Errorf("table lacks the DHCP lease or the open port:\n%s", tab.String())
	}
	// The demo's own lab must be gone (other tests running in parallel
	// may have labs of their own up meanwhile).
	var id string
	for _, line := range strings.Split(log.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "lab "); ok && strings.Contains(rest, " is up ") {
			id, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if id == "" {
		t.Fatalf("the demo did not say which lab it built:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "lab "+id+" is down") {
		t.Errorf("the demo did not take lab %s down:\n%s", id, log.String())
	}
	after, _ := List()
	for _, x := range after {
		if x == id {
			t.Fatalf("labs before %v, after %v: the demo left %s", before, after, id)
		}
	}
}

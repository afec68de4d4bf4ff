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
	// A lab the demo left stays; one another test (the command's lab
	// up/down test, run in parallel) made goes away within seconds.
	known := map[string]bool{}
	for _, id := range before {
		known[id] = true
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		after, _ := List()
		var extra []string
		for _, id := range after {
			if !known[id] {
				extra = append(extra, id)
			}
		}
		if len(extra) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("labs before %v, after %v: the demo left %v", before, after, extra)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/lab"
)

func TestLabUsage(t *testing.T) {
	runCmd(t, "", "lab").want(t, exitUsage)
	runCmd(t, "", "lab", "sideways").want(t, exitUsage)
	runCmd(t, "", "lab", "status", "extra").want(t, exitUsage)
	runCmd(t, "", "lab", "demo", "--name", "x").want(t, exitUsage)
	r := runCmd(t, "", "lab", "-h")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "usage: goscapy lab") {
		t.Errorf("lab -h: %q", r.stdout)
	}
}

// TestLabDemoFallback: without the privilege the demo says what it needs
// and reads the bundled capture.
func TestLabDemoFallback(t *testing.T) {
	saved := labCheck
	labCheck = func() error { return fmt.Errorf("lab: %w", lab.ErrPermission) }
	defer func() { labCheck = saved }()
	r := runCmd(t, "", "lab", "demo")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "needs root or CAP_NET_ADMIN and CAP_NET_RAW") {
		t.Errorf("no explanation:\n%s", r.stdout)
	}
	// The stats of the bundled capture, as read prints them: 93 packets
	// (tshark counts 93 frames in it), DNS and DHCP among the protocols.
	want := runCmd(t, "", "read", "--stats", "../../lab/testdata/sample.pcap")
	want.want(t, exitOK)
	if !strings.Contains(r.stdout, strings.TrimSpace(strings.SplitN(want.stdout, "\n", 3)[1])) || !strings.Contains(r.stdout, "93") {
		t.Errorf("fallback output:\n%s\nwant the stats:\n%s", r.stdout, want.stdout)
	}
}

// TestLabDemoFallbackUnprivileged drops the privileges of the real check
// (effective user nobody on this thread) when run as root.
func TestLabDemoFallbackUnprivileged(t *testing.T) {
	check := func() {
		r := runCmd(t, "", "lab", "demo")
		r.want(t, exitOK)
		explained := strings.Contains(r.stdout, "needs root or CAP_NET_ADMIN and CAP_NET_RAW") ||
			runtime.GOOS != "linux" && strings.Contains(r.stdout, "needs Linux network namespaces")
		if !explained || !strings.Contains(r.stdout, "DNS") {
			t.Errorf("lab demo without privilege:\n%s", r.stdout)
		}
	}
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		check()
		return
	}
	dropPrivileges(t, check)
}

func TestLabDemoRoot(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("skipped: needs root (builds network namespaces)")
	}
	r := runCmd(t, "", "lab", "demo")
	t.Logf("\n%s", r.stdout)
	r.want(t, exitOK)
	for _, w := range []string{"STEP", "ping", "arp scan", "syn scan", "traceroute", "dns query", "dhcp", "sniff", "8 of 8 steps passed"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("demo output lacks %q", w)
		}
	}
	if st := runCmd(t, "", "lab", "status"); strings.Contains(st.stdout, "gslab-") && strings.Contains(r.stdout, "lab ") {
		id := strings.Fields(strings.SplitN(r.stdout, "\n", 2)[0])[1]
		if strings.Contains(st.stdout, "gslab-"+id+"-") {
			t.Errorf("the demo's lab %s is still up:\n%s", id, st.stdout)
		}
	}
}

func TestLabUpStatusDown(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("skipped: needs root (builds network namespaces)")
	}
	id := fmt.Sprintf("t%d", os.Getpid()%10000000)
	r := runCmd(t, "", "lab", "up", "--name", id)
	r.want(t, exitOK)
	t.Cleanup(func() {
		if l, err := lab.Open(id); err == nil {
			l.Down()
		}
	})
	if !strings.Contains(r.stdout, "gslab-"+id+"-a") {
		t.Errorf("up: %s", r.stdout)
	}
	st := runCmd(t, "", "lab", "status")
	st.want(t, exitOK)
	if !strings.Contains(st.stdout, "lab "+id+":") {
		t.Errorf("status: %s", st.stdout)
	}
	runCmd(t, "", "lab", "up", "--name", id).want(t, exitError)
	d := runCmd(t, "", "lab", "down", id)
	d.want(t, exitOK)
	if !strings.Contains(d.stdout, "lab "+id+" removed") {
		t.Errorf("down: %s", d.stdout)
	}
	if st := runCmd(t, "", "lab", "status"); strings.Contains(st.stdout, "lab "+id+":") {
		t.Errorf("status after down: %s", st.stdout)
	}
	runCmd(t, "", "lab", "down", id).want(t, exitError)
}

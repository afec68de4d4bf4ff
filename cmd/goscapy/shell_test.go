package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShellScriptMode(t *testing.T) {
	// Scapy 2.5: raw(IP(src="192.0.2.2", dst="198.18.1.3")/ICMP()).
	const scapy = `b'E\x00\x00\x1c\x00\x01\x00\x00@\x01\xf1\xc8\xc0\x00\x02\x02\xc6\x12\x01\x03\x08\x00\xf7\xff\x00\x00\x00\x00'`
	r := runCmd(t, "", "shell", "-c", `p = IP(src="192.0.2.2", dst="198.18.1.3")/ICMP(); raw(p)`)
	if r.code != exitOK || strings.TrimSpace(r.stdout) != scapy {
		t.Errorf("shell -c: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, "", "shell", "-c", `p = IP()/ICMP(); p.show()`)
	if r.code != exitOK || !strings.Contains(r.stdout, "###[ ICMP ]###") {
		t.Errorf("show: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	dir := t.TempDir()
	script := filepath.Join(dir, "s.gsc")
	pcapFile := filepath.Join(dir, "o.pcap")
	if err := os.WriteFile(script, []byte("p = Ether()/IP(dst=\"198.18.1.3\")/UDP(dport=[53, 54])\nwrpcap(\""+pcapFile+"\", p)\nlen(rdpcap(\""+pcapFile+"\"))\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, "", "shell", script)
	if r.code != exitOK || r.stdout != "2\n" {
		t.Errorf("shell FILE: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	// The first error stops the script: exit 1, positioned message.
	if err := os.WriteFile(script, []byte("x = 1\ny = nosuch\nprint(\"not reached\")\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, "", "shell", script)
	if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "goscapy: "+script+": line 2, column 5: name \"nosuch\" is not defined") {
		t.Errorf("error: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, "print(1 + 2)\n", "shell", "-")
	if r.code != exitOK || r.stdout != "3\n" {
		t.Errorf("stdin: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, "", "shell", "-c", `IP(ttl=300)`)
	if r.code != exitError || !strings.Contains(r.stderr, "goscapy: column ") {
		t.Errorf("bad field: exit %d %q", r.code, r.stderr)
	}
	r = runCmd(t, "", "shell", "-c", "1", script)
	if r.code != exitUsage {
		t.Errorf("-c and FILE: exit %d", r.code)
	}
	r = runCmd(t, "", "shell", "-h")
	if r.code != exitOK || !strings.Contains(r.stdout, "usage: goscapy shell") {
		t.Errorf("-h: exit %d", r.code)
	}
	// Without a terminal, standard input is read as lines.
	r = runCmd(t, "x = 2\nx\n", "shell")
	if r.code != exitOK || r.stdout != "2\n" {
		t.Errorf("no terminal: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}

package sniff_test

import (
	"errors"
	"io"
	"testing"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sniff"
	"github.com/goscapy/goscapy/stream"
)

// TestOfflineSession: sniffing a file with a Session delivers what the
// session makes of the file read directly (whole datagrams and messages),
// in the same order, and the fragmented HTTP request comes out whole.
func TestOfflineSession(t *testing.T) {
	const file = "../stream/testdata/frag_http_req.pcap"
	newSession := func() *stream.Session {
		return stream.NewSession(stream.SessionConfig{Defrag: defrag.New(defrag.Config{})})
	}

	// What the session gives when fed by hand.
	var want []string
	r, err := pcap.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	s := newSession()
	for {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := packet.Dissect(append([]byte(nil), data...), first)
		out, _ := s.Process(p, ci.Timestamp)
		for _, q := range out {
			want = append(want, q.String())
		}
	}
	for _, q := range s.Flush() {
		want = append(want, q.String())
	}
	r.Close()

	var got []string
	http := false
	err = sniff.Sniff(sniff.SniffConfig{Offline: file, Session: newSession()}, func(p *packet.Packet) bool {
		got = append(got, p.String())
		http = http || p.GetLayer("HTTP") != nil
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("sniff with a session delivered %d packets, the session alone %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("packet %d: %s, want %s", i, got[i], want[i])
		}
	}
	if !http {
		t.Fatal("no reassembled HTTP message was delivered")
	}

	// A callback that stops gets nothing more, not even the flushed rest.
	n := 0
	sniff.Sniff(sniff.SniffConfig{Offline: file, Session: newSession()}, func(*packet.Packet) bool {
		n++
		return false
	})
	if n != 1 {
		t.Fatalf("callback called %d times after returning false", n)
	}
}

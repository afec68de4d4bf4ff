// Package shell is goscapy's interactive shell: a small Scapy-like
// language to build, show, send, sniff and save packets.
//
//	>>> p = IP(dst="198.18.1.3")/ICMP()
//	>>> p.show()
//	>>> r = sr1(p, iface="veth0", timeout=2)
//	>>> r.summary()
//	>>> pkts = rdpcap("capture.pcap"); pkts[0][TCP].dport
//
// # Language
//
// A line holds statements separated by ";" (a script, one or more per
// line; "#" starts a comment). A statement is an expression, whose value
// is printed when it has one, or an assignment: NAME = expr, NAME, NAME =
// expr (unpacking sr's answered and unanswered lists), or a field
// assignment p[IP].ttl = 3 / p.ttl = 3. Expressions are names (variables),
// numbers, strings ('...', "...", b'...', r'...'), None, True, False,
// lists [a, b], tuples (a, b), calls f(a, k=v), attributes x.name,
// indexing x[i] and x[Layer], and "/" to stack packets.
//
// Packets are written in the expression language of package expr: a
// layer name (any registered protocol or Scapy class expr knows) starts a
// packet literal, and the text from the name to its closing parenthesis
// is handed to expr.Parse, so every layer, field name, set, range and
// random value expr reads is available: IP(dst="198.18.1.0/30")/
// TCP(dport=[80, 443], flags="S"). A variable given as a field value
// inside a literal (IP(dst=target)) is replaced by its value. Variables
// take precedence over layer names, which are found in any case.
//
// Functions: ls(), ls(TCP), hexdump(p), raw(p), len(x), sr, sr1, srp,
// srp1, send, sendp, sniff, AsyncSniffer, rdpcap, wrpcap, traceroute,
// arping, print, str, help, exit. Methods of packets: show(), show2(),
// summary(), command(), hexdump(), copy(), haslayer(L), getlayer(L); of
// packet lists: summary(), show(), nsummary(); of the results of sr and
// srp: summary(), show(), table(), nsummary(); of AsyncSniffer: start(),
// stop(), join() and the results attribute. sr and its kin wait 2 seconds
// for answers unless timeout= says otherwise (Scapy waits for ever).
// Errors are *Error values naming the line and column; nothing the user
// types panics the shell. Shell.Sandbox refuses the functions that touch
// the network or files.
//
// # Line editing
//
// The interactive mode uses golang.org/x/term: it is maintained by the Go
// team next to the standard library, is the only kind of dependency the
// module allows (golang.org/x/*), works on every platform Go supports
// (raw mode on Unix and Windows consoles), and gives line editing (arrows,
// Home/End, Ctrl-A/E/K/U/W), a history recalled with the up and down keys,
// bracketed paste and a completion hook, which the shell fills with
// variable, function, method, layer and field names (Shell.Complete).
// Readline-style libraries outside golang.org/x would add a third-party
// dependency for little more (reverse search, a history file).
package shell

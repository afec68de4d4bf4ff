// Package bpf compiles tcpdump filter expressions (the pcap-filter(7)
// language) to classic BPF programs, in pure Go, with libpcap's
// semantics: a compiled program accepts exactly the packets the program
// libpcap compiles for the same expression accepts, including packets
// cut short by a snapshot length (a load beyond the captured bytes
// rejects the packet, and the optimizer decides, as libpcap's does,
// which loads a packet goes through). Most programs are libpcap's
// instruction for instruction (317 of the 325 expressions of the tests'
// list, whose other 8 differ in how arithmetic on two packet values is
// computed: testdata/tcpdump_differs.txt).
//
//	prog, err := bpf.Compile("tcp port 80 and host 198.18.1.3", bpf.LinkTypeEthernet, 0)
//	fmt.Print(bpf.Disassemble(prog)) // as "tcpdump -d" prints it
//
// The program is a []golang.org/x/net/bpf.RawInstruction, ready for
// SO_ATTACH_FILTER. A Matcher runs programs in user space:
//
//	m, err := bpf.NewMatcher("icmp or icmp6", bpf.LinkTypeEthernet, 0)
//	if m.Match(frame) { ... }
//
// # Language
//
// Supported: host, net (address/len and address mask mask), port,
// portrange (numbers or /etc/services names), the src, dst, "src or dst"
// and "src and dst" qualifiers, ether host/src/dst, gateway (refused, as
// libpcap refuses it when built with IPv6), proto, ether proto, ip proto,
// ip6 proto, the protocol names (ether, ip, ip6, arp, rarp, tcp, udp,
// icmp, icmp6, sctp, igmp, igrp, pim, vrrp, carp, ah, esp, atalk, aarp,
// decnet, lat, sca, moprc, mopdl, iso, esis, isis, clnp, l1, l2, iih,
// lsp, snp, csnp, psnp, stp, ipx, netbeui), llc (with i, s, u),
// broadcast and multicast (ether, ip, ip6), less, greater, len,
// arithmetic relations on packet data (ip[2:2] > 576, tcp[tcpflags] &
// tcp-syn != 0, ...) with the named offsets and values (icmptype,
// icmp-echo, tcp-syn, ...), vlan [id], mpls [label], pppoed, pppoes
// [session], inbound/outbound and ifindex where the link layer records
// them (Linux cooked captures), and, or, not (&&, ||, !), parentheses,
// libpcap's precedence rules and the inheritance of qualifiers ("host a
// or b").
//
// Link types: Ethernet (1), raw IP (12, 14, 101), raw IPv4 (228), raw
// IPv6 (229), Linux cooked captures v1 (113) and v2 (276).
//
// Not supported, with an error matching ErrUnsupported: host, network and
// Ethernet names (they need the resolver; give addresses), protochain
// (its program loops, which kernel BPF refuses), geneve, the 802.11,
// ATM, SS7 and pflog primitives, "byte N & M" and "byte N | M", and
// inbound, outbound and ifindex on link types whose packets do not carry
// the direction or the interface. "ip broadcast" uses the netmask
// tcpdump uses when reading files (0).
//
// # Live captures
//
// A Linux packet socket runs its filter on frames whose outer VLAN tag
// the kernel has already removed (it keeps it in the packet's metadata).
// CompileLive (or CompileWith and CompileOptions{Live: true}) compiles
// the program libpcap compiles for a live capture, where the first
// "vlan" also tests the metadata with the kernel's ancillary loads;
// package sendrecv attaches that form. Capture files keep the tag in the
// frame: Compile and Matcher use the offline form for them.
//
// # Errors
//
// Errors are *Error values that give the byte offset where the problem
// was found and match ErrSyntax, ErrInvalid, ErrRejectsAll or
// ErrUnsupported with errors.Is:
//
//	syntax error at 12: expected a port number or name after "port", found end of expression
package bpf

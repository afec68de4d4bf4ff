// Package route reads the kernel's view of the network: interfaces and
// their addresses, the routing table, the neighbour (ARP/NDP) cache, the
// route and source address the kernel picks for a destination, and the
// link-layer address of the next hop.
//
//	r, err := route.Lookup(netip.MustParseAddr("198.18.2.2"))
//	// r.Iface "a0", r.Src 198.18.1.2, r.Gateway 198.18.1.1
//	iface, src, mac, err := route.NextHop(netip.MustParseAddr("198.18.2.2"))
//	// the gateway's MAC, from the neighbour cache or an ARP query
//
// On Linux everything goes through netlink (NETLINK_ROUTE) with
// golang.org/x/sys/unix; Lookup asks the kernel itself (RTM_GETROUTE for
// the address), so policy rules, metrics and the preferred source are the
// kernel's own answer, as `ip route get` prints it. On other systems every
// function returns an error wrapping ErrUnsupported.
//
// Netlink and packet sockets belong to the network namespace of the thread
// that opens them. Every function here opens its sockets on the calling
// goroutine, so a caller that has locked its thread and switched it into a
// namespace (unix.Setns) sees that namespace.
//
// ResolveMAC looks in the neighbour cache first and sends one ARP request
// (IPv4) or neighbour solicitation (IPv6) otherwise, built with this
// module's layers on an AF_PACKET socket; that needs root or
// CAP_NET_RAW. A host that does not answer fails fast (1 s unless the
// context says otherwise) with an error wrapping ErrNoAnswer. Answers are
// remembered by the process for CacheTTL.
package route

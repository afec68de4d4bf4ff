// Kerberos-ldap reads the Kerberos and LDAP messages of captures, one line per
// message:
//
//   - Kerberos (UDP or TCP port 88): AS-REQ and TGS-REQ with the client
//     principal, realm, service principal, requested encryption types and
//     pre-authentication data; AS-REP and TGS-REP with the client, the
//     ticket's service and the encryption types; KRB-ERROR with its error
//     code, principals and text;
//
//   - LDAP (TCP port 389): bind requests with the bind name and the
//     authentication (simple, or the SASL mechanism), search requests with
//     base, scope and filter text, every result code with its diagnostic
//     message, and the entry names of the other operations.
//
//     go run ./examples/55-kerberos-ldap trace.pcap [more.pcapng ...]
//
// Each packet is dissected on its own by one warm decoder: a message split
// over several TCP segments is not reassembled (several messages in one
// segment are all shown).
//
//example:offline examples/55-kerberos-ldap/testdata/kerberos.pcap examples/55-kerberos-ldap/testdata/ldap.pcap examples/55-kerberos-ldap/testdata/ldap-ops.pcapng
//example:expect AS-REQ cname alice realm APPCAP\.TEST sname krbtgt/APPCAP\.TEST
//example:expect TGS-REQ realm APPCAP\.TEST sname host/svc\.appcap\.test
//example:expect KRB-ERROR KDC_ERR_C_PRINCIPAL_UNKNOWN \(6\) cname mallory
//example:expect bindRequest\(1\) "cn=admin,dc=example,dc=org" v3 simple
//example:expect searchRequest\(2\) "ou=people,dc=example,dc=org" wholeSubtree \(objectClass=inetOrgPerson\)
//example:expect bindResponse\(\d+\) invalidCredentials \(49\)
package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: kerberos-ldap FILE...")
		fmt.Fprintln(os.Stderr, "\nPrint the Kerberos and LDAP messages of pcap or pcapng files, one line each.")
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	status := 0
	for _, name := range flag.Args() {
		if err := read(name); err != nil {
			fmt.Fprintf(os.Stderr, "kerberos-ldap: %v\n", err)
			status = 1
		}
	}
	os.Exit(status)
}

func read(name string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	fmt.Printf("%s:\n", name)
	dec := goscapy.NewDecoder()
	n, krb, ldap := 0, 0, 0
	for data, ci := range r.All() {
		n++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first) // the layers that decoded are kept on error
		var src, dst netip.Addr
		var sport, dport uint16
		transport := ""
		for _, l := range p.Layers() {
			switch l := l.(type) {
			case *layers.IPv4:
				src, dst = l.Src, l.Dst
			case *layers.IPv6:
				src, dst = l.Src, l.Dst
			case *layers.TCP:
				sport, dport, transport = l.SrcPort, l.DstPort, "tcp"
			case *layers.UDP:
				sport, dport, transport = l.SrcPort, l.DstPort, "udp"
			case *layers.Kerberos:
				krb++
				fmt.Printf("#%d %s %s %s\n", n, addrs(src, sport, dst, dport), transport, kerberos(l))
			case *layers.LDAP:
				ldap++
				fmt.Printf("#%d %s %s\n", n, addrs(src, sport, dst, dport), ldapLine(l))
			}
		}
	}
	fmt.Printf("%d packets: %d Kerberos and %d LDAP messages\n\n", n, krb, ldap)
	if err := r.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func addrs(src netip.Addr, sport uint16, dst netip.Addr, dport uint16) string {
	return netip.AddrPortFrom(src, sport).String() + " > " + netip.AddrPortFrom(dst, dport).String()
}

// name returns names[v] or the number.
func name(names map[uint64]string, v int64) string {
	if s := names[uint64(v)]; s != "" {
		return s
	}
	return strconv.FormatInt(v, 10)
}

// principal is a principal name as kinit writes it: components joined by /.
func principal(p layers.KerberosPrincipal) string {
	parts := make([]string, len(p.Names))
	for i, n := range p.Names {
		parts[i] = string(n)
	}
	return strings.Join(parts, "/")
}

func etypes(list []int64) string {
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = name(layers.KerberosETypeNames, e) + "(" + strconv.FormatInt(e, 10) + ")"
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func kerberos(k *layers.Kerberos) string {
	var b strings.Builder
	b.WriteString(name(layers.KerberosMsgNames, k.MsgType))
	switch k.MsgType {
	case layers.KerberosASReq, layers.KerberosTGSReq:
		if k.HasCName {
			fmt.Fprintf(&b, " cname %s", principal(k.CName))
		}
		fmt.Fprintf(&b, " realm %s", k.Realm)
		if k.HasSName {
			fmt.Fprintf(&b, " sname %s", principal(k.SName))
		}
		fmt.Fprintf(&b, " etypes %s", etypes(k.ETypes))
		if len(k.PAData) > 0 {
			pa := make([]string, len(k.PAData))
			for i, d := range k.PAData {
				pa[i] = name(layers.KerberosPADataNames, d.Type)
			}
			fmt.Fprintf(&b, " padata [%s]", strings.Join(pa, " "))
		}
	case layers.KerberosASRep, layers.KerberosTGSRep:
		fmt.Fprintf(&b, " cname %s crealm %s ticket %s@%s ticket etype %s enc-part etype %s",
			principal(k.CName), k.CRealm, principal(k.Ticket.SName), k.Ticket.Realm,
			name(layers.KerberosETypeNames, k.Ticket.EncPart.EType), name(layers.KerberosETypeNames, k.EncPart.EType))
	case layers.KerberosKRBError:
		fmt.Fprintf(&b, " %s (%d)", name(layers.KerberosErrorNames, k.ErrorCode), k.ErrorCode)
		if k.HasCName {
			fmt.Fprintf(&b, " cname %s", principal(k.CName))
		}
		if len(k.CRealm) > 0 {
			fmt.Fprintf(&b, " crealm %s", k.CRealm)
		}
		fmt.Fprintf(&b, " realm %s sname %s", k.Realm, principal(k.SName))
		if k.EText.Valid {
			fmt.Fprintf(&b, " e-text %q", k.EText.Value)
		}
	}
	return b.String()
}

func ldapLine(l *layers.LDAP) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s(%d)", l.OpName(), l.MessageID)
	switch l.Op {
	case layers.LDAPBindRequest:
		fmt.Fprintf(&b, " %q v%d", l.DN, l.Version)
		switch l.AuthTag {
		case layers.LDAPAuthSimple:
			if len(l.AuthData) == 0 {
				b.WriteString(" simple (no password: anonymous)")
			} else {
				fmt.Fprintf(&b, " simple (password of %d bytes)", len(l.AuthData))
			}
		case layers.LDAPAuthSASL:
			fmt.Fprintf(&b, " sasl %s", l.SASLMechanism)
		default:
			fmt.Fprintf(&b, " auth %s", l.AuthTag)
		}
	case layers.LDAPSearchRequest:
		attrs := make([]string, len(l.Attributes))
		for i, a := range l.Attributes {
			attrs[i] = string(a.Type)
		}
		fmt.Fprintf(&b, " %q %s %s attrs [%s]", l.DN, name(layers.LDAPScopeNames, l.Scope),
			l.FilterString(), strings.Join(attrs, " "))
	case layers.LDAPBindResponse, layers.LDAPSearchResultDone, layers.LDAPModifyResponse,
		layers.LDAPAddResponse, layers.LDAPDelResponse, layers.LDAPModifyDNResponse,
		layers.LDAPCompareResponse, layers.LDAPExtendedResponse:
		fmt.Fprintf(&b, " %s (%d)", name(layers.LDAPResultNames, l.ResultCode), l.ResultCode)
		if len(l.MatchedDN) > 0 {
			fmt.Fprintf(&b, " matched %q", l.MatchedDN)
		}
		if len(l.DiagnosticMessage) > 0 {
			fmt.Fprintf(&b, " %q", l.DiagnosticMessage)
		}
	case layers.LDAPExtendedRequest:
		fmt.Fprintf(&b, " %s", l.RequestName)
	case layers.LDAPUnbindRequest, layers.LDAPAbandonRequest:
	default:
		if len(l.DN) > 0 {
			fmt.Fprintf(&b, " %q", l.DN)
		}
	}
	return b.String()
}

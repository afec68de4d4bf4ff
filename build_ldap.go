package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// LDAPBuilder builds one LDAP message; the operation methods set the
// protocolOp and its fields.
//
//	msg, err := goscapy.NewIP().DstIP("192.0.2.1").
//		Over(goscapy.NewTCP().SrcPort(40000).DstPort(389).Flags(layers.TCPPsh | layers.TCPAck)).
//		Over(goscapy.NewLDAP().MessageID(2).
//			Search("dc=example,dc=org", layers.LDAPScopeSubtree, "(&(objectClass=person)(uid=a*))", "cn", "mail")).
//		Build()
type LDAPBuilder struct{ base[*layers.LDAP] }

// NewLDAP starts a message with Scapy's defaults: message ID 0, a search
// request for base "" with scope baseObject.
func NewLDAP() *LDAPBuilder { return &LDAPBuilder{base[*layers.LDAP]{l: layers.NewLDAP()}} }

// MessageID sets the message ID.
func (b *LDAPBuilder) MessageID(v int64) *LDAPBuilder { b.l.MessageID = v; return b }

// BindRequest makes the message a simple bind of version 3.
func (b *LDAPBuilder) BindRequest(dn, password string) *LDAPBuilder {
	l := b.l
	l.Op, l.Version, l.DN = layers.LDAPBindRequest, 3, []byte(dn)
	l.AuthTag, l.AuthData = layers.LDAPAuthSimple, []byte(password)
	return b
}

// SASLBind makes the message a SASL bind of version 3 (credentials nil
// for none).
func (b *LDAPBuilder) SASLBind(dn, mechanism string, credentials []byte) *LDAPBuilder {
	l := b.l
	l.Op, l.Version, l.DN = layers.LDAPBindRequest, 3, []byte(dn)
	l.AuthTag = layers.LDAPAuthSASL
	l.SASLMechanism = []byte(mechanism)
	if credentials != nil {
		l.SASLCredentials = fields.Some(credentials)
	}
	return b
}

// Version sets the version of a bind request.
func (b *LDAPBuilder) Version(v int64) *LDAPBuilder { b.l.Version = v; return b }

// Result makes the message a response of operation op
// (layers.LDAPBindResponse, LDAPSearchResultDone, LDAPAddResponse, ...)
// with its result code, matched DN and diagnostic message.
func (b *LDAPBuilder) Result(op uint8, code int64, matchedDN, message string) *LDAPBuilder {
	l := b.l
	l.Op, l.ResultCode, l.MatchedDN, l.DiagnosticMessage = op, code, []byte(matchedDN), []byte(message)
	return b
}

// Unbind makes the message an unbind request.
func (b *LDAPBuilder) Unbind() *LDAPBuilder { b.l.Op = layers.LDAPUnbindRequest; return b }

// Search makes the message a search request: base, scope
// (layers.LDAPScopeBase, LDAPScopeOne, LDAPScopeSubtree), the filter in
// its RFC 4515 text form and the attributes to return.
func (b *LDAPBuilder) Search(base string, scope int64, filter string, attrs ...string) *LDAPBuilder {
	l := b.l
	l.Op, l.DN, l.Scope = layers.LDAPSearchRequest, []byte(base), scope
	if err := l.Set("filter", filter); err != nil {
		b.fail("filter", filter, err)
	}
	l.Attributes = l.Attributes[:0]
	for _, a := range attrs {
		l.Attributes = append(l.Attributes, layers.LDAPAttribute{Type: []byte(a)})
	}
	return b
}

// SizeLimit, TimeLimit and DerefAliases set the search limits and alias
// dereferencing; TypesOnly asks for attribute types only.
func (b *LDAPBuilder) SizeLimit(v int64) *LDAPBuilder    { b.l.SizeLimit = v; return b }
func (b *LDAPBuilder) TimeLimit(v int64) *LDAPBuilder    { b.l.TimeLimit = v; return b }
func (b *LDAPBuilder) DerefAliases(v int64) *LDAPBuilder { b.l.DerefAliases = v; return b }
func (b *LDAPBuilder) TypesOnly(v bool) *LDAPBuilder     { b.l.TypesOnly = v; return b }

// Entry makes the message a search result entry.
func (b *LDAPBuilder) Entry(dn string, attrs ...layers.LDAPAttribute) *LDAPBuilder {
	b.l.Op, b.l.DN, b.l.Attributes = layers.LDAPSearchResultEntry, []byte(dn), attrs
	return b
}

// Add makes the message an add request.
func (b *LDAPBuilder) Add(dn string, attrs ...layers.LDAPAttribute) *LDAPBuilder {
	b.l.Op, b.l.DN, b.l.Attributes = layers.LDAPAddRequest, []byte(dn), attrs
	return b
}

// Delete makes the message a delete request.
func (b *LDAPBuilder) Delete(dn string) *LDAPBuilder {
	b.l.Op, b.l.DN = layers.LDAPDelRequest, []byte(dn)
	return b
}

// Modify makes the message a modify request.
func (b *LDAPBuilder) Modify(dn string, changes ...layers.LDAPChange) *LDAPBuilder {
	b.l.Op, b.l.DN, b.l.Changes = layers.LDAPModifyRequest, []byte(dn), changes
	return b
}

// ModifyDN makes the message a modify DN request (newSuperior "" for
// none).
func (b *LDAPBuilder) ModifyDN(dn, newRDN string, deleteOld bool, newSuperior string) *LDAPBuilder {
	l := b.l
	l.Op, l.DN, l.NewRDN, l.DeleteOldRDN = layers.LDAPModifyDNRequest, []byte(dn), []byte(newRDN), deleteOld
	if newSuperior != "" {
		l.NewSuperior = fields.Some([]byte(newSuperior))
	}
	return b
}

// Compare makes the message a compare request.
func (b *LDAPBuilder) Compare(dn, attr, value string) *LDAPBuilder {
	l := b.l
	l.Op, l.DN, l.AssertionType, l.AssertionValue = layers.LDAPCompareRequest, []byte(dn), []byte(attr), []byte(value)
	return b
}

// Abandon makes the message an abandon request for message id.
func (b *LDAPBuilder) Abandon(id int64) *LDAPBuilder {
	b.l.Op, b.l.AbandonID = layers.LDAPAbandonRequest, id
	return b
}

// Extended makes the message an extended request (value nil for none).
func (b *LDAPBuilder) Extended(name string, value []byte) *LDAPBuilder {
	b.l.Op, b.l.RequestName = layers.LDAPExtendedRequest, []byte(name)
	if value != nil {
		b.l.RequestValue = fields.Some(value)
	}
	return b
}

// Control appends a control.
func (b *LDAPBuilder) Control(oid string, critical bool, value []byte) *LDAPBuilder {
	c := layers.LDAPControl{Type: []byte(oid)}
	if critical {
		c.Criticality = fields.Some(true)
	}
	if value != nil {
		c.Value = fields.Some(value)
	}
	b.l.Controls = append(b.l.Controls, c)
	b.l.HasControls = true
	return b
}

// Set sets any field by its Scapy name.
func (b *LDAPBuilder) Set(field string, v any) *LDAPBuilder { b.set(field, v); return b }

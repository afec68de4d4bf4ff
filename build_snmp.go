package goscapy

import (
	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// SNMPBuilder builds an SNMP message of any version.
//
//	req, err := goscapy.NewIP().DstIP("192.0.2.161").
//		Over(goscapy.NewUDP().SrcPort(40000).DstPort(161)).
//		Over(goscapy.NewSNMP().Community("public").ID(7).Get("1.3.6.1.2.1.1.1.0")).
//		Build()
type SNMPBuilder struct{ base[*layers.SNMP] }

// NewSNMP starts an SNMPv2c get-request with Scapy's defaults: community
// "public", request ID 0, no variable bindings.
func NewSNMP() *SNMPBuilder { return &SNMPBuilder{base[*layers.SNMP]{l: layers.NewSNMP()}} }

// Version sets the version (layers.SNMPv1, SNMPv2c, SNMPv3).
func (b *SNMPBuilder) Version(v int64) *SNMPBuilder { b.l.Version = v; return b }

// Community sets the community string (v1, v2c).
func (b *SNMPBuilder) Community(s string) *SNMPBuilder { b.l.Community = []byte(s); return b }

// PDU sets the PDU type (layers.SNMPGetRequest, SNMPGetNextRequest,
// SNMPResponse, SNMPSetRequest, SNMPTrapV1, SNMPGetBulkRequest,
// SNMPInformRequest, SNMPTrapV2, SNMPReport).
func (b *SNMPBuilder) PDU(t uint8) *SNMPBuilder {
	if t > layers.SNMPReport {
		b.fail("PDU", t, fields.ErrBadValue)
	}
	b.l.PDUType = t
	return b
}

// ID sets the request ID.
func (b *SNMPBuilder) ID(v int64) *SNMPBuilder { b.l.RequestID = v; return b }

// Error sets error-status and error-index.
func (b *SNMPBuilder) Error(status, index int64) *SNMPBuilder {
	b.l.ErrorStatus, b.l.ErrorIndex = status, index
	return b
}

// Bulk makes the PDU a GetBulk request with its non-repeaters and
// max-repetitions.
func (b *SNMPBuilder) Bulk(nonRepeaters, maxRepetitions int64) *SNMPBuilder {
	b.l.PDUType = layers.SNMPGetBulkRequest
	b.l.ErrorStatus, b.l.ErrorIndex = nonRepeaters, maxRepetitions
	return b
}

func (b *SNMPBuilder) oid(s string) ber.OID {
	o, err := ber.ParseOID(s)
	if err != nil {
		b.fail("varbindlist", s, err)
	}
	return o
}

// Varbind appends a variable binding (layers.SNMPNull(), SNMPInt(5),
// SNMPString("x"), ...).
func (b *SNMPBuilder) Varbind(oid string, v layers.SNMPValue) *SNMPBuilder {
	b.l.Varbinds = append(b.l.Varbinds, layers.SNMPVarbind{OID: b.oid(oid), Value: v})
	return b
}

// Get makes the PDU a get-request for the OIDs (values NULL).
func (b *SNMPBuilder) Get(oids ...string) *SNMPBuilder {
	b.l.PDUType = layers.SNMPGetRequest
	for _, o := range oids {
		b.Varbind(o, layers.SNMPNull())
	}
	return b
}

// GetNext makes the PDU a get-next-request for the OIDs.
func (b *SNMPBuilder) GetNext(oids ...string) *SNMPBuilder {
	b.Get(oids...)
	b.l.PDUType = layers.SNMPGetNextRequest
	return b
}

// Trap makes the PDU an SNMPv1 trap (and the message version 1).
func (b *SNMPBuilder) Trap(enterprise string, agent any, generic, specific int64, timeTicks uint32) *SNMPBuilder {
	b.l.Version = layers.SNMPv1
	b.l.PDUType = layers.SNMPTrapV1
	b.l.Enterprise = b.oid(enterprise)
	a, err := fields.AddrFrom(agent, false)
	if err != nil {
		b.fail("agent_addr", agent, err)
	}
	b.l.AgentAddr = a
	b.l.GenericTrap, b.l.SpecificTrap, b.l.TimeStamp = generic, specific, int64(timeTicks)
	return b
}

// V3 makes the message SNMPv3 with USM parameters: message ID, flags
// (bit 0 authentication, 1 privacy, 2 reportable), the authoritative
// engine's ID, boots and time, and the user name. The authentication and
// privacy parameters stay empty (no cryptography).
func (b *SNMPBuilder) V3(msgID int64, flags uint8, engineID []byte, boots, time int64, user string) *SNMPBuilder {
	l := b.l
	l.Version = layers.SNMPv3
	l.MsgID, l.MsgFlags, l.MsgSecurityModel = msgID, []byte{flags}, 3
	l.HasUSM = true
	l.USM = layers.SNMPUSM{EngineID: engineID, EngineBoots: boots, EngineTime: time, UserName: []byte(user),
		AuthParams: []byte{}, PrivParams: []byte{}}
	return b
}

// Context sets the context engine ID and name of an SNMPv3 scoped PDU.
func (b *SNMPBuilder) Context(engineID []byte, name string) *SNMPBuilder {
	b.l.ContextEngineID, b.l.ContextName = engineID, []byte(name)
	return b
}

// Set sets any field by its Scapy name.
func (b *SNMPBuilder) Set(field string, v any) *SNMPBuilder { b.set(field, v); return b }

// SNMPGet builds IP/UDP/SNMP: an SNMPv2c get-request from srcPort to port
// 161 for the OIDs.
func SNMPGet(srcIP, dstIP any, srcPort uint16, community string, id int64, oids ...string) ([]byte, error) {
	return NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewUDP().SrcPort(srcPort).DstPort(layers.SNMPPort)).
		Over(NewSNMP().Community(community).ID(id).Get(oids...)).Build()
}

package ber_test

import (
	"encoding/hex"
	"fmt"

	"github.com/goscapy/goscapy/ber"
)

// An SNMP get-request read element by element without copying.
func ExampleReader() {
	msg, _ := hex.DecodeString("302602010104067075626c6963a019020107020100020100300e300c06082b060102010101000500")
	r := ber.NewReader(msg)
	seq, _ := r.Read(ber.TagSequence)
	m := seq.Reader()
	version, _ := m.ReadInt(ber.TagInteger)
	community, _ := m.ReadBytes(ber.TagOctetString)
	pdu, _ := m.Next()
	p := pdu.Reader()
	id, _ := p.ReadInt(ber.TagInteger)
	p.Next() // error-status
	p.Next() // error-index
	vbs, _ := p.Enter(ber.TagSequence)
	vb, _ := vbs.Enter(ber.TagSequence)
	o, _ := vb.Next()
	oid, _ := o.OID()
	fmt.Println(version, string(community), pdu.Tag, id, oid)
	// Output: 1 public [0] constructed 7 1.3.6.1.2.1.1.1.0
}

// The same message written with Begin and End: lengths are computed.
func ExampleWriter() {
	var w ber.Writer
	w.Reset(nil)
	w.Begin(ber.TagSequence)
	w.WriteInt(ber.TagInteger, 1)
	w.WriteString(ber.TagOctetString, "public")
	w.Begin(ber.Context(0).Constructed())
	w.WriteInt(ber.TagInteger, 7)
	w.WriteInt(ber.TagInteger, 0)
	w.WriteInt(ber.TagInteger, 0)
	w.Begin(ber.TagSequence)
	w.Begin(ber.TagSequence)
	w.WriteOID(ber.TagOID, ber.MustParseOID("1.3.6.1.2.1.1.1.0"))
	w.WriteNull(ber.TagNull)
	w.End()
	w.End()
	w.End()
	w.End()
	fmt.Println(hex.EncodeToString(w.Bytes()), w.Err())
	// Output: 302602010104067075626c6963a019020107020100020100300e300c06082b060102010101000500 <nil>
}

package expr

import (
	"fmt"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// NetFlow v9 and IPFIX: Scapy's template and record classes inside the
// flowset layers.

// netflowDefaultLengths are the field lengths Scapy's
// NetflowTemplateFieldV9 takes when fieldLength is not given
// (NetflowV9TemplateFieldDefaultLengths).
var netflowDefaultLengths = map[uint64]uint16{
	1: 4, 2: 4, 3: 4, 4: 1, 5: 1, 6: 1, 7: 2, 8: 4, 9: 1, 10: 2, 11: 2, 12: 4, 13: 1, 14: 2, 15: 4, 16: 2,
	17: 2, 18: 4, 19: 4, 20: 4, 21: 4, 22: 4, 23: 4, 24: 4, 27: 16, 28: 16, 29: 1, 30: 1, 31: 3, 32: 2,
	33: 1, 34: 4, 35: 1, 36: 2, 37: 2, 38: 1, 39: 1, 40: 4, 41: 4, 42: 4, 46: 1, 47: 4, 48: 4, 49: 1,
	50: 4, 55: 1, 56: 6, 57: 6, 58: 2, 59: 2, 60: 1, 61: 1, 62: 16, 63: 16, 64: 4, 70: 3, 71: 3, 72: 3,
	73: 3, 74: 3, 75: 3, 76: 3, 77: 3, 78: 3, 79: 3,
}

// netflowRecord is the bytes of one NetflowRecordV9(...).
type netflowRecord []byte

func init() {
	addObject("NetflowTemplateFieldV9", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "enterpriseBit", "fieldType", "fieldLength", "enterpriseNumber")
		if err != nil {
			return nil, err
		}
		if !k.has("fieldType") || k.m["fieldType"] == nil {
			return nil, fmt.Errorf("%w: NetflowTemplateFieldV9 needs a fieldType", ErrBadValue)
		}
		f := layers.FlowField{Type: uint16(k.uint("fieldType", 15, 0))}
		def, ok := netflowDefaultLengths[uint64(f.Type)]
		if !ok && (!k.has("fieldLength") || k.m["fieldLength"] == nil) && k.err == nil {
			return nil, fmt.Errorf("%w: NetflowTemplateFieldV9: field type %d has no default length: give fieldLength", ErrBadValue, f.Type)
		}
		f.Length = k.u16("fieldLength", def)
		if k.uint("enterpriseBit", 1, 0) == 1 {
			f.Enterprise = k.u32("enterpriseNumber", 0)
			if f.Enterprise == 0 && k.err == nil {
				return nil, fmt.Errorf("%w: NetflowTemplateFieldV9: enterpriseBit=1 needs an enterpriseNumber other than 0", ErrBadValue)
			}
		} else if k.has("enterpriseNumber") && k.err == nil {
			return nil, fmt.Errorf("%w: NetflowTemplateFieldV9: enterpriseNumber needs enterpriseBit=1", ErrBadValue)
		}
		return f, k.err
	})
	addObject("NetflowTemplateV9", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "templateID", "fieldCount", "template_fields")
		if err != nil {
			return nil, err
		}
		t := layers.FlowTemplate{ID: k.u16("templateID", 255)}
		for _, e := range pyList(k.m["template_fields"]) {
			f, ok := e.(layers.FlowField)
			if !ok {
				return nil, fmt.Errorf("%w: template_fields: %s is no NetflowTemplateFieldV9(...)", ErrBadValue, pyRepr(e))
			}
			t.Fields = append(t.Fields, f)
		}
		if n := k.u16("fieldCount", uint16(len(t.Fields))); int(n) != len(t.Fields) && k.err == nil {
			return nil, fmt.Errorf("%w: NetflowTemplateV9: fieldCount %d is not the number of template_fields (%d)", ErrBadValue, n, len(t.Fields))
		}
		return t, k.err
	})
	addObject("NetflowRecordV9", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "fieldValue")
		if err != nil {
			return nil, err
		}
		b := k.bytes("fieldValue", nil)
		return netflowRecord(b), k.err
	})
	addConverter("NetflowFlowsetV9", "templates", func(c *compiler, n node) (any, error) {
		v, err := objList[layers.FlowTemplate](c, n, "template (NetflowTemplateV9(...))")
		if _, isBytes := v.([]byte); isBytes {
			return nil, fmt.Errorf("%w: templates are NetflowTemplateV9(...) values", ErrBadValue)
		}
		return v, err
	})
	addClass(&class{name: "NetflowFlowsetV9", proto: "NetflowFlowsetV9",
		finish: func(c *compiler, l *layerT) error {
			// Scapy writes the enterprise number of a field whose
			// enterprise bit is set in NetFlow v9 templates too: goscapy's
			// set does so as an IPFIX set
			for _, as := range l.assigns {
				if as.name != "templates" {
					continue
				}
				for _, v := range as.gen.samples() {
					ts, _ := v.([]layers.FlowTemplate)
					for _, t := range ts {
						for _, f := range t.Fields {
							if f.Enterprise != 0 {
								l.newFn = func() packet.Layer { return layers.NewFlowSet(0, true) }
							}
						}
					}
				}
			}
			return nil
		}})
	addClass(&class{name: "NetflowDataflowsetV9", proto: "NetflowDataflowsetV9",
		rename: map[string]string{"templateID": "flowSetID"},
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			if n != "records" {
				return nil, false, nil
			}
			v, err := c.constant(a.val)
			if err != nil {
				return nil, true, err
			}
			var data []byte
			for _, e := range pyList(v) {
				r, ok := e.(netflowRecord)
				if !ok {
					return nil, true, fmt.Errorf("%w: %s is no NetflowRecordV9(...)", ErrBadValue, pyRepr(e))
				}
				data = append(data, r...)
			}
			if l.pending == nil {
				l.pending = map[string]any{}
			}
			l.pending["records"] = data
			l.extra = append(l.extra, "records="+c.srcRepr(a.val))
			return nil, true, nil
		},
		finish: func(c *compiler, l *layerT) error {
			data, ok := l.pending["records"].([]byte)
			if !ok {
				return nil
			}
			set := map[string]bool{}
			for _, as := range l.assigns {
				set[as.name] = true
			}
			if set["data"] {
				return fmt.Errorf("%w: records and data both give the set's records", ErrBadValue)
			}
			// goscapy's set holds records when its ID is a template's
			// (256 and up); Scapy's default templateID is 255
			idOK := false
			for _, as := range l.assigns {
				if as.name == "flowSetID" {
					idOK = true
					for _, v := range as.gen.samples() {
						if n, isInt := pyInt(v); !isInt || n < 256 {
							idOK = false
						}
					}
				}
			}
			if !idOK {
				return fmt.Errorf("%w: a data set with records needs templateID=256 or more", ErrBadValue)
			}
			add := func(name string, v []byte) {
				as := &assign{name: name, field: l.proto.Field(name), gen: constGen{v}, dim: -1, at: l.at}
				for i := range l.proto.Fields {
					if &l.proto.Fields[i] == as.field {
						as.order = i
					}
				}
				l.assigns = append(l.assigns, as)
			}
			add("data", data)
			// Scapy pads a set whose length it computes to 4 bytes
			if !set["length"] && !set["pad"] {
				if n := (-(4 + len(data))) & 3; n > 0 {
					add("pad", make([]byte, n))
				}
			}
			return nil
		}})
}

package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const dot11CorpusDir = "../../shared/corpus"

// dot11Frames are real 802.11 frames with radiotap headers: the test
// vectors of gopacket's layers/dot11_test.go and radiotap_test.go
// (BSD-3-Clause; captures from the Wireshark sample captures), in order.
var dot11Frames = []string{
	// 1: CTS, 5240 MHz, FCS
	"000019006f08000037683a0100000000123078144001b1a401c4009400d8a25e9761c13650958e",
	// 2: beacon "Wi2", FCS
	"000012002e480000100c6c09c000af05000080000000ffffffffffffc08ade0111b8c08ade0111b8f09780f130bc1300000064002104000357693201088c129824b048606c0301010504000100002a0100dd180050f2020101810007a4000023a4000042435e0062322f00dd1e00904c338c011bffff0000000000000000000010000000000000000000002d1a8c011bffff000000000000000000001000000000000000000000dd1a00904c34010000000000000000000000000000000000000000003d16010000000000000000000000000000000000000000007f0400000000dd080013920100018500940b9015",
	// 3: QoS data with ARP, data pad (radiotap flags 0x22)
	"00002000670804006d2c132600000000226ccda002000000400100003c14241188012c0006037f07a0160019e3d35352ffffffffffff5064000050aaaaaa03000000080600010800060400010019e3d35352a9fef7000000000000008cb43344",
	// 4: action, FCS
	"000012002e48000010026c09a000bd050000d0000000ffffffffffff8e3ae344acc68e3ae344acc6001b000425030001005539f033",
	// 5: ack
	"000020006708040096ac1226000000003230d9a002000000400100003c142411d40000000019e3d3535246e97687",
	// 6: data with ARP, data pad
	"0000200067080400360b1a2500000000220cd9a002000000400100003c14241108020000ffffffffffff06037f07a0160019e3d35352e07faaaa03000000080600010800060400010019e3d35352a9fef70000000000000043080e36",
	// 7: data with DHCP, data pad
	"000020006708040007c0b02500000000220cd8a001000000400100003c14241108020000ffffffffffff06037f07a0160019e3d353524095aaaa03000000080045000148c5140000ff11f59000000000ffffffff0044004301342b3901010600131f8c43003c0000000000000000000000000000000000000019e3d353520000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063825363350101370a0103060f775ffc2c2e2f390205dc3d07010019e3d3535233040076a7000c0b4d6163696e746f73682d34ff000000000000000000000000",
	// 8: QoS data, CCMP
	"000030006b081c006c683a0100000000140078144001bba401600e1a40010400781430221f010cffb10d00000400000088412c0000259c42c262d8a25e9761c100259c42c25f10db0000a950002000000000f8aba97e3fbdd6e1785b00405f1571238711bd1fffb9e5b384bbec2a0a90d0a01a6f903310835179a0daf8333a005471f596539b1823a33c4908545c266a8540515a1da9c49ea85afbf7de097f9c6f350b8b68312c1043dc8983b1d9dd29739565b94b43b39116ec420186c9ca",
	// 9: QoS data with HT control, protected (WEP IV)
	"000026002b482000bf70060200000000400078144001b800000044000001730000000000000088c93014010203040506111213141516212223242526c0bd00140e2800a806010004e673b34a243e19ea2ab71f3cc7892b22e22b286c69aa0aee1ebc2d2a00356839ad6f29523807aecf03e70d538b3c12285205cc70bec7685e5fb106f4732263ef77417b86",
	// 10: ack, 2412 MHz
	"000012002e48000010026c09a000c6070000d4000000881fa1ae9dcbc6304b4b",
	// 11: null data, MCS rate
	"000015002a48080010006c098004dc05000007000748112c00003a9daaf0191caba7f2139d003a9daaf01970b2eea9f116",
}

// dot11FramesTshark are the columns dot11Columns computes, as tshark 4
// prints them for dot11Frames (tshark -T fields -E occurrence=a
// -E aggregator=,) with the fields of dot11TsharkFields.
const dot11FramesTshark = `25	0x0000086f	20604983	0x12	24	5240	0x0140	-79	-92	1	0x001c	0x00	d8:a2:5e:97:61:c1					0x8e955036														
18	0x0000482e		0x10	6	2412	0x00c0	-81		5	0x0008	0x00	ff:ff:ff:ff:ff:ff	c0:8a:de:01:11:b8	c0:8a:de:01:11:b8	2431	0	0x15900b94	576932	0,1,3,5,42,221,221,45,221,61,127,221	1	0x8c,0x12,0x98,0x24,0xb0,0x48,0x60,0x6c					0x0421	100			0x018c	
32	0x00040867	638790765	0x22	54			-51	-96	2	0x0028	0x01	06:03:7f:07:a0:16	00:19:e3:d3:53:52	06:03:7f:07:a0:16	1605	0													0		0x0806
18	0x0000482e		0x10	1	2412	0x00a0	-67		5	0x000d	0x00	ff:ff:ff:ff:ff:ff	8e:3a:e3:44:ac:c6	8e:3a:e3:44:ac:c6	432	0	0x33f03955		37												
32	0x00040867	638758038	0x32	24			-39	-96	2	0x001d	0x00	00:19:e3:d3:53:52																			
32	0x00040867	622463798	0x22	6			-39	-96	2	0x0020	0x02	ff:ff:ff:ff:ff:ff	06:03:7f:07:a0:16	06:03:7f:07:a0:16	2046	0															0x0806
32	0x00040867	632340487	0x22	6			-40	-96	1	0x0020	0x02	ff:ff:ff:ff:ff:ff	06:03:7f:07:a0:16	06:03:7f:07:a0:16	2388	0															0x0800
48	0x001c086b	20605036	0x14	162	5240	0x0140	-69	-92	1	0x0028	0x41	00:25:9c:42:c2:62	d8:a2:5e:97:61:c1	00:25:9c:42:c2:62	3505	0	0xcac98601												0		
38	0x0020482b	33976511	0x40		5240	0x0140	-72		0	0x0028	0xc9	01:02:03:04:05:06	11:12:13:14:15:16	01:02:03:04:05:06	3036	0													0		
18	0x0000482e		0x10	1	2412	0x00a0	-58		7	0x001d	0x00	88:1f:a1:ae:9d:cb					0x4b4b30c6														
21	0x0008482a		0x10	65	2412	0x0480	-36		5	0x0024	0x11	00:3a:9d:aa:f0:19	1c:ab:a7:f2:13:9d	00:3a:9d:aa:f0:19	2855	0	0x16f1a9ee														`

// dot11CorpusTshark holds the same columns for the corpus captures.
var dot11CorpusTshark = map[string]string{
	"tcpdump/reason_code-0.pcap": `24	0x0000588e		0x00	1	2412	0x00a0			0	0x000c	0x00	00:0c:41:82:b2:55	00:0d:93:82:36:3a	00:0c:41:82:b2:55	181	0						0x0000									`,
	"tcpdump/ieee802.11_exthdr.pcap": `89	0x8000486f,0x107701f7	10016360	0x10	1	2412	0x00a0	-22	-86	1	0x0004	0x00	ff:ff:ff:ff:ff:ff	90:a4:de:c0:46:11	ff:ff:ff:ff:ff:ff	1	0	0x881cae07	6f6d7573	0,1,50,3,45	1	0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24									0x11ce	
89	0x8000486f,0x107701f7	10018922	0x10	1	2412	0x00a0	-19	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	10017245		1				-86		0x0005	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1788	0		6f6d7573	0,1,3,42,50,45,61,221	1	0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24					0x0401	100			0x000c	
89	0x8000486f,0x107701f7	10085301	0x10	1	2412	0x00a0	-19	-86	1	0x0004	0x00	ff:ff:ff:ff:ff:ff	90:a4:de:c0:46:11	ff:ff:ff:ff:ff:ff	2	0	0xfbec892e	6f6d7573	0,1,50,3,45	2	0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24									0x11ce	
89	0x8000486f,0x107701f7	10087718	0x10	1	2412	0x00a0	-18	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	10086042		1				-86		0x0005	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1790	0		6f6d7573	0,1,3,42,50,45,61,221	1	0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24					0x0401	100			0x000c	
89	0x8000486f,0x107701f7	10284358	0x10	1	2412	0x00a0	-61	-86	1	0x0004	0x00	ff:ff:ff:ff:ff:ff	90:a4:de:c0:46:11	ff:ff:ff:ff:ff:ff	5	0	0x32a3259b	6f6d7573	0,1,50,3,45	5	0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24									0x11ce	
89	0x8000486f,0x107701f7	10288217	0x10	1	2412	0x00a0	-46	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	10286542		1				-86		0x0005	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1793	0		6f6d7573	0,1,3,42,50,45,61,221	1	0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24					0x0401	100			0x000c	
89	0x8000486f,0x107701f7	10351366	0x10	1	2412	0x00a0	-70	-86	1	0x0004	0x00	ff:ff:ff:ff:ff:ff	90:a4:de:c0:46:11	ff:ff:ff:ff:ff:ff	6	0	0x415302b2	6f6d7573	0,1,50,3,45	6	0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24									0x11ce	
89	0x8000486f,0x107701f7	10353769	0x10	1	2412	0x00a0	-57	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	10352092		1				-86		0x0005	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1795	0		6f6d7573	0,1,3,42,50,45,61,221	1	0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24					0x0401	100			0x000c	
89	0x8000486f,0x107701f7	10418368	0x10	1	2412	0x00a0	-67	-86	1	0x0004	0x00	ff:ff:ff:ff:ff:ff	90:a4:de:c0:46:11	ff:ff:ff:ff:ff:ff	7	0	0x6ffce055	6f6d7573	0,1,50,3,45	7	0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24									0x11ce	
89	0x8000486f,0x107701f7	10420929	0x10	1	2412	0x00a0	-73	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	10419253		1				-86		0x0005	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1796	0		6f6d7573	0,1,3,42,50,45,61,221	1	0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24					0x0401	100			0x000c	
89	0x8000486f,0x107701f7	10485371	0x10	1	2412	0x00a0	-72	-86	1	0x0004	0x00	ff:ff:ff:ff:ff:ff	90:a4:de:c0:46:11	ff:ff:ff:ff:ff:ff	8	0	0x08bd5d99	6f6d7573	0,1,50,3,45	8	0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24									0x11ce	
89	0x8000486f,0x107701f7	10489278	0x10	1	2412	0x00a0	-74	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	10487602		1				-86		0x0005	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1798	0		6f6d7573	0,1,3,42,50,45,61,221	1	0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24					0x0401	100			0x000c	
89	0x8000486f,0x107701f7	13338508	0x10	1	2412	0x00a0	-14	-86	1	0x000b	0x00	90:a4:de:c0:46:0a	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	27	0	0x843db034						0	0x0000							
89	0x8000486f,0x107701f7	13340215	0x10	1	2412	0x00a0	-17	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	13339435		1				-86		0x000b	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1827	0							0	0x0000							
89	0x8000486f,0x107701f7	13341999	0x10	1	2412	0x00a0	-18	-86	1	0x0000	0x00	90:a4:de:c0:46:0a	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	28	0	0xa03a38d0	6f6d7573	0,1,50,45,221		0x02,0x04,0x0b,0x16,0x0c,0x12,0x18,0x24					0x0421		0x000a		0x11ce	
89	0x8000486f,0x107701f7	13346458	0x10	1	2412	0x00a0	-18	-86	0	0x001d	0x00	90:a4:de:c0:46:0a					0x3c633127														
83	0x80028445,0x10767f77	13344925		1				-86		0x0001	0x00	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	90:a4:de:c0:46:0a	1828	0			1,50,45,61,221		0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24			0x0000	0x0001	0x0401				0x000c	
93	0x8008486b,0x107701fb	13355433	0x10	19.5	2412	0x0480	-22	-86	1	0x0024	0x01	90:a4:de:c0:46:0a	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	29	0	0xff467fad														
93	0x8008486b,0x107701fb	13454791	0x10	52	2412	0x0480	-21	-86	1	0x0024	0x11	90:a4:de:c0:46:0a	90:a4:de:c0:46:11	90:a4:de:c0:46:0a	30	0	0x6d673053														`,
}

// dot11TsharkFields are the tshark fields of the columns; radiotap.datarate
// is compared only when the rate field is present (tshark also derives it
// from MCS).
var dot11TsharkFields = []string{"radiotap.length", "radiotap.present.word", "radiotap.mactime", "radiotap.flags",
	"radiotap.datarate", "radiotap.channel.freq", "radiotap.channel.flags", "radiotap.dbm_antsignal",
	"radiotap.dbm_antnoise", "radiotap.antenna", "wlan.fc.type_subtype", "wlan.flags", "wlan.ra", "wlan.ta",
	"wlan.bssid", "wlan.seq", "wlan.frag", "wlan.fcs", "wlan.ssid", "wlan.tag.number", "wlan.ds.current_channel",
	"wlan.supported_rates", "wlan.fixed.reason_code", "wlan.fixed.auth.alg", "wlan.fixed.status_code",
	"wlan.fixed.aid", "wlan.fixed.capabilities", "wlan.fixed.beacon", "wlan.fixed.listen_ival", "wlan.qos.tid",
	"wlan.ht.capabilities", "llc.type"}

func hexFrame(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dot11Columns computes dot11TsharkFields from our dissection.
func dot11Columns(p *packet.Packet) []string {
	col := make([]string, len(dot11TsharkFields))
	set := func(name, v string) {
		for i, f := range dot11TsharkFields {
			if f == name {
				col[i] = v
			}
		}
	}
	join := func(vals []string) string { return strings.Join(vals, ",") }
	if r, ok := packet.LayerOf[*RadioTap](p); ok {
		set("radiotap.length", strconv.Itoa(int(r.Len.Value)))
		words := []string{fmt.Sprintf("0x%08x", r.Present.Value)}
		for _, w := range r.Ext {
			words = append(words, fmt.Sprintf("0x%08x", w))
		}
		set("radiotap.present.word", join(words))
		if r.Has(RadioTapTSFT) {
			set("radiotap.mactime", strconv.FormatUint(r.TSFT, 10))
		}
		if r.Has(RadioTapFlags) {
			set("radiotap.flags", fmt.Sprintf("0x%02x", r.Flags))
		}
		if r.Has(RadioTapRate) {
			set("radiotap.datarate", strconv.FormatFloat(r.RateMbps(), 'f', -1, 64))
		}
		if r.Has(RadioTapChannel) {
			set("radiotap.channel.freq", strconv.Itoa(int(r.ChannelFrequency)))
			set("radiotap.channel.flags", fmt.Sprintf("0x%04x", r.ChannelFlags))
		}
		var sig, noise, ant []string
		for n, it := 1, r.iter(r.Present.Value); r.stop == 0 || n < r.stop; n++ {
			bit, ns, ok := it.next(r)
			if !ok {
				break
			}
			f := r.fieldsOf(ns)
			switch bit {
			case 5:
				sig = append(sig, strconv.Itoa(int(f.DBmAntSignal)))
			case 6:
				noise = append(noise, strconv.Itoa(int(f.DBmAntNoise)))
			case 11:
				ant = append(ant, strconv.Itoa(int(f.Antenna)))
			}
		}
		set("radiotap.dbm_antsignal", join(sig))
		set("radiotap.dbm_antnoise", join(noise))
		set("radiotap.antenna", join(ant))
	}
	d, ok := packet.LayerOf[*Dot11](p)
	if !ok {
		return col
	}
	t, s := d.Type.Value, d.Subtype.Value
	set("wlan.fc.type_subtype", fmt.Sprintf("0x%04x", uint16(t)<<4|uint16(s)))
	set("wlan.flags", fmt.Sprintf("0x%02x", d.FCfield))
	set("wlan.ra", d.Addr1.String())
	if d.hasAddr2() {
		set("wlan.ta", d.Addr2.String())
	}
	switch {
	case t == Dot11TypeManagement:
		set("wlan.bssid", d.Addr3.String())
	case t == Dot11TypeData && d.FCfield&3 == 0:
		set("wlan.bssid", d.Addr3.String())
	case t == Dot11TypeData && d.FCfield&3 == Dot11FlagToDS:
		set("wlan.bssid", d.Addr1.String())
	case t == Dot11TypeData && d.FCfield&3 == Dot11FlagFromDS:
		set("wlan.bssid", d.Addr2.String())
	}
	if t != Dot11TypeControl {
		set("wlan.seq", strconv.Itoa(int(d.Seq())))
		set("wlan.frag", strconv.Itoa(int(d.Frag())))
	}
	if d.HasFCS() {
		set("wlan.fcs", fmt.Sprintf("0x%08x", d.FCS.Value))
	}
	var ids, rates []string
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *Dot11Elt:
			ids = append(ids, strconv.Itoa(int(x.ID)))
			if ssid, ok := x.SSID(); ok {
				set("wlan.ssid", hex.EncodeToString([]byte(ssid)))
			}
			if c, ok := x.Channel(); ok {
				set("wlan.ds.current_channel", strconv.Itoa(int(c)))
			}
			if r, ok := x.Rates(); ok && x.ID == Dot11EltIDRates {
				for _, v := range r {
					rates = append(rates, fmt.Sprintf("0x%02x", v))
				}
			}
			if h, ok := x.HTCapabilities(); ok {
				set("wlan.ht.capabilities", fmt.Sprintf("0x%04x", h.Info))
			}
		case *Dot11Beacon:
			set("wlan.fixed.capabilities", fmt.Sprintf("0x%04x", x.Cap>>8|x.Cap<<8))
			set("wlan.fixed.beacon", strconv.Itoa(int(x.BeaconInterval)))
		case *Dot11ProbeResp:
			set("wlan.fixed.capabilities", fmt.Sprintf("0x%04x", x.Cap>>8|x.Cap<<8))
			set("wlan.fixed.beacon", strconv.Itoa(int(x.BeaconInterval)))
		case *Dot11AssoReq:
			set("wlan.fixed.capabilities", fmt.Sprintf("0x%04x", x.Cap>>8|x.Cap<<8))
			set("wlan.fixed.listen_ival", fmt.Sprintf("0x%04x", x.ListenInterval))
		case *Dot11AssoResp:
			set("wlan.fixed.capabilities", fmt.Sprintf("0x%04x", x.Cap>>8|x.Cap<<8))
			set("wlan.fixed.status_code", fmt.Sprintf("0x%04x", x.Status))
			set("wlan.fixed.aid", fmt.Sprintf("0x%04x", x.AID&0x3fff)) // tshark masks bits 14-15
		case *Dot11Auth:
			set("wlan.fixed.auth.alg", strconv.Itoa(int(x.Algo)))
			set("wlan.fixed.status_code", fmt.Sprintf("0x%04x", x.Status))
		case *Dot11Deauth:
			set("wlan.fixed.reason_code", fmt.Sprintf("0x%04x", x.Reason))
		case *Dot11QoS:
			set("wlan.qos.tid", strconv.Itoa(int(x.TID)))
		case *SNAP:
			set("llc.type", fmt.Sprintf("0x%04x", x.Code.Value))
		}
	}
	set("wlan.tag.number", join(ids))
	set("wlan.supported_rates", join(rates))
	return col
}

func compareTsharkRows(t *testing.T, where string, p *packet.Packet, row string) {
	t.Helper()
	want := strings.Split(row, "\t")
	got := dot11Columns(p)
	if len(want) != len(got) {
		t.Fatalf("%s: tshark row has %d columns, we compute %d", where, len(want), len(got))
	}
	for i := range want {
		if dot11TsharkFields[i] == "radiotap.datarate" && got[i] == "" {
			continue // tshark derives a rate from MCS
		}
		if dot11TsharkFields[i] == "wlan.fcs" && want[i] == "" && dot11DataPadNoBody(p) {
			continue // tshark leaves out the FCS of a frame without body under data padding
		}
		if got[i] != want[i] {
			t.Errorf("%s %s: ours %q, tshark %q (%v)", where, dot11TsharkFields[i], got[i], want[i], p)
		}
	}
}

func dot11DataPadNoBody(p *packet.Packet) bool {
	r, ok := packet.LayerOf[*RadioTap](p)
	return ok && r.Flags&RadioTapFlagDataPad != 0 && p.NumLayers() == 3
}

func TestDot11FramesTshark(t *testing.T) {
	rows := strings.Split(dot11FramesTshark, "\n")
	if len(rows) != len(dot11Frames) {
		t.Fatalf("%d frames, %d tshark rows", len(dot11Frames), len(rows))
	}
	for i, h := range dot11Frames {
		data := hexFrame(t, h)
		first, _ := packet.FirstLayer(127, data)
		p, err := packet.Dissect(data, first)
		if err != nil {
			t.Errorf("frame %d: %v (%v)", i+1, err, p)
		}
		compareTsharkRows(t, fmt.Sprintf("frame %d", i+1), p, rows[i])
		if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
			t.Errorf("frame %d round trip: %v\n got %x\nwant %x", i+1, err, b, data)
		}
	}
}

// TestDot11CorpusTshark dissects the corpus's 802.11 captures and compares
// with tshark's columns (committed above).
func TestDot11CorpusTshark(t *testing.T) {
	if _, err := os.Stat(filepath.Join(dot11CorpusDir, "INDEX.tsv")); err != nil {
		t.Skipf("corpus not found at %s: %v", dot11CorpusDir, err)
	}
	for name, table := range dot11CorpusTshark {
		rows := strings.Split(table, "\n")
		r, err := pcap.Open(filepath.Join(dot11CorpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for ; ; n++ {
			data, ci, err := r.ReadPacketData()
			if err != nil {
				break
			}
			if n >= len(rows) {
				t.Fatalf("%s: more frames than tshark rows", name)
			}
			first, ok := packet.FirstLayer(uint32(ci.LinkType), data)
			if !ok || first != RadioTapType {
				t.Fatalf("%s: link type %d gives %v", name, ci.LinkType, first)
			}
			p, err := packet.Dissect(data, first)
			if err != nil {
				t.Errorf("%s #%d: %v", name, n+1, err)
			}
			if p.HasLayer("Raw") {
				t.Errorf("%s #%d: undecoded bytes: %v", name, n+1, p)
			}
			compareTsharkRows(t, fmt.Sprintf("%s #%d", name, n+1), p, rows[n])
		}
		r.Close()
		if n != len(rows) {
			t.Errorf("%s: %d frames, %d tshark rows", name, n, len(rows))
		}
	}
}

// TestDot11CorpusMalformed: the crafted radiotap header of the corpus
// (present word with bit 31 and no room for the next word) is an error,
// kept as Raw, and re-encodes.
func TestDot11CorpusMalformed(t *testing.T) {
	data := hexFrame(t, "30300800303030fa") // tcpdump/radiotap-heapoverflow.pcap, link type 127
	p, err := packet.Dissect(data, RadioTapType)
	if !errors.Is(err, packet.ErrMalformed) {
		t.Errorf("err %v, want ErrMalformed", err)
	}
	if got := p.String(); got != "Raw" {
		t.Errorf("%s", got)
	}
	if b, _ := p.Build(); !bytes.Equal(b, data) {
		t.Errorf("round trip %x", b)
	}
}

func TestDot11Readers(t *testing.T) {
	p, err := packet.Dissect(hexFrame(t, dot11Frames[1]), RadioTapType)
	if err != nil {
		t.Fatal(err)
	}
	want := "RadioTap / 802.11-FCS Management Beacon c0:8a:de:01:11:b8 (TA=SA) > ff:ff:ff:ff:ff:ff (RA=DA) SSID='Wi2' / Dot11Beacon / Dot11Elt / Dot11EltRates / Dot11EltDSSSet / Dot11EltTIM / Dot11EltERP / Dot11EltVendorSpecific / Dot11EltVendorSpecific / Dot11EltHTCapabilities / Dot11EltVendorSpecific / Dot11Elt / Dot11Elt / Dot11EltVendorSpecific / Padding"
	if got := p.String(); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
	var tim Dot11TIM
	var ht Dot11HTCapabilities
	var ouis []uint32
	for _, l := range p.Layers() {
		e, ok := l.(*Dot11Elt)
		if !ok {
			continue
		}
		if x, ok := e.TIM(); ok {
			tim = x
		}
		if x, ok := e.HTCapabilities(); ok {
			ht = x
		}
		if o, _, ok := e.VendorOUI(); ok {
			ouis = append(ouis, o)
		}
	}
	// tshark: DTIM count 0, period 1, bitmap control 0x00, partial bitmap 00;
	// HT capabilities 0x018c, A-MPDU 0x1b, RX MCS 0xffff.
	if tim.DTIMCount != 0 || tim.DTIMPeriod != 1 || tim.BitmapControl != 0 || !bytes.Equal(tim.VirtualBitmap, []byte{0}) {
		t.Errorf("tim %+v", tim)
	}
	if ht.Info != 0x018c || ht.AMPDUParams != 0x1b || ht.RxMCSBitmask() != 0xffff {
		t.Errorf("ht %+v", ht)
	}
	if fmt.Sprint(ouis) != fmt.Sprint([]uint32{0x0050f2, 0x00904c, 0x00904c, 0x001392}) {
		t.Errorf("vendor ouis %x", ouis)
	}
	ht0 := p.Layer(10).(*Dot11Elt)
	for name, want := range map[string]any{"Short_GI_20Mhz": uint64(0), "Short_GI_40Mhz": uint64(0),
		"SM_Power_Save": uint64(3), "Supported_Channel_Width": uint64(0), "Rx_STBC": uint64(1),
		"Max_A_MPDU_Length_Exponent": uint64(3), "Min_MPDCU_Start_Spacing": uint64(6), "TX_MCS_Set_Defined": uint64(0)} {
		if got, err := ht0.Get(name); err != nil || got != want {
			t.Errorf("%s = %v %v, want %v", name, got, err, want)
		}
	}
	// Set writes into a private copy of the information.
	orig := append([]byte(nil), ht0.Info...)
	under := ht0.Info
	if err := ht0.Set("Short_GI_20Mhz", 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(under, orig) || ht0.Info[0] != orig[0]|0x20 {
		t.Errorf("set: %x (underlying %x)", ht0.Info, under)
	}
}

func TestDot11RSN(t *testing.T) {
	// information of the RSN element of a WPA2/WPA3 transition network,
	// as tshark reads it: version 1, group CCMP, pairwise CCMP, AKM PSK and
	// SAE, capabilities 0x0080 (MFPC), no PMKIDs.
	info := hexFrame(t, "0100000fac040100000fac040200000fac02000fac0880000000")
	r, err := ParseRSN(info)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || r.GroupCipher != (RSNSuite{OUIIEEE80211, RSNCipherCCMP128}) || len(r.PairwiseCiphers) != 1 ||
		len(r.AKMSuites) != 2 || r.AKMSuites[1].Type != RSNAKMSAE || r.Capabilities != 0x0080 || !r.HasPMKIDs || len(r.PMKIDs) != 0 ||
		r.HasGroupMgmtCipher {
		t.Errorf("%+v", r)
	}
	if got := r.AppendTo(nil); !bytes.Equal(got, info) {
		t.Errorf("append %x", got)
	}
	e := NewDot11EltRSN(r)
	for name, want := range map[string]any{"nb_akm_suites": 2, "mfp_capable": 1, "mfp_required": 0, "version": 1} {
		if got, err := e.Get(name); err != nil || got != want {
			t.Errorf("%s = %v %v", name, got, err)
		}
	}
	for _, bad := range []string{"01", "0100000fac", "0100000fac040200000fac04", "0100000fac040100000fac040100000fac0200"} {
		if _, err := ParseRSN(hexFrame(t, bad)); !errors.Is(err, ErrBadElement) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestDot11ManyElements: a beacon with more elements of one class than the
// decoder's nesting bound decodes every element.
func TestDot11ManyElements(t *testing.T) {
	s := packet.New(NewDot11(), NewDot11Beacon(), NewDot11EltSSID("many"))
	for i := 0; i < 30; i++ {
		s.Append(NewDot11EltVendor(0x001122, []byte{byte(i)}), NewDot11Elt(61, []byte{byte(i)}))
	}
	b, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := packet.Dissect(b, Dot11Type)
	if err != nil {
		t.Fatal(err)
	}
	if n := p.NumLayers(); n != 3+60 || p.HasLayer("Raw") {
		t.Errorf("%d layers: %v", n, p)
	}
	if again, _ := p.Build(); !bytes.Equal(again, b) {
		t.Error("round trip")
	}
	// past packet.MaxLayers the rest stays Raw, without an error
	for i := 0; i < 20; i++ {
		s.Append(NewDot11EltVendor(0x001122, []byte{byte(i)}))
	}
	b, _ = s.Build()
	p, err = packet.Dissect(b, Dot11Type)
	if err != nil || !p.HasLayer("Raw") || p.NumLayers() > packet.MaxLayers {
		t.Errorf("%v: %d layers", err, p.NumLayers())
	}
	if again, _ := p.Build(); !bytes.Equal(again, b) {
		t.Error("round trip")
	}
}

func TestDot11FCS(t *testing.T) {
	frame := packet.New(NewDot11FCS(), NewDot11Deauth(), NewDot11FCSTrailer())
	frame.Layer(0).(*Dot11).Addr1 = fields.BroadcastMAC
	b, err := frame.Build()
	if err != nil {
		t.Fatal(err)
	}
	n := len(b) - Dot11FCSLen
	if got, want := uint32(b[n])|uint32(b[n+1])<<8|uint32(b[n+2])<<16|uint32(b[n+3])<<24, crc32.ChecksumIEEE(b[:n]); got != want {
		t.Errorf("fcs %08x, want %08x", got, want)
	}
	// link type 105: the FCS is recognised by its CRC
	if Dot11LinkLayer(b) != Dot11FCSType || Dot11LinkLayer(b[:n]) != Dot11Type {
		t.Error("link type 105 guess")
	}
	SetDot11LinkFCS(Dot11FCSNever)
	if Dot11LinkLayer(b) != Dot11Type {
		t.Error("never")
	}
	SetDot11LinkFCS(Dot11FCSAlways)
	if Dot11LinkLayer(b[:n]) != Dot11FCSType {
		t.Error("always")
	}
	SetDot11LinkFCS(Dot11FCSGuess)
	first, ok := packet.FirstLayer(105, b)
	p, err := packet.Dissect(b, first)
	if !ok || err != nil || p.String() != "802.11-FCS Management Deauthentication 00:00:00:00:00:00 (TA=SA) > ff:ff:ff:ff:ff:ff (RA=DA) / Dot11Deauth / Padding" {
		t.Errorf("%v %v", err, p)
	}
	// without a trailer there is no room for the FCS
	_, err = packet.New(NewDot11FCS(), NewDot11Deauth()).Build()
	if !errors.Is(err, ErrNoFCSRoom) {
		t.Errorf("no trailer: %v", err)
	}
	// a set FCS is kept
	d := NewDot11FCS()
	d.FCS = fields.Some[uint32](0xdeadbeef)
	b, err = packet.New(d, NewDot11FCSTrailer()).Build()
	if err != nil || !bytes.HasSuffix(b, []byte{0xef, 0xbe, 0xad, 0xde}) {
		t.Errorf("%v %x", err, b)
	}
}

func TestDot11Truncated(t *testing.T) {
	beacon := hexFrame(t, dot11Frames[1])
	for n := 0; n < len(beacon); n++ {
		p, _ := packet.Dissect(beacon[:n], RadioTapType)
		if b, err := p.Build(); err != nil || !bytes.Equal(b, beacon[:n]) {
			t.Fatalf("%d bytes: %v %v", n, err, p)
		}
	}
	// a truncated element is an error of that element
	p, err := packet.Dissect(beacon[:60], RadioTapType)
	var de *packet.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, packet.ErrTruncated) || !strings.HasPrefix(de.Layer, "Dot11Elt") {
		t.Errorf("%v (%v)", err, p)
	}
}

// eapolTshark: tshark's eapol, eapol key and eap columns for the EAPOL
// frames of tcpdump/eapon1.pcap (RC4 key descriptors, EAP-SIM).
const eapolTshark = `14	1	0	5							1	1	5	1	
17	1	1	0											
18	1	0	5							1	2	5	1	
19	1	0	45							2	2	45	1	1295023820005391@mnc023.mcc295.owlan.org
20	1	0	20							1	16	20	18	
21	1	0	76							2	16	76	18	1295023820005391@mnc023.mcc295.owlan.org
22	1	0	80							1	17	80	18	
23	1	0	28							2	17	28	18	
24	1	0	4							3	0	4		
25	1	3	57	1	13	70782488215707	6aba18850f27ac38ae1aca8253858f26	0x02	5d11315d47c77d8547a020d8cb9d4943					
26	1	3	44	1	13	70782488215708	95f83d2eb953a795b2c8210d76486f4e	0x83	71e17a1e746e3b91df7d7946f7f8caa4					`

func eapolColumns(p *packet.Packet) []string {
	c := make([]string, 14)
	if e, ok := packet.LayerOf[*EAPOL](p); ok {
		c[0], c[1], c[2] = strconv.Itoa(int(e.Version)), strconv.Itoa(int(e.Type.Value)), strconv.Itoa(int(e.Len.Value))
	}
	if k, ok := packet.LayerOf[*EAPOLKey](p); ok {
		c[3], c[4], c[5] = strconv.Itoa(int(k.DescriptorType)), strconv.Itoa(int(k.KeyLength)), strconv.FormatUint(k.ReplayCounter, 10)
		c[6], c[7], c[8] = hex.EncodeToString(k.IV[:]), fmt.Sprintf("0x%02x", k.RC4KeyIndex), hex.EncodeToString(k.Signature[:])
	}
	if e, ok := packet.LayerOf[*EAP](p); ok {
		c[9], c[10], c[11] = strconv.Itoa(int(e.Code)), strconv.Itoa(int(e.ID)), strconv.Itoa(int(e.Len.Value))
		if eapHasType(e) {
			c[12] = strconv.Itoa(int(e.Type))
			if e.Code == EAPResponse && e.Type == 1 {
				c[13] = string(e.Data)
			}
		}
	}
	return c
}

func TestEAPOLCorpusTshark(t *testing.T) {
	path := filepath.Join(dot11CorpusDir, "tcpdump/eapon1.pcap")
	r, err := pcap.Open(path)
	if err != nil {
		t.Skipf("corpus capture: %v", err)
	}
	defer r.Close()
	want := map[int]string{}
	for _, row := range strings.Split(eapolTshark, "\n") {
		f := strings.SplitN(row, "\t", 2)
		n, _ := strconv.Atoi(f[0])
		want[n] = strings.TrimRight(f[1], "\t")
	}
	seen := 0
	for n := 1; ; n++ {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		w, ok := want[n]
		if !ok {
			continue
		}
		seen++
		p, err := packet.Dissect(data, EthernetType)
		if err != nil || p.HasLayer("Raw") {
			t.Errorf("#%d: %v %v", n, err, p)
		}
		got := strings.TrimRight(strings.Join(eapolColumns(p), "\t"), "\t")
		if e, ok := packet.LayerOf[*EAP](p); ok && e.Type == 18 {
			// tshark reads the identity attribute of EAP-SIM; we keep
			// EAP method data as bytes
			w = strings.TrimRight(strings.Join(strings.Split(w, "\t")[:13], "\t"), "\t")
		}
		if got != w {
			t.Errorf("#%d:\n ours %q\n want %q", n, got, w)
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d frames seen", seen, len(want))
	}
}

// eapolKeyWPAInduction is frame 87 of Wireshark's wpa-Induction.pcap, the
// first message of a WPA2 4-way handshake (from gopacket's
// layers/eapol_test.go), with an Ethernet header in front.
const eapolKeyWPAInduction = "000c4182b2550013465fe2f4888e" +
	"0203007502008a001000000000000000003e8e967dacd960324cac5b6aa721235bf57b949771c867989f49d04ed47c69330000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016dd14000fac04592da88096c461da246c69001e877f3d"

func TestEAPOLKeyRSN(t *testing.T) {
	data := hexFrame(t, eapolKeyWPAInduction)
	p, err := packet.Dissect(data, EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := packet.LayerOf[*EAPOLKey](p)
	if !ok {
		t.Fatalf("%v", p)
	}
	// tshark: version 2, type 3, length 117, descriptor 2, key info 0x008a
	// (message 1), key length 16, replay counter 0, nonce 3e8e..6933, data
	// length 22 (the PMKID KDE 592da88096c461da246c69001e877f3d).
	e, _ := packet.LayerOf[*EAPOL](p)
	if e.Version != 2 || e.Type.Value != 3 || e.Len.Value != 117 || k.DescriptorType != 2 || k.KeyInfo() != 0x008a ||
		k.HandshakeMessage() != 1 || k.KeyLength != 16 || k.ReplayCounter != 0 ||
		hex.EncodeToString(k.Nonce[:]) != "3e8e967dacd960324cac5b6aa721235bf57b949771c867989f49d04ed47c6933" ||
		k.KeyDataLength.Value != 22 || !bytes.HasSuffix(k.KeyData, hexFrame(t, "592da88096c461da246c69001e877f3d")) {
		t.Errorf("%s", p.Show())
	}
	if p.String() != "Ethernet / EAPOL / EAPOL_KEY message 1 of 4" {
		t.Errorf("%v", p)
	}
	if b, _ := p.Build(); !bytes.Equal(b, data) {
		t.Error("round trip")
	}
	for name, want := range map[string]any{"key_ack": uint8(1), "has_key_mic": uint8(0), "key_type": uint8(1),
		"key_descriptor_type_version": uint8(2), "key_data_length": uint16(22)} {
		if got, err := k.Get(name); err != nil || got != want {
			t.Errorf("%s = %v %v", name, got, err)
		}
	}
}

func TestDot11Bindings(t *testing.T) {
	for _, c := range []struct {
		up   packet.LayerType
		want uint64
	}{{Dot11BeaconType, 0x08}, {Dot11ProbeReqType, 0x04}, {Dot11AuthType, 0x0b}, {Dot11DeauthType, 0x0c},
		{Dot11ActionType, 0x0d}, {LLCType, 0x20}, {Dot11QoSType, 0x2c}, {Dot11BlockAckType, 0x19}} {
		if v, ok := packet.BindValue(Dot11Type, c.up, "type_subtype"); !ok || v != c.want {
			t.Errorf("%v: %#x %v", c.up, v, ok)
		}
	}
	if packet.NextLayer(EAPOLType, "type", 3) != EAPOLKeyType || packet.NextLayer(EthernetType, "type", EtherTypeEAPOL) != EAPOLType {
		t.Error("eapol bindings")
	}
	for _, lt := range []uint32{119, 163, 192} {
		if first, ok := packet.FirstLayer(lt, []byte{1, 2}); !ok || first != RawType {
			t.Errorf("link type %d: %v %v", lt, first, ok)
		}
	}
	if packet.Lookup("802.11") != dot11Proto || packet.Lookup("Dot11FCS") != dot11FCSProto || packet.Lookup("EAPOL-Key") != eapolKeyProto {
		t.Error("names")
	}
}

// TestDot11CapabilitiesTshark checks the VHT and HE capability readers on
// a beacon built with such elements; tshark reads the same values (the
// committed expectations below come from tshark 4).
func TestDot11CapabilitiesTshark(t *testing.T) {
	vht := hexFrame(t, "b2798233faff0000faff0020")                                // info 0x338279b2, maps 0xfffa, tx highest 0x2000 (ext NSS BW)
	he := hexFrame(t, "23"+"0d0000000000"+"4420400000000000000000"+"faff"+"faff") // MAC, PHY (40/80 MHz in 2.4/5 GHz), maps
	b, err := packet.New(NewRadioTap(), &Dot11{Addr1: fields.BroadcastMAC}, NewDot11Beacon(), NewDot11EltSSID("caps"),
		NewDot11Elt(Dot11EltIDVHTCapabilities, vht), NewDot11Elt(Dot11EltIDExtension, he)).Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := packet.Dissect(b, RadioTapType)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := p.Layer(4).(*Dot11Elt).VHTCapabilities()
	h, ok := p.Layer(5).(*Dot11Elt).HECapabilities()
	if !ok || v.Info != 0x338279b2 || v.RxMCSMap != 0xfffa || v.TxHighest != 0x2000 || h.RxMCSMap80() != 0xfffa || h.PHY[0] != 0x44 {
		t.Errorf("vht %+v he %+v", v, h)
	}
	// bits of 0x338279b2: max MPDU 2, channel widths 0, RX LDPC 1, short
	// GI 80 1, TX STBC 1, RX STBC 1, SU beamformer 1, SU beamformee 1,
	// beamformee STS 3, max A-MPDU exponent 7
	for name, want := range map[string]uint64{"max_mpdu_length": 2, "rx_ldpc": 1, "short_gi_80": 1, "short_gi_160": 0,
		"tx_stbc": 1, "rx_stbc": 1, "su_beamformer": 1, "su_beamformee": 1, "beamformee_sts": 3, "max_a_mpdu_length_exp": 7,
		"rx_mcs_map": 0xfffa} {
		if got, _ := p.Layer(4).Get(name); got != want {
			t.Errorf("%s = %v, want %d", name, got, want)
		}
	}
	if got, _ := p.Layer(5).Get("channel_width_set"); got != uint64(0x22) {
		t.Errorf("channel width set %v", got)
	}
	tsharkCheck(t, b, map[string]string{"wlan.vht.capabilities": "0x338279b2", "wlan.vht.capabilities.maxmpdulength": "0x00000002",
		"wlan.vht.capabilities.short80": "1", "wlan.vht.capabilities.maxampdu": "0x00000007", "wlan.vht.mcsset.rxmcsmap": "0xfffa",
		"wlan.ext_tag.number": "35", "wlan.ext_tag.he_mac_caps": "0x000000000000000d", "wlan.ssid": "63617073"})
}

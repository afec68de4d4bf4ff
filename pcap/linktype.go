package pcap

import "strconv"

// LinkType is a LINKTYPE_ value of the tcpdump.org registry: it names the
// link-layer header at the start of every packet of an interface. Classic
// pcap files keep 16 bits of it in their header; pcapng interface
// description blocks carry it per interface.
type LinkType uint16

// Common link types. Values are the LINKTYPE_ numbers written in files
// (which differ from some platforms' DLT_ numbers, e.g. LinkTypeRaw).
const (
	LinkTypeNull                  LinkType = 0   // BSD loopback: 4-byte host-order address family
	LinkTypeEthernet              LinkType = 1   // IEEE 802.3 Ethernet
	LinkTypeAX25                  LinkType = 3   // AX.25
	LinkTypeIEEE8025              LinkType = 6   // IEEE 802.5 Token Ring
	LinkTypeARCNetBSD             LinkType = 7   // ARCNET, BSD style
	LinkTypeSLIP                  LinkType = 8   // SLIP
	LinkTypePPP                   LinkType = 9   // PPP, RFC 1661
	LinkTypeFDDI                  LinkType = 10  // FDDI
	LinkTypePPPHDLC               LinkType = 50  // PPP in HDLC-like framing
	LinkTypePPPEther              LinkType = 51  // PPPoE session
	LinkTypeATMRFC1483            LinkType = 100 // RFC 1483 LLC/SNAP over ATM
	LinkTypeRaw                   LinkType = 101 // raw IPv4 or IPv6
	LinkTypeCHDLC                 LinkType = 104 // Cisco HDLC
	LinkTypeIEEE80211             LinkType = 105 // IEEE 802.11 without radio header
	LinkTypeATMCLIP               LinkType = 106 // Linux classical IP over ATM
	LinkTypeFrameRelay            LinkType = 107 // Frame Relay
	LinkTypeLoop                  LinkType = 108 // OpenBSD loopback: 4-byte network-order address family
	LinkTypeEnc                   LinkType = 109 // OpenBSD IPsec encapsulation
	LinkTypeLinuxSLL              LinkType = 113 // Linux cooked capture v1
	LinkTypeLTalk                 LinkType = 114 // Apple LocalTalk
	LinkTypePFLog                 LinkType = 117 // OpenBSD pflog
	LinkTypePrism                 LinkType = 119 // 802.11 with Prism header
	LinkTypeIPOverFC              LinkType = 122 // IP over Fibre Channel
	LinkTypeSunATM                LinkType = 123 // SunATM
	LinkTypeRadiotap              LinkType = 127 // 802.11 with radiotap header
	LinkTypeARCNetLinux           LinkType = 129 // ARCNET, Linux style
	LinkTypeJuniperATM1           LinkType = 137 // Juniper ATM1 PIC
	LinkTypeMTP2Phdr              LinkType = 139 // SS7 MTP2 with pseudo-header
	LinkTypeMTP2                  LinkType = 140 // SS7 MTP2
	LinkTypeMTP3                  LinkType = 141 // SS7 MTP3
	LinkTypeSCCP                  LinkType = 142 // SS7 SCCP
	LinkTypeDOCSIS                LinkType = 143 // DOCSIS MAC frames
	LinkTypeLinuxIRDA             LinkType = 144 // Linux IrDA
	LinkTypeUser0                 LinkType = 147 // first of the 16 private-use types USER0..USER15
	LinkTypeUser15                LinkType = 162 // last private-use type
	LinkTypeAVS                   LinkType = 163 // 802.11 with AVS header
	LinkTypePPPPPPD               LinkType = 166 // PPP with direction flag (pppd)
	LinkTypeGPRSLLC               LinkType = 169 // GPRS LLC
	LinkTypeLinuxLAPD             LinkType = 177 // LAPD with Linux vISDN header
	LinkTypeJuniperEther          LinkType = 178 // Juniper Ethernet
	LinkTypeBluetoothHCIH4        LinkType = 187 // Bluetooth HCI UART
	LinkTypeUSBLinux              LinkType = 189 // USB with Linux header
	LinkTypePPI                   LinkType = 192 // Per-Packet Information
	LinkTypeIEEE802154            LinkType = 195 // IEEE 802.15.4 with FCS
	LinkTypeERF                   LinkType = 197 // Endace ERF
	LinkTypeBluetoothHCIH4Phdr    LinkType = 201 // Bluetooth HCI UART with direction header
	LinkTypeIEEE802154NonASK      LinkType = 215 // IEEE 802.15.4 with non-ASK PHY data
	LinkTypeUSBLinuxMmapped       LinkType = 220 // USB with padded Linux header
	LinkTypeFC2                   LinkType = 224 // Fibre Channel FC-2
	LinkTypeIPNet                 LinkType = 226 // Solaris ipnet
	LinkTypeCANSocketCAN          LinkType = 227 // CAN with SocketCAN header
	LinkTypeIPv4                  LinkType = 228 // raw IPv4
	LinkTypeIPv6                  LinkType = 229 // raw IPv6
	LinkTypeIEEE802154NoFCS       LinkType = 230 // IEEE 802.15.4 without FCS
	LinkTypeDBus                  LinkType = 231 // D-Bus messages
	LinkTypeDVBCI                 LinkType = 235 // DVB-CI
	LinkTypeNFLog                 LinkType = 239 // Linux netfilter NFLOG
	LinkTypeNetAnalyzer           LinkType = 240 // Hilscher netANALYZER
	LinkTypeIPoIB                 LinkType = 242 // IP over InfiniBand
	LinkTypeMPEG2TS               LinkType = 243 // MPEG-2 transport stream
	LinkTypeInfiniBand            LinkType = 247 // InfiniBand
	LinkTypeSCTP                  LinkType = 248 // SCTP packets without IP header
	LinkTypeUSBPcap               LinkType = 249 // USB with USBPcap header
	LinkTypeBluetoothLELL         LinkType = 251 // Bluetooth LE air interface
	LinkTypeNetlink               LinkType = 253 // Linux netlink
	LinkTypeBluetoothLinuxMonitor LinkType = 254 // Bluetooth Linux monitor
	LinkTypeBluetoothBREDRBB      LinkType = 255 // Bluetooth BR/EDR baseband
	LinkTypeBluetoothLELLPhdr     LinkType = 256 // Bluetooth LE air interface with pseudo-header
	LinkTypeProfibusDL            LinkType = 257 // PROFIBUS data link
	LinkTypePKTAP                 LinkType = 258 // Apple PKTAP
	LinkTypeEPON                  LinkType = 259 // Ethernet with EPON preamble
	LinkTypeISO14443              LinkType = 264 // ISO 14443 contactless messages
	LinkTypeUSBDarwin             LinkType = 266 // USB with Darwin header
	LinkTypeVSock                 LinkType = 271 // Linux vsock
	LinkTypeNordicBLE             LinkType = 272 // Nordic BLE sniffer
	LinkTypeEthernetMPacket       LinkType = 274 // 802.3br mPackets
	LinkTypeLinuxSLL2             LinkType = 276 // Linux cooked capture v2
)

// linkTypeNames are the names libpcap's pcap_datalink_val_to_name (and so
// tcpdump's "link-type" line) gives these values.
var linkTypeNames = map[LinkType]string{
	LinkTypeNull:                  "NULL",
	LinkTypeEthernet:              "EN10MB",
	LinkTypeAX25:                  "AX25",
	LinkTypeIEEE8025:              "IEEE802",
	LinkTypeARCNetBSD:             "ARCNET",
	LinkTypeSLIP:                  "SLIP",
	LinkTypePPP:                   "PPP",
	LinkTypeFDDI:                  "FDDI",
	LinkTypePPPHDLC:               "PPP_SERIAL",
	LinkTypePPPEther:              "PPP_ETHER",
	LinkTypeATMRFC1483:            "ATM_RFC1483",
	LinkTypeRaw:                   "RAW",
	LinkTypeCHDLC:                 "C_HDLC",
	LinkTypeIEEE80211:             "IEEE802_11",
	LinkTypeATMCLIP:               "ATM_CLIP",
	LinkTypeFrameRelay:            "FRELAY",
	LinkTypeLoop:                  "LOOP",
	LinkTypeEnc:                   "ENC",
	LinkTypeLinuxSLL:              "LINUX_SLL",
	LinkTypeLTalk:                 "LTALK",
	LinkTypePFLog:                 "PFLOG",
	LinkTypePrism:                 "PRISM_HEADER",
	LinkTypeIPOverFC:              "IP_OVER_FC",
	LinkTypeSunATM:                "SUNATM",
	LinkTypeRadiotap:              "IEEE802_11_RADIO",
	LinkTypeARCNetLinux:           "ARCNET_LINUX",
	LinkTypeJuniperATM1:           "JUNIPER_ATM1",
	LinkTypeMTP2Phdr:              "MTP2_WITH_PHDR",
	LinkTypeMTP2:                  "MTP2",
	LinkTypeMTP3:                  "MTP3",
	LinkTypeSCCP:                  "SCCP",
	LinkTypeDOCSIS:                "DOCSIS",
	LinkTypeLinuxIRDA:             "LINUX_IRDA",
	LinkTypeAVS:                   "IEEE802_11_RADIO_AVS",
	LinkTypePPPPPPD:               "PPP_PPPD",
	LinkTypeGPRSLLC:               "GPRS_LLC",
	LinkTypeLinuxLAPD:             "LINUX_LAPD",
	LinkTypeJuniperEther:          "JUNIPER_ETHER",
	LinkTypeBluetoothHCIH4:        "BLUETOOTH_HCI_H4",
	LinkTypeUSBLinux:              "USB_LINUX",
	LinkTypePPI:                   "PPI",
	LinkTypeIEEE802154:            "IEEE802_15_4",
	LinkTypeERF:                   "ERF",
	LinkTypeBluetoothHCIH4Phdr:    "BLUETOOTH_HCI_H4_WITH_PHDR",
	LinkTypeIEEE802154NonASK:      "IEEE802_15_4_NONASK_PHY",
	LinkTypeUSBLinuxMmapped:       "USB_LINUX_MMAPPED",
	LinkTypeFC2:                   "FC_2",
	LinkTypeIPNet:                 "IPNET",
	LinkTypeCANSocketCAN:          "CAN_SOCKETCAN",
	LinkTypeIPv4:                  "IPV4",
	LinkTypeIPv6:                  "IPV6",
	LinkTypeIEEE802154NoFCS:       "IEEE802_15_4_NOFCS",
	LinkTypeDBus:                  "DBUS",
	LinkTypeDVBCI:                 "DVB_CI",
	LinkTypeNFLog:                 "NFLOG",
	LinkTypeNetAnalyzer:           "NETANALYZER",
	LinkTypeIPoIB:                 "IPOIB",
	LinkTypeMPEG2TS:               "MPEG_2_TS",
	LinkTypeInfiniBand:            "INFINIBAND",
	LinkTypeSCTP:                  "SCTP",
	LinkTypeUSBPcap:               "USBPCAP",
	LinkTypeBluetoothLELL:         "BLUETOOTH_LE_LL",
	LinkTypeNetlink:               "NETLINK",
	LinkTypeBluetoothLinuxMonitor: "BLUETOOTH_LINUX_MONITOR",
	LinkTypeBluetoothBREDRBB:      "BLUETOOTH_BREDR_BB",
	LinkTypeBluetoothLELLPhdr:     "BLUETOOTH_LE_LL_WITH_PHDR",
	LinkTypeProfibusDL:            "PROFIBUS_DL",
	LinkTypePKTAP:                 "PKTAP",
	LinkTypeEPON:                  "EPON",
	LinkTypeISO14443:              "ISO_14443",
	LinkTypeUSBDarwin:             "USB_DARWIN",
	LinkTypeVSock:                 "VSOCK",
	LinkTypeNordicBLE:             "NORDIC_BLE",
	LinkTypeEthernetMPacket:       "ETHERNET_MPACKET",
	LinkTypeLinuxSLL2:             "LINUX_SLL2",
}

// String returns the libpcap name of the link type as tcpdump prints it
// ("EN10MB", "LINUX_SLL", "IEEE802_11_RADIO", "USER2", ...), or
// "LINKTYPE_<n>" for a value without a known name.
func (lt LinkType) String() string {
	if s, ok := linkTypeNames[lt]; ok {
		return s
	}
	if lt >= LinkTypeUser0 && lt <= LinkTypeUser15 {
		return "USER" + strconv.Itoa(int(lt-LinkTypeUser0))
	}
	return "LINKTYPE_" + strconv.Itoa(int(lt))
}

// Sanity limits on captured lengths, as in Wireshark: 256 KiB for most link
// types, 128 MiB for the few whose records are legitimately larger.
const (
	maxPacketSizeStandard = 256 << 10
	maxPacketSizeLarge    = 128 << 20
)

// maxCaptureLength is the largest captured length accepted for lt.
func maxCaptureLength(lt LinkType) uint32 {
	switch lt {
	case LinkTypeDBus, LinkTypeUSBPcap, LinkTypeUSBLinux, LinkTypeUSBLinuxMmapped, LinkTypeUSBDarwin:
		return maxPacketSizeLarge
	}
	return maxPacketSizeStandard
}

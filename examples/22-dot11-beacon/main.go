// Command dot11-beacon builds 802.11 beacon frames with radiotap headers
// and writes them to a pcap file of link type 127
// (LINKTYPE_IEEE802_11_RADIOTAP), ready for Wireshark, tcpdump or
// goscapy read:
//
//	go run ./examples/22-dot11-beacon beacons.pcap
//	tshark -r beacons.pcap -V -Y wlan.fc.type_subtype==8
//
// The frames: the plain beacon of goscapy.RadioTapBeacon (SSID, rates,
// DSSS channel), a WPA2-personal beacon built layer by layer (radiotap
// channel and rate, TIM, country, RSN with AKM PSK, HT capabilities) and
// the same beacon ending with its frame check sequence (Dot11FCS). Each
// is dissected back and summarised.
//
// It only writes the file named on the command line, and does not replace
// an existing file unless -force is given. Nothing is sent.
//
//example:offline {tmp}/beacons.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	bssid := flag.String("bssid", "02:00:00:00:01:00", "BSSID (the access point's MAC address)")
	ssid := flag.String("ssid", "goscapy", "network name (up to 32 bytes)")
	channel := flag.Uint("channel", 6, "2.4 GHz channel (1-13)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dot11-beacon [-bssid MAC] [-ssid NAME] [-channel N] [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild 802.11 beacons with radiotap headers and write them to a pcap file (link type 127).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *channel < 1 || *channel > 13 {
		flag.Usage()
		os.Exit(2)
	}
	frames, err := beacons(*bssid, *ssid, uint8(*channel))
	if err == nil {
		err = write(flag.Arg(0), *force, frames)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "dot11-beacon: %v\n", err)
		os.Exit(1)
	}
}

// beacons builds the three frames.
func beacons(bssid, ssid string, channel uint8) ([][]byte, error) {
	plain, err := goscapy.RadioTapBeacon(bssid, ssid, channel)
	if err != nil {
		return nil, err
	}
	rsn := layers.DefaultRSNInfo()
	rsn.AKMSuites = []layers.RSNSuite{{OUI: layers.OUIIEEE80211, Type: layers.RSNAKMPSK}}
	rsn.Capabilities = 0
	rsn.HasPMKIDs, rsn.HasGroupMgmtCipher = false, false
	ht := make([]byte, 26)
	ht[0], ht[2], ht[3] = 0x2c, 0x03, 0xff // short GI 20 MHz, SM power save off; A-MPDU 64 KiB; MCS 0-7
	wpa2 := func(fcs bool) ([]byte, error) {
		rt, hdr := goscapy.NewRadioTap(), goscapy.NewDot11()
		if fcs {
			// the radiotap flags say that the frame ends with its FCS
			rt, hdr = rt.Flags(layers.RadioTapFlagFCS), goscapy.NewDot11FCS()
		}
		freq := uint16(2407 + 5*int(channel))
		s := rt.Rate(2).Channel(freq, layers.RadioTapChan2GHz|layers.RadioTapChanCCK).
			Over(hdr.Addr1("ff:ff:ff:ff:ff:ff").Addr2(bssid).Addr3(bssid).Seq(100)).
			Over(goscapy.NewDot11Beacon().Timestamp(uint64(time.Now().UnixMicro())).
				Cap(layers.Dot11CapESS | layers.Dot11CapPrivacy | layers.Dot11CapShortSlot)).
			Over(goscapy.NewDot11EltSSID(ssid)).
			Over(goscapy.NewDot11EltRates(goscapy.Dot11BeaconRates...)).
			Over(goscapy.NewDot11EltDSSSet(channel)).
			Over(goscapy.NewDot11EltTIM(layers.Dot11TIM{DTIMPeriod: 1, VirtualBitmap: []byte{0}})).
			Over(goscapy.NewDot11EltCountry(layers.Dot11Country{String: "DE ",
				Triplets: []layers.Dot11CountryTriplet{{FirstChannel: 1, NumChannels: 13, MaxPower: 20}}})).
			Over(goscapy.NewDot11EltRSN(rsn)).
			Over(goscapy.NewDot11Elt(layers.Dot11EltIDHTCapabilities, ht))
		if fcs {
			// the FCS is computed into the 4-byte trailer
			s.Over(goscapy.NewDot11FCSTrailer())
		}
		return s.Build()
	}
	secure, err := wpa2(false)
	if err != nil {
		return nil, err
	}
	withFCS, err := wpa2(true)
	if err != nil {
		return nil, err
	}
	frames := [][]byte{plain, secure, withFCS}
	for i, f := range frames {
		p, err := goscapy.DissectAs(f, layers.RadioTapType)
		if err != nil {
			return nil, fmt.Errorf("frame %d does not dissect: %w", i+1, err)
		}
		fmt.Printf("%d: %d bytes: %v\n", i+1, len(f), p)
		if e, ok := rsnOf(p); ok {
			fmt.Printf("   RSN: group cipher %s, %d pairwise cipher(s), AKM suite type %d\n",
				layers.RSNCipherNames[uint64(e.GroupCipher.Type)], len(e.PairwiseCiphers), e.AKMSuites[0].Type)
		}
	}
	return frames, nil
}

func rsnOf(p *packet.Packet) (layers.RSNInfo, bool) {
	for _, l := range p.Layers() {
		if e, ok := l.(*layers.Dot11Elt); ok && e.ID == layers.Dot11EltIDRSN {
			r, err := e.RSN()
			return r, err == nil
		}
	}
	return layers.RSNInfo{}, false
}

func write(path string, force bool, frames [][]byte) error {
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	if err != nil {
		return err
	}
	const radiotap = pcap.LinkType(127) // LINKTYPE_IEEE802_11_RADIOTAP
	w, err := pcap.NewWriter(f, radiotap)
	if err != nil {
		f.Close()
		return err
	}
	t := time.Now()
	for _, frame := range frames {
		ci := pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: radiotap}
		if err := w.WritePacket(ci, frame); err != nil {
			f.Close()
			return err
		}
		t = t.Add(102400 * time.Microsecond) // one beacon interval
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d beacons to %s\n", len(frames), path)
	return nil
}

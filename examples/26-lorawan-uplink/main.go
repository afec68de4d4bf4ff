// Lorawan-uplink decodes LoRaWAN 1.0.x/1.1 PHYPayloads, given as hex or
// base64 (as network servers and gateways log them), one per argument or
// one per line of standard input: message type, DevAddr, frame control,
// frame counter, MAC commands (FOpts), FPort and the still encrypted
// FRMPayload, the MIC; join requests with their EUIs and nonce.
//
//	go run ./examples/26-lorawan-uplink 40F17DBE4900020001954378762B11FF0D
//	echo QPF9vkkAAgABlUN4disR/w0= | go run ./examples/26-lorawan-uplink
//
// The MIC is shown, not verified, and the payload is not decrypted: that
// needs the device's session keys.
//
//example:offline 40F17DBE4900020001954378762B11FF0D
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func main() {
	args := os.Args[1:]
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(os.Stderr, "usage: lorawan-uplink [HEX|BASE64 ...]  (or one per line on stdin)")
		os.Exit(0)
	}
	if len(args) == 0 {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if s := strings.TrimSpace(sc.Text()); s != "" {
				args = append(args, s)
			}
		}
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: lorawan-uplink [HEX|BASE64 ...]  (or one per line on stdin)")
		os.Exit(2)
	}
	status := 0
	dec := packet.NewDecoder(layers.LoRaWANType)
	for _, a := range args {
		b, err := hex.DecodeString(a)
		if err != nil {
			b, err = base64.StdEncoding.DecodeString(a)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "lorawan-uplink: %q is neither hex nor base64\n", a)
			status = 1
			continue
		}
		p, err := dec.Decode(b)
		if err != nil {
			fmt.Fprintf(os.Stderr, "lorawan-uplink: %x: %v\n", b, err)
			status = 1
			continue
		}
		l, ok := packet.LayerOf[*layers.PDU](p)
		if !ok {
			continue
		}
		show(l)
	}
	os.Exit(status)
}

func show(l *layers.PDU) {
	mtype := l.Uint("MType")
	fmt.Printf("%s (major %d)\n", layers.LoRaWANMTypeNames[mtype], l.Uint("Major"))
	switch {
	case mtype >= layers.LoRaWANUnconfirmedDataUp && mtype <= layers.LoRaWANConfirmedDataDown:
		dir := "uplink"
		if mtype == layers.LoRaWANUnconfirmedDataDown || mtype == layers.LoRaWANConfirmedDataDown {
			dir = "downlink"
		}
		fmt.Printf("  %s DevAddr %08X FCnt %d\n", dir, l.Uint("DevAddr"), l.Uint("FCnt"))
		fmt.Printf("  ADR %d ADRACKReq %d ACK %d FPending/ClassB %d FOptsLen %d\n",
			l.Uint("ADR"), l.Uint("ADRACKReq"), l.Uint("ACK"), l.Uint("FPending"), l.Uint("FOptsLen"))
		if o := l.Bytes("FOpts"); len(o) > 0 {
			fmt.Printf("  FOpts (MAC commands) %X\n", o)
		}
		if pl := l.Bytes("FRMPayload"); len(pl) > 0 {
			key := "AppSKey"
			if l.Uint("FPort") == 0 {
				key = "NwkSKey (MAC commands)"
			}
			fmt.Printf("  FPort %d, FRMPayload %X (encrypted with the %s)\n", l.Uint("FPort"), pl, key)
		}
	case mtype == layers.LoRaWANJoinRequest:
		fmt.Printf("  AppEUI/JoinEUI %016X DevEUI %016X DevNonce %04X\n", l.Uint("AppEUI"), l.Uint("DevEUI"), l.Uint("DevNonce"))
	case mtype == layers.LoRaWANJoinAccept:
		fmt.Printf("  encrypted %X\n", l.Bytes("Join_Accept_Encrypted"))
		return
	}
	fmt.Printf("  MIC %08X (not verified)\n", l.Uint("MIC"))
}

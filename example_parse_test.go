package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
)

func ExampleParse() {
	t, err := goscapy.Parse(`IP(src="192.0.2.1", dst="198.18.1.0/31")/TCP(dport=[80,443], flags="S")`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Count(), "packets:", t)
	for _, p := range t.All() {
		fmt.Println(p)
	}
	// Output:
	// 4 packets: IP(src='192.0.2.1', dst=Net("198.18.1.0/31"))/TCP(dport=[80, 443], flags=2)
	// IP / TCP 192.0.2.1:20 > 198.18.1.0:80 S
	// IP / TCP 192.0.2.1:20 > 198.18.1.0:443 S
	// IP / TCP 192.0.2.1:20 > 198.18.1.1:80 S
	// IP / TCP 192.0.2.1:20 > 198.18.1.1:443 S
}

func ExampleParse_error() {
	_, err := goscapy.Parse(`IP(dst="10.0.0.1")/TCP(dport=80, flags="SQ")`)
	fmt.Println(err)
	// Output:
	// column 34: TCP(flags="SQ"): TCP: field flags: invalid field value: "SQ"
}

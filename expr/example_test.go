package expr_test

import (
	"errors"
	"fmt"

	"github.com/goscapy/goscapy/expr"
)

func Example() {
	t, err := expr.Parse(`IP(src="192.0.2.1", dst="198.18.1.0/31", ttl=(1,2))/TCP(dport=[22,443], flags="S")`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Count())
	fmt.Println(t)
	for i, p := range t.All() {
		if i == 3 {
			break
		}
		fmt.Println(i, p)
	}
	// Output:
	// 8
	// IP(ttl=(1, 2), src='192.0.2.1', dst=Net("198.18.1.0/31"))/TCP(dport=[22, 443], flags=2)
	// 0 IP / TCP 192.0.2.1:20 > 198.18.1.0:22 S
	// 1 IP / TCP 192.0.2.1:20 > 198.18.1.0:443 S
	// 2 IP / TCP 192.0.2.1:20 > 198.18.1.0:22 S
}

func ExampleTemplate_Seed() {
	t := expr.MustParse(`IP(src=RandIP("10.0.0.0/8"), dst="192.0.2.1")/UDP(sport=RandShort(), dport=53)`)
	t.Seed(7)
	a, _ := t.First()
	b, _ := t.First()
	fmt.Println(a.String() == b.String(), t.Volatile())
	// Output:
	// true true
}

func ExampleParse_error() {
	_, err := expr.Parse(`Ether()/IP(dst="10.0.0.1", ttl=300)`)
	fmt.Println(err)
	var se *expr.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Col, se.Layer, se.Field)
	}
	// Output:
	// column 28: IP(ttl=300): IP: field ttl: invalid field value: 300 does not fit in 8 bits
	// 28 IP ttl
}

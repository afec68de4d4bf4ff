package lab

import (
	"fmt"
	"io"
	"strings"
)

// Step is one line of the demo's results table.
type Step struct {
	Name   string // "ping", "arp scan", ...
	OK     bool
	Detail string
}

// WriteTable prints steps as an aligned table with a closing count.
func WriteTable(w io.Writer, steps []Step) error {
	var b strings.Builder
	width := len("STEP")
	for _, s := range steps {
		width = max(width, len(s.Name))
	}
	fmt.Fprintf(&b, "%-*s  %-6s  %s\n", width, "STEP", "RESULT", "DETAIL")
	ok := 0
	for _, s := range steps {
		r := "FAIL"
		if s.OK {
			r = "ok"
			ok++
		}
		fmt.Fprintf(&b, "%-*s  %-6s  %s\n", width, s.Name, r, s.Detail)
	}
	fmt.Fprintf(&b, "%d of %d steps passed\n", ok, len(steps))
	_, err := io.WriteString(w, b.String())
	return err
}

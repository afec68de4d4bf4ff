// Command ratios runs every goscapy/gopacket benchmark pair of the bench
// module and prints a table: name, goscapy ns/op, CPU ns/op and allocs/op,
// the same for gopacket, the goscapy/gopacket ratios of wall and CPU time,
// the goal and pass/fail. Pass/fail is judged on the CPU ratio, which a busy
// machine does not skew.
//
//	cd bench && go run ./cmd/ratios [-benchtime 1s] [-count 3] [-best] [-run REGEXP] [-strict]
//
// Each side runs -count times, the two sides alternating; the median of
// each figure is reported, or the smallest with -best. With -strict the command exits with status 1
// when a goal is missed.
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/goscapy/goscapy/bench"
)

func main() {
	testing.Init()
	benchtime := flag.String("benchtime", "1s", "time (or Nx count) per benchmark run")
	count := flag.Int("count", 3, "runs per side; the median is reported")
	best := flag.Bool("best", false, "report each side's fastest run instead of the median")
	run := flag.String("run", "", "only pairs whose name matches this regexp")
	strict := flag.Bool("strict", false, "exit 1 when a goal is missed")
	flag.Parse()
	if err := flag.Set("test.benchtime", *benchtime); err != nil {
		fmt.Fprintln(os.Stderr, "ratios: bad -benchtime:", err)
		os.Exit(2)
	}
	var match func(string) bool
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ratios: bad -run:", err)
			os.Exit(2)
		}
		match = re.MatchString
	}
	rs := bench.Run(*count, *best, match)
	if err := bench.WriteTable(os.Stdout, rs); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
	if *strict {
		for _, r := range rs {
			if r.Status == "FAIL" || r.Status == "error" {
				os.Exit(1)
			}
		}
	}
}

// Command goscapy builds, dissects and shows packets from the command line,
// in the spirit of Scapy.
//
//	goscapy build 'Ether()/IP(dst=10.0.0.1)/TCP(dport=80, flags=S)'
//	goscapy dissect --json ffffffffffff0000000000000800450000...
//
// Each subcommand lives in its own file and adds itself to the command
// table with register. Flags may come before or after the arguments.
// Exit status: 0 success, 1 error (input that could not be used, a decode
// error), 2 usage (unknown flag or subcommand, missing argument). Errors go
// to standard error prefixed "goscapy: "; nothing else does.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	_ "github.com/goscapy/goscapy" // registers the protocol layers
	"github.com/goscapy/goscapy/packet"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// command is one subcommand. run gets the arguments after the subcommand
// name and returns the exit status.
type command struct {
	name, summary string
	run           func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is the table of subcommands; files add theirs with register.
var commands []command

// register adds a subcommand to the table (from an init function).
func register(c command) {
	for _, o := range commands {
		if o.name == c.name {
			panic("goscapy: command " + c.name + " registered twice")
		}
	}
	commands = append(commands, c)
}

func lookupCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func init() {
	register(command{name: "help", summary: "list the commands, or show one command's usage", run: runHelp})
	register(command{name: "version", summary: "print the version", run: runVersion})
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes a command line (without the program name).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printCommands(stdout)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printCommands(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(nil, stdin, stdout, stderr)
	}
	c := lookupCommand(args[0])
	if c == nil {
		if strings.HasPrefix(args[0], "-") {
			return usageError(stderr, "", fmt.Errorf("unknown flag %s before the command", args[0]))
		}
		return usageError(stderr, "", fmt.Errorf("unknown command %q", args[0]))
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func printCommands(w io.Writer) {
	var b strings.Builder
	b.WriteString("goscapy builds, dissects and shows network packets, Scapy-style.\n\n")
	b.WriteString("usage: goscapy COMMAND [flags] [arguments]\n\ncommands:\n")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'goscapy help COMMAND' or 'goscapy COMMAND -h' for a command's usage.\n")
	io.WriteString(w, b.String())
}

func runHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("help")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, "usage: goscapy help [COMMAND]\n\nList the commands, or show the usage of one.\n")
	if !ok {
		return code
	}
	switch len(pos) {
	case 0:
		printCommands(stdout)
		return exitOK
	case 1:
		c := lookupCommand(pos[0])
		if c == nil {
			return usageError(stderr, "help", fmt.Errorf("unknown command %q", pos[0]))
		}
		if c.name == "help" {
			return runHelp([]string{"-h"}, stdin, stdout, stderr)
		}
		return c.run([]string{"-h"}, stdin, stdout, stderr)
	}
	return usageError(stderr, "help", errors.New("too many arguments"))
}

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, "usage: goscapy version\n\nPrint the version of goscapy and of Go it was built with.\n")
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(stderr, "version", errors.New("no arguments expected"))
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 && v == "(devel)" {
				v += " " + s.Value[:12]
			}
		}
	}
	return writeOut(stdout, stderr, fmt.Sprintf("goscapy %s %s %s/%s\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH))
}

// newFlagSet returns a flag set that prints nothing itself: parseArgs
// reports errors and usage.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseArgs parses flags placed anywhere among the arguments ("--" ends the
// flags) and returns the other arguments. On -h or --help it prints usage
// and the flags to stdout; on a bad flag it reports a usage error. ok is
// false when the command should return code at once.
func parseArgs(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, usage string) (pos []string, code int, ok bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			var b strings.Builder
			b.WriteString(usage)
			writeFlags(&b, fs)
			if writeOut(stdout, stderr, b.String()) != exitOK {
				return nil, exitError, false
			}
			return nil, exitOK, false
		}
		if err != nil {
			return nil, usageError(stderr, fs.Name(), err), false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, exitOK, true
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), exitOK, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// writeFlags lists the flags of fs in the usage text.
func writeFlags(b *strings.Builder, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nflags:\n")
			first = false
		}
		name, use := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if len(f.Name) == 1 {
			left = "-" + f.Name
		}
		if name != "" {
			left += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" {
			use += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(b, "  %-14s %s\n", left, use)
	})
	b.WriteString("  -h, --help     show this help\n")
}

// usageError reports a usage error and returns exit status 2.
func usageError(stderr io.Writer, cmd string, err error) int {
	hint := "goscapy help"
	prefix := "goscapy: "
	if cmd != "" {
		hint = "goscapy " + cmd + " -h"
		prefix += cmd + ": "
	}
	fmt.Fprintf(stderr, "%s%v (see '%s')\n", prefix, err, hint)
	return exitUsage
}

// fail reports an error and returns exit status 1.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "goscapy: %v\n", err)
	return exitError
}

// writeOut writes s to stdout and reports a failed write.
func writeOut(stdout, stderr io.Writer, s string) int {
	if _, err := io.WriteString(stdout, s); err != nil {
		return fail(stderr, fmt.Errorf("write output: %w", err))
	}
	return exitOK
}

// outputFlags are the mutually exclusive output forms of build and dissect.
type outputFlags struct {
	show, hex, json, summary bool
}

func (o *outputFlags) register(fs *flag.FlagSet, showUse, hexUse string) {
	fs.BoolVar(&o.show, "show", false, showUse)
	fs.BoolVar(&o.hex, "hex", false, hexUse)
	fs.BoolVar(&o.json, "json", false, "print one JSON object on one line")
	fs.BoolVar(&o.summary, "summary", false, "print a one-line summary")
}

// check reports more than one output form.
func (o *outputFlags) check() error {
	n := 0
	for _, b := range []bool{o.show, o.hex, o.json, o.summary} {
		if b {
			n++
		}
	}
	if n > 1 {
		return errors.New("choose one of --show, --hex, --json, --summary")
	}
	return nil
}

// layerNames lists the registered protocols with their aliases, for usage
// texts and errors.
func layerNames() string {
	var names []string
	for _, p := range packet.Protocols() {
		n := p.Name
		if len(p.Aliases) > 0 {
			n += " (" + strings.Join(p.Aliases, ", ") + ")"
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// wrap breaks text into lines of at most width columns, each indented.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	if len(line) > len(indent) {
		b.WriteString(line + "\n")
	}
	return b.String()
}

package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/packet"
)

// Prompt is the prompt of the interactive mode, Scapy's.
const Prompt = ">>> "

// Interact runs an interactive session on in and out. When in is a
// terminal, lines are edited with golang.org/x/term (history with the up
// and down keys, tab completion); otherwise lines are read and run one by
// one. It returns at the end of input (Ctrl-D; Ctrl-C at the prompt too,
// as golang.org/x/term reports both so), on exit(), or when ctx ends; an
// error of one statement is printed and the session goes on. Ctrl-C
// during a statement interrupts that statement only.
func (s *Shell) Interact(ctx context.Context, in *os.File, out io.Writer) error {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return s.readLines(ctx, in)
	}
	state, err := term.MakeRaw(fd)
	if err != nil {
		return err
	}
	defer term.Restore(fd, state)
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, Prompt)
	if w, h, err := term.GetSize(fd); err == nil && w > 0 && h > 0 {
		t.SetSize(w, h)
	}
	t.AutoCompleteCallback = func(line string, pos int, key rune) (string, int, bool) {
		if key != '\t' {
			return "", 0, false
		}
		return s.Complete(line, pos)
	}
	so, se := s.Out, s.Err
	s.Out, s.Err = t, t
	defer func() { s.Out, s.Err = so, se }()
	fmt.Fprintln(t, "goscapy shell: help() lists the functions, exit() or Ctrl-D ends.")
	for {
		if ctx.Err() != nil {
			return nil
		}
		line, err := t.ReadLine()
		if errors.Is(err, term.ErrPasteIndicator) {
			err = nil // a pasted line runs as a typed one
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				fmt.Fprintln(t)
				return nil
			}
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		// Back in cooked mode while a statement runs, so that Ctrl-C
		// sends SIGINT, which ends the statement.
		term.Restore(fd, state)
		sctx, stop := signal.NotifyContext(ctx, os.Interrupt)
		err = s.Exec(sctx, line)
		stop()
		if _, rerr := term.MakeRaw(fd); rerr != nil {
			return rerr
		}
		if errors.Is(err, ErrExit) {
			return nil
		}
		if err != nil {
			fmt.Fprintln(t, "goscapy: "+err.Error())
		}
	}
}

// Complete completes the word before pos in line: a field name inside a
// layer's parentheses (TCP(dp → TCP(dport=), a method after a variable
// and a dot (p.sh → p.show), else a variable, function or layer name. It
// returns the new line and cursor position; ok is false when there is
// nothing to add. With several candidates it adds their common prefix.
func (s *Shell) Complete(line string, pos int) (newLine string, newPos int, ok bool) {
	if pos < 0 || pos > len(line) {
		return "", 0, false
	}
	start := pos
	for start > 0 && isIdentChar(line[start-1]) {
		start--
	}
	word := line[start:pos]
	cands := s.Candidates(line[:start], word)
	if len(cands) == 0 {
		return "", 0, false
	}
	add := commonPrefix(cands)[len(word):]
	if add == "" {
		return "", 0, false
	}
	return line[:pos] + add + line[pos:], pos + len(add), true
}

// Candidates returns the completions of word, given the text before it.
func (s *Shell) Candidates(before, word string) []string {
	var pool []string
	trimmed := strings.TrimRight(before, " ")
	switch {
	case strings.HasSuffix(before, "."):
		// A method or field of the value before the dot.
		i := len(before) - 1
		j := i
		for j > 0 && isIdentChar(before[j-1]) {
			j--
		}
		if v, ok := s.vars[before[j:i]]; ok {
			for _, m := range Methods(v) {
				pool = append(pool, m+"(")
			}
			if pv, ok := v.(*Packet); ok {
				if p, err := pv.First(); err == nil {
					for _, l := range p.Layers() {
						for _, f := range l.Proto().Fields {
							pool = append(pool, f.Name)
						}
					}
				}
			}
		}
	default:
		if lay := openLayer(trimmed); lay != nil && (strings.HasSuffix(trimmed, "(") || strings.HasSuffix(trimmed, ",")) {
			for _, f := range lay.Fields {
				pool = append(pool, f.Name+"=")
			}
			break
		}
		pool = append(pool, s.Vars()...)
		for _, f := range Functions() {
			pool = append(pool, f+"(")
		}
		for _, p := range packet.Protocols() {
			pool = append(pool, p.Name)
			pool = append(pool, p.Aliases...)
		}
		pool = append(pool, expr.Names()...)
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range pool {
		if strings.HasPrefix(c, word) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// openLayer finds the layer whose parenthesis is open at the end of text.
func openLayer(text string) *packet.Proto {
	depth := 0
	for i := len(text) - 1; i >= 0; i-- {
		switch text[i] {
		case ')', ']':
			depth++
		case '(', '[':
			if depth > 0 {
				depth--
				continue
			}
			if text[i] == '[' {
				return nil
			}
			j := i
			for j > 0 && isIdentChar(text[j-1]) {
				j--
			}
			return packet.Lookup(text[j:i])
		}
	}
	return nil
}

func commonPrefix(l []string) string {
	p := l[0]
	for _, s := range l[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

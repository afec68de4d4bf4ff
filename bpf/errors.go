package bpf

import (
	"errors"
	"fmt"
)

// Sentinel errors; every error returned by this package matches one of
// them with errors.Is.
var (
	// ErrSyntax: the expression does not follow the pcap-filter(7) grammar.
	ErrSyntax = errors.New("syntax error")
	// ErrInvalid: the expression is well formed but meaningless, as libpcap
	// judges it (a port above 65535, 'tcp host', a division by zero, ...).
	ErrInvalid = errors.New("invalid filter")
	// ErrRejectsAll: the expression can never match (libpcap refuses such
	// filters with "expression rejects all packets").
	ErrRejectsAll = errors.New("expression rejects all packets")
	// ErrUnsupported: valid pcap-filter(7) that this package does not
	// compile (host names, protochain, 802.11 or ATM primitives, ...) or a
	// primitive the link type does not support.
	ErrUnsupported = errors.New("unsupported filter")
	// ErrProgram: a BPF program given to NewMatcherProgram is invalid.
	ErrProgram = errors.New("invalid bpf program")
)

// Error describes a problem in a filter expression. Pos is the byte
// offset in the expression where the problem was found (len(expr) at the
// end of the input); Kind is one of the sentinel errors.
type Error struct {
	Kind error
	Pos  int
	Msg  string
}

func (e *Error) Error() string {
	if e.Pos < 0 {
		return fmt.Sprintf("%v: %s", e.Kind, e.Msg)
	}
	return fmt.Sprintf("%v at %d: %s", e.Kind, e.Pos, e.Msg)
}

// Unwrap returns the sentinel kind.
func (e *Error) Unwrap() error { return e.Kind }

func syntaxErr(pos int, format string, args ...any) *Error {
	return &Error{Kind: ErrSyntax, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func invalidErr(pos int, format string, args ...any) *Error {
	return &Error{Kind: ErrInvalid, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func unsupportedErr(pos int, format string, args ...any) *Error {
	return &Error{Kind: ErrUnsupported, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

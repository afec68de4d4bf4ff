package shell

import (
	"errors"
	"fmt"
)

// Error kinds; test with errors.Is.
var (
	// ErrSyntax: text that is not a statement.
	ErrSyntax = errors.New("syntax error")
	// ErrName: a name that is neither a variable, a function nor a layer.
	ErrName = errors.New("undefined name")
	// ErrType: an operation the value does not support.
	ErrType = errors.New("wrong type")
	// ErrArgs: missing, extra or bad arguments to a function.
	ErrArgs = errors.New("bad arguments")
	// ErrIndex: an index out of range or a layer the packet lacks.
	ErrIndex = errors.New("no such item")
	// ErrDisabled: a function refused by a sandboxed shell.
	ErrDisabled = errors.New("disabled")
	// ErrExit is returned by exit() and quit().
	ErrExit = errors.New("exit")
)

// Error is a statement that failed, with its position: Line (1-based,
// 0 when the input is one line) and Col (1-based, in bytes).
type Error struct {
	Line, Col int
	Msg       string
	Err       error // ErrSyntax, ErrName, ... or the error of the operation
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("column %d: %s", e.Col, e.Msg)
}

// Unwrap returns the error kind.
func (e *Error) Unwrap() error { return e.Err }

// posError is an error at a byte offset, before the line and column are
// known.
type posError struct {
	pos int
	msg string
	err error
}

func (e *posError) Error() string { return e.msg }
func (e *posError) Unwrap() error { return e.err }

func errAt(pos int, kind error, format string, a ...any) error {
	return &posError{pos: pos, msg: fmt.Sprintf(format, a...), err: kind}
}

// wrapAt gives err the position pos unless it has one.
func wrapAt(pos int, err error) error {
	var pe *posError
	if err == nil || errors.As(err, &pe) || errors.Is(err, ErrExit) {
		return err
	}
	return &posError{pos: pos, msg: err.Error(), err: err}
}

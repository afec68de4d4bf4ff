package expr

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Errors a SyntaxError may wrap; test with errors.Is.
var (
	// ErrEmpty: the expression holds nothing but white space.
	ErrEmpty = errors.New("empty expression")
	// ErrUnknownLayer: a name that is no registered layer, Scapy class or
	// function.
	ErrUnknownLayer = errors.New("unknown layer")
	// ErrNoField: a layer has no field of that name.
	ErrNoField = errors.New("no such field")
	// ErrBadValue: a value the field cannot hold.
	ErrBadValue = errors.New("invalid value")
	// ErrSyntax: text that is not an expression.
	ErrSyntax = errors.New("syntax error")
)

// SyntaxError is an expression that cannot be used: its text, the 1-based
// column (in characters) where the problem is, and a message. Layer and
// Field name the layer and field concerned, when there is one.
type SyntaxError struct {
	Col   int
	Msg   string
	Layer string
	Field string
	Err   error // ErrSyntax, ErrUnknownLayer, ErrNoField, ErrBadValue, ErrEmpty, or the field's own error
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// Unwrap returns the error kind.
func (e *SyntaxError) Unwrap() error { return e.Err }

// column converts a byte offset of s to a 1-based character column.
func column(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	if off < 0 {
		off = 0
	}
	return utf8.RuneCountInString(s[:off]) + 1
}

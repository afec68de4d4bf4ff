package goscapy_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEveryEntryPointHasExample checks that the public API of the main
// packages is documented with runnable (or at least compiled) Example
// functions, as https://go.dev/blog/examples describes them.
//
// For each package it reads every non-test .go file of the directory,
// whatever its build constraints (file_linux.go and file_other.go both
// count), and every _test.go file for the examples, and lets go/doc
// attach each Example function to the identifier its name refers to.
//
// The rule:
//
//   - Every exported function, including the constructors go/doc groups
//     under the type they return (NewWriter under Writer, say), needs an
//     example of its own: ExampleF or ExampleF_suffix.
//   - Every exported type needs at least one of: ExampleT (or
//     ExampleT_suffix), an example of one of its methods
//     (ExampleT_Method), or an example of one of the functions go/doc
//     groups under it, that is, a function returning a T or a *T.
//   - Methods need not each have their own example.
//
// Constants and variables are not checked.
func TestEveryEntryPointHasExample(t *testing.T) {
	for _, dir := range []string{".", "packet", "pcap", "bpf", "sendrecv", "sniff"} {
		name := dir
		if dir == "." {
			name = "goscapy"
		}
		t.Run(name, func(t *testing.T) {
			missing, err := missingExamples(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(missing) > 0 {
				t.Errorf("%d exported identifiers of %s have no example:\n\t%s",
					len(missing), name, strings.Join(missing, "\n\t"))
			}
		})
	}
}

// missingExamples returns the exported functions and types of the package
// in dir that the rule of TestEveryEntryPointHasExample leaves
// undocumented, sorted.
func missingExamples(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	pkgName := ""
	for _, e := range entries {
		fn := e.Name()
		if e.IsDir() || !strings.HasSuffix(fn, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, fn), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(fn, "_test.go") {
			// Generators and other "//go:build ignore" programs are
			// package main beside the library: leave them out.
			if f.Name.Name == "main" {
				continue
			}
			if pkgName == "" {
				pkgName = f.Name.Name
			}
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/goscapy/goscapy/"+dir)
	if err != nil {
		return nil, err
	}

	var missing []string
	for _, f := range p.Funcs {
		if len(f.Examples) == 0 {
			missing = append(missing, "func "+f.Name)
		}
	}
	for _, typ := range p.Types {
		covered := len(typ.Examples) > 0
		for _, m := range typ.Methods {
			covered = covered || len(m.Examples) > 0
		}
		for _, f := range typ.Funcs {
			if len(f.Examples) == 0 {
				missing = append(missing, "func "+f.Name)
			} else {
				covered = true
			}
		}
		if !covered {
			missing = append(missing, "type "+typ.Name)
		}
	}
	slices.Sort(missing)
	return missing, nil
}

package goscapy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestBuildersWithOwnLayersOptOut checks that every builder embedding base
// and declaring its own Layers also declares layerAndErr (returning ok
// false): otherwise Stack.Over would take base's single layer and skip
// the builder's Layers.
func TestBuildersWithOwnLayersOptOut(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	embedsBase := map[string]bool{}
	methods := map[string]map[string]bool{}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, fl := range st.Fields.List {
						if ix, ok := fl.Type.(*ast.IndexExpr); ok && len(fl.Names) == 0 {
							if id, ok := ix.X.(*ast.Ident); ok && id.Name == "base" {
								embedsBase[ts.Name.Name] = true
							}
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) != 1 {
					continue
				}
				if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok {
						if methods[id.Name] == nil {
							methods[id.Name] = map[string]bool{}
						}
						methods[id.Name][d.Name.Name] = true
					}
				}
			}
		}
	}
	if len(embedsBase) < 20 {
		t.Fatalf("found only %d builders embedding base", len(embedsBase))
	}
	checked := 0
	for typ := range embedsBase {
		if methods[typ]["Layers"] {
			checked++
			if !methods[typ]["layerAndErr"] {
				t.Errorf("%s has its own Layers but no layerAndErr: Stack.Over would skip its Layers", typ)
			}
		}
	}
	if checked < 3 {
		t.Errorf("only %d builders with their own Layers found", checked)
	}
}

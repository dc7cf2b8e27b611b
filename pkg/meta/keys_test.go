package meta

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestKeyPrefixesUnique parses keys.go so that a prefix added later cannot
// silently reuse a byte.
func TestKeyPrefixesUnique(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "prefix") {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a literal", name.Name)
				}
				if other, dup := seen[lit.Value]; dup {
					t.Fatalf("%s and %s share the prefix byte %s", name.Name, other, lit.Value)
				}
				seen[lit.Value] = name.Name
				n++
			}
		}
	}
	if n < 20 {
		t.Fatalf("found %d prefixes; keys.go changed shape", n)
	}
	// The raft log store's keys live in another engine but must not be
	// confused with state keys in a dump either.
	for _, b := range []byte{logKeyPrefix, stableKeyPrefix} {
		if b < 0x20 {
			t.Fatalf("raft store prefix %#x collides with the state's range", b)
		}
	}
}

func TestKeyOrder(t *testing.T) {
	// Big-endian ids: a prefix scan returns versions and parts in order.
	if bytes.Compare(schemaKey(false, int32(1), int32(2), int64(1)), schemaKey(false, int32(1), int32(2), int64(256))) >= 0 {
		t.Fatal("schema versions out of order")
	}
	if bytes.Compare(partKey(int32(1), int32(9)), partKey(int32(1), int32(10))) >= 0 {
		t.Fatal("parts out of order")
	}
	if !bytes.HasPrefix(schemaKey(true, int32(3), int32(4), int64(0)), schemaIDPrefix(true, int32(3), int32(4))) {
		t.Fatal("schema key outside its id prefix")
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct{ in, want []byte }{
		{[]byte{1, 2}, []byte{1, 3}},
		{[]byte{1, 0xff}, []byte{2}},
		{[]byte{0xff, 0xff}, nil},
	} {
		if got := prefixEnd(tc.in); !bytes.Equal(got, tc.want) {
			t.Errorf("prefixEnd(%x) = %x, want %x", tc.in, got, tc.want)
		}
	}
}

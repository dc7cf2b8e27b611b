package meta

import (
	"bytes"
	"testing"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

func TestPasswordHashIsSaltedAndSlow(t *testing.T) {
	a, err := hashPassword("u", "secret", 1000)
	if err != nil {
		t.Fatal(err)
	}
	b, err := hashPassword("u", "secret", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Salt) != saltLen || bytes.Equal(a.Salt, b.Salt) {
		t.Fatalf("salts %x and %x: want distinct %d-byte salts", a.Salt, b.Salt, saltLen)
	}
	if bytes.Equal(a.Hash, b.Hash) {
		t.Fatal("same password hashed twice to the same bytes: salt not used")
	}
	if bytes.Contains(encode(a), []byte("secret")) {
		t.Fatal("stored credential contains the password")
	}
	if a.Iterations != 1000 {
		t.Fatalf("iterations %d, want 1000", a.Iterations)
	}
	d, _ := hashPassword("u", "x", 0)
	if d.Iterations != DefaultHashIterations {
		t.Fatalf("default iterations %d, want %d", d.Iterations, DefaultHashIterations)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"secret", true}, {"Secret", false}, {"secret ", false}, {"", false},
	} {
		if got := checkPassword(a, tc.pw); got != tc.want {
			t.Errorf("checkPassword(%q) = %v, want %v", tc.pw, got, tc.want)
		}
	}
	if checkPassword(nil, "secret") || checkPassword(&gmeta.UserAuth{}, "") {
		t.Fatal("an empty credential accepted a password")
	}
}

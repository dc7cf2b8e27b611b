package gctune

import (
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestLazyFreeEnv(t *testing.T) {
	for _, c := range []struct {
		name    string
		env     []string
		want    []string
		changed bool
	}{
		{name: "no GODEBUG", env: []string{"HOME=/root"},
			want: []string{"HOME=/root", "GODEBUG=madvdontneed=0"}, changed: true},
		{name: "empty GODEBUG", env: []string{"GODEBUG=", "A=1"},
			want: []string{"GODEBUG=madvdontneed=0", "A=1"}, changed: true},
		{name: "other settings kept", env: []string{"GODEBUG=gctrace=1,http2client=0"},
			want: []string{"GODEBUG=madvdontneed=0,gctrace=1,http2client=0"}, changed: true},
		{name: "operator's madvdontneed=1 wins", env: []string{"GODEBUG=gctrace=1,madvdontneed=1"},
			want: []string{"GODEBUG=gctrace=1,madvdontneed=1"}},
		{name: "already set", env: []string{"GODEBUG=madvdontneed=0"},
			want: []string{"GODEBUG=madvdontneed=0"}},
		{name: "a look-alike key is not it", env: []string{"GODEBUG=xmadvdontneed=1"},
			want: []string{"GODEBUG=madvdontneed=0,xmadvdontneed=1"}, changed: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, changed := LazyFreeEnv(slices.Clone(c.env))
			if changed != c.changed || !slices.Equal(got, c.want) {
				t.Fatalf("LazyFreeEnv(%q) = %q, %v; want %q, %v", c.env, got, changed, c.want, c.changed)
			}
		})
	}
}

// TestLazyFreeReexec runs this test binary as a child that calls
// LazyFree and prints the GODEBUG it ends up with: the re-executed child
// (same pid, same arguments) must see madvdontneed=0, and an operator's
// own choice must survive.
func TestLazyFreeReexec(t *testing.T) {
	if os.Getenv("GCTUNE_LAZYFREE_CHILD") == "1" {
		LazyFree()
		os.Stdout.WriteString("GODEBUG=" + os.Getenv("GODEBUG") + "\n")
		os.Exit(0)
	}
	if runtime.GOOS != "linux" {
		t.Skip("LazyFree re-executes only on Linux")
	}
	for _, c := range []struct{ godebug, want string }{
		{"", "GODEBUG=madvdontneed=0"},
		{"gctrace=0", "GODEBUG=madvdontneed=0,gctrace=0"},
		{"madvdontneed=1", "GODEBUG=madvdontneed=1"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLazyFreeReexec$")
		env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GODEBUG=") })
		cmd.Env = append(env, "GCTUNE_LAZYFREE_CHILD=1", "GODEBUG="+c.godebug)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("child with GODEBUG=%q: %v", c.godebug, err)
		}
		if got := strings.TrimSpace(string(out)); got != c.want {
			t.Errorf("child with GODEBUG=%q printed %q, want %q", c.godebug, got, c.want)
		}
	}
}

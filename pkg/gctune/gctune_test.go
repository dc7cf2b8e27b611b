package gctune

import (
	"runtime/debug"
	"testing"
)

func TestApply(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, c := range []struct {
		name      string
		env       map[string]string
		want      int
		unchanged bool
	}{
		{name: "default", want: DefaultPercent},
		{name: "operator's GOGC wins", env: map[string]string{"GOGC": "50"}, unchanged: true},
		{name: "a memory limit leaves GOGC alone", env: map[string]string{"GOMEMLIMIT": "1GiB"}, unchanged: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			debug.SetGCPercent(77)
			got := Apply()
			if c.unchanged {
				if got != 77 || currentPercent() != 77 {
					t.Fatalf("Apply changed GOGC to %d (reported %d), want it left at 77", currentPercent(), got)
				}
				return
			}
			if got != c.want || currentPercent() != c.want {
				t.Fatalf("Apply: reported %d, in effect %d, want %d", got, currentPercent(), c.want)
			}
		})
	}
}

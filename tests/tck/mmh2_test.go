package tck

import "testing"

func TestMurmurHash2(t *testing.T) {
	// Values from the reference runner's own self-test.
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"hello", 2762169579135187400},
		{"World", -295471233978816215},
		{"Hello World", 2146989006636459346},
		{"Hello Wo", -821961639117166431},
	} {
		if got := murmurHash2([]byte(c.in)); got != c.want {
			t.Errorf("murmurHash2(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

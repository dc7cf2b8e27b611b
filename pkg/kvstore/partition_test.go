package kvstore

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// The expected hashes are std::hash<std::string> of libstdc++ on x86-64
// (the MurmurHash64A that NebulaGraph's MurmurHash2 reproduces), computed
// with g++ 12.
func TestMurmurHash64AKnownValues(t *testing.T) {
	cases := []struct {
		in   string
		want uint64
	}{
		{"", 6142509188972423790},
		{"a", 4993892634952068459},
		{"ab", 5498234120169091963},
		{"abc", 3663726644998027833},
		{"1234567", 7888703982793837558},
		{"123456789", 12315982496267331008},
		{"player100", 7289597605171850056},
		{"Tim Duncan", 5662213458193308137},
		{"Tony Parker", 10867427900945964992},
		{"Another one bites the dust", 9417861126033035757},
		{"羊羊", 10644887344620467790},
	}
	for _, tc := range cases {
		if got := MurmurHash64A([]byte(tc.in)); got != tc.want {
			t.Errorf("MurmurHash64A(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestPartOf(t *testing.T) {
	cases := []struct {
		vid      string
		numParts uint32
		want     uint32
	}{
		{"Tim Duncan", 100, 38},
		{"Tony Parker", 100, 93},
		{"Tony Parker", 10, 3},
		{"player100", 10, 7},
		{"123456789", 100, 9},
		{"", 100, 91},
		// Eight bytes: read as a little-endian integer, not hashed.
		{"abcdefgh", 100, 10},
		// Bytes from the first NUL on are ignored (C-string hashing).
		{"abc\x00zz", 100, 34},
	}
	for _, tc := range cases {
		if got := PartOfString([]byte(tc.vid), tc.numParts); got != tc.want {
			t.Errorf("PartOfString(%q, %d) = %d, want %d", tc.vid, tc.numParts, got, tc.want)
		}
	}
	for _, tc := range []struct {
		vid      int64
		numParts uint32
		want     uint32
	}{
		{1, 100, 2}, {101, 100, 2}, {1001, 100, 2}, {0, 10, 1}, {-1, 100, 16}, {-7, 10, 10},
	} {
		if got := PartOfInt(tc.vid, tc.numParts); got != tc.want {
			t.Errorf("PartOfInt(%d, %d) = %d, want %d", tc.vid, tc.numParts, got, tc.want)
		}
	}
}

func TestCodecPartOfMatchesValues(t *testing.T) {
	i64, _ := NewKeyCodec(VIDInt64, 8)
	for _, v := range []int64{-7, 0, 1, 1 << 40} {
		if got, want := i64.PartOf(mustVID(t, i64, value.NewInt(v)), 10), PartOfInt(v, 10); got != want {
			t.Errorf("int vid %d: PartOf = %d, want %d", v, got, want)
		}
	}
	fs, _ := NewKeyCodec(VIDFixedString, 16)
	for _, v := range []string{"", "Tim Duncan", "abcdefgh", "123456789"} {
		if got, want := fs.PartOf(mustVID(t, fs, value.NewString(v)), 100), PartOfString([]byte(v), 100); got != want {
			t.Errorf("string vid %q: PartOf = %d, want %d", v, got, want)
		}
	}
}

package meta

import (
	"errors"
	"runtime"
	"testing"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// TestDecodeRefusesOversizedClaims: a list, set or map header claiming
// more elements than the input has bytes is corrupt, and is refused before
// the generated reader allocates room for the claim (a fuzzed raft entry
// claiming 2^29 commands once cost the fuzzer's worker gigabytes).
func TestDecodeRefusesOversizedClaims(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
	}{
		// Command field 1 (list<KVOp>), long-form header: 2^29-1 structs.
		{"list of commands", []byte{0x19, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x01}},
		// KVOp-free claim in a nested struct: Command.ops[0].key of 2^28 bytes.
		{"binary field", []byte{0x19, 0x1c, 0x28, 0x80, 0x80, 0x80, 0x80, 0x01}},
		// One element more than the bytes left.
		{"one too many", []byte{0x19, 0x4c, 0x00, 0x00}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var cmd gmeta.Command
			err := decode(c.in, &cmd)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, errCorrupt) {
				t.Fatalf("decode(%x) = %v, want a corrupt-state error", c.in, err)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
				t.Errorf("decode(%x) allocated %d bytes", c.in, grew)
			}
		})
	}
	// A well-formed command still decodes.
	var cmd gmeta.Command
	in := command(true, put("\x02k", "v"))
	if err := decode(in, &cmd); err != nil || len(cmd.Ops) != 1 || string(cmd.Ops[0].Value) != "v" {
		t.Fatalf("decode(%x) = %+v, %v", in, cmd, err)
	}
}

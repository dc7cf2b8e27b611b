package raftex

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

type op struct {
	kind       OpKind
	key, value string
}

func (o op) String() string { return fmt.Sprintf("%s %q %q", o.kind, o.key, o.value) }

func decodeOps(t testing.TB, data []byte) ([]op, error) {
	var ops []op
	err := decodeCommand(data, func(kind OpKind, key, value []byte) error {
		ops = append(ops, op{kind, string(key), string(value)})
		return nil
	})
	return ops, err
}

func TestBatchRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		build func(*Batch)
		want  []op
	}{
		{name: "empty", build: func(*Batch) {}},
		{name: "put", build: func(b *Batch) { b.Put([]byte("k"), []byte("v")) }, want: []op{{OpPut, "k", "v"}}},
		{name: "empty key and value", build: func(b *Batch) { b.Put(nil, nil) }, want: []op{{OpPut, "", ""}}},
		{name: "mixed", build: func(b *Batch) {
			b.Put([]byte("a"), []byte(strings.Repeat("x", 300)))
			b.Delete([]byte("b"))
			b.DeleteRange([]byte("c"), []byte("d"))
		}, want: []op{{OpPut, "a", strings.Repeat("x", 300)}, {OpDelete, "b", ""}, {OpDeleteRange, "c", "d"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b Batch
			tc.build(&b)
			if b.Len() != len(tc.want) {
				t.Fatalf("Len %d, want %d", b.Len(), len(tc.want))
			}
			got, err := decodeOps(t, b.encoded())
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			b.Reset()
			if b.Len() != 0 || len(b.encoded()) != 1 {
				t.Fatal("Reset left writes behind")
			}
		})
	}
}

func TestDecodeCommandErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"empty", nil, "unknown version"},
		{"bad version", []byte{9}, "unknown version"},
		{"bad kind", []byte{commandVersion, 7, 0}, "unknown write kind 7"},
		{"truncated key", []byte{commandVersion, byte(OpPut), 5, 'a'}, "truncated key"},
		{"missing value", []byte{commandVersion, byte(OpPut), 1, 'a'}, "truncated value"},
		{"huge length", []byte{commandVersion, byte(OpDelete), 0xff, 0xff, 0xff, 0xff, 0x0f}, "truncated key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := decodeCommand(tc.data, func(OpKind, []byte, []byte) error { calls++; return nil })
			if !errors.Is(err, ErrBadCommand) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %v, want ErrBadCommand with %q", err, tc.msg)
			}
			if calls != 0 {
				t.Fatalf("%d writes applied from a bad command", calls)
			}
		})
	}
}

// FuzzDecodeCommand: decoding never panics, and whatever decodes encodes
// to bytes that decode to the same writes (not necessarily the same
// bytes: a non-minimal varint length decodes fine).
func FuzzDecodeCommand(f *testing.F) {
	var b Batch
	b.Put([]byte("key"), []byte("value"))
	b.Delete([]byte("gone"))
	b.DeleteRange([]byte("a"), []byte("z"))
	f.Add(b.encoded())
	f.Add([]byte{commandVersion})
	f.Add([]byte{commandVersion, byte(OpPut), 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		ops, err := decodeOps(t, data)
		if err != nil {
			return
		}
		var re Batch
		for _, o := range ops {
			switch o.kind {
			case OpPut:
				re.Put([]byte(o.key), []byte(o.value))
			case OpDelete:
				re.Delete([]byte(o.key))
			case OpDeleteRange:
				re.DeleteRange([]byte(o.key), []byte(o.value))
			}
		}
		again, err := decodeOps(t, re.encoded())
		if err != nil || fmt.Sprint(again) != fmt.Sprint(ops) {
			t.Fatalf("re-encoded %x decodes to %v, %v; want %v", re.encoded(), again, err, ops)
		}
		if len(data) == len(re.encoded()) && !bytes.Equal(re.encoded(), data) {
			t.Fatalf("re-encoded %x, decoded from %x", re.encoded(), data)
		}
	})
}

package raftex

import (
	"encoding/binary"
	"fmt"
)

// OpKind is the kind of one write in a Batch.
type OpKind uint8

// The write kinds. Their numbers are part of the raft log format.
const (
	OpPut         OpKind = 1 // Key = Value
	OpDelete      OpKind = 2 // remove Key
	OpDeleteRange OpKind = 3 // remove every key in [Key, Value)
)

func (k OpKind) String() string {
	switch k {
	case OpPut:
		return "put"
	case OpDelete:
		return "delete"
	case OpDeleteRange:
		return "delete-range"
	}
	return fmt.Sprintf("OpKind(%d)", uint8(k))
}

// commandVersion is the first byte of every proposal's raft log data.
const commandVersion = 1

// Batch is a list of writes proposed to a part as one raft entry; every
// replica applies them atomically and in order. The zero Batch is empty and
// ready to use. A Batch is not safe for concurrent use, and must not be
// changed while Propose is using it.
//
// It is stored in its wire form, documented in format.md: a version
// byte, then per write its kind byte and, as uvarint length + bytes, its key
// and (for put and delete-range) its value or end key.
type Batch struct {
	buf []byte
	n   int
}

// Put sets key to value. Batch copies both.
func (b *Batch) Put(key, value []byte) { b.add(OpPut, key, value) }

// Delete removes key. Batch copies it.
func (b *Batch) Delete(key []byte) { b.add(OpDelete, key, nil) }

// DeleteRange removes every key in [start, end). Batch copies both.
func (b *Batch) DeleteRange(start, end []byte) { b.add(OpDeleteRange, start, end) }

// Len returns the number of writes.
func (b *Batch) Len() int { return b.n }

// Reset empties the batch, keeping its memory.
func (b *Batch) Reset() { b.buf, b.n = b.buf[:0], 0 }

func (b *Batch) add(kind OpKind, key, value []byte) {
	if len(b.buf) == 0 {
		b.buf = append(b.buf, commandVersion)
	}
	b.buf = append(b.buf, byte(kind))
	b.buf = binary.AppendUvarint(b.buf, uint64(len(key)))
	b.buf = append(b.buf, key...)
	if kind != OpDelete {
		b.buf = binary.AppendUvarint(b.buf, uint64(len(value)))
		b.buf = append(b.buf, value...)
	}
	b.n++
}

// encoded returns the wire form; an empty batch is just the version byte.
func (b *Batch) encoded() []byte {
	if len(b.buf) == 0 {
		return []byte{commandVersion}
	}
	return b.buf
}

// decodeCommand calls fn for every write of an encoded Batch, in order. key
// and value alias data. It returns ErrBadCommand (wrapped) for data that is
// not a well-formed Batch, before calling fn for anything: a replica either
// applies a whole entry or none of it.
func decodeCommand(data []byte, fn func(kind OpKind, key, value []byte) error) error {
	if err := walkCommand(data, nil); err != nil {
		return err
	}
	return walkCommand(data, fn)
}

func walkCommand(data []byte, fn func(kind OpKind, key, value []byte) error) error {
	if len(data) == 0 || data[0] != commandVersion {
		return fmt.Errorf("%w: unknown version", ErrBadCommand)
	}
	rest := data[1:]
	field := func() ([]byte, bool) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		f := rest[w : w+int(n) : w+int(n)]
		rest = rest[w+int(n):]
		return f, true
	}
	for len(rest) > 0 {
		kind := OpKind(rest[0])
		rest = rest[1:]
		if kind < OpPut || kind > OpDeleteRange {
			return fmt.Errorf("%w: unknown write kind %d", ErrBadCommand, kind)
		}
		key, ok := field()
		if !ok {
			return fmt.Errorf("%w: truncated key", ErrBadCommand)
		}
		var value []byte
		if kind != OpDelete {
			if value, ok = field(); !ok {
				return fmt.Errorf("%w: truncated value", ErrBadCommand)
			}
		}
		if fn != nil {
			if err := fn(kind, key, value); err != nil {
				return err
			}
		}
	}
	return nil
}

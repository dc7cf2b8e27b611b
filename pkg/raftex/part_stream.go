package raftex

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
)

// Snapshot stream format (format.md): the magic "NGS1"; then per key a
// record byte 1, uvarint key length, key, uvarint value length, value, in
// key order span by span; then a trailer byte 0, the applied index and the
// record count as uvarints, and the CRC-32C of every byte before it
// (4 bytes, little-endian).
var streamMagic = [4]byte{'N', 'G', 'S', '1'}

const (
	streamRecord  = 1
	streamTrailer = 0
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// streamSize returns the exact length of the stream writeStream produces
// from the same snapshot: raft must announce a snapshot's size up front.
func (f *partFSM) streamSize(s EngineSnapshot) (size int64, applied uint64, err error) {
	var count uint64
	size = int64(len(streamMagic))
	err = f.scan(s, func(k, v []byte) error {
		size += 1 + uvarintLen(uint64(len(k))) + int64(len(k)) + uvarintLen(uint64(len(v))) + int64(len(v))
		count++
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	applied, err = f.snapshotApplied(s)
	if err != nil {
		return 0, 0, err
	}
	size += 1 + uvarintLen(applied) + uvarintLen(count) + 4
	return size, applied, nil
}

func (f *partFSM) snapshotApplied(s EngineSnapshot) (uint64, error) {
	v, ok, err := s.Get(f.appliedKey)
	if err != nil || !ok {
		return 0, err
	}
	idx, restoring, err := decodeApplied(v)
	if err == nil && restoring {
		err = fmt.Errorf("part %s: snapshot restore incomplete", f.id)
	}
	return idx, err
}

// scan visits the part's keys, leaving out the applied-index key.
func (f *partFSM) scan(s EngineSnapshot, fn func(k, v []byte) error) error {
	for _, sp := range f.spans {
		err := s.Scan(sp.Start, sp.End, func(k, v []byte) error {
			if string(k) == string(f.appliedKey) {
				return nil
			}
			return fn(k, v)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeStream writes the stream of s to w.
func (f *partFSM) writeStream(s EngineSnapshot, applied uint64, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	h := crc32.New(castagnoli)
	out := io.MultiWriter(bw, h)
	var count uint64
	var hdr []byte
	if _, err := out.Write(streamMagic[:]); err != nil {
		return err
	}
	err := f.scan(s, func(k, v []byte) error {
		hdr = append(hdr[:0], streamRecord)
		hdr = binary.AppendUvarint(hdr, uint64(len(k)))
		if _, err := out.Write(hdr); err != nil {
			return err
		}
		if _, err := out.Write(k); err != nil {
			return err
		}
		hdr = binary.AppendUvarint(hdr[:0], uint64(len(v)))
		if _, err := out.Write(hdr); err != nil {
			return err
		}
		if _, err := out.Write(v); err != nil {
			return err
		}
		count++
		return nil
	})
	if err != nil {
		return err
	}
	hdr = append(hdr[:0], streamTrailer)
	hdr = binary.AppendUvarint(hdr, applied)
	hdr = binary.AppendUvarint(hdr, count)
	if _, err := out.Write(hdr); err != nil {
		return err
	}
	if _, err := bw.Write(binary.LittleEndian.AppendUint32(nil, h.Sum32())); err != nil {
		return err
	}
	return bw.Flush()
}

func uvarintLen(x uint64) int64 {
	var b [binary.MaxVarintLen64]byte
	return int64(binary.PutUvarint(b[:], x))
}

// streamDecoder reads a snapshot stream record by record, checking the
// trailer's count and checksum at the end.
type streamDecoder struct {
	r       *bufio.Reader
	crc     uint32
	count   uint64
	applied uint64
	started bool
	buf     []byte
}

func newStreamDecoder(r io.Reader) *streamDecoder {
	return &streamDecoder{r: bufio.NewReaderSize(r, 256<<10)}
}

// maxStreamField bounds one key or value of a snapshot stream.
const maxStreamField = 1 << 30

// readFull reads the next n bytes (valid until the next call). A length
// read from a corrupt stream can be anything, so the buffer grows with the
// data actually received rather than with the length claimed.
func (d *streamDecoder) readFull(n uint64) ([]byte, error) {
	if n > maxStreamField {
		return nil, fmt.Errorf("%w: field of %d bytes", ErrCorruptSnapshot, n)
	}
	b := d.buf[:0]
	for uint64(len(b)) < n {
		chunk := int(min(n-uint64(len(b)), 1<<20))
		b = slices.Grow(b, chunk)
		if _, err := io.ReadFull(d.r, b[len(b):len(b)+chunk]); err != nil {
			return nil, corrupt(err)
		}
		b = b[:len(b)+chunk]
	}
	d.buf = b
	d.crc = crc32.Update(d.crc, castagnoli, b)
	return b, nil
}

func (d *streamDecoder) uvarint() (uint64, error) {
	x, err := binary.ReadUvarint(byteReaderFunc(func() (byte, error) {
		b, err := d.readFull(1)
		if err != nil {
			return 0, err
		}
		return b[0], nil
	}))
	if err != nil {
		return 0, corrupt(err)
	}
	return x, nil
}

type byteReaderFunc func() (byte, error)

func (f byteReaderFunc) ReadByte() (byte, error) { return f() }

func corrupt(err error) error {
	if errors.Is(err, ErrCorruptSnapshot) {
		return err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: %w", ErrCorruptSnapshot, err)
}

// next returns the next record (valid until the following call), or io.EOF
// after a trailer that checks out.
func (d *streamDecoder) next() (key, value []byte, err error) {
	if !d.started {
		m, err := d.readFull(uint64(len(streamMagic)))
		if err != nil {
			return nil, nil, err
		}
		if string(m) != string(streamMagic[:]) {
			return nil, nil, fmt.Errorf("%w: bad magic %q", ErrCorruptSnapshot, m)
		}
		d.started = true
	}
	kind, err := d.readFull(1)
	if err != nil {
		return nil, nil, err
	}
	switch kind[0] {
	case streamRecord:
		kl, err := d.uvarint()
		if err != nil {
			return nil, nil, err
		}
		k, err := d.readFull(kl)
		if err != nil {
			return nil, nil, err
		}
		key = append([]byte(nil), k...)
		vl, err := d.uvarint()
		if err != nil {
			return nil, nil, err
		}
		if value, err = d.readFull(vl); err != nil {
			return nil, nil, err
		}
		d.count++
		return key, value, nil
	case streamTrailer:
		if d.applied, err = d.uvarint(); err != nil {
			return nil, nil, err
		}
		count, err := d.uvarint()
		if err != nil {
			return nil, nil, err
		}
		want := d.crc
		var sum [4]byte
		if _, err := io.ReadFull(d.r, sum[:]); err != nil {
			return nil, nil, corrupt(err)
		}
		if got := binary.LittleEndian.Uint32(sum[:]); got != want {
			return nil, nil, fmt.Errorf("%w: checksum %08x, want %08x", ErrCorruptSnapshot, got, want)
		}
		if count != d.count {
			return nil, nil, fmt.Errorf("%w: %d records, trailer says %d", ErrCorruptSnapshot, d.count, count)
		}
		return nil, nil, io.EOF
	}
	return nil, nil, fmt.Errorf("%w: bad record kind %d", ErrCorruptSnapshot, kind[0])
}

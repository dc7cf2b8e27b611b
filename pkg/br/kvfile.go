package br

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
)

// A .kv file holds one part's (or the catalog's) key/value pairs in key
// order: the magic, then per pair uvarint(len key) · key · uvarint(len
// value) · value. The manifest records each file's pair count, size and
// CRC-32C, which restore checks before it touches the cluster.
const kvMagic = "NGBRKV1\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// File describes one .kv file of a backup.
type File struct {
	Path    string `json:"path"` // relative to the backup's directory
	Records int64  `json:"records"`
	Bytes   int64  `json:"bytes"`
	CRC32C  uint32 `json:"crc32c"`
}

// kvWriter writes a .kv file; the file is complete only after close.
type kvWriter struct {
	f   *os.File
	w   *bufio.Writer
	crc hash.Hash32
	n   int64
	buf [binary.MaxVarintLen64]byte
}

func createKV(path string) (*kvWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	kw := &kvWriter{f: f, crc: crc32.New(castagnoli)}
	kw.w = bufio.NewWriterSize(io.MultiWriter(f, kw.crc), 1<<20)
	if _, err := kw.w.WriteString(kvMagic); err != nil {
		return nil, errors.Join(fmt.Errorf("write %s: %w", path, err), f.Close())
	}
	return kw, nil
}

func (kw *kvWriter) add(key, value []byte) error {
	for _, b := range [][]byte{key, value} {
		n := binary.PutUvarint(kw.buf[:], uint64(len(b)))
		if _, err := kw.w.Write(kw.buf[:n]); err != nil {
			return fmt.Errorf("write %s: %w", kw.f.Name(), err)
		}
		if _, err := kw.w.Write(b); err != nil {
			return fmt.Errorf("write %s: %w", kw.f.Name(), err)
		}
	}
	kw.n++
	return nil
}

// close flushes and syncs the file and describes it (Path is left to the
// caller).
func (kw *kvWriter) close() (File, error) {
	err := kw.w.Flush()
	if err == nil {
		err = kw.f.Sync()
	}
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = kw.f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := kw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, fmt.Errorf("close %s: %w", kw.f.Name(), err)
	}
	return File{Records: kw.n, Bytes: size, CRC32C: kw.crc.Sum32()}, nil
}

// ErrCorrupt is returned for a .kv file that does not match its manifest
// entry or its format.
var ErrCorrupt = errors.New("corrupt backup file")

// readKV calls fn for every pair of the file at path, in order, and checks
// the file against want. key and value are valid only during the call.
// NB: fn sees the pairs before the checksum is known; call it once with a
// no-op fn to verify a file before acting on its pairs.
func readKV(path string, want File, fn func(key, value []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	crc := crc32.New(castagnoli)
	r := bufio.NewReaderSize(io.TeeReader(f, crc), 1<<20)
	magic := make([]byte, len(kvMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != kvMagic {
		return fmt.Errorf("%s: bad header: %w", path, ErrCorrupt)
	}
	var n int64
	var key, value []byte
	for {
		kl, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: pair %d: %w", path, n, ErrCorrupt)
		}
		if key, err = readBytes(r, kl, key); err != nil {
			return fmt.Errorf("%s: pair %d: %w", path, n, err)
		}
		vl, err := binary.ReadUvarint(r)
		if err != nil {
			return fmt.Errorf("%s: pair %d: %w", path, n, ErrCorrupt)
		}
		if value, err = readBytes(r, vl, value); err != nil {
			return fmt.Errorf("%s: pair %d: %w", path, n, err)
		}
		if err := fn(key, value); err != nil {
			return err
		}
		n++
	}
	if n != want.Records || crc.Sum32() != want.CRC32C {
		return fmt.Errorf("%s: %d pairs, crc32c %08x; the manifest says %d, %08x: %w",
			path, n, crc.Sum32(), want.Records, want.CRC32C, ErrCorrupt)
	}
	return nil
}

// maxPairBytes bounds one key or value read back, so that a corrupt
// length cannot ask for an absurd allocation.
const maxPairBytes = 64 << 20

func readBytes(r io.Reader, n uint64, buf []byte) ([]byte, error) {
	if n > maxPairBytes {
		return nil, fmt.Errorf("length %d: %w", n, ErrCorrupt)
	}
	if uint64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("truncated: %w", ErrCorrupt)
	}
	return buf, nil
}

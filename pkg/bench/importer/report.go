package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// badRows is the bad-row report: a CSV file of (file, line, error, row).
// Safe for concurrent use.
type badRows struct {
	mu struct {
		sync.Mutex
		f *os.File
		w *csv.Writer
		n int64
	}
	path string
}

// newBadRows opens (appending: a resumed import keeps the earlier rows)
// the report at path; an empty path discards bad rows, counting them.
func newBadRows(path string) (*badRows, error) {
	r := &badRows{path: path}
	if path == "" {
		return r, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open bad-row report: %w", err)
	}
	r.mu.f, r.mu.w = f, csv.NewWriter(f)
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		r.mu.w.Write([]string{"file", "line", "error", "row"})
	}
	return r, nil
}

func (r *badRows) add(file string, line int64, err error, row string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mu.n++
	if r.mu.w != nil {
		r.mu.w.Write([]string{file, strconv.FormatInt(line, 10), err.Error(), row})
	}
}

func (r *badRows) count() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mu.n
}

// flush makes the rows so far durable enough for a checkpoint that counts them.
func (r *badRows) flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mu.w == nil {
		return nil
	}
	r.mu.w.Flush()
	return r.mu.w.Error()
}

func (r *badRows) close() error {
	if err := r.flush(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mu.f == nil {
		return nil
	}
	return errors.Join(r.mu.f.Close())
}

// joinRecord is a record as it stood in the file (near enough for a report).
func joinRecord(rec []string, delim rune) string {
	return strings.Join(rec, string(delim))
}

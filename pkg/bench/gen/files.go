package gen

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// outFile is a buffered output file.
type outFile struct {
	f *os.File
	*bufio.Writer
}

func createOut(dir, name string) (*outFile, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("create output: %w", err)
	}
	return &outFile{f: f, Writer: bufio.NewWriterSize(f, 1<<20)}, nil
}

// close flushes and closes; safe on nil.
func (o *outFile) close() error {
	if o == nil {
		return nil
	}
	return errors.Join(o.Flush(), o.f.Close())
}

// createAll creates the named files in dir, closing the ones already made
// when one fails.
func createAll(dir string, names ...string) ([]*outFile, error) {
	out := make([]*outFile, 0, len(names))
	for _, n := range names {
		o, err := createOut(dir, n)
		if err != nil {
			for _, c := range out {
				c.close()
			}
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

package gen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// PostgreSQL output: COPY text-format files and the script that loads
// them into an adjacency table (knows(src, dst) keyed by (src, dst), so a
// vertex's out-edges are one index range, as in a graph store).
const (
	PersonCopy = "person.copy"
	KnowsCopy  = "knows.copy"
	PGSchema   = "pg_load.sql"
)

// PGSink writes PostgreSQL's input.
type PGSink struct {
	dir   string
	files []*outFile
	buf   []byte
}

// NewPGSink creates the COPY files in dir.
func NewPGSink(dir string) (*PGSink, error) {
	files, err := createAll(dir, PersonCopy, KnowsCopy)
	if err != nil {
		return nil, err
	}
	return &PGSink{dir: dir, files: files}, nil
}

// copyEscaper escapes a value for COPY's text format.
var copyEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// Person implements Sink.
func (s *PGSink) Person(p *Person) error {
	b := strconv.AppendInt(s.buf[:0], p.ID, 10)
	for _, f := range []string{p.FirstName, p.LastName, p.Gender, p.Birthday, p.CreationDate, p.LocationIP, p.BrowserUsed} {
		b = append(b, '\t')
		b = append(b, copyEscaper.Replace(f)...)
	}
	s.buf = append(b, '\n')
	_, err := s.files[0].Write(s.buf)
	return err
}

// Knows implements Sink.
func (s *PGSink) Knows(k *Knows) error {
	b := strconv.AppendInt(s.buf[:0], k.Src, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, k.Dst, 10)
	b = append(b, '\t')
	b = append(b, k.CreationDate...)
	s.buf = append(b, '\n')
	_, err := s.files[1].Write(s.buf)
	return err
}

// Close implements Sink: it closes the files and writes the load script.
func (s *PGSink) Close(sum *Summary) error {
	var errs []error
	for _, f := range s.files {
		errs = append(errs, f.close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("write copy files: %w", err)
	}
	if sum == nil {
		return nil
	}
	dir, err := filepath.Abs(s.dir)
	if err != nil {
		return fmt.Errorf("pg load script: %w", err)
	}
	script := fmt.Sprintf(`-- Generated graph: %d persons, %d KNOWS edges, checksum %016x.
-- Load with: psql -v ON_ERROR_STOP=1 -f %s
DROP TABLE IF EXISTS knows;
DROP TABLE IF EXISTS person;
CREATE TABLE person (
  id bigint PRIMARY KEY,
  first_name text NOT NULL, last_name text NOT NULL, gender text NOT NULL,
  birthday date NOT NULL, creation_date timestamp NOT NULL,
  location_ip text NOT NULL, browser_used text NOT NULL
);
CREATE TABLE knows (src bigint NOT NULL, dst bigint NOT NULL, creation_date timestamp NOT NULL);
\copy person FROM '%s'
\copy knows FROM '%s'
ALTER TABLE knows ADD PRIMARY KEY (src, dst);
CREATE INDEX person_first_name ON person (first_name);
ANALYZE;
`, sum.Vertices, sum.Edges, sum.Checksum, filepath.Join(dir, PGSchema),
		filepath.Join(dir, PersonCopy), filepath.Join(dir, KnowsCopy))
	if err := os.WriteFile(filepath.Join(s.dir, PGSchema), []byte(script), 0o644); err != nil {
		return fmt.Errorf("write pg load script: %w", err)
	}
	return nil
}

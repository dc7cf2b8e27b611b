package console

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Dataset is a data directory in the form NebulaGraph's test suite loads:
// a config.yaml naming the space, the schema statements, and CSV files
// mapped column by column to vertex ids, tags, edges and properties.
type Dataset struct {
	Dir   string `yaml:"-"`
	Space struct {
		Name          string `yaml:"name"`
		PartitionNum  int    `yaml:"partitionNum"`
		ReplicaFactor int    `yaml:"replicaFactor"`
		VIDType       string `yaml:"vidType"`
		Charset       string `yaml:"charset"`
		Collate       string `yaml:"collate"`
	} `yaml:"space"`
	Schema string     `yaml:"schema"`
	Files  []DataFile `yaml:"files"`
}

// DataFile maps one CSV file.
type DataFile struct {
	Path       string `yaml:"path"`
	WithHeader bool   `yaml:"withHeader"`
	Type       string `yaml:"type"` // vertex or edge
	Vertex     *struct {
		VID  VIDColumn `yaml:"vid"`
		Tags []struct {
			Name  string       `yaml:"name"`
			Props []PropColumn `yaml:"props"`
		} `yaml:"tags"`
	} `yaml:"vertex"`
	Edge *struct {
		Name   string    `yaml:"name"`
		SrcVID VIDColumn `yaml:"srcVID"`
		DstVID VIDColumn `yaml:"dstVID"`
		Rank   *struct {
			Index int `yaml:"index"`
		} `yaml:"rank"`
		Props []PropColumn `yaml:"props"`
	} `yaml:"edge"`
}

// VIDColumn is the CSV column holding a vertex id; Function, if set (hash),
// is applied to it in the INSERT.
type VIDColumn struct {
	Index    int    `yaml:"index"`
	Type     string `yaml:"type"` // string or int
	Function string `yaml:"function"`
}

// PropColumn is the CSV column holding a property.
type PropColumn struct {
	Name  string `yaml:"name"`
	Type  string `yaml:"type"`
	Index int    `yaml:"index"`
}

// ErrNotDataset is returned by LoadDataset for a directory without config.yaml.
var ErrNotDataset = errors.New("no config.yaml")

// LoadDataset reads dir/config.yaml. Defaults follow NebulaGraph's loader:
// 7 partitions, 1 replica, FIXED_STRING(32) ids, utf8/utf8_bin.
func LoadDataset(dir string) (*Dataset, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotDataset)
	}
	if err != nil {
		return nil, fmt.Errorf("read dataset config: %w", err)
	}
	d := &Dataset{Dir: dir}
	if err := yaml.Unmarshal(raw, d); err != nil {
		return nil, fmt.Errorf("parse %s: %w", filepath.Join(dir, "config.yaml"), err)
	}
	if d.Space.Name == "" {
		return nil, fmt.Errorf("%s: config.yaml names no space", dir)
	}
	if d.Space.PartitionNum == 0 {
		d.Space.PartitionNum = 7
	}
	if d.Space.ReplicaFactor == 0 {
		d.Space.ReplicaFactor = 1
	}
	if d.Space.VIDType == "" {
		d.Space.VIDType = "FIXED_STRING(32)"
	}
	if d.Space.Charset == "" {
		d.Space.Charset = "utf8"
	}
	if d.Space.Collate == "" {
		d.Space.Collate = "utf8_bin"
	}
	for i, f := range d.Files {
		switch {
		case f.Type == "vertex" && f.Vertex != nil:
		case f.Type == "edge" && f.Edge != nil:
		default:
			return nil, fmt.Errorf("%s: file %d (%s): type %q without a matching %q section", dir, i, f.Path, f.Type, f.Type)
		}
	}
	return d, nil
}

// CreateSpace is the statement creating the dataset's space if missing.
func (d *Dataset) CreateSpace() string {
	s := d.Space
	return fmt.Sprintf("CREATE SPACE IF NOT EXISTS %s(partition_num=%d, replica_factor=%d, vid_type=%s, charset=%s, collate=%s)",
		quoteName(s.Name), s.PartitionNum, s.ReplicaFactor, s.VIDType, s.Charset, s.Collate)
}

// SchemaRequest is the schema as one request, its lines joined, as
// NebulaGraph's loader sends it.
func (d *Dataset) SchemaRequest() string {
	var parts []string
	for _, l := range strings.Split(d.Schema, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// insertBatch is how many CSV rows go into one INSERT.
const insertBatch = 100

// Inserts calls emit with the INSERT statements for every file in order,
// up to insertBatch rows each, and first marks each file's first statement
// with first=true (the one worth retrying while new schema settles). It
// stops at the first error from emit or from reading a file.
func (d *Dataset) Inserts(emit func(stmt string, first bool) error) error {
	for _, f := range d.Files {
		if err := d.fileInserts(f, emit); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dataset) fileInserts(f DataFile, emit func(string, bool) error) error {
	path := f.Path
	if !filepath.IsAbs(path) {
		path = filepath.Join(d.Dir, path)
	}
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open data file: %w", err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = -1
	head, rowFn := insertShape(f)
	var batch []string
	first := true
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		stmt := head + " " + strings.Join(batch, ", ")
		batch = batch[:0]
		err := emit(stmt, first)
		first = false
		return err
	}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if line == 1 && f.WithHeader {
			continue
		}
		row, err := rowFn(rec)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		batch = append(batch, row)
		if len(batch) == insertBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// insertShape returns the "INSERT ... VALUES" head for a file and a
// function turning one CSV record into its value tuple.
func insertShape(f DataFile) (string, func([]string) (string, error)) {
	if f.Type == "vertex" {
		v := f.Vertex
		var heads []string
		for _, t := range v.Tags {
			heads = append(heads, fmt.Sprintf("%s(%s)", quoteName(t.Name), propNames(t.Props)))
		}
		return "INSERT VERTEX " + strings.Join(heads, ", ") + " VALUES", func(rec []string) (string, error) {
			vid, err := vidLiteral(v.VID, rec)
			if err != nil {
				return "", err
			}
			var vals []string
			for _, t := range v.Tags {
				for _, p := range t.Props {
					lit, err := propLiteral(p, rec)
					if err != nil {
						return "", err
					}
					vals = append(vals, lit)
				}
			}
			return fmt.Sprintf("%s:(%s)", vid, strings.Join(vals, ", ")), nil
		}
	}
	e := f.Edge
	return fmt.Sprintf("INSERT EDGE %s(%s) VALUES", quoteName(e.Name), propNames(e.Props)), func(rec []string) (string, error) {
		src, err := vidLiteral(e.SrcVID, rec)
		if err != nil {
			return "", err
		}
		dst, err := vidLiteral(e.DstVID, rec)
		if err != nil {
			return "", err
		}
		key := src + "->" + dst
		if e.Rank != nil {
			rank, err := column(rec, e.Rank.Index)
			if err != nil {
				return "", err
			}
			if _, err := strconv.ParseInt(strings.TrimSpace(rank), 10, 64); err != nil {
				return "", fmt.Errorf("rank %q is not an integer", rank)
			}
			key += "@" + strings.TrimSpace(rank)
		}
		var vals []string
		for _, p := range e.Props {
			lit, err := propLiteral(p, rec)
			if err != nil {
				return "", err
			}
			vals = append(vals, lit)
		}
		return fmt.Sprintf("%s:(%s)", key, strings.Join(vals, ", ")), nil
	}
}

func propNames(props []PropColumn) string {
	names := make([]string, len(props))
	for i, p := range props {
		names[i] = quoteName(p.Name)
	}
	return strings.Join(names, ", ")
}

func column(rec []string, i int) (string, error) {
	if i < 0 || i >= len(rec) {
		return "", fmt.Errorf("no column %d (the record has %d)", i, len(rec))
	}
	return rec[i], nil
}

func vidLiteral(v VIDColumn, rec []string) (string, error) {
	s, err := column(rec, v.Index)
	if err != nil {
		return "", err
	}
	lit := s
	if strings.EqualFold(v.Type, "string") || v.Type == "" {
		lit = quoteString(s)
	} else if _, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err != nil {
		return "", fmt.Errorf("vertex id %q is not an integer", s)
	}
	if v.Function != "" {
		lit = fmt.Sprintf("%s(%s)", v.Function, lit)
	}
	return lit, nil
}

// propLiteral renders one property cell as an nGQL literal. As in
// NebulaGraph's loader, "null" and "__NULL__" (any case) are NULL; an empty
// cell is NULL for every type but strings, where it is "".
func propLiteral(p PropColumn, rec []string) (string, error) {
	s, err := column(rec, p.Index)
	if err != nil {
		return "", err
	}
	if l := strings.ToLower(s); l == "null" || l == "__null__" {
		return "NULL", nil
	}
	t := strings.ToLower(strings.TrimSpace(p.Type))
	switch {
	case t == "string" || strings.HasPrefix(t, "fixed_string"):
		return quoteString(s), nil
	case strings.TrimSpace(s) == "":
		return "NULL", nil
	case t == "date" || t == "time" || t == "datetime":
		return fmt.Sprintf("%s(%s)", t, quoteString(s)), nil
	case t == "timestamp":
		if _, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			return strings.TrimSpace(s), nil
		}
		return fmt.Sprintf("timestamp(%s)", quoteString(s)), nil
	case strings.HasPrefix(t, "geography"):
		return fmt.Sprintf("ST_GeogFromText(%s)", quoteString(s)), nil
	case t == "duration":
		return fmt.Sprintf("duration(%s)", quoteString(s)), nil
	}
	// Numbers and booleans go in as written.
	return strings.TrimSpace(s), nil
}

// quoteString returns s as an nGQL double-quoted string literal.
func quoteString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// quoteName back-quotes a schema name, so that names that are keywords
// (like, count, ...) work.
func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }

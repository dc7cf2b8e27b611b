package gen

import (
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

// CSV output: person.csv and knows.csv with a header row, and config.yaml,
// the mapping cmd/importer reads (space, schema, column mapping).
const (
	PersonCSV   = "person.csv"
	KnowsCSV    = "knows.csv"
	MappingFile = "config.yaml"
)

// CSVOptions shape the space the mapping creates.
type CSVOptions struct {
	Space         string // default "snb"
	PartitionNum  int    // default 15
	ReplicaFactor int    // default 1
	// StringVids makes the space's vids FIXED_STRING(20) holding the
	// decimal ids; the default is INT64 vids.
	StringVids bool
}

// CSVSink writes the importer's input.
type CSVSink struct {
	dir            string
	opts           CSVOptions
	files          []*outFile
	persons, knows *csv.Writer
	row            []string
}

// NewCSVSink creates the CSV files in dir.
func NewCSVSink(dir string, opts CSVOptions) (*CSVSink, error) {
	if opts.Space == "" {
		opts.Space = "snb"
	}
	if opts.PartitionNum == 0 {
		opts.PartitionNum = 15
	}
	if opts.ReplicaFactor == 0 {
		opts.ReplicaFactor = 1
	}
	files, err := createAll(dir, PersonCSV, KnowsCSV)
	if err != nil {
		return nil, err
	}
	s := &CSVSink{dir: dir, opts: opts, files: files,
		persons: csv.NewWriter(files[0]), knows: csv.NewWriter(files[1])}
	vt := s.vidType()
	hdr := []error{
		s.persons.Write([]string{":VID(" + vt + ")", "Person.firstName:string", "Person.lastName:string",
			"Person.gender:string", "Person.birthday:date", "Person.creationDate:datetime",
			"Person.locationIP:string", "Person.browserUsed:string"}),
		s.knows.Write([]string{":SRC_VID(" + vt + ")", ":DST_VID(" + vt + ")", "KNOWS.creationDate:datetime"}),
	}
	if err := errors.Join(hdr...); err != nil {
		s.Close(nil)
		return nil, fmt.Errorf("write csv header: %w", err)
	}
	return s, nil
}

func (s *CSVSink) vidType() string {
	if s.opts.StringVids {
		return "string"
	}
	return "int"
}

// Person implements Sink.
func (s *CSVSink) Person(p *Person) error {
	s.row = append(s.row[:0], strconv.FormatInt(p.ID, 10), p.FirstName, p.LastName, p.Gender,
		p.Birthday, p.CreationDate, p.LocationIP, p.BrowserUsed)
	return s.persons.Write(s.row)
}

// Knows implements Sink.
func (s *CSVSink) Knows(k *Knows) error {
	s.row = append(s.row[:0], strconv.FormatInt(k.Src, 10), strconv.FormatInt(k.Dst, 10), k.CreationDate)
	return s.knows.Write(s.row)
}

// Close implements Sink: it flushes the CSV files and, given a summary,
// writes the mapping.
func (s *CSVSink) Close(sum *Summary) error {
	s.persons.Flush()
	s.knows.Flush()
	errs := []error{s.persons.Error(), s.knows.Error()}
	for _, f := range s.files {
		errs = append(errs, f.close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if sum == nil {
		return nil
	}
	return mapping.Write(filepath.Join(s.dir, MappingFile), s.Mapping())
}

// Schema is the nGQL schema of a generated graph, one statement per line:
// the Person tag, the KNOWS edge and the index LOOKUP and MATCH start from.
const Schema = "CREATE TAG IF NOT EXISTS Person(firstName string, lastName string, gender string, " +
	"birthday date, creationDate datetime, locationIP string, browserUsed string);\n" +
	"CREATE EDGE IF NOT EXISTS KNOWS(creationDate datetime);\n" +
	"CREATE TAG INDEX IF NOT EXISTS person_first_name ON Person(firstName(16));\n"

// Mapping is the importer's mapping of the CSV files.
func (s *CSVSink) Mapping() *mapping.Config {
	vid := "INT64"
	if s.opts.StringVids {
		vid = "FIXED_STRING(20)"
	}
	vt := s.vidType()
	prop := func(name, typ string, i int) mapping.Prop { return mapping.Prop{Name: name, Type: typ, Index: i} }
	return &mapping.Config{
		Space: mapping.Space{Name: s.opts.Space, PartitionNum: s.opts.PartitionNum,
			ReplicaFactor: s.opts.ReplicaFactor, VidType: vid, Charset: "utf8", Collate: "utf8_bin"},
		Schema: Schema,
		Files: []mapping.File{
			{Path: PersonCSV, WithHeader: true, Type: "vertex", Vertex: &mapping.Vertex{
				Vid: mapping.Vid{Index: 0, Type: vt},
				Tags: []mapping.Tag{{Name: "Person", Props: []mapping.Prop{
					prop("firstName", "string", 1), prop("lastName", "string", 2), prop("gender", "string", 3),
					prop("birthday", "date", 4), prop("creationDate", "datetime", 5),
					prop("locationIP", "string", 6), prop("browserUsed", "string", 7),
				}}},
			}},
			{Path: KnowsCSV, WithHeader: true, Type: "edge", Edge: &mapping.Edge{
				Name:   "KNOWS",
				SrcVID: mapping.Vid{Index: 0, Type: vt},
				DstVID: mapping.Vid{Index: 1, Type: vt},
				Props:  []mapping.Prop{prop("creationDate", "datetime", 2)},
			}},
		},
	}
}

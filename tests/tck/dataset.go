package tck

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// spaceDesc is a space a scenario works in.
type spaceDesc struct {
	name          string
	partitionNum  int
	replicaFactor int
	vidType       string
	charset       string
	collate       string
}

func (s spaceDesc) createStmt() string {
	return fmt.Sprintf("CREATE SPACE IF NOT EXISTS `%s`(partition_num=%d, replica_factor=%d, vid_type=%s, charset=%s, collate=%s)",
		s.name, s.partitionNum, s.replicaFactor, s.vidType, s.charset, s.collate)
}

func (s spaceDesc) useStmt() string  { return fmt.Sprintf("USE `%s`", s.name) }
func (s spaceDesc) dropStmt() string { return fmt.Sprintf("DROP SPACE IF EXISTS `%s`", s.name) }

// intVid follows the reference runner: only a space declared with vid type
// "int" makes string vids in expected tables stand for their hash.
func (s spaceDesc) intVid() bool { return s.vidType == "int" }

// datasetConfig is data/<name>/config.yaml.
type datasetConfig struct {
	Space struct {
		Name          string `yaml:"name"`
		PartitionNum  int    `yaml:"partitionNum"`
		ReplicaFactor int    `yaml:"replicaFactor"`
		VidType       string `yaml:"vidType"`
		Charset       string `yaml:"charset"`
		Collate       string `yaml:"collate"`
	} `yaml:"space"`
	Schema string        `yaml:"schema"`
	Files  []datasetFile `yaml:"files"`
}

type datasetFile struct {
	Path       string `yaml:"path"`
	WithHeader bool   `yaml:"withHeader"`
	Type       string `yaml:"type"`
	Vertex     *struct {
		Vid  datasetVid `yaml:"vid"`
		Tags []struct {
			Name  string        `yaml:"name"`
			Props []datasetProp `yaml:"props"`
		} `yaml:"tags"`
	} `yaml:"vertex"`
	Edge *struct {
		Name   string               `yaml:"name"`
		SrcVID datasetVid           `yaml:"srcVID"`
		DstVID datasetVid           `yaml:"dstVID"`
		Rank   *struct{ Index int } `yaml:"rank"`
		Props  []datasetProp        `yaml:"props"`
	} `yaml:"edge"`
}

type datasetVid struct {
	Index    int    `yaml:"index"`
	Type     string `yaml:"type"`
	Function string `yaml:"function"`
}

type datasetProp struct {
	Name  string `yaml:"name"`
	Type  string `yaml:"type"`
	Index int    `yaml:"index"`
}

// dataset is a loadable graph: the space, its schema statements and, per
// CSV file, the statement creating its tag or edge followed by one INSERT
// per row — the statements NebulaGraph's runner (tests/common/csv_import.py)
// sends, in the same order.
type dataset struct {
	space  spaceDesc
	schema []string
	files  []datasetStatements
}

type datasetStatements struct {
	path  string
	stmts []string
}

// readDataset reads dir/config.yaml and the CSV files it names. spaceName,
// when not empty, replaces the configured space name.
func readDataset(dir, spaceName string) (*dataset, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		return nil, fmt.Errorf("read dataset config: %w", err)
	}
	var cfg datasetConfig
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("parse %s/config.yaml: %w", dir, err)
	}
	d := &dataset{space: spaceDesc{
		name:          cfg.Space.Name,
		partitionNum:  orInt(cfg.Space.PartitionNum, 7),
		replicaFactor: orInt(cfg.Space.ReplicaFactor, 1),
		vidType:       orString(cfg.Space.VidType, "FIXED_STRING(32)"),
		charset:       orString(cfg.Space.Charset, "utf8"),
		collate:       orString(cfg.Space.Collate, "utf8_bin"),
	}}
	if spaceName != "" {
		d.space.name = spaceName
	}
	if d.space.name == "" {
		return nil, fmt.Errorf("%s/config.yaml names no space", dir)
	}
	for _, line := range strings.Split(cfg.Schema, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.schema = append(d.schema, line)
		}
	}
	for _, f := range cfg.Files {
		stmts, err := fileStatements(dir, f)
		if err != nil {
			return nil, fmt.Errorf("dataset %s: %w", dir, err)
		}
		d.files = append(d.files, datasetStatements{path: f.Path, stmts: stmts})
	}
	return d, nil
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func fileStatements(dir string, f datasetFile) ([]string, error) {
	in, err := os.Open(filepath.Join(dir, f.Path))
	if err != nil {
		return nil, fmt.Errorf("open data file: %w", err)
	}
	defer in.Close()
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	var build func(row []string) (string, error)
	var create string
	switch {
	case f.Type == "vertex" && f.Vertex != nil:
		if len(f.Vertex.Tags) != 1 {
			return nil, fmt.Errorf("%s: %d tags per file; the loader handles one", f.Path, len(f.Vertex.Tags))
		}
		tag := f.Vertex.Tags[0]
		create = createSchemaStmt("TAG", tag.Name, tag.Props)
		insert := fmt.Sprintf("INSERT VERTEX %s(%s) VALUES", tag.Name, propNames(tag.Props))
		vid := f.Vertex.Vid
		build = func(row []string) (string, error) {
			id, err := csvVid(vid, row)
			if err != nil {
				return "", err
			}
			vals, err := csvValues(tag.Props, row)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%s %s:(%s);", insert, id, vals), nil
		}
	case f.Type == "edge" && f.Edge != nil:
		e := f.Edge
		create = createSchemaStmt("EDGE", e.Name, e.Props)
		insert := fmt.Sprintf("INSERT EDGE %s(%s) VALUES", e.Name, propNames(e.Props))
		build = func(row []string) (string, error) {
			src, err := csvVid(e.SrcVID, row)
			if err != nil {
				return "", err
			}
			dst, err := csvVid(e.DstVID, row)
			if err != nil {
				return "", err
			}
			vals, err := csvValues(e.Props, row)
			if err != nil {
				return "", err
			}
			if e.Rank == nil {
				return fmt.Sprintf("%s %s->%s:(%s);", insert, src, dst, vals), nil
			}
			rank, err := csvCell(row, e.Rank.Index)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%s %s->%s@%s:(%s);", insert, src, dst, rank, vals), nil
		}
	default:
		return nil, fmt.Errorf("%s: unknown file type %q", f.Path, f.Type)
	}
	stmts := []string{create}
	for line := 0; ; line++ {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		if line == 0 && f.WithHeader {
			continue
		}
		s, err := build(row)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", f.Path, line+1, err)
		}
		stmts = append(stmts, s)
	}
	return stmts, nil
}

// createSchemaStmt is the CREATE ... IF NOT EXISTS the reference derives
// from a file's header; the schema section normally created it already.
func createSchemaStmt(kind, name string, props []datasetProp) string {
	decl := make([]string, len(props))
	for i, p := range props {
		decl[i] = fmt.Sprintf("`%s` %s", p.Name, p.Type)
	}
	return fmt.Sprintf("CREATE %s IF NOT EXISTS `%s`(%s);", kind, name, strings.Join(decl, ","))
}

func propNames(props []datasetProp) string {
	names := make([]string, len(props))
	for i, p := range props {
		names[i] = p.Name
	}
	return strings.Join(names, ",")
}

func csvCell(row []string, i int) (string, error) {
	if i < 0 || i >= len(row) {
		return "", fmt.Errorf("no column %d in a row of %d", i, len(row))
	}
	return row[i], nil
}

// csvVid renders a vid: quoted when a string, wrapped in the configured
// function (hash) when there is one.
func csvVid(v datasetVid, row []string) (string, error) {
	cell, err := csvCell(row, v.Index)
	if err != nil {
		return "", err
	}
	if v.Type == "string" {
		cell = quoteNGQL(cell)
	}
	if v.Function != "" {
		return fmt.Sprintf("%s(%s)", v.Function, cell), nil
	}
	return cell, nil
}

// csvValues renders a row's property values: "null" in any case is NULL,
// strings are quoted and everything else (numbers, bools, function calls
// such as date() or ST_GeogFromText(...)) is passed through as an
// expression.
func csvValues(props []datasetProp, row []string) (string, error) {
	vals := make([]string, len(props))
	for i, p := range props {
		cell, err := csvCell(row, p.Index)
		if err != nil {
			return "", err
		}
		switch {
		case strings.EqualFold(cell, "null") || strings.EqualFold(cell, "__null__"):
			vals[i] = "NULL"
		case p.Type == "string":
			vals[i] = quoteNGQL(cell)
		default:
			vals[i] = cell
		}
	}
	return strings.Join(vals, ","), nil
}

// quoteNGQL makes a double-quoted nGQL string literal.
func quoteNGQL(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// datasetNames lists the datasets under dir (directories with config.yaml).
func datasetNames(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "config.yaml")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// spaceFromOptions builds the space of `create a space with following
// options:` with the reference's defaults.
func spaceFromOptions(opts map[string]string, defaultName string) (spaceDesc, error) {
	s := spaceDesc{
		name:          defaultName,
		partitionNum:  7,
		replicaFactor: 1,
		vidType:       "FIXED_STRING(30)",
		charset:       "utf8",
		collate:       "utf8_bin",
	}
	for k, v := range opts {
		var err error
		switch k {
		case "name":
			s.name = v
		case "partition_num":
			s.partitionNum, err = strconv.Atoi(v)
		case "replica_factor":
			s.replicaFactor, err = strconv.Atoi(v)
		case "vid_type":
			s.vidType = v
		case "charset":
			s.charset = v
		case "collate":
			s.collate = v
		default:
			return s, fmt.Errorf("unknown space option %q", k)
		}
		if err != nil {
			return s, fmt.Errorf("space option %s: %w", k, err)
		}
	}
	return s, nil
}

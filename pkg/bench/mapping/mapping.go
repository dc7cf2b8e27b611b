// Package mapping is the YAML description of how CSV files become vertices
// and edges: the space to create, the schema statements, and per file the
// columns holding vids, ranks and properties. Its format is that of the
// conformance datasets' config.yaml (NebulaGraph's tests/data/*/config.yaml,
// itself modelled on nebula-importer's), so the importer loads those
// datasets as they are and the generator writes the same kind of file.
//
// Load and Write are pure functions of their input; a Config is a plain
// value, safe to share once built.
package mapping

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is one mapping file.
type Config struct {
	Space  Space  `yaml:"space"`
	Schema string `yaml:"schema,omitempty"`
	Files  []File `yaml:"files"`
	// Dir is the directory relative file paths are resolved against (the
	// mapping file's own); not part of the YAML.
	Dir string `yaml:"-"`
}

// Space describes the space the data goes into.
type Space struct {
	Name          string `yaml:"name"`
	PartitionNum  int    `yaml:"partitionNum,omitempty"`
	ReplicaFactor int    `yaml:"replicaFactor,omitempty"`
	VidType       string `yaml:"vidType,omitempty"`
	Charset       string `yaml:"charset,omitempty"`
	Collate       string `yaml:"collate,omitempty"`
}

// File maps one CSV file to a vertex or an edge.
type File struct {
	Path       string `yaml:"path"`
	WithHeader bool   `yaml:"withHeader"`
	// Delimiter is the field separator; empty is a comma.
	Delimiter string  `yaml:"delimiter,omitempty"`
	Type      string  `yaml:"type"` // "vertex" or "edge"
	Vertex    *Vertex `yaml:"vertex,omitempty"`
	Edge      *Edge   `yaml:"edge,omitempty"`
}

// Vertex is a vertex file: one vid column and the tags of each row.
type Vertex struct {
	Vid  Vid   `yaml:"vid"`
	Tags []Tag `yaml:"tags"`
}

// Tag is one tag written for every row of a vertex file.
type Tag struct {
	Name  string `yaml:"name"`
	Props []Prop `yaml:"props"`
}

// Edge is an edge file.
type Edge struct {
	Name   string `yaml:"name"`
	SrcVID Vid    `yaml:"srcVID"`
	DstVID Vid    `yaml:"dstVID"`
	Rank   *Rank  `yaml:"rank,omitempty"`
	Props  []Prop `yaml:"props"`
}

// Vid is the column of a vertex id. Type is "string" or "int"; Function,
// when set (only "hash"), is applied to the cell on the server.
type Vid struct {
	Index    int    `yaml:"index"`
	Type     string `yaml:"type"`
	Function string `yaml:"function,omitempty"`
}

// Rank is the column of an edge's rank.
type Rank struct {
	Index int `yaml:"index"`
}

// Prop is one property's column and nGQL type (int, double, bool, string,
// date, time, datetime, timestamp, geography[(...)], ...).
type Prop struct {
	Name  string `yaml:"name"`
	Type  string `yaml:"type"`
	Index int    `yaml:"index"`
}

// Defaults the conformance runner applies to a space left unspecified.
const (
	DefaultPartitionNum  = 7
	DefaultReplicaFactor = 1
	DefaultVidType       = "FIXED_STRING(32)"
)

// Load reads and validates a mapping file; relative data paths are then
// resolved against its directory.
func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	c, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	c.Dir = filepath.Dir(path)
	return c, nil
}

// Parse decodes and validates a mapping.
func Parse(raw []byte) (*Config, error) {
	var c Config
	if err := yaml.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("parse mapping: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks that every file says what it holds.
func (c *Config) Validate() error {
	if c.Space.Name == "" {
		return errors.New("mapping names no space")
	}
	for i, f := range c.Files {
		if f.Path == "" {
			return fmt.Errorf("file %d: no path", i)
		}
		if len([]rune(f.Delimiter)) > 1 {
			return fmt.Errorf("%s: delimiter %q is not one character", f.Path, f.Delimiter)
		}
		switch {
		case f.Type == "vertex" && f.Vertex != nil:
			if len(f.Vertex.Tags) == 0 {
				return fmt.Errorf("%s: vertex file with no tags", f.Path)
			}
			for _, t := range f.Vertex.Tags {
				if t.Name == "" {
					return fmt.Errorf("%s: tag with no name", f.Path)
				}
			}
		case f.Type == "edge" && f.Edge != nil:
			if f.Edge.Name == "" {
				return fmt.Errorf("%s: edge with no name", f.Path)
			}
		default:
			return fmt.Errorf("%s: type %q without its %q section", f.Path, f.Type, f.Type)
		}
	}
	return nil
}

// Write encodes c as YAML to path.
func Write(path string, c *Config) error {
	raw, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode mapping: %w", err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		return fmt.Errorf("write mapping: %w", err)
	}
	return nil
}

// PathOf resolves a file's path against the mapping's directory.
func (c *Config) PathOf(f File) string {
	if filepath.IsAbs(f.Path) || c.Dir == "" {
		return f.Path
	}
	return filepath.Join(c.Dir, f.Path)
}

// SpaceWithDefaults is c.Space with the conformance runner's defaults
// filled in.
func (c *Config) SpaceWithDefaults() Space {
	s := c.Space
	if s.PartitionNum == 0 {
		s.PartitionNum = DefaultPartitionNum
	}
	if s.ReplicaFactor == 0 {
		s.ReplicaFactor = DefaultReplicaFactor
	}
	if s.VidType == "" {
		s.VidType = DefaultVidType
	}
	if s.Charset == "" {
		s.Charset = "utf8"
	}
	if s.Collate == "" {
		s.Collate = "utf8_bin"
	}
	return s
}

// CreateSpace is the CREATE SPACE IF NOT EXISTS statement for s.
func (s Space) CreateSpace() string {
	return fmt.Sprintf("CREATE SPACE IF NOT EXISTS `%s`(partition_num=%d, replica_factor=%d, vid_type=%s, charset=%s, collate=%s)",
		s.Name, s.PartitionNum, s.ReplicaFactor, s.VidType, s.Charset, s.Collate)
}

// IntVids reports whether the space's vids are INT64.
func (s Space) IntVids() bool {
	t := strings.ToUpper(strings.TrimSpace(s.VidType))
	return t == "INT" || t == "INT64"
}

// SchemaStatements splits the schema block into statements, one per
// non-empty line (the datasets write one statement per line).
func (c *Config) SchemaStatements() []string {
	var out []string
	for _, line := range strings.Split(c.Schema, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

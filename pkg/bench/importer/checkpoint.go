package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

// Checkpoint is the resumable state of an import, saved as JSON: for each
// file of the mapping, how far (bytes, lines) every row is committed.
type Checkpoint struct {
	// Mapping identifies the mapping the checkpoint belongs to (a hash of
	// its content), so a checkpoint is never applied to other data.
	Mapping string           `json:"mapping"`
	Files   []FileCheckpoint `json:"files"`
}

// FileCheckpoint is one file's committed prefix.
type FileCheckpoint struct {
	Path string `json:"path"`
	// Offset is the byte offset after the last committed row; Line is the
	// number of lines (header included) before it.
	Offset int64 `json:"offset"`
	Line   int64 `json:"line"`
	// Rows counts the rows committed and Bad the rows reported bad.
	Rows int64 `json:"rows"`
	Bad  int64 `json:"bad"`
	Done bool  `json:"done"`
}

// mappingID hashes the mapping's content.
func mappingID(c *mapping.Config) (string, error) {
	raw, err := yaml.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("hash mapping: %w", err)
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:8]), nil
}

// loadCheckpoint reads path; a missing file is a fresh start.
func loadCheckpoint(path, id string, files int) (*Checkpoint, error) {
	cp := &Checkpoint{Mapping: id, Files: make([]FileCheckpoint, files)}
	if path == "" {
		return cp, nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cp, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	var old Checkpoint
	if err := json.Unmarshal(raw, &old); err != nil {
		return nil, fmt.Errorf("parse checkpoint %s: %w", path, err)
	}
	if old.Mapping != id || len(old.Files) != files {
		return nil, fmt.Errorf("checkpoint %s belongs to another mapping; remove it to start over", path)
	}
	return &old, nil
}

// save writes the checkpoint atomically (a temporary file renamed over
// the old one), so a crash leaves either the old or the new state.
func (cp *Checkpoint) save(path string) error {
	if path == "" {
		return nil
	}
	raw, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return fmt.Errorf("encode checkpoint: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	return nil
}

package br

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Manifest describes one backup; it is written last, as manifest.json in
// the backup's directory, so a directory without it is an unfinished
// backup.
type Manifest struct {
	Format     int       `json:"format"` // 1
	Name       string    `json:"name"`
	Snapshot   string    `json:"snapshot"`    // the CREATE SNAPSHOT it was copied from
	CreateTime time.Time `json:"create_time"` // when the backup started (UTC)
	FinishTime time.Time `json:"finish_time"`
	MetaAddrs  []string  `json:"meta_addrs"`
	Meta       File      `json:"meta"` // the catalog records (restoreMeta's input)
	Spaces     []Space   `json:"spaces"`
}

// Space is one graph space of a backup.
type Space struct {
	ID            int32    `json:"id"`
	Name          string   `json:"name"`
	PartitionNum  int32    `json:"partition_num"`
	ReplicaFactor int32    `json:"replica_factor"`
	VIDType       string   `json:"vid_type"`
	Zones         []string `json:"zones"`
	Tags          []Schema `json:"tags"`
	Edges         []Schema `json:"edges"`
	Parts         []Part   `json:"parts"`
}

// Schema is a tag or edge type, at its latest version.
type Schema struct {
	ID      int32  `json:"id"`
	Name    string `json:"name"`
	Version int64  `json:"version"`
}

// Part is one part of a space: its replicas when the snapshot was taken,
// the one copied, and the raft index that copy is whole at.
type Part struct {
	ID           int32    `json:"id"`
	Hosts        []string `json:"hosts"`
	From         string   `json:"from"`
	AppliedIndex int64    `json:"applied_index"`
	File         File     `json:"file"`
}

// Records counts the pairs of every part of the backup.
func (m *Manifest) Records() int64 {
	var n int64
	for _, sp := range m.Spaces {
		for _, p := range sp.Parts {
			n += p.File.Records
		}
	}
	return n
}

const manifestName = "manifest.json"

// ErrNoBackup is returned for a backup name with no finished backup.
var ErrNoBackup = errors.New("no such backup")

// LocalDir turns a --storage location into a directory: "local:///x" or a
// plain path. Other schemes (s3://) are refused.
func LocalDir(storage string) (string, error) {
	if rest, ok := strings.CutPrefix(storage, "local://"); ok {
		storage = rest
	} else if i := strings.Index(storage, "://"); i >= 0 {
		return "", fmt.Errorf("storage %q: only local:// backups are supported", storage)
	}
	if storage == "" {
		return "", errors.New("storage: empty path")
	}
	return filepath.Clean(storage), nil
}

func writeManifest(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	tmp := filepath.Join(dir, manifestName+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, manifestName)); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// ReadManifest reads the manifest of backup name under dir.
func ReadManifest(dir, name string) (*Manifest, error) {
	if name == "" || filepath.Base(name) != name {
		return nil, fmt.Errorf("backup %q: bad name", name)
	}
	b, err := os.ReadFile(filepath.Join(dir, name, manifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("backup %s in %s: %w", name, dir, ErrNoBackup)
	}
	if err != nil {
		return nil, fmt.Errorf("read backup %s: %w", name, err)
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("read backup %s: %w", name, err)
	}
	if m.Format != 1 {
		return nil, fmt.Errorf("backup %s: format %d is not known", name, m.Format)
	}
	return m, nil
}

// List returns the finished backups under dir, oldest first.
func List(dir string) ([]*Manifest, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []*Manifest
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		m, err := ReadManifest(dir, e.Name())
		if errors.Is(err, ErrNoBackup) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreateTime.Before(out[j].CreateTime) })
	return out, nil
}

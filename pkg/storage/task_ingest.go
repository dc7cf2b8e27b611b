package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/pebble/vfs"
)

// SST loads, as NebulaGraph does them: a bulk loader writes sstables per
// part under one root, <root>/<part>/<name>.sst (cmd/importer --sst), then
//
//	SUBMIT JOB DOWNLOAD HDFS "<url>"   every host with a replica copies the
//	                                   files of the parts it holds into
//	                                   <space dir>/download/<part>/
//	SUBMIT JOB INGEST                  every host ingests them into the
//	                                   parts' engines, in name order, and
//	                                   removes them
//
// The url is http(s):// (the root must serve <root>/manifest.txt, one
// "<part>/<name>.sst" per line: HTTP has no directory listing) or file://
// (a directory every storaged can read). HDFS is not supported. Ingested
// data bypasses raft, as in NebulaGraph: every replica ingests the same
// files, so a replica that is down during the jobs misses them (the job
// fails; rerun it when the host is back).

// Job types of the sstable tasks (meta.thrift's numbers).
const (
	jobDownload = 7
	jobIngest   = 8
)

// ManifestName lists an sstable root's files for http(s) downloads.
const ManifestName = "manifest.txt"

// downloadTimeout bounds one file's transfer.
const downloadTimeout = 10 * time.Minute

// downloadDir is where a part's downloaded sstables wait for INGEST.
func (sp *space) downloadDir(p *part) (string, error) {
	for i, e := range sp.engines {
		if e == p.engine {
			return filepath.Join(filepath.Dir(sp.dirs[i]), "download", strconv.Itoa(int(p.id))), nil
		}
	}
	return "", fmt.Errorf("part %d/%d: engine not found", sp.desc.ID, p.id)
}

// hostedParts returns this host's replicas of the space per metad's
// partition map (or those of only), waiting up to catalogWait for replicas
// of a space created a moment ago to open: a part skipped here would miss
// its sstables for good.
func (s *Store) hostedParts(ctx context.Context, spaceID int32, only []int32) (*space, []*part, error) {
	ctx, cancel := context.WithTimeout(ctx, catalogWait)
	defer cancel()
	for {
		sp, parts, err := s.hostedPartsNow(ctx, spaceID, only)
		if err == nil {
			return sp, parts, nil
		}
		select {
		case <-ctx.Done():
			return nil, nil, err
		case <-time.After(100 * time.Millisecond):
		}
		if r, can := s.meta.(refresher); can {
			_ = r.Refresh(ctx) // a failed refresh is retried on the next round
		}
	}
}

func (s *Store) hostedPartsNow(ctx context.Context, spaceID int32, only []int32) (*space, []*part, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, nil, err
	}
	ids := only
	if len(ids) == 0 {
		alloc, err := s.meta.PartsAlloc(ctx, spaceID)
		if err != nil {
			return nil, nil, err
		}
		for pid, hosts := range alloc {
			if slices.Contains(hosts, s.opts.Addr) {
				ids = append(ids, pid)
			}
		}
	}
	var out []*part
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		p, err := sp.part(id)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, p)
	}
	return sp, out, nil
}

// download copies the sstables of this host's parts from the source url.
func (s *Store) download(ctx context.Context, spaceID int32, parts []int32, params []string) error {
	if len(params) != 1 {
		return fmt.Errorf("download wants one url, got %d: %w", len(params), ErrInvalidRequest)
	}
	src, err := newSSTSource(params[0])
	if err != nil {
		return err
	}
	files, err := src.list(ctx)
	if err != nil {
		return err
	}
	sp, local, err := s.hostedParts(ctx, spaceID, parts)
	if err != nil {
		return err
	}
	for _, p := range local {
		dir, err := sp.downloadDir(p)
		if err != nil {
			return err
		}
		// A rerun starts over rather than mixing two downloads.
		if err := removeAll(s.fs, dir); err != nil {
			return err
		}
		if err := s.fs.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("download part %d: %w", p.id, err)
		}
		for _, name := range files[p.id] {
			if err := src.fetch(ctx, s.fs, p.id, name, filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// ingest loads the downloaded sstables of this host's parts.
func (s *Store) ingest(ctx context.Context, spaceID int32, parts []int32) error {
	sp, local, err := s.hostedParts(ctx, spaceID, parts)
	if err != nil {
		return err
	}
	for _, p := range local {
		if err := ctx.Err(); err != nil {
			return err
		}
		dir, err := sp.downloadDir(p)
		if err != nil {
			return err
		}
		names, err := s.fs.List(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("ingest part %d: %w", p.id, err)
		}
		slices.Sort(names)
		for _, n := range names {
			if !strings.HasSuffix(n, ".sst") {
				continue
			}
			// One file per call: files written one after another may
			// overlap, and pebble takes a set of files only if they do not.
			if err := p.engine.Ingest([]string{filepath.Join(dir, n)}); err != nil {
				return fmt.Errorf("ingest part %d file %s: %w", p.id, n, err)
			}
		}
		if err := removeAll(s.fs, dir); err != nil {
			return err
		}
	}
	return nil
}

func removeAll(fs vfs.FS, dir string) error {
	if err := fs.RemoveAll(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", dir, err)
	}
	return nil
}

// sstSource is where DOWNLOAD copies sstables from.
type sstSource struct {
	u    *url.URL
	http *http.Client
}

func newSSTSource(raw string) (*sstSource, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("download url %q: %w: %w", raw, ErrInvalidRequest, err)
	}
	switch u.Scheme {
	case "http", "https", "file":
	case "hdfs":
		return nil, fmt.Errorf("download url %q: HDFS is not supported, serve the sstables over http:// or give a file:// directory: %w", raw, ErrInvalidRequest)
	default:
		return nil, fmt.Errorf("download url %q: scheme must be http, https or file: %w", raw, ErrInvalidRequest)
	}
	return &sstSource{u: u, http: &http.Client{Timeout: downloadTimeout}}, nil
}

// list returns the source's sstable names per part.
func (s *sstSource) list(ctx context.Context) (map[int32][]string, error) {
	out := map[int32][]string{}
	add := func(line string) error {
		dir, name, ok := strings.Cut(strings.TrimSpace(line), "/")
		if !ok || !strings.HasSuffix(name, ".sst") || strings.ContainsAny(name, `/\`) || name == ".sst" {
			return fmt.Errorf("sstable %q: want <part>/<name>.sst: %w", line, ErrInvalidRequest)
		}
		pid, err := strconv.ParseInt(dir, 10, 32)
		if err != nil {
			return fmt.Errorf("sstable %q: part %q: %w", line, dir, ErrInvalidRequest)
		}
		out[int32(pid)] = append(out[int32(pid)], name)
		return nil
	}
	if s.u.Scheme == "file" {
		dirs, err := os.ReadDir(s.u.Path)
		if err != nil {
			return nil, fmt.Errorf("download from %s: %w", s.u.Path, err)
		}
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			if _, err := strconv.ParseInt(d.Name(), 10, 32); err != nil {
				continue
			}
			files, err := os.ReadDir(filepath.Join(s.u.Path, d.Name()))
			if err != nil {
				return nil, fmt.Errorf("download from %s: %w", s.u.Path, err)
			}
			for _, f := range files {
				if !f.IsDir() && strings.HasSuffix(f.Name(), ".sst") {
					if err := add(d.Name() + "/" + f.Name()); err != nil {
						return nil, err
					}
				}
			}
		}
		return out, nil
	}
	body, err := s.get(ctx, ManifestName)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		if err := add(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("download manifest: %w", err)
	}
	return out, nil
}

// get opens rel under the url's root.
func (s *sstSource) get(ctx context.Context, rel string) (io.ReadCloser, error) {
	u := *s.u
	u.Path = path.Join(u.Path, rel)
	ctx, cancel := context.WithTimeout(ctx, downloadTimeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("download %s: %w", u.String(), err)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("download %s: %w", u.String(), err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("download %s: %s", u.String(), resp.Status)
	}
	return cancelOnClose{resp.Body, cancel}, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// fetch copies one part's file to dst on fs, synced.
func (s *sstSource) fetch(ctx context.Context, fs vfs.FS, pid int32, name, dst string) error {
	rel := strconv.Itoa(int(pid)) + "/" + name
	var in io.ReadCloser
	if s.u.Scheme == "file" {
		f, err := os.Open(filepath.Join(s.u.Path, rel))
		if err != nil {
			return fmt.Errorf("download %s: %w", rel, err)
		}
		in = f
	} else {
		var err error
		if in, err = s.get(ctx, rel); err != nil {
			return err
		}
	}
	defer in.Close()
	out, err := fs.Create(dst)
	if err != nil {
		return fmt.Errorf("download %s: %w", rel, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("download %s: %w", rel, err)
	}
	if err := errors.Join(out.Sync(), out.Close()); err != nil {
		return fmt.Errorf("download %s: %w", rel, err)
	}
	return nil
}

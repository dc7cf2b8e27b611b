package storage

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestDownloadIngestMatchesWrites writes the same vertices and edges into
// two spaces of a 3-replica cluster, one through the write path and one as
// sstables built with Encoder that every replica downloads (file://) and
// ingests, and checks that every replica of every part holds the same
// key-values in both.
func TestDownloadIngestMatchesWrites(t *testing.T) {
	c := newMemCluster(t, 3)
	desc := SpaceDesc{PartNum: 4, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8}
	desc.Name = "written"
	written := c.createSpace(desc)
	desc.Name = "ingested"
	ingested := c.createSpace(desc)
	var schemas []testSchema
	for _, sp := range []int32{written, ingested} {
		schemas = append(schemas, c.addSchema(sp)) // with tag and edge indexes
		c.waitLeaders(sp)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	const n = 40
	var vs []NewVertex
	var es []NewEdge
	for i := int64(1); i <= n; i++ {
		vs = append(vs, NewVertex{VID: num(i), Tags: []NewTag{{Tag: schemas[0].player, Props: []value.Value{str("p" + strconv.Itoa(int(i))), num(20 + i%7)}}}})
		es = append(es, NewEdge{EdgeKey: EdgeKey{Src: num(i), Type: schemas[0].like, Rank: i % 2, Dst: num(i%n + 1)}, Props: []value.Value{num(i)}})
	}
	if err := c.client.AddVertices(ctx, written, vs, map[int32][]string{schemas[0].player: {"name", "age"}}, false, false); err != nil {
		t.Fatal(err)
	}
	if err := c.client.AddEdges(ctx, written, es, []string{"likeness"}, false, false); err != nil {
		t.Fatal(err)
	}

	enc, err := NewEncoder(c.mem, ingested)
	if err != nil {
		t.Fatal(err)
	}
	var kvs []KV
	for _, v := range vs {
		if kvs, err = enc.Vertex(kvs, v.VID, "player", []string{"name", "age"}, v.Tags[0].Props); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range es {
		if kvs, err = enc.Edge(kvs, e.Src, e.Dst, "like", e.Rank, []string{"likeness"}, e.Props); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	writeSSTs(t, root, ingested, enc, kvs)
	c.task(ctx, 0, jobDownload, ingested, "file://"+root)
	c.task(ctx, 1, jobDownload, ingested, "file://"+root)
	c.task(ctx, 2, jobDownload, ingested, "file://"+root)
	for i := range 3 {
		c.task(ctx, i, jobIngest, ingested)
	}

	// The written space's followers apply the writes in their own time.
	deadline := time.Now().Add(20 * time.Second)
	for i, node := range c.nodes {
		for pid := int32(1); pid <= desc.PartNum; pid++ {
			for {
				want := partData(t, node.srv.Store().Engines(written), pid)
				got := partData(t, node.srv.Store().Engines(ingested), pid)
				if len(want) > 0 && slices.Equal(want, got) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("node %d part %d: ingested %d key-values, written %d", i, pid, len(got), len(want))
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
	}
}

// writeSSTs writes kvs as <root>/<part>/000000.sst, sorted per part.
func writeSSTs(t *testing.T, root string, space int32, enc *Encoder, kvs []KV) {
	t.Helper()
	d := enc.Space()
	codec, err := kvstore.NewKeyCodec(d.VIDType, d.VIDLen)
	if err != nil {
		t.Fatal(err)
	}
	byPart := map[int32][]KV{}
	for _, kv := range kvs {
		byPart[kv.Part] = append(byPart[kv.Part], kv)
	}
	for pid, kvs := range byPart {
		slices.SortFunc(kvs, func(a, b KV) int { return bytes.Compare(a.Key, b.Key) })
		dir := filepath.Join(root, strconv.Itoa(int(pid)))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		w, err := kvstore.NewFileSSTWriter(filepath.Join(dir, "000000.sst"), codec, kvstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, kv := range kvs {
			if err := w.Put(kv.Key, kv.Value); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Finish(); err != nil {
			t.Fatal(err)
		}
	}
}

// partData renders a part's graph and index keys with their values (the
// raft bookkeeping keys aside).
func partData(t *testing.T, engines []*kvstore.Pebble, pid int32) []string {
	t.Helper()
	var out []string
	for _, e := range engines {
		for _, prefix := range kvstore.PartPrefixes(uint32(pid)) {
			if typ, err := kvstore.KeyTypeOf(prefix); err == nil && typ == kvstore.KeySystem {
				continue
			}
			it, err := e.NewIter(kvstore.IterOptions{Prefix: prefix})
			if err != nil {
				t.Fatal(err)
			}
			for ok := it.First(); ok; ok = it.Next() {
				out = append(out, fmt.Sprintf("%x=%x", it.Key(), it.Value()))
			}
			if err := it.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	slices.Sort(out)
	return out
}

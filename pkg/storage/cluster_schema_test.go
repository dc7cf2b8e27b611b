package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/value"
)

// Spaces, schemas and indexes of the test cluster, created through metad's
// DDL calls (as graphd issues them) or set on the MemMeta. Either way the
// meta service numbers them, so tests use the ids these helpers return.

// testSchema holds the ids of the schema every cluster test uses: tags
// player(name, age) and team(name), edge types like(likeness DEFAULT 50)
// and serve(start_year, end_year), and indexes player_age on player.age,
// player_name on player.name(8) and like_likeness on like.likeness.
type testSchema struct {
	player, team          int32
	like, serve           int32
	ixAge, ixName, ixLike int32
}

func (c *testCluster) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 20*time.Second)
}

// createSpace creates a space as d describes (d.ID is ignored: the meta
// service numbers spaces), has every node open the parts assigned to it,
// and waits until each part has a leader. It returns the space's id.
func (c *testCluster) createSpace(d SpaceDesc) int32 {
	c.t.Helper()
	if c.mem != nil {
		c.nextSpace++
		d.ID = c.nextSpace
		alloc := map[int32][]string{}
		for p := int32(1); p <= d.PartNum; p++ {
			alloc[p] = c.addrs()
		}
		c.mem.AddSpace(d, alloc)
	} else {
		// As graphd's CREATE SPACE sends it: INT64 vids are 8 bytes long.
		spec := meta.SpaceSpec{Name: d.Name, PartitionNum: d.PartNum, ReplicaFactor: d.ReplicaFactor, VIDType: kvstore.TypeInt64, VIDLen: 8}
		if d.VIDType == kvstore.VIDFixedString {
			spec.VIDType, spec.VIDLen = kvstore.TypeFixedString, d.VIDLen
		}
		ctx, cancel := c.ctx()
		defer cancel()
		id, err := c.ddl.CreateSpace(ctx, spec, false)
		if err != nil {
			c.t.Fatalf("create space %s: %v", d.Name, err)
		}
		d.ID = id
	}
	c.syncMeta()
	c.waitLeaders(d.ID)
	return d.ID
}

// dropSpace drops a space and has every node see it gone.
func (c *testCluster) dropSpace(space int32) {
	c.t.Helper()
	if c.mem != nil {
		c.mem.DropSpace(space)
	} else {
		d, err := c.meta.Space(space)
		if err != nil {
			c.t.Fatal(err)
		}
		ctx, cancel := c.ctx()
		defer cancel()
		if err := c.ddl.DropSpace(ctx, d.Name, false); err != nil {
			c.t.Fatalf("drop space %s: %v", d.Name, err)
		}
	}
	c.syncMeta()
}

// createSchema creates a tag (or an edge type) and returns its id.
func (c *testCluster) createSchema(space int32, edge bool, name string, cols []kvstore.Column, ttl kvstore.TTL) int32 {
	c.t.Helper()
	var id int32
	if c.mem != nil {
		c.nextID[space]++
		id = c.nextID[space]
		d := &SchemaDesc{ID: id, Name: name, Versions: mustSchema(c.t, cols, ttl)}
		add := c.mem.AddTag
		if edge {
			add = c.mem.AddEdge
		}
		if err := add(space, d); err != nil {
			c.t.Fatal(err)
		}
	} else {
		var mcols []meta.Column
		for _, col := range cols {
			mc := meta.Column{Column: col}
			if col.HasDefault {
				mc.DefaultExpr = col.Default.String()
			}
			mcols = append(mcols, mc)
		}
		var props meta.SchemaProps
		if ttl.Col != "" {
			props.TTLCol, props.TTLDuration = &ttl.Col, &ttl.Duration
		}
		ctx, cancel := c.ctx()
		defer cancel()
		var err error
		if id, err = c.ddl.CreateSchema(ctx, edge, space, name, mcols, props, false); err != nil {
			c.t.Fatalf("create %s: %v", name, err)
		}
	}
	c.syncMeta()
	return id
}

// createIndex creates an index of schema (named schemaName, with id
// schemaID) on fields, and returns its id. A STRING field's Len is the
// prefix the index keeps.
func (c *testCluster) createIndex(space int32, name string, edge bool, schemaName string, schemaID int32, fields ...IndexFieldDesc) int32 {
	c.t.Helper()
	var id int32
	if c.mem != nil {
		c.nextID[space]++
		id = c.nextID[space]
		if err := c.mem.AddIndex(space, &IndexDesc{ID: id, Name: name, Edge: edge, SchemaID: schemaID, Fields: slices.Clone(fields)}); err != nil {
			c.t.Fatal(err)
		}
	} else {
		spec := meta.IndexSpec{Space: space, Name: name, Schema: schemaName}
		for _, f := range fields {
			fs := meta.IndexFieldSpec{Name: f.Name}
			if f.Type == kvstore.TypeString {
				fs.PrefixLen = int16(f.Len)
			}
			spec.Fields = append(spec.Fields, fs)
		}
		ctx, cancel := c.ctx()
		defer cancel()
		var err error
		if id, err = c.ddl.CreateIndex(ctx, edge, spec); err != nil {
			c.t.Fatalf("create index %s: %v", name, err)
		}
	}
	c.syncMeta()
	return id
}

func mustSchema(t testing.TB, cols []kvstore.Column, ttl kvstore.TTL) *kvstore.Versions {
	t.Helper()
	s, err := kvstore.NewSchema(0, cols, ttl)
	if err != nil {
		t.Fatal(err)
	}
	v, err := kvstore.NewVersions(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// addSchema creates the testSchema in a space.
func (c *testCluster) addSchema(space int32) testSchema {
	var s testSchema
	s.player = c.createSchema(space, false, "player", []kvstore.Column{
		{Name: "name", Type: kvstore.TypeString},
		{Name: "age", Type: kvstore.TypeInt64, Nullable: true},
	}, kvstore.TTL{})
	s.team = c.createSchema(space, false, "team", []kvstore.Column{
		{Name: "name", Type: kvstore.TypeString},
	}, kvstore.TTL{})
	s.like = c.createSchema(space, true, "like", []kvstore.Column{
		{Name: "likeness", Type: kvstore.TypeInt64, HasDefault: true, Default: value.NewInt(50)},
	}, kvstore.TTL{})
	s.serve = c.createSchema(space, true, "serve", []kvstore.Column{
		{Name: "start_year", Type: kvstore.TypeInt64},
		{Name: "end_year", Type: kvstore.TypeInt64, Nullable: true},
	}, kvstore.TTL{})
	s.ixAge = c.createIndex(space, "player_age", false, "player", s.player,
		IndexFieldDesc{Name: "age", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64, Nullable: true}})
	s.ixName = c.createIndex(space, "player_name", false, "player", s.player,
		IndexFieldDesc{Name: "name", IndexField: kvstore.IndexField{Type: kvstore.TypeString, Len: 8}})
	s.ixLike = c.createIndex(space, "like_likeness", true, "like", s.like,
		IndexFieldDesc{Name: "likeness", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64}})
	return s
}

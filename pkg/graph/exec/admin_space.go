package exec

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Spaces, and the character sets they may use.

var (
	nameCols = []adminCol{{"Name", value.KindString}}
	// descSpaceCols are the columns NebulaGraph's conformance features
	// expect of DESCRIBE SPACE.
	descSpaceCols = []adminCol{
		{"ID", value.KindInt}, {"Name", value.KindString}, {"Partition Number", value.KindInt},
		{"Replica Factor", value.KindInt}, {"Charset", value.KindString}, {"Collate", value.KindString},
		{"Vid Type", value.KindString}, {"Comment", value.KindString},
	}
	showCreateSpaceCols = []adminCol{{"Space", value.KindString}, {"Create Space", value.KindString}}
	showCharsetCols     = []adminCol{
		{"Charset", value.KindString}, {"Description", value.KindString},
		{"Default collation", value.KindString}, {"Maxlen", value.KindInt},
	}
	showCollationCols = []adminCol{{"Collation", value.KindString}, {"Charset", value.KindString}}
)

// charset is one character set graphd supports, with its collations (the
// first is the default). NebulaGraph supports utf8 with utf8_bin only.
type charset struct {
	name, desc string
	collations []string
	maxLen     int64
}

var charsets = []charset{{name: "utf8", desc: "UTF-8 Unicode", collations: []string{"utf8_bin"}, maxLen: 4}}

func findCharset(name string) *charset {
	for i := range charsets {
		if charsets[i].name == name {
			return &charsets[i]
		}
	}
	return nil
}

// charsetOfCollation returns the character set a collation belongs to.
func charsetOfCollation(coll string) *charset {
	for i := range charsets {
		for _, c := range charsets[i].collations {
			if c == coll {
				return &charsets[i]
			}
		}
	}
	return nil
}

// createSpace validates CREATE SPACE as NebulaGraph's CreateSpaceValidator.
func (p *planner) createSpace(s *ast.CreateSpace) (*adminNode, error) {
	if _, err := spaceSpec(s, p.x.engine.opts.EnableSpaceOnZones); err != nil {
		return nil, err
	}
	return &adminNode{kind: plan.CreateSpace, stmt: s}, nil
}

// spaceSpec turns CREATE SPACE into the meta request, with NebulaGraph's
// checks and defaults: vid_type is required, charset and collation default
// to each other or to utf8 and utf8_bin. CREATE SPACE ... ON zones is
// refused, as by NebulaGraph 3.x, unless onZones (--enable_space_on_zones)
// is set; then the space's replicas go only to the zones listed, at most
// one replica of a part per zone (see docs/decisions.md).
func spaceSpec(s *ast.CreateSpace, onZones bool) (meta.SpaceSpec, error) {
	spec := meta.SpaceSpec{Name: s.Name}
	if len(s.Zones) > 0 {
		if !onZones {
			return spec, status.Semantic("Create space with zone is unsupported")
		}
		seen := make(map[string]bool, len(s.Zones))
		for _, z := range s.Zones {
			if seen[z] {
				return spec, status.Semantic("Duplicate zone name `%s'", z)
			}
			seen[z] = true
		}
		spec.Zones = s.Zones
	}
	hasVid := false
	for _, o := range s.Options {
		hasVid = hasVid || o.Kind == ast.VidType
	}
	if !hasVid {
		return spec, status.Semantic("space vid_type must be specified explicitly")
	}
	for _, o := range s.Options {
		switch o.Kind {
		case ast.PartitionNum:
			if o.Int <= 0 {
				return spec, status.Semantic("Partition_num value should be greater than zero")
			}
			if o.Int > math.MaxInt32 {
				return spec, status.Semantic("Partition_num value %d is out of range", o.Int)
			}
			spec.PartitionNum = int32(o.Int)
		case ast.ReplicaFactor:
			if o.Int <= 0 {
				return spec, status.Semantic("Replica_factor value should be greater than zero")
			}
			if o.Int > math.MaxInt32 {
				return spec, status.Semantic("Replica_factor value %d is out of range", o.Int)
			}
			spec.ReplicaFactor = int32(o.Int)
		case ast.VidType:
			switch o.Type.Name {
			case "INT64":
				spec.VIDType, spec.VIDLen = kvstore.TypeInt64, 8
			case "FIXED_STRING":
				if o.Type.Length <= 0 || o.Type.Length > kvstore.MaxFixedLen {
					return spec, status.Semantic("Vid size should be a positive number: %d", o.Type.Length)
				}
				spec.VIDType, spec.VIDLen = kvstore.TypeFixedString, int(o.Type.Length)
			default:
				return spec, status.Semantic("Only support FIXED_STRING or INT64 vid type, but was given %s", o.Type.Name)
			}
		case ast.Charset:
			name := strings.ToLower(o.Str)
			if findCharset(name) == nil {
				return spec, status.Execution("Charset `%s' not support", name)
			}
			spec.Charset = name
		case ast.Collate:
			name := strings.ToLower(o.Str)
			if charsetOfCollation(name) == nil {
				return spec, status.Execution("Collation `%s' not support", name)
			}
			spec.Collate = name
		case ast.AtomicEdge:
			// NB: NovaGraph has no atomic edges (TOSS); the option is
			// accepted and the space behaves as atomic_edge = false.
		}
	}
	if len(spec.Zones) > 0 && int(spec.ReplicaFactor) > len(spec.Zones) {
		// NB: with replica_factor left out metad applies its default,
		// which graphd does not know; metad then refuses with "Zone not
		// enough!" if the zones cannot hold it.
		return spec, status.Semantic("Replica_factor %d needs at least %d zones, but the space is created on %d: "+
			"each replica of a part is placed in a different zone", spec.ReplicaFactor, spec.ReplicaFactor, len(spec.Zones))
	}
	if s.Comment != nil {
		spec.Comment, spec.HasComment = *s.Comment, true
	}
	switch {
	case spec.Charset != "" && spec.Collate != "":
		if charsetOfCollation(spec.Collate) != findCharset(spec.Charset) {
			return spec, status.Execution("Charset `%s' and Collation `%s' not match", spec.Charset, spec.Collate)
		}
	case spec.Charset != "":
		spec.Collate = findCharset(spec.Charset).collations[0]
	case spec.Collate != "":
		spec.Charset = charsetOfCollation(spec.Collate).name
	default:
		spec.Charset, spec.Collate = charsets[0].name, charsets[0].collations[0]
	}
	return spec, nil
}

func execCreateSpace(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.CreateSpace)
	spec, err := spaceSpec(s, e.x.engine.opts.EnableSpaceOnZones)
	if err != nil {
		return nil, err
	}
	_, err = mc.CreateSpace(ctx, spec, s.IfNotExists)
	return nil, err
}

func execCreateSpaceAs(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.CreateSpaceAs)
	_, err := mc.CreateSpaceAs(ctx, s.From, s.Name)
	if s.IfNotExists && errors.Is(err, meta.ErrExisted) {
		return nil, nil
	}
	return nil, err
}

// execDropSpace drops a space; a session using it is left with none.
func execDropSpace(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.DropSpace)
	if err := mc.DropSpace(ctx, s.Name, s.IfExists); err != nil {
		return nil, err
	}
	if sess := e.x.session; sess != nil && sess.Space().Name == s.Name {
		sess.SetSpace(session.Space{})
	}
	return nil, nil
}

func execAlterSpace(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.AlterSpace)
	return nil, mc.AddZonesToSpace(ctx, s.Name, s.AddZones)
}

// vidTypeString is NebulaGraph's text of a vid type: INT64 or
// FIXED_STRING(n).
func vidTypeString(sp *meta.Space) string {
	if sp.VIDType == kvstore.TypeFixedString {
		return fmt.Sprintf("FIXED_STRING(%d)", sp.VIDLen)
	}
	return sp.VIDType.String()
}

func execDescSpace(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := mc.GetSpace(ctx, n.Stmt.(*ast.DescribeSpace).Name)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	addRow(ds, value.NewInt(int64(sp.ID)), value.NewString(sp.Name), value.NewInt(int64(sp.PartitionNum)),
		value.NewInt(int64(sp.ReplicaFactor)), value.NewString(sp.Charset), value.NewString(sp.Collate),
		value.NewString(vidTypeString(sp)), spaceComment(sp))
	return ds, nil
}

// execShowSpaces lists the spaces by name.
func execShowSpaces(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	spaces, err := mc.ListSpaces(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(spaces))
	for _, sp := range spaces {
		names = append(names, sp.Name)
	}
	return nameTable(n, names), nil
}

// nameTable is a one-column table of names in byte order, without
// duplicates, as NebulaGraph's SHOW SPACES|TAGS|EDGES list them.
func nameTable(n *plan.Node, names []string) *value.DataSet {
	sort.Strings(names)
	ds := emptyTable(n)
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			continue
		}
		addRow(ds, value.NewString(name))
	}
	return ds
}

// execShowCreateSpace prints a space's CREATE statement as NebulaGraph
// v3.8 does: without its zones.
func execShowCreateSpace(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := mc.GetSpace(ctx, n.Stmt.(*ast.Show).Name)
	if err != nil {
		return nil, err
	}
	text := fmt.Sprintf("CREATE SPACE `%s` (partition_num = %d, replica_factor = %d, charset = %s, collate = %s, vid_type = %s)",
		sp.Name, sp.PartitionNum, sp.ReplicaFactor, sp.Charset, sp.Collate, vidTypeString(sp))
	if sp.HasComment {
		text += fmt.Sprintf(" comment = '%s'", sp.Comment)
	}
	ds := emptyTable(n)
	addRow(ds, value.NewString(sp.Name), value.NewString(text))
	return ds, nil
}

func execShowCharset(_ *executor, _ context.Context, _ *meta.Client, n *plan.Node) (*value.DataSet, error) {
	ds := emptyTable(n)
	for _, c := range charsets {
		addRow(ds, value.NewString(c.name), value.NewString(c.desc), value.NewString(c.collations[0]), value.NewInt(c.maxLen))
	}
	return ds, nil
}

func execShowCollation(_ *executor, _ context.Context, _ *meta.Client, n *plan.Node) (*value.DataSet, error) {
	ds := emptyTable(n)
	for _, c := range charsets {
		for _, coll := range c.collations {
			addRow(ds, value.NewString(coll), value.NewString(c.name))
		}
	}
	return ds, nil
}

// spaceComment is DESC SPACE's Comment: EMPTY when none was given, else
// the text, possibly "".
func spaceComment(sp *meta.Space) value.Value {
	if !sp.HasComment && sp.Comment == "" {
		return value.Empty
	}
	return value.NewString(sp.Comment)
}

package exec

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// graphSpace is the space a graph statement is validated against, as the
// meta client's cache describes it when the request is planned.
type graphSpace struct {
	id   int32
	name string
	desc *meta.Space
	meta *meta.Client
	// vidKind is the kind every vertex id of the space has: KindInt for
	// INT64 spaces, KindString for FIXED_STRING(N) ones.
	vidKind value.Kind
}

// graphSpace returns the space st works in: the space a USE earlier in the
// request switches to, else the session's. It fails as NebulaGraph does
// when none is chosen, and when graphd runs without meta and storage.
func (p *planner) graphSpace(ctx context.Context, st ast.Stmt) (*graphSpace, error) {
	name := ""
	if p.x.session != nil {
		name = p.x.session.Space().Name
	}
	if used := lastUse(p.prev); used != "" {
		name = used
	}
	if name == "" {
		return nil, status.Semantic("Space was not chosen.")
	}
	mc := p.x.engine.opts.Meta
	if mc == nil || p.x.engine.opts.Storage == nil {
		return nil, p.x.needsGraph(st)
	}
	sp, err := mc.SpaceByName(name)
	if err != nil {
		return nil, err
	}
	g := &graphSpace{id: sp.ID, name: sp.Name, desc: sp, meta: mc, vidKind: value.KindString}
	if sp.VIDType == kvstore.TypeInt64 {
		g.vidKind = value.KindInt
	}
	return g, nil
}

// permissionSpace is the id of the space whose roles decide the statement
// being planned: the space a USE earlier in the request switches to, else
// the session's; 0 when none is chosen. NebulaGraph checks permissions
// against the validator's current space, which a USE in the same request
// has already switched, so "USE s; MATCH ..." is judged by the role in s.
func (p *planner) permissionSpace() int32 {
	if used := lastUse(p.prev); used != "" {
		mc := p.x.engine.opts.Meta
		if mc == nil {
			return 0
		}
		sp, err := mc.SpaceByName(used)
		if err != nil {
			// The USE fails on its own when it runs; no role is found here.
			return 0
		}
		return sp.ID
	}
	if p.x.session == nil {
		return 0
	}
	return p.x.session.Space().ID
}

// lastUse returns the space of the latest USE planned before (and so run
// before) the statement being planned, "" if there is none. Every
// statement's plan reaches the previous statement's root, so the search
// from the previous root sees the whole request so far.
func lastUse(prev *plan.Node) string {
	var best *plan.Node
	seen := map[*plan.Node]bool{}
	var walk func(n *plan.Node)
	walk = func(n *plan.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if n.Kind == plan.SwitchSpace && (best == nil || n.ID > best.ID) {
			best = n
		}
		for _, d := range n.Deps {
			walk(d)
		}
	}
	walk(prev)
	if best == nil {
		return ""
	}
	return best.Space
}

// vidTypeName is the space's vid type as NebulaGraph's messages name it.
func (g *graphSpace) vidTypeName() string {
	if g.vidKind == value.KindInt {
		return "INT64"
	}
	return "FIXED_STRING"
}

// validVid reports whether v can be a vertex id of the space (its length
// is checked by storage).
func (g *graphSpace) validVid(v value.Value) bool { return v.Kind() == g.vidKind }

// tag returns a tag by name; an unknown one is meta's "TagNotFound:
// TagName `t`".
func (g *graphSpace) tag(name string) (*meta.Schema, error) { return g.meta.TagByName(g.id, name) }

// edge returns an edge type by name; an unknown one is "EdgeNotFound:
// EdgeName `e`".
func (g *graphSpace) edge(name string) (*meta.Schema, error) { return g.meta.EdgeByName(g.id, name) }

// hasTag and hasEdge report whether a schema of that name exists.
func (g *graphSpace) hasTag(name string) bool {
	_, err := g.tag(name)
	return err == nil
}

func (g *graphSpace) hasEdge(name string) bool {
	_, err := g.edge(name)
	return err == nil
}

// columnOf returns the latest version's column called prop, or nil.
func columnOf(s *meta.Schema, prop string) *meta.Column {
	cols := s.Latest().Columns
	for i := range cols {
		if cols[i].Name == prop {
			return &cols[i]
		}
	}
	return nil
}

// propKind is the kind of value a property of type t holds.
func propKind(t kvstore.PropertyType) value.Kind {
	switch t {
	case kvstore.TypeBool:
		return value.KindBool
	case kvstore.TypeInt64, kvstore.TypeInt8, kvstore.TypeInt16, kvstore.TypeInt32, kvstore.TypeTimestamp, kvstore.TypeVID:
		return value.KindInt
	case kvstore.TypeFloat, kvstore.TypeDouble:
		return value.KindFloat
	case kvstore.TypeString, kvstore.TypeFixedString:
		return value.KindString
	case kvstore.TypeDate:
		return value.KindDate
	case kvstore.TypeTime:
		return value.KindTime
	case kvstore.TypeDateTime:
		return value.KindDateTime
	case kvstore.TypeDuration:
		return value.KindDuration
	case kvstore.TypeGeography:
		return value.KindGeography
	case kvstore.TypeListString, kvstore.TypeListInt, kvstore.TypeListFloat:
		return value.KindList
	case kvstore.TypeSetString, kvstore.TypeSetInt, kvstore.TypeSetFloat:
		return value.KindSet
	}
	return value.KindEmpty
}

// storageError turns a storage client failure into the error NebulaGraph's
// graphd reports for it (StorageAccessExecutor::handleErrorCode): the
// first failed part's code, worded for the user.
func storageError(err error) error {
	if err == nil {
		return nil
	}
	var se *storage.Error
	if errors.As(err, &se) {
		part := int32(0)
		if len(se.Parts) > 0 {
			part = se.Parts[0].Part
		}
		if se.Code == common.ErrorCode_E_FILTER_OUT {
			return nil
		}
		return status.Execution("%s", storageCodeMessage(se.Code, part))
	}
	if errors.Is(err, kvstore.ErrBadVID) || errors.Is(err, storage.ErrInvalidVID) {
		return status.Execution("%s", storageCodeMessage(common.ErrorCode_E_INVALID_VID, 0))
	}
	var me *meta.Error
	if errors.As(err, &me) {
		return err
	}
	var st *status.Error
	if errors.As(err, &st) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return status.Execution("Execution had been killed: %v", err)
	}
	return status.Execution("Storage Error: %v", err)
}

// storageMessages are the words of NebulaGraph's handleErrorCode.
var storageMessages = map[common.ErrorCode]string{
	common.ErrorCode_E_KEY_NOT_FOUND:         "Storage Error: Vertex or edge not found.",
	common.ErrorCode_E_DATA_TYPE_MISMATCH:    "Storage Error: The data type does not meet the requirements. Use the correct type of data.",
	common.ErrorCode_E_INVALID_VID:           "Storage Error: The VID must be a 64-bit integer or a string fitting space vertex id length limit.",
	common.ErrorCode_E_INVALID_FIELD_VALUE:   "Storage Error: Invalid field value: may be the filed is not NULL or without default value or wrong schema.",
	common.ErrorCode_E_INVALID_FILTER:        "Storage Error: Invalid filter.",
	common.ErrorCode_E_INVALID_UPDATER:       "Storage Error: Invalid Update col or yield col.",
	common.ErrorCode_E_INVALID_SPACEVIDLEN:   "Storage Error: Invalid space vid len.",
	common.ErrorCode_E_SPACE_NOT_FOUND:       "Storage Error: Space not found.",
	common.ErrorCode_E_TAG_NOT_FOUND:         "Storage Error: Tag not found.",
	common.ErrorCode_E_TAG_PROP_NOT_FOUND:    "Storage Error: Tag prop not found.",
	common.ErrorCode_E_EDGE_NOT_FOUND:        "Storage Error: Edge not found.",
	common.ErrorCode_E_EDGE_PROP_NOT_FOUND:   "Storage Error: Edge prop not found.",
	common.ErrorCode_E_INDEX_NOT_FOUND:       "Storage Error: Index not found.",
	common.ErrorCode_E_INVALID_DATA:          "Storage Error: Invalid data, may be wrong value type.",
	common.ErrorCode_E_NOT_NULLABLE:          "Storage Error: The not null field cannot be null.",
	common.ErrorCode_E_FIELD_UNSET:           "Storage Error: The not null field doesn't have a default value.",
	common.ErrorCode_E_OUT_OF_RANGE:          "Storage Error: Out of range value.",
	common.ErrorCode_E_DATA_CONFLICT_ERROR:   "Storage Error: More than one request trying to add/update/delete one edge/vertex at the same time.",
	common.ErrorCode_E_RAFT_WAL_FAIL:         "Storage Error: Write wal failed. Probably disk is almost full.",
	common.ErrorCode_E_RAFT_WRITE_BLOCKED:    "Storage Error: Write is blocked when creating snapshot. Please retry later.",
	common.ErrorCode_E_RAFT_ATOMIC_OP_FAILED: "Storage Error: Atomic operation failed.",
}

func storageCodeMessage(code common.ErrorCode, part int32) string {
	if msg, ok := storageMessages[code]; ok {
		return msg
	}
	switch code {
	case common.ErrorCode_E_LEADER_CHANGED:
		return fmt.Sprintf("Storage Error: Not the leader of %d. Please retry later.", part)
	case common.ErrorCode_E_PART_NOT_FOUND:
		return fmt.Sprintf("Storage Error: Part %d not found.", part)
	case common.ErrorCode_E_RAFT_TERM_OUT_OF_DATE:
		return fmt.Sprintf("Storage Error: Term of part %d is out of date. Please retry later.", part)
	case common.ErrorCode_E_RAFT_BUFFER_OVERFLOW:
		return fmt.Sprintf("Storage Error: Part %d raft buffer is full. Please retry later.", part)
	}
	return fmt.Sprintf("Storage Error: part: %d, error: %s(%d).", part, code, int32(code))
}

package exec

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Hosts, parts and zones: ADD/DROP HOSTS, SHOW HOSTS, SHOW PARTS and the
// zone statements metad supports.

var (
	showHostsCols = []adminCol{
		{"Host", value.KindString}, {"Port", value.KindInt}, {"Status", value.KindString},
		{"Leader count", value.KindInt}, {"Leader distribution", value.KindString},
		{"Partition distribution", value.KindString}, {"Version", value.KindString},
	}
	showHostsRoleCols = []adminCol{
		{"Host", value.KindString}, {"Port", value.KindInt}, {"Status", value.KindString},
		{"Role", value.KindString}, {"Git Info Sha", value.KindString}, {"Version", value.KindString},
	}
	showPartsCols = []adminCol{
		{"Partition ID", value.KindInt}, {"Leader", value.KindString},
		{"Peers", value.KindString}, {"Losts", value.KindString},
	}
	describeZoneCols = []adminCol{{"Hosts", value.KindString}, {"Port", value.KindInt}}
	listZonesCols    = []adminCol{{"Name", value.KindString}, {"Host", value.KindString}, {"Port", value.KindInt}}
)

// hostListTypes maps the role of SHOW HOSTS <role> to the listing asked of
// metad.
var hostListTypes = map[string]gmeta.ListHostType{
	"GRAPH": gmeta.ListHostType_GRAPH, "META": gmeta.ListHostType_META,
	"STORAGE": gmeta.ListHostType_STORAGE, "AGENT": gmeta.ListHostType_AGENT,
}

// checkHostList refuses an empty host list and a repeated host.
//
// NB: as NebulaGraph (std::unique on the list as written), only a host
// repeated right after itself counts as duplicated.
func checkHostList(hosts []*ast.HostAddr) error {
	if len(hosts) == 0 {
		return status.Semantic("Host is empty")
	}
	for i := 1; i < len(hosts); i++ {
		if *hosts[i] == *hosts[i-1] {
			return status.Semantic("Host have duplicated")
		}
	}
	return nil
}

func hostStrings(hosts []*ast.HostAddr) []string {
	out := make([]string, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, net.JoinHostPort(h.Host, strconv.FormatInt(h.Port, 10)))
	}
	return out
}

func (p *planner) addHosts(s *ast.AddHosts) (*adminNode, error) {
	if err := checkHostList(s.Hosts); err != nil {
		return nil, err
	}
	if s.Zone != "" {
		return &adminNode{kind: plan.AddHostsIntoZone, stmt: s}, nil
	}
	return &adminNode{kind: plan.AddHosts, stmt: s}, nil
}

func showHosts(s *ast.Show) (*adminNode, error) {
	if s.Role == "" {
		return tableNode(plan.ShowHosts, s, showHostsCols), nil
	}
	if _, ok := hostListTypes[s.Role]; !ok {
		return nil, unsupported(s.String())
	}
	return tableNode(plan.ShowHosts, s, showHostsRoleCols), nil
}

func execAddHosts(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.AddHosts)
	if s.Zone != "" {
		return nil, mc.AddHostsIntoZone(ctx, hostStrings(s.Hosts), s.Zone, s.NewZone)
	}
	return nil, mc.AddHosts(ctx, hostStrings(s.Hosts))
}

func execDropHosts(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	return nil, mc.DropHosts(ctx, hostStrings(n.Stmt.(*ast.DropHosts).Hosts))
}

// splitAddr splits "host:port" into the host and the port as NebulaGraph
// shows them.
func splitAddr(addr string) (value.Value, value.Value) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return value.NewString(addr), value.Null
	}
	p, err := strconv.ParseInt(port, 10, 64)
	if err != nil {
		return value.NewString(host), value.Null
	}
	return value.NewString(host), value.NewInt(p)
}

// distribution is "space:count, ..." by space name, or "No valid
// partition".
func distribution(parts map[string][]int32) (string, int64) {
	if len(parts) == 0 {
		return "No valid partition", 0
	}
	spaces := make([]string, 0, len(parts))
	for sp := range parts {
		spaces = append(spaces, sp)
	}
	sort.Strings(spaces)
	var total int64
	items := make([]string, len(spaces))
	for i, sp := range spaces {
		items[i] = fmt.Sprintf("%s:%d", sp, len(parts[sp]))
		total += int64(len(parts[sp]))
	}
	return strings.Join(items, ", "), total
}

func hostStatus(online bool) value.Value {
	if online {
		return value.NewString("ONLINE")
	}
	return value.NewString("OFFLINE")
}

// execShowHosts lists the storage hosts with their parts (SHOW HOSTS), or
// the hosts of one role with their build (SHOW HOSTS GRAPH|META|STORAGE).
func execShowHosts(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.Show)
	typ := gmeta.ListHostType_ALLOC
	if s.Role != "" {
		typ = hostListTypes[s.Role]
	}
	hosts, err := mc.ListHosts(ctx, typ)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, h := range hosts {
		host, port := splitAddr(h.Addr)
		if typ == gmeta.ListHostType_ALLOC {
			leaders, count := distribution(h.LeaderParts)
			parts, _ := distribution(h.AllParts)
			addRow(ds, host, port, hostStatus(h.Online), value.NewInt(count), value.NewString(leaders),
				value.NewString(parts), strOrEmpty(h.Version))
			continue
		}
		addRow(ds, host, port, hostStatus(h.Online), value.NewString(h.Role.String()),
			value.NewString(h.GitInfoSHA), strOrEmpty(h.Version))
	}
	return ds, nil
}

// execShowParts lists parts of the current space (all when none are
// named) with their leader, replicas and replicas on hosts that are down.
func execShowParts(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.Show)
	ids := make([]int32, 0, len(s.IDs))
	for _, id := range s.IDs {
		ids = append(ids, int32(id))
	}
	parts, err := mc.ListParts(ctx, sp.ID, ids)
	if err != nil {
		return nil, err
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].Part < parts[j].Part })
	ds := emptyTable(n)
	for _, p := range parts {
		addRow(ds, value.NewInt(int64(p.Part)), value.NewString(p.Leader),
			value.NewString(strings.Join(p.Peers, ", ")), value.NewString(strings.Join(p.Losts, ", ")))
	}
	return ds, nil
}

func execDropZone(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	return nil, mc.DropZone(ctx, n.Stmt.(*ast.DropZone).Name)
}

func execRenameZone(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.RenameZone)
	return nil, mc.RenameZone(ctx, s.From, s.To)
}

func execDescribeZone(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	hosts, err := mc.GetZone(ctx, n.Stmt.(*ast.DescribeZone).Name)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, h := range hosts {
		host, port := splitAddr(h)
		addRow(ds, host, port)
	}
	return ds, nil
}

func execListZones(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	zones, err := mc.ListZones(ctx)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, z := range zones {
		for _, h := range z.Hosts {
			host, port := splitAddr(h)
			addRow(ds, value.NewString(z.Name), host, port)
		}
	}
	return ds, nil
}

package ast

import (
	"strconv"
	"strings"
)

// HostAddr is host:port in host lists; Host is an IPv4 address or a quoted
// host name.
type HostAddr struct {
	Host string
	Port int64
}

// CreateUser is CREATE USER [IF NOT EXISTS] name [WITH PASSWORD "pwd"].
type CreateUser struct {
	IfNotExists bool
	Name        string
	Password    string
	HasPassword bool
}

// AlterUser is ALTER USER name WITH PASSWORD "pwd".
type AlterUser struct{ Name, Password string }

// DropUser is DROP USER [IF EXISTS] name.
type DropUser struct {
	IfExists bool
	Name     string
}

// ChangePassword is CHANGE PASSWORD name FROM "old" TO "new".
type ChangePassword struct{ Name, Old, New string }

// DescribeUser is DESCRIBE USER name.
type DescribeUser struct{ Name string }

// GrantRole is GRANT [ROLE] role ON space TO user, or with Revoke REVOKE
// [ROLE] role ON space FROM user. Role is GOD, ADMIN, DBA, USER or GUEST.
type GrantRole struct {
	Revoke bool
	Role   string
	Space  string
	User   string
}

// JobOp is what an AdminJob does.
type JobOp uint8

// Job operations.
const (
	JobAdd     JobOp = iota // SUBMIT JOB ..., REBUILD ... INDEX, BALANCE ...
	JobShowAll              // SHOW JOBS
	JobShow                 // SHOW JOB id
	JobStop                 // STOP JOB id
	JobRecover              // RECOVER JOB [ids]
)

// Job commands of JobAdd, named as NebulaGraph's meta::cpp2::AdminCmd.
const (
	CmdCompact          = "COMPACT"
	CmdFlush            = "FLUSH"
	CmdStats            = "STATS"
	CmdRebuildTagIndex  = "REBUILD_TAG_INDEX"
	CmdRebuildEdgeIndex = "REBUILD_EDGE_INDEX"
	CmdRebuildFulltext  = "REBUILD_FULLTEXT_INDEX"
	CmdDataBalance      = "DATA_BALANCE"
	CmdLeaderBalance    = "LEADER_BALANCE"
	CmdZoneBalance      = "ZONE_BALANCE"
	CmdDownload         = "DOWNLOAD"
	CmdIngest           = "INGEST"
)

// AdminJob is every statement that submits or manages a meta job. Params
// are index names for rebuilds, "host:port" strings for BALANCE DATA REMOVE,
// the URL for DOWNLOAD, and job ids for SHOW/STOP/RECOVER JOB.
type AdminJob struct {
	Op     JobOp
	Cmd    string
	Params []string
}

// AddHosts is ADD HOSTS host, ... [INTO [NEW] ZONE zone].
type AddHosts struct {
	Hosts   []*HostAddr
	Zone    string
	NewZone bool
}

// DropHosts is DROP HOSTS host, ....
type DropHosts struct{ Hosts []*HostAddr }

// MergeZone is MERGE ZONE zone, ... INTO zone.
type MergeZone struct {
	Zones []string
	Into  string
}

// ZoneItem is zone(host, ...) in DIVIDE ZONE.
type ZoneItem struct {
	Name  string
	Hosts []*HostAddr
}

// DivideZone is DIVIDE ZONE zone INTO zone(hosts) zone(hosts) ....
type DivideZone struct {
	Name string
	Into []*ZoneItem
}

// RenameZone is RENAME ZONE from TO to.
type RenameZone struct{ From, To string }

// DropZone is DROP ZONE zone.
type DropZone struct{ Name string }

// DescribeZone is DESCRIBE ZONE zone.
type DescribeZone struct{ Name string }

// CreateSnapshot is CREATE SNAPSHOT.
type CreateSnapshot struct{}

// DropSnapshot is DROP SNAPSHOT name.
type DropSnapshot struct{ Name string }

// AddListener is ADD LISTENER ELASTICSEARCH host, ....
type AddListener struct{ Hosts []*HostAddr }

// RemoveListener is REMOVE LISTENER ELASTICSEARCH.
type RemoveListener struct{}

// ServiceClient is (host[, HTTP|HTTPS][, "user", "password"]) of SIGN IN
// TEXT SERVICE.
type ServiceClient struct {
	Host     *HostAddr
	ConnType string // "", "http" or "https"
	User     string
	Password string
	HasAuth  bool
}

// SignInService is SIGN IN TEXT SERVICE client, ....
type SignInService struct{ Clients []*ServiceClient }

// SignOutService is SIGN OUT TEXT SERVICE.
type SignOutService struct{}

// GetConfig is GET CONFIGS [module:]name; Module is "", GRAPH, META or
// STORAGE.
type GetConfig struct{ Module, Name string }

// SetConfig is UPDATE CONFIGS [module:]name = expr, or name = {k = v, ...}
// (Items set) for map-valued configs.
type SetConfig struct {
	Module string
	Name   string
	Value  Expr
	Items  []*UpdateItem
}

// ShowKind selects what a Show statement lists.
type ShowKind uint8

// Show statements.
const (
	ShowHosts             ShowKind = iota // SHOW HOSTS [Role]
	ShowSpaces                            // SHOW SPACES
	ShowParts                             // SHOW PARTS [ids]
	ShowTags                              // SHOW TAGS
	ShowEdges                             // SHOW EDGES
	ShowTagIndexes                        // SHOW TAG INDEXES [BY Name]
	ShowEdgeIndexes                       // SHOW EDGE INDEXES [BY Name]
	ShowUsers                             // SHOW USERS
	ShowRoles                             // SHOW ROLES IN Name
	ShowConfigs                           // SHOW CONFIGS [Role]
	ShowCreateSpace                       // SHOW CREATE SPACE Name
	ShowCreateTag                         // SHOW CREATE TAG Name
	ShowCreateEdge                        // SHOW CREATE EDGE Name
	ShowCreateTagIndex                    // SHOW CREATE TAG INDEX Name
	ShowCreateEdgeIndex                   // SHOW CREATE EDGE INDEX Name
	ShowTagIndexStatus                    // SHOW TAG INDEX STATUS
	ShowEdgeIndexStatus                   // SHOW EDGE INDEX STATUS
	ShowSnapshots                         // SHOW SNAPSHOTS
	ShowCharset                           // SHOW CHARSET
	ShowCollation                         // SHOW COLLATION
	ShowZones                             // SHOW ZONES
	ShowStats                             // SHOW STATS
	ShowTextSearchClients                 // SHOW TEXT SEARCH CLIENTS
	ShowFulltextIndexes                   // SHOW FULLTEXT INDEXES
	ShowSessions                          // SHOW [LOCAL] SESSIONS
	ShowSession                           // SHOW SESSION IDs[0]
	ShowMetaLeader                        // SHOW META LEADER
	ShowListener                          // SHOW LISTENER
	ShowQueries                           // SHOW [LOCAL] QUERIES
)

// Show is one of the SHOW statements (SHOW JOBS and SHOW JOB are AdminJob).
// Role is the host role of SHOW HOSTS (GRAPH, META, STORAGE, AGENT or
// "STORAGE LISTENER") or the module of SHOW CONFIGS; Name the object named
// after BY, IN or CREATE ...; IDs the parts of SHOW PARTS or the session of
// SHOW SESSION; Local the LOCAL of SESSIONS and QUERIES.
type Show struct {
	Kind  ShowKind
	Role  string
	Name  string
	IDs   []int64
	Local bool
}

// KillQuery is KILL QUERY ([SESSION=s,] PLAN=p); Session is nil when
// omitted.
type KillQuery struct{ Session, Plan Expr }

// KillSession is KILL SESSION expr or KILL SESSIONS expr.
type KillSession struct{ Sessions Expr }

func (*CreateUser) stmtNode()     {}
func (*AlterUser) stmtNode()      {}
func (*DropUser) stmtNode()       {}
func (*ChangePassword) stmtNode() {}
func (*DescribeUser) stmtNode()   {}
func (*GrantRole) stmtNode()      {}
func (*AdminJob) stmtNode()       {}
func (*AddHosts) stmtNode()       {}
func (*DropHosts) stmtNode()      {}
func (*MergeZone) stmtNode()      {}
func (*DivideZone) stmtNode()     {}
func (*RenameZone) stmtNode()     {}
func (*DropZone) stmtNode()       {}
func (*DescribeZone) stmtNode()   {}
func (*CreateSnapshot) stmtNode() {}
func (*DropSnapshot) stmtNode()   {}
func (*AddListener) stmtNode()    {}
func (*RemoveListener) stmtNode() {}
func (*SignInService) stmtNode()  {}
func (*SignOutService) stmtNode() {}
func (*GetConfig) stmtNode()      {}
func (*SetConfig) stmtNode()      {}
func (*Show) stmtNode()           {}
func (*KillQuery) stmtNode()      {}
func (*KillSession) stmtNode()    {}

func (h *HostAddr) String() string       { return render(h) }
func (s *CreateUser) String() string     { return render(s) }
func (s *AlterUser) String() string      { return render(s) }
func (s *DropUser) String() string       { return render(s) }
func (s *ChangePassword) String() string { return render(s) }
func (s *DescribeUser) String() string   { return render(s) }
func (s *GrantRole) String() string      { return render(s) }
func (s *AdminJob) String() string       { return render(s) }
func (s *AddHosts) String() string       { return render(s) }
func (s *DropHosts) String() string      { return render(s) }
func (s *MergeZone) String() string      { return render(s) }
func (s *DivideZone) String() string     { return render(s) }
func (s *RenameZone) String() string     { return render(s) }
func (s *DropZone) String() string       { return render(s) }
func (s *DescribeZone) String() string   { return render(s) }
func (s *CreateSnapshot) String() string { return render(s) }
func (s *DropSnapshot) String() string   { return render(s) }
func (s *AddListener) String() string    { return render(s) }
func (s *RemoveListener) String() string { return render(s) }
func (s *SignInService) String() string  { return render(s) }
func (s *SignOutService) String() string { return render(s) }
func (s *GetConfig) String() string      { return render(s) }
func (s *SetConfig) String() string      { return render(s) }
func (s *Show) String() string           { return render(s) }
func (s *KillQuery) String() string      { return render(s) }
func (s *KillSession) String() string    { return render(s) }

func (h *HostAddr) format(p *printer) {
	if isIPv4(h.Host) {
		p.str(h.Host)
	} else {
		p.buf = appendQuotedString(p.buf, h.Host)
	}
	p.byte(':')
	p.int(h.Port)
}

// isIPv4 reports whether s is a dotted quad the scanner reads as an IPV4
// token.
func isIPv4(s string) bool {
	parts := 0
	for i := 0; i <= len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(s[i:j])
		if j == i || j-i > 3 || err != nil || n > 255 || j-i > 1 && s[i] == '0' {
			return false
		}
		parts++
		if j == len(s) {
			return parts == 4
		}
		if s[j] != '.' {
			return false
		}
		i = j + 1
	}
	return false
}

func (p *printer) hosts(hs []*HostAddr) {
	for i, h := range hs {
		if i > 0 {
			p.str(", ")
		}
		p.node(h)
	}
}

func (s *CreateUser) format(p *printer) {
	p.str("CREATE USER ")
	p.ifNotExists(s.IfNotExists)
	p.name(s.Name)
	if s.HasPassword {
		p.str(" WITH PASSWORD ")
		p.buf = appendQuotedString(p.buf, s.Password)
	}
}

func (s *AlterUser) format(p *printer) {
	p.str("ALTER USER ")
	p.name(s.Name)
	p.str(" WITH PASSWORD ")
	p.buf = appendQuotedString(p.buf, s.Password)
}

func (s *DropUser) format(p *printer) {
	p.str("DROP USER ")
	p.ifExists(s.IfExists)
	p.name(s.Name)
}

func (s *ChangePassword) format(p *printer) {
	p.str("CHANGE PASSWORD ")
	p.name(s.Name)
	p.str(" FROM ")
	p.buf = appendQuotedString(p.buf, s.Old)
	p.str(" TO ")
	p.buf = appendQuotedString(p.buf, s.New)
}

func (s *DescribeUser) format(p *printer) {
	p.str("DESCRIBE USER ")
	p.name(s.Name)
}

func (s *GrantRole) format(p *printer) {
	if s.Revoke {
		p.str("REVOKE ROLE ")
	} else {
		p.str("GRANT ROLE ")
	}
	p.str(s.Role)
	p.str(" ON ")
	p.name(s.Space)
	if s.Revoke {
		p.str(" FROM ")
	} else {
		p.str(" TO ")
	}
	p.name(s.User)
}

func (s *AdminJob) format(p *printer) {
	switch s.Op {
	case JobShowAll:
		p.str("SHOW JOBS")
		return
	case JobShow, JobStop, JobRecover:
		p.str([...]string{JobShow: "SHOW JOB", JobStop: "STOP JOB", JobRecover: "RECOVER JOB"}[s.Op])
		for i, id := range s.Params {
			if i > 0 {
				p.byte(',')
			}
			p.byte(' ')
			p.str(id)
		}
		return
	}
	switch s.Cmd {
	case CmdRebuildTagIndex, CmdRebuildEdgeIndex:
		if s.Cmd == CmdRebuildTagIndex {
			p.str("REBUILD TAG INDEX")
		} else {
			p.str("REBUILD EDGE INDEX")
		}
		for i, n := range s.Params {
			if i > 0 {
				p.byte(',')
			}
			p.byte(' ')
			p.name(n)
		}
	case CmdRebuildFulltext:
		p.str("REBUILD FULLTEXT INDEX")
	case CmdLeaderBalance:
		p.str("SUBMIT JOB BALANCE LEADER")
	case CmdDataBalance:
		p.str("SUBMIT JOB BALANCE DATA")
		if len(s.Params) > 0 {
			p.str(" REMOVE ")
			for i, h := range s.Params {
				if i > 0 {
					p.str(", ")
				}
				// Params hold "host:port"; print them as the host list
				// they were written as.
				j := strings.LastIndexByte(h, ':')
				port, _ := strconv.ParseInt(h[j+1:], 10, 64)
				p.node(&HostAddr{Host: h[:j], Port: port})
			}
		}
	case CmdDownload:
		p.str("SUBMIT JOB DOWNLOAD HDFS ")
		if len(s.Params) > 0 {
			p.buf = appendQuotedString(p.buf, s.Params[0])
		}
	default:
		p.str("SUBMIT JOB ")
		p.str(s.Cmd)
	}
}

func (s *AddHosts) format(p *printer) {
	p.str("ADD HOSTS ")
	p.hosts(s.Hosts)
	if s.Zone != "" {
		p.str(" INTO ")
		if s.NewZone {
			p.str("NEW ")
		}
		p.str("ZONE ")
		p.name(s.Zone)
	}
}

func (s *DropHosts) format(p *printer) {
	p.str("DROP HOSTS ")
	p.hosts(s.Hosts)
}

func (s *MergeZone) format(p *printer) {
	p.str("MERGE ZONE ")
	p.names(s.Zones)
	p.str(" INTO ")
	p.name(s.Into)
}

func (s *DivideZone) format(p *printer) {
	p.str("DIVIDE ZONE ")
	p.name(s.Name)
	p.str(" INTO")
	for _, z := range s.Into {
		p.byte(' ')
		p.name(z.Name)
		p.byte('(')
		p.hosts(z.Hosts)
		p.byte(')')
	}
}

func (s *RenameZone) format(p *printer) {
	p.str("RENAME ZONE ")
	p.name(s.From)
	p.str(" TO ")
	p.name(s.To)
}

func (s *DropZone) format(p *printer) {
	p.str("DROP ZONE ")
	p.name(s.Name)
}

func (s *DescribeZone) format(p *printer) {
	p.str("DESCRIBE ZONE ")
	p.name(s.Name)
}

func (s *CreateSnapshot) format(p *printer) { p.str("CREATE SNAPSHOT") }

func (s *DropSnapshot) format(p *printer) {
	p.str("DROP SNAPSHOT ")
	p.name(s.Name)
}

func (s *AddListener) format(p *printer) {
	p.str("ADD LISTENER ELASTICSEARCH ")
	p.hosts(s.Hosts)
}

func (s *RemoveListener) format(p *printer) { p.str("REMOVE LISTENER ELASTICSEARCH") }

func (s *SignInService) format(p *printer) {
	p.str("SIGN IN TEXT SERVICE ")
	for i, c := range s.Clients {
		if i > 0 {
			p.str(", ")
		}
		p.byte('(')
		p.node(c.Host)
		if c.ConnType != "" {
			p.str(", ")
			p.str(map[string]string{"http": "HTTP", "https": "HTTPS"}[c.ConnType])
		}
		if c.HasAuth {
			p.str(", ")
			p.buf = appendQuotedString(p.buf, c.User)
			p.str(", ")
			p.buf = appendQuotedString(p.buf, c.Password)
		}
		p.byte(')')
	}
}

func (s *SignOutService) format(p *printer) { p.str("SIGN OUT TEXT SERVICE") }

func (p *printer) configName(module, name string) {
	if module != "" {
		p.str(module)
		p.byte(':')
	}
	p.name(name)
}

func (s *GetConfig) format(p *printer) {
	p.str("GET CONFIGS ")
	p.configName(s.Module, s.Name)
}

func (s *SetConfig) format(p *printer) {
	p.str("UPDATE CONFIGS ")
	p.configName(s.Module, s.Name)
	p.str(" = ")
	if s.Items == nil {
		p.node(s.Value)
		return
	}
	p.byte('{')
	for i, it := range s.Items {
		if i > 0 {
			p.str(", ")
		}
		p.node(it)
	}
	p.byte('}')
}

var showText = [...]string{
	ShowHosts:             "SHOW HOSTS",
	ShowSpaces:            "SHOW SPACES",
	ShowParts:             "SHOW PARTS",
	ShowTags:              "SHOW TAGS",
	ShowEdges:             "SHOW EDGES",
	ShowTagIndexes:        "SHOW TAG INDEXES",
	ShowEdgeIndexes:       "SHOW EDGE INDEXES",
	ShowUsers:             "SHOW USERS",
	ShowRoles:             "SHOW ROLES IN",
	ShowConfigs:           "SHOW CONFIGS",
	ShowCreateSpace:       "SHOW CREATE SPACE",
	ShowCreateTag:         "SHOW CREATE TAG",
	ShowCreateEdge:        "SHOW CREATE EDGE",
	ShowCreateTagIndex:    "SHOW CREATE TAG INDEX",
	ShowCreateEdgeIndex:   "SHOW CREATE EDGE INDEX",
	ShowTagIndexStatus:    "SHOW TAG INDEX STATUS",
	ShowEdgeIndexStatus:   "SHOW EDGE INDEX STATUS",
	ShowSnapshots:         "SHOW SNAPSHOTS",
	ShowCharset:           "SHOW CHARSET",
	ShowCollation:         "SHOW COLLATION",
	ShowZones:             "SHOW ZONES",
	ShowStats:             "SHOW STATS",
	ShowTextSearchClients: "SHOW TEXT SEARCH CLIENTS",
	ShowFulltextIndexes:   "SHOW FULLTEXT INDEXES",
	ShowSessions:          "SHOW SESSIONS",
	ShowSession:           "SHOW SESSION",
	ShowMetaLeader:        "SHOW META LEADER",
	ShowListener:          "SHOW LISTENER",
	ShowQueries:           "SHOW QUERIES",
}

func (s *Show) format(p *printer) {
	if s.Local {
		p.str("SHOW LOCAL ")
		p.str(showText[s.Kind][len("SHOW "):])
	} else {
		p.str(showText[s.Kind])
	}
	switch s.Kind {
	case ShowHosts, ShowConfigs:
		if s.Role != "" {
			p.byte(' ')
			p.str(s.Role)
		}
	case ShowTagIndexes, ShowEdgeIndexes:
		if s.Name != "" {
			p.str(" BY ")
			p.name(s.Name)
		}
	case ShowRoles, ShowCreateSpace, ShowCreateTag, ShowCreateEdge, ShowCreateTagIndex, ShowCreateEdgeIndex:
		p.byte(' ')
		p.name(s.Name)
	case ShowParts, ShowSession:
		for i, id := range s.IDs {
			if i > 0 {
				p.byte(',')
			}
			p.byte(' ')
			p.int(id)
		}
	}
}

func (s *KillQuery) format(p *printer) {
	p.str("KILL QUERY (")
	if s.Session != nil {
		p.str("SESSION=")
		p.node(s.Session)
		p.str(", ")
	}
	p.str("PLAN=")
	p.node(s.Plan)
	p.byte(')')
}

func (s *KillSession) format(p *printer) {
	p.str("KILL SESSIONS ")
	p.node(s.Sessions)
}

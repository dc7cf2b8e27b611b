package load

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// Nebula drives NovaGraph (or NebulaGraph) through nebula-go: one pooled
// connection and session per client, in Space.
type Nebula struct {
	Name           string // system name in results; default "novagraph"
	Addrs          []string
	User, Password string
	Space          string
	Timeout        time.Duration
	// BatchSize is the rows of an insert-batch statement [100].
	BatchSize int

	pool *nebula.ConnectionPool
}

type quiet struct{}

func (quiet) Info(string)  {}
func (quiet) Warn(string)  {}
func (quiet) Error(string) {}
func (quiet) Fatal(string) {}

// Open creates the connection pool for up to maxClients clients.
func (n *Nebula) Open(maxClients int) error {
	var hosts []nebula.HostAddress
	for _, a := range n.Addrs {
		h, p, err := net.SplitHostPort(a)
		if err != nil {
			return fmt.Errorf("graphd address %q: %w", a, err)
		}
		port, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("graphd address %q: %w", a, err)
		}
		hosts = append(hosts, nebula.HostAddress{Host: h, Port: port})
	}
	conf := nebula.GetDefaultConf()
	conf.MaxConnPoolSize = maxClients + 1
	if n.Timeout > 0 {
		conf.TimeOut = n.Timeout
	}
	pool, err := nebula.NewConnectionPool(hosts, conf, quiet{})
	if err != nil {
		return fmt.Errorf("connect to graphd: %w", err)
	}
	n.pool = pool
	return nil
}

// Close closes the pool.
func (n *Nebula) Close() {
	if n.pool != nil {
		n.pool.Close()
		n.pool = nil
	}
}

// System implements Driver.
func (n *Nebula) System() string {
	if n.Name == "" {
		return "novagraph"
	}
	return n.Name
}

// Connect implements Driver: a session in the space.
func (n *Nebula) Connect(context.Context) (Client, error) {
	if n.pool == nil {
		return nil, errors.New("nebula driver not opened")
	}
	s, err := n.pool.GetSession(n.User, n.Password)
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	c := &nebulaClient{s: s}
	if _, err := c.Do(context.Background(), "USE `"+n.Space+"`"); err != nil {
		s.Release()
		return nil, err
	}
	return c, nil
}

type nebulaClient struct{ s *nebula.Session }

func (c *nebulaClient) Do(_ context.Context, q string) (int64, error) {
	rs, err := c.s.Execute(q)
	if err != nil {
		return 0, err
	}
	if !rs.IsSucceed() {
		return 0, fmt.Errorf("error %d: %s", rs.GetErrorCode(), rs.GetErrorMsg())
	}
	return int64(rs.GetRowSize()), nil
}

func (c *nebulaClient) Close() error { c.s.Release(); return nil }

// NebulaScenarios lists the scenarios the nebula driver runs.
var NebulaScenarios = []string{"go1", "go2", "go3", "fetch-vertex", "fetch-edge", "lookup",
	"match1", "match2", "shortest", "insert", "insert-batch"}

// Query implements Driver.
func (n *Nebula) Query(scenario string, r *rand.Rand, w *Workload) (Query, bool) {
	if scenario == "insert-batch" {
		var b strings.Builder
		b.WriteString("INSERT EDGE KNOWS(creationDate) VALUES ")
		size := max(n.BatchSize, 1)
		for i := 0; i < size; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `%d->%d:(datetime("%s"))`, w.NewID(), w.NewID(), Date(r))
		}
		return Query{Text: b.String(), Writes: int64(size)}, true
	}
	q, ok := n.query(scenario, r, w)
	if scenario == "insert" {
		return Query{Text: q, Writes: 1}, ok
	}
	return Query{Text: q}, ok
}

func (n *Nebula) query(scenario string, r *rand.Rand, w *Workload) (string, bool) {
	switch scenario {
	case "go1", "go2", "go3":
		return fmt.Sprintf("GO %c STEPS FROM %d OVER KNOWS YIELD KNOWS.creationDate AS since, $$.Person.firstName AS name",
			scenario[2], w.Start(r)), true
	case "fetch-vertex":
		return fmt.Sprintf("FETCH PROP ON Person %d YIELD properties(vertex) AS p", w.Start(r)), true
	case "fetch-edge":
		s, d := w.Edge(r)
		return fmt.Sprintf("FETCH PROP ON KNOWS %d->%d YIELD properties(edge) AS e", s, d), true
	case "lookup":
		return fmt.Sprintf(`LOOKUP ON Person WHERE Person.firstName == "%s" YIELD id(vertex) AS id, Person.lastName AS last`, w.Name(r)), true
	case "match1":
		return fmt.Sprintf(`MATCH (p:Person{firstName: "%s"})-[e:KNOWS]->(f:Person) RETURN e.creationDate AS since, f.Person.firstName AS name`, w.Name(r)), true
	case "match2":
		return fmt.Sprintf(`MATCH (p:Person{firstName: "%s"})-[:KNOWS]->(:Person)-[e:KNOWS]->(f:Person) RETURN e.creationDate AS since, f.Person.firstName AS name`, w.Name(r)), true
	case "shortest":
		return fmt.Sprintf("FIND SHORTEST PATH FROM %d TO %d OVER KNOWS UPTO 4 STEPS YIELD path AS p", w.Start(r), w.Start(r)), true
	case "insert":
		return fmt.Sprintf(`INSERT EDGE KNOWS(creationDate) VALUES %d->%d:(datetime("%s"))`, w.NewID(), w.NewID(), Date(r)), true
	}
	return "", false
}

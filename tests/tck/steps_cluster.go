package tck

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	messages "github.com/cucumber/messages/go/v21"
	client "github.com/vesoft-inc/nebula-go/v3"
)

// The steps of features that run on a cluster of their own ("@distonly"
// in NebulaGraph's suite: logins to numbered graphds, flags such as
// failed_login_attempts): the scenario starts the cluster its Background
// describes, through RunnerConfig.Dedicated, and stops it at its end.

func init() {
	step(`a nebulacluster with (\d+) graphd and (\d+) metad and (\d+) storaged and (\d+) listeners?:?`, dedicatedCluster)
	step(`login "graphd\[(\d+)\]" with "([^"]*)" and "([^"]*)"`, loginGraphd)
	step(`login "graphd\[(\d+)\]" with "([^"]*)" and "([^"]*)" should fail:`, loginGraphdFails)
	checkStep(`the result should contain, replace the holders with cluster info:`, resultContainsHolders)
}

// ClusterSpec is what "a nebulacluster with ..." asks for: daemon counts
// and "name=value" flag settings per daemon kind.
type ClusterSpec struct {
	Graphd, Metad, Storaged, Listeners int
	Flags                              map[string][]string // "graphd", "metad", "storaged"
}

// dedicated is a scenario's own cluster and a connection pool per graphd.
type dedicated struct {
	cluster Cluster
	pools   []*client.ConnectionPool
}

func (d *dedicated) close() error {
	for _, p := range d.pools {
		if p != nil {
			p.Close()
		}
	}
	return d.cluster.Close()
}

// pool returns the connection pool of graphd i, opening it on first use.
func (d *dedicated) pool(i int) (*client.ConnectionPool, error) {
	addrs := d.cluster.GraphAddrs()
	if i < 0 || i >= len(addrs) {
		return nil, fmt.Errorf("graphd[%d]: the cluster has %d graphd", i, len(addrs))
	}
	if d.pools[i] == nil {
		conf := client.GetDefaultConf()
		conf.TimeOut = time.Minute
		p, err := client.NewConnectionPool([]client.HostAddress{addrs[i]}, conf, quietLogger{})
		if err != nil {
			return nil, fmt.Errorf("connect to graphd[%d]: %w", i, err)
		}
		d.pools[i] = p
	}
	return d.pools[i], nil
}

func dedicatedCluster(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	if s.r.dedicated == nil {
		return unsupportedf("starts a dedicated cluster, which this runner cannot")
	}
	if s.ded != nil {
		return errors.New("the scenario already has a dedicated cluster")
	}
	spec := ClusterSpec{Flags: map[string][]string{}}
	for i, p := range []*int{&spec.Graphd, &spec.Metad, &spec.Storaged, &spec.Listeners} {
		n, err := strconv.Atoi(args[i+1])
		if err != nil {
			return err
		}
		*p = n
	}
	if arg != nil && arg.DocString != nil {
		for _, line := range strings.Split(arg.DocString.Content, "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			kind, kv, ok := strings.Cut(line, ":")
			kind = strings.ToLower(strings.TrimSpace(kind))
			if !ok || (kind != "graphd" && kind != "metad" && kind != "storaged") || !strings.Contains(kv, "=") {
				return fmt.Errorf("cluster parameter %q is not <graphd|metad|storaged>:name=value", line)
			}
			spec.Flags[kind] = append(spec.Flags[kind], strings.TrimSpace(kv))
		}
	}
	c, err := s.r.dedicated(spec)
	if err != nil {
		if errors.Is(err, errUnsupported) {
			return err
		}
		return &setupError{err: fmt.Errorf("start the dedicated cluster: %w", err)}
	}
	s.ded = &dedicated{cluster: c, pools: make([]*client.ConnectionPool, len(c.GraphAddrs()))}
	// Its logins and lock times are real time.
	s.realTime = true
	p, err := s.ded.pool(0)
	if err != nil {
		return &setupError{err: err}
	}
	sess, err := p.GetSession(s.r.user, s.r.password)
	if err != nil {
		return &setupError{err: fmt.Errorf("login %s: %w", s.r.user, err)}
	}
	s.sessions = append(s.sessions, sess)
	s.sess = sess
	return nil
}

// graphdPool is the pool of graphd[i] of the scenario's dedicated cluster.
func (s *scenarioRun) graphdPool(i string) (*client.ConnectionPool, error) {
	if s.ded == nil {
		return nil, unsupportedf("logs in to a numbered graphd of a dedicated cluster, which the scenario did not start")
	}
	n, err := strconv.Atoi(i)
	if err != nil {
		return nil, err
	}
	return s.ded.pool(n)
}

// loginGraphd opens a session on a numbered graphd, which stays open to
// the scenario's end. Queries go to it only if none has run yet: the
// reference runner's queries take the pytest fixture "session", which is
// bound to the current session at the scenario's first query and cached
// from then on (so tck/admin/Sessions.feature's SHOW SESSIONS after a
// login as user1 still runs as root).
func loginGraphd(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	p, err := s.graphdPool(args[1])
	if err != nil {
		return err
	}
	sess, err := p.GetSession(args[2], args[3])
	if err != nil {
		return fmt.Errorf("login %s on graphd[%s]: %w", args[2], args[1], err)
	}
	s.sessions = append(s.sessions, sess)
	if s.ngql == "" {
		s.sess = sess
	}
	return nil
}

// loginGraphdFails expects the login to be refused with a message
// containing the doc string.
func loginGraphdFails(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	want, err := docString(arg)
	if err != nil {
		return err
	}
	want = strings.TrimSpace(want)
	p, err := s.graphdPool(args[1])
	if err != nil {
		return err
	}
	sess, err := p.GetSession(args[2], args[3])
	if err == nil {
		sess.Release()
		return fmt.Errorf("login %s on graphd[%s] succeeded, want it refused with %q", args[2], args[1], want)
	}
	if !strings.Contains(err.Error(), want) {
		return fmt.Errorf("login %s on graphd[%s]: %v, want %q", args[2], args[1], err, want)
	}
	return nil
}

// clusterHolder is a reference to the dedicated cluster in an expected
// cell, as the reference runner's replace_result_with_cluster_info reads it.
var clusterHolder = regexp.MustCompile(`\$\{cluster\.(\w+)_processes\[(\d+)\]\.tcp_port\}`)

func resultContainsHolders(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	if s.ded == nil {
		return unsupportedf("needs a dedicated cluster's host list")
	}
	if arg == nil || arg.DataTable == nil {
		return errors.New("the step needs a table")
	}
	addrs := s.ded.cluster.GraphAddrs()
	var bad error
	replace := func(cell string) string {
		return clusterHolder.ReplaceAllStringFunc(cell, func(h string) string {
			m := clusterHolder.FindStringSubmatch(h)
			i, _ := strconv.Atoi(m[2])
			if m[1] != "graphd" || i >= len(addrs) {
				bad = unsupportedf("cluster holder %s", h)
				return h
			}
			return strconv.Itoa(addrs[i].Port)
		})
	}
	table := &messages.PickleTable{}
	for _, r := range arg.DataTable.Rows {
		row := &messages.PickleTableRow{}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, &messages.PickleTableCell{Value: replace(c.Value)})
		}
		table.Rows = append(table.Rows, row)
	}
	if bad != nil {
		return bad
	}
	return resultContains(s, []string{args[0], ""}, &messages.PickleStepArgument{DataTable: table})
}

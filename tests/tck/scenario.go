package tck

import (
	"errors"
	"fmt"
	"strings"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"
)

// scenarioRun is the state of one running scenario.
type scenarioRun struct {
	r    *Runner
	feat *featureRun
	sess *client.Session // the session queries go to

	space     *spaceDesc
	dropSpace bool // the scenario created space and should drop it

	rs   *client.ResultSet // the last query's result
	ngql string            // and its text

	// degraded, when not empty, says why the scenario runs without the
	// space its set-up asked for: on a cluster without storage a scenario
	// goes on after a failed space set-up, because many only evaluate
	// expressions; a response failing for want of a space then makes it
	// unsupported, and otherwise its own checks decide.
	degraded string

	// realTime: the scenario sets a TTL, so its waits let rows expire
	// and are never shortened.
	realTime bool

	vars     map[string]string // `define some list variables`
	sessions []*client.Session // opened by the scenario, released at its end

	// ded is the cluster the scenario started ("a nebulacluster with"),
	// stopped at its end.
	ded *dedicated

	// connTried and connErr are the last client-version handshake's
	// outcome (steps_version.go).
	connTried bool
	connErr   error

	// text and parsed are the value-parsing steps' input and result
	// (steps_parser.go).
	text   string
	parsed *want
}

// cleanup drops a space the scenario created but did not drop, so that
// later scenarios start clean, and releases extra sessions.
func (s *scenarioRun) cleanup() {
	if s.dropSpace && s.space != nil && s.feat.sess != nil {
		_, _ = s.feat.sess.Execute(s.space.dropStmt())
	}
	for _, sess := range s.sessions {
		sess.Release()
	}
	if s.ded != nil {
		if err := s.ded.close(); err != nil {
			s.r.logf("stop the dedicated cluster: %v", err)
		}
	}
}

// combineQuery joins a doc string's lines, trimmed, with spaces: the
// reference sends every query as one line, which matters for the positions
// quoted in syntax errors.
func combineQuery(q string) string {
	lines := strings.Split(q, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, " ")
}

// splitStatements splits a combined query at ';' as the reference does for
// set-up steps, dropping empty pieces.
func splitStatements(q string) []string {
	var out []string
	for _, p := range strings.Split(q, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// exec sends one request on sess with the feature's parameters.
func (s *scenarioRun) exec(sess *client.Session, stmt string) (*client.ResultSet, error) {
	rs, err := sess.ExecuteWithParameter(stmt, s.feat.params)
	if err != nil {
		if sess == s.feat.sess {
			s.feat.broken = true
		}
		return nil, fmt.Errorf("execute %q: %w", stmt, err)
	}
	return rs, nil
}

// query runs a scenario's query, retrying within the settle time only when
// a storage leader moved, as the reference does.
func (s *scenarioRun) query(sess *client.Session, stmt string) (*client.ResultSet, error) {
	rs, err := s.retry(sess, stmt, func(rs *client.ResultSet) bool {
		return strings.Contains(rs.GetErrorMsg(), "Storage Error: The leader has changed")
	})
	if err != nil {
		return nil, err
	}
	return rs, s.needsSpace(stmt, rs)
}

// needsSpace makes a scenario that runs without its space unsupported when
// a query fails for want of one.
func (s *scenarioRun) needsSpace(stmt string, rs *client.ResultSet) error {
	if s.degraded != "" && !rs.IsSucceed() && missingSpace(rs.GetErrorMsg()) {
		return unsupportedf("%q needs the space the set-up could not provide (%s): %s", stmt, s.degraded, rs.GetErrorMsg())
	}
	return nil
}

// try runs a set-up statement, retrying within the settle time while it
// fails with an error that a schema change still on its way explains.
func (s *scenarioRun) try(stmt string) (*client.ResultSet, error) {
	return s.retry(s.sess, stmt, func(rs *client.ResultSet) bool { return settling(rs.GetErrorMsg()) })
}

// mustTry is try that also requires success.
func (s *scenarioRun) mustTry(stmt string) (*client.ResultSet, error) {
	rs, err := s.try(stmt)
	if err != nil {
		return nil, err
	}
	if !rs.IsSucceed() {
		return rs, fmt.Errorf("fail to exec: %s, error: %s", stmt, rs.GetErrorMsg())
	}
	return rs, nil
}

// missingSpace tells the errors of a statement that needs a space.
func missingSpace(msg string) bool {
	return strings.Contains(msg, "Space was not chosen") || strings.Contains(msg, "SpaceNotFound") ||
		strings.Contains(msg, "Space not found")
}

// settlingErrors are the messages NebulaGraph returns while a new space,
// tag, edge or index has not yet reached graphd or a storage leader moves.
var settlingErrors = []string{
	"The leader has changed",
	"SpaceNotFound",
	"Space not found",
	"TagNotFound",
	"Tag not found",
	"EdgeNotFound",
	"Edge not found",
	"IndexNotFound",
	"Index not found",
	"No schema found",
	"not existed",
}

func settling(msg string) bool {
	for _, m := range settlingErrors {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

func (s *scenarioRun) retry(sess *client.Session, stmt string, again func(*client.ResultSet) bool) (*client.ResultSet, error) {
	deadline := time.Now().Add(s.r.caps.Settle)
	for {
		rs, err := s.exec(sess, stmt)
		if err != nil || rs.IsSucceed() || !again(rs) || time.Now().After(deadline) {
			return rs, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// requireResult returns the last result, failing when there is none.
func (s *scenarioRun) requireResult() (*client.ResultSet, error) {
	if s.rs == nil {
		return nil, errors.New("no query has been executed")
	}
	return s.rs, nil
}

// requireSuccess checks that the last query succeeded.
func (s *scenarioRun) requireSuccess() (*client.ResultSet, error) {
	rs, err := s.requireResult()
	if err != nil {
		return nil, err
	}
	if !rs.IsSucceed() {
		return nil, fmt.Errorf("fail to exec: %s, error: %s", s.ngql, rs.GetErrorMsg())
	}
	return rs, nil
}

// useSpace switches the scenario's session to space.
func (s *scenarioRun) useSpace(sp spaceDesc) error {
	if _, err := s.mustTry(sp.useStmt()); err != nil {
		return &setupError{err: err, space: true}
	}
	s.space = &sp
	return nil
}

// createSpace drops and recreates sp and switches to it.
func (s *scenarioRun) createSpace(sp spaceDesc) error {
	for _, stmt := range []string{sp.dropStmt(), sp.createStmt()} {
		if _, err := s.mustTry(stmt); err != nil {
			return &setupError{err: err, space: true}
		}
	}
	return s.useSpace(sp)
}

// loadDataset creates the dataset's space (named spaceName, or as
// configured) and loads it. Schema statements must succeed; failures of the
// per-file statements are logged and tolerated, as in the reference loader.
func (s *scenarioRun) loadDataset(name, spaceName string) (spaceDesc, error) {
	d, err := readDataset(s.r.dataDir+"/"+name, spaceName)
	if err != nil {
		return spaceDesc{}, err
	}
	if sp := s.r.spread; sp.Parts > 0 {
		d.space.partitionNum, d.space.replicaFactor = sp.Parts, sp.Replicas
	}
	if err := s.createSpace(d.space); err != nil {
		return spaceDesc{}, err
	}
	for _, stmt := range d.schema {
		if _, err := s.mustTry(stmt); err != nil {
			return spaceDesc{}, &setupError{err: fmt.Errorf("load %s: %w", name, err), space: true}
		}
	}
	total, failed, first := 0, 0, ""
	for _, f := range d.files {
		for _, stmt := range f.stmts {
			total++
			rs, err := s.try(stmt)
			switch {
			case err != nil:
				return spaceDesc{}, &setupError{err: fmt.Errorf("load %s: %w", name, err), space: true}
			case !rs.IsSucceed():
				failed++
				if first == "" {
					first = fmt.Sprintf("%s: %s", stmt, rs.GetErrorMsg())
				}
			}
		}
	}
	if failed > 0 {
		s.r.logf("dataset %s: %d of %d data statements failed, first: %s", name, failed, total, first)
	}
	if failed == total && total > 0 {
		return spaceDesc{}, &setupError{err: fmt.Errorf("load %s: every data statement failed, first: %s", name, first), space: true}
	}
	return d.space, nil
}

// wait sleeps for a scenario's `wait N seconds`. NebulaGraph's features
// wait for schema changes to reach every graphd and storaged; a cluster
// that propagates them faster runs with a smaller scale, except where a
// TTL makes the wait part of what is tested.
func (s *scenarioRun) wait(seconds int) {
	scale := s.r.waitScale
	if s.realTime {
		scale = 1
	}
	time.Sleep(time.Duration(float64(seconds) * scale * float64(time.Second)))
}

// setsTTL reports whether any statement of the scenario sets a TTL.
func setsTTL(sd *scenarioDef) bool {
	for _, st := range sd.steps {
		if st.Argument != nil && st.Argument.DocString != nil &&
			strings.Contains(strings.ToUpper(st.Argument.DocString.Content), "TTL_DURATION") {
			return true
		}
	}
	return false
}

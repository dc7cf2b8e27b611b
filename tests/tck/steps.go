package tck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	messages "github.com/cucumber/messages/go/v21"
	client "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// stepFunc runs a step; args are the pattern's submatches (args[0] is the
// whole text).
type stepFunc func(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error

type stepDef struct {
	re  *regexp.Regexp
	run stepFunc
	// check: the step inspects the last result (a Then check, or waiting
	// for the job it started).
	check bool
}

// stepDefs are the phrases of NebulaGraph's runner (tests/tck/conftest.py),
// matched case-insensitively as pytest-bdd's parse does, whatever the
// keyword (Given/When/Then/And).
var stepDefs []stepDef

func step(pattern string, run stepFunc) {
	stepDefs = append(stepDefs, stepDef{re: regexp.MustCompile(`(?is)^` + pattern + `$`), run: run})
}

// checkStep registers a step that only inspects the last result.
func checkStep(pattern string, run stepFunc) {
	step(pattern, run)
	stepDefs[len(stepDefs)-1].check = true
}

func findStep(text string) (*stepDef, []string) {
	text = strings.TrimSpace(text)
	for i := range stepDefs {
		if m := stepDefs[i].re.FindStringSubmatch(text); m != nil {
			return &stepDefs[i], m
		}
	}
	return nil, nil
}

// unsupportedStep registers a phrase the runner knows but cannot honour.
func unsupportedStep(pattern, why string) {
	step(pattern, func(*scenarioRun, []string, *messages.PickleStepArgument) error {
		return unsupportedf("%s", why)
	})
}

func init() {
	// Set-up.
	step(`an empty graph`, noop)
	step(`nothing`, noop)
	step(`no side effects`, noop)
	step(`a graph with space named "([^"]*)"`, graphWithSpace)
	step(`load "([^"]*)" csv data to a new space`, loadToNewSpace)
	step(`having executed:`, havingExecuted)
	step(`create a space with following options:`, createSpaceWithOptions)
	step(`any graph`, anyGraph)
	step(`parameters: (.*)`, setParameters)
	step(`clear the used parameters`, clearParameters)
	step(`wait (\d+) seconds.*`, waitSeconds)
	step(`wait all indexes ready`, waitIndexes)
	step(`switch to new session with user "([^"]*)" and password "([^"]*)"`, switchSession)
	step(`clone a new space according to current space`, cloneSpace)
	step(`define some list variables:`, defineListVariables)

	// Queries.
	step(`executing query:`, executingQuery)
	step(`executing query with user "([^"]*)" and password "([^"]*)":`, executingQueryAs)
	step(`profiling query:`, profilingQuery)
	step(`try to execute query:`, tryToExecute)
	step(`executing query and retrying it on failure every (\d+) seconds for (\d+) times:`, executingWithRetry)
	step(`submit a job:`, submitJob)
	checkStep(`wait the job to finish`, waitJob)

	// Checks.
	checkStep(`the execution should be successful`, executionSuccessful)
	checkStep(`the result should be empty`, resultEmpty)
	checkStep(`the result should be, in (any order|order)(, with relax comparison)?(?:, and the columns ([\d, ]+) should be hashed)?:`, resultShouldBe)
	checkStep(`the result should contain(?:, and the columns ([\d, ]+) should be hashed)?:`, resultContains)
	checkStep(`the result should not contain:`, resultNotContains)
	checkStep(`(a|an) (\w+) should be raised at (runtime|compile time)(:|.)(.*)`, errorRaised)
	checkStep(`the execution plan should be:`, executionPlan)
	step(`drop the used space`, dropUsedSpace)

	// Known phrases the runner cannot honour through one nebula-go client.
	unsupportedStep(`add listeners to space`, "needs full-text listeners")
	unsupportedStep(`verify login with user .*`, "not defined by the reference runner")
}

func noop(*scenarioRun, []string, *messages.PickleStepArgument) error { return nil }

func docString(arg *messages.PickleStepArgument) (string, error) {
	if arg == nil || arg.DocString == nil {
		return "", errors.New("the step needs a doc string")
	}
	return arg.DocString.Content, nil
}

func dataTable(arg *messages.PickleStepArgument) ([][]string, error) {
	if arg == nil || arg.DataTable == nil {
		return nil, errors.New("the step needs a table")
	}
	rows := make([][]string, len(arg.DataTable.Rows))
	for i, r := range arg.DataTable.Rows {
		rows[i] = make([]string, len(r.Cells))
		for j, c := range r.Cells {
			rows[i][j] = strings.TrimSpace(c.Value)
		}
	}
	return rows, nil
}

func graphWithSpace(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	name := args[1]
	p, ok := s.r.preloaded[name]
	if !ok {
		// The reference loads these once per run into spaces of their own
		// name; scenarios on them only read.
		p.space, p.err = s.loadDataset(name, name)
		s.r.preloaded[name] = p
	}
	if p.err != nil {
		var se *setupError
		if errors.As(p.err, &se) {
			return p.err
		}
		return &setupError{err: p.err, space: true}
	}
	s.dropSpace = false
	return s.useSpace(p.space)
}

func loadToNewSpace(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	sp, err := s.loadDataset(args[1], randomName("I"))
	if err != nil {
		return err
	}
	s.space, s.dropSpace = &sp, true
	return nil
}

func havingExecuted(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	for _, stmt := range splitStatements(combineQuery(q)) {
		if _, err := s.mustTry(stmt); err != nil {
			return &setupError{err: err}
		}
	}
	return nil
}

func createSpaceWithOptions(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	rows, err := dataTable(arg)
	if err != nil {
		return err
	}
	opts := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			opts[r[0]] = r[1]
		}
	}
	sp, err := spaceFromOptions(opts, randomName("EmptyGraph_"))
	if err != nil {
		return err
	}
	if err := s.createSpace(sp); err != nil {
		return err
	}
	s.dropSpace = true
	return nil
}

func anyGraph(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	sp, _ := spaceFromOptions(map[string]string{"partition_num": "9"}, randomName("EmptyGraph_"))
	if err := s.createSpace(sp); err != nil {
		return err
	}
	s.dropSpace = true
	return nil
}

// setParameters reads the JSON object of `parameters: {...}`. Integers stay
// integers and other numbers are sent as floats even when integral.
func setParameters(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	dec := json.NewDecoder(strings.NewReader(args[1]))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("parameters: %w", err)
	}
	params := map[string]any{}
	for k, v := range raw {
		pv, err := paramValue(v)
		if err != nil {
			return fmt.Errorf("parameter %s: %w", k, err)
		}
		params[k] = pv
	}
	s.feat.params = params
	return nil
}

func paramValue(v any) (any, error) {
	switch t := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(t.String(), 10, 64); err == nil {
			return int(i), nil
		}
		f, err := t.Float64()
		if err != nil {
			return nil, err
		}
		// nebula-go sends an integral float64 as an int; a Value keeps it
		// a float.
		return nebula.Value{FVal: &f}, nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			pv, err := paramValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = pv
		}
		return out, nil
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			pv, err := paramValue(e)
			if err != nil {
				return nil, err
			}
			out[k] = pv
		}
		return out, nil
	}
	return v, nil // string, bool, nil
}

func clearParameters(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	s.feat.params = nil
	return nil
}

func waitSeconds(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	n, err := strconv.Atoi(args[1])
	if err != nil {
		return err
	}
	if s.degraded != "" {
		// The waits let schema changes propagate; nothing was created.
		return nil
	}
	s.wait(n)
	return nil
}

func switchSession(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	sess, err := s.r.pool.GetSession(args[1], args[2])
	if err != nil {
		return fmt.Errorf("login %s: %w", args[1], err)
	}
	s.sessions = append(s.sessions, sess)
	s.sess = sess
	return nil
}

func cloneSpace(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	if s.space == nil {
		return errors.New("no current space to clone")
	}
	clone := *s.space
	clone.name = randomName("EmptyGraph_")
	if _, err := s.mustTry(clone.dropStmt()); err != nil {
		return &setupError{err: err}
	}
	s.ngql = fmt.Sprintf("CREATE SPACE `%s` AS `%s`", clone.name, s.space.name)
	rs, err := s.query(s.sess, s.ngql)
	if err != nil {
		return err
	}
	s.rs = rs
	if err := s.useSpace(clone); err != nil {
		return err
	}
	s.dropSpace = true
	return nil
}

func defineListVariables(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	rows, err := dataTable(arg)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errors.New("empty variable table")
	}
	s.vars = map[string]string{}
	for i, col := range rows[0] {
		var items []string
		for _, r := range rows[1:] {
			if i < len(r) && r[i] != "" {
				items = append(items, r[i])
			}
		}
		s.vars[col] = "[" + strings.Join(items, ",") + "]"
	}
	return nil
}

func executingQuery(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	return s.run(s.sess, combineQuery(q))
}

// run executes a scenario query and keeps its result for the checks.
func (s *scenarioRun) run(sess *client.Session, stmt string) error {
	s.ngql = stmt
	rs, err := s.query(sess, stmt)
	if err != nil {
		return err
	}
	s.rs = rs
	return nil
}

func executingQueryAs(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	sess, err := s.r.pool.GetSession(args[1], args[2])
	if err != nil {
		return fmt.Errorf("login %s: %w", args[1], err)
	}
	defer sess.Release()
	return s.run(sess, combineQuery(q))
}

func profilingQuery(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	return s.run(s.sess, "PROFILE {"+combineQuery(q)+"}")
}

func tryToExecute(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	for _, stmt := range splitStatements(combineQuery(q)) {
		rs, err := s.try(stmt)
		if err != nil {
			return err
		}
		s.rs, s.ngql = rs, stmt
		if err := s.needsSpace(stmt, rs); err != nil {
			return err
		}
	}
	return nil
}

func executingWithRetry(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	every, _ := strconv.Atoi(args[1])
	times, _ := strconv.Atoi(args[2])
	stmt := combineQuery(q)
	for i := 0; ; i++ {
		if err := s.run(s.sess, stmt); err != nil {
			return err
		}
		if s.rs.IsSucceed() || i+1 >= times {
			return nil
		}
		s.wait(every)
	}
}

func submitJob(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	q, err := docString(arg)
	if err != nil {
		return err
	}
	s.ngql = combineQuery(q)
	rs, err := s.try(s.ngql)
	if err != nil {
		return err
	}
	s.rs = rs
	return s.needsSpace(s.ngql, rs)
}

// jobID is the first value of the first column, which must be an integer.
func jobID(rs *client.ResultSet) (int64, error) {
	if !rs.IsSucceed() {
		return 0, fmt.Errorf("no job: %s", rs.GetErrorMsg())
	}
	rows := rs.GetRows()
	if len(rows) == 0 || len(rows[0].Values) == 0 || rows[0].Values[0].IVal == nil {
		return 0, errors.New("the result holds no job id")
	}
	return *rows[0].Values[0].IVal, nil
}

// waitJobs polls SHOW JOB until every job is FINISHED.
func (s *scenarioRun) waitJobs(ids []int64) error {
	deadline := time.Now().Add(30 * time.Second)
	for len(ids) > 0 {
		var left []int64
		for _, id := range ids {
			rs, err := s.mustTry(fmt.Sprintf("SHOW JOB %d", id))
			if err != nil {
				return err
			}
			finished := false
			if rows := rs.GetRows(); len(rows) > 0 {
				for _, v := range rows[0].Values {
					switch {
					case v.SVal != nil && bytes.Equal(v.SVal, []byte("FINISHED")):
						finished = true
					case v.SVal != nil && (bytes.Equal(v.SVal, []byte("FAILED")) || bytes.Equal(v.SVal, []byte("STOPPED"))):
						return fmt.Errorf("job %d %s: %s", id, v.SVal, jobRows(rs))
					}
				}
			}
			if !finished {
				left = append(left, id)
			}
		}
		if ids = left; len(ids) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("jobs %v did not finish", ids)
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

// jobRows renders SHOW JOB's rows for an error message.
func jobRows(rs *client.ResultSet) string {
	var out []string
	for _, r := range rs.AsStringTable()[1:] {
		out = append(out, strings.Join(r, " "))
	}
	return strings.Join(out, "; ")
}

func waitJob(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	rs, err := s.requireResult()
	if err != nil {
		return err
	}
	id, err := jobID(rs)
	if err != nil {
		return err
	}
	return s.waitJobs([]int64{id})
}

// waitIndexes rebuilds every tag and edge index of the current space and
// waits for the jobs, as the reference's `wait all indexes ready`.
func waitIndexes(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	if s.space == nil {
		return errors.New("no space to wait for")
	}
	if err := s.useSpace(*s.space); err != nil {
		return err
	}
	var jobs []int64
	for _, kind := range []string{"TAG", "EDGE"} {
		rs, err := s.mustTry("SHOW " + kind + " INDEXES")
		if err != nil {
			return &setupError{err: err}
		}
		col := -1
		for i, c := range rs.GetColNames() {
			if c == "Index Name" {
				col = i
			}
		}
		if col < 0 {
			continue
		}
		for _, r := range rs.GetRows() {
			if col >= len(r.Values) || r.Values[col].SVal == nil {
				continue
			}
			rb, err := s.mustTry(fmt.Sprintf("REBUILD %s INDEX `%s`", kind, r.Values[col].SVal))
			if err != nil {
				return &setupError{err: err}
			}
			id, err := jobID(rb)
			if err != nil {
				return &setupError{err: err}
			}
			jobs = append(jobs, id)
		}
	}
	return s.waitJobs(jobs)
}

func dropUsedSpace(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	if !s.dropSpace || s.space == nil {
		return nil
	}
	_, err := s.exec(s.sess, s.space.dropStmt())
	s.dropSpace = false
	return err
}

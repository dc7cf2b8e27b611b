package tck

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"
)

// Outcome is what became of one scenario.
type Outcome uint8

const (
	Passed Outcome = iota
	Failed
	// Unsupported: the scenario needs a step the runner does not implement
	// or something the cluster cannot do yet. Never counted as a pass.
	Unsupported
	// Skipped: tagged @skip, not run.
	Skipped
)

func (o Outcome) String() string {
	switch o {
	case Passed:
		return "passed"
	case Failed:
		return "failed"
	case Unsupported:
		return "unsupported"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// ScenarioResult is the outcome of one scenario and, unless it passed, why.
type ScenarioResult struct {
	Feature  string
	ID       string
	Name     string
	Line     int
	Outcome  Outcome
	Step     string // the step that did not pass
	Reason   string
	Duration time.Duration
	// WithoutSpace: the cluster has no storage, the scenario's space could
	// not be set up, and it ran on without one.
	WithoutSpace bool
	// Attempts is how many times the scenario ran (see realTimeAttempts).
	Attempts int
}

// realTimeAttempts bounds the runs of a scenario that sets a TTL. Such a
// scenario checks rows against the wall clock with one or two seconds to
// spare (inserted now, alive after `wait 3 seconds`, gone after 3 more); on
// a loaded machine a slow step eats that margin, so a failed run is tried
// again on a fresh space. A real regression fails every attempt.
const realTimeAttempts = 3

// Runner runs features against a cluster. It runs one scenario at a time
// and is not safe for concurrent use.
type Runner struct {
	pool       *client.ConnectionPool
	graphAddrs []client.HostAddress
	caps       Capabilities
	// dataDir holds the datasets (<dataDir>/<name>/config.yaml).
	dataDir        string
	user, password string
	// waitScale multiplies `wait N seconds` in scenarios where the wait
	// only lets schema changes propagate (see scenarioRun.wait).
	waitScale float64
	// keepGoing runs a scenario on after a failed check (diagnostics).
	keepGoing bool
	// retry picks the real-time scenarios worth another attempt.
	retry func(id string) bool
	// spread, when set, overrides the datasets' partition_num and
	// replica_factor.
	spread    Spread
	dedicated func(ClusterSpec) (Cluster, error)
	logf      func(format string, args ...any)

	// preloaded caches `a graph with space named` loads: one attempt per
	// dataset per run.
	preloaded map[string]preload
}

type preload struct {
	space spaceDesc
	err   error
}

// RunnerConfig configures a Runner.
type RunnerConfig struct {
	Pool *client.ConnectionPool
	// GraphAddrs are the graphds Pool connects to, for steps that open
	// connections of their own (a client-version handshake).
	GraphAddrs     []client.HostAddress
	Capabilities   Capabilities
	DataDir        string
	User, Password string
	WaitScale      float64
	// KeepGoing: after a failed check, run the scenario's remaining steps
	// and report every failed check; the outcome is still Failed.
	KeepGoing bool
	// Retry, when set, limits the further attempts of a failed real-time
	// scenario (realTimeAttempts) to the ids it accepts, say those expected
	// to pass; nil retries every one.
	Retry func(id string) bool
	// Spread, when set, loads every dataset with this many parts and
	// replicas instead of its config's, so that read-only scenarios run
	// against data spread over several storage hosts.
	Spread Spread
	// Dedicated, when set, starts the cluster a scenario's "a nebulacluster
	// with ..." asks for (stopped with Close at the scenario's end); an
	// error wrapping errUnsupported makes the scenario unsupported.
	Dedicated func(ClusterSpec) (Cluster, error)
	Logf      func(format string, args ...any)
}

// Spread is a partition count and replica factor for datasets.
type Spread struct{ Parts, Replicas int }

// NewRunner returns a Runner.
func NewRunner(cfg RunnerConfig) *Runner {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	return &Runner{
		pool:       cfg.Pool,
		graphAddrs: cfg.GraphAddrs,
		caps:       cfg.Capabilities,
		dataDir:    cfg.DataDir,
		user:       cfg.User,
		password:   cfg.Password,
		waitScale:  cfg.WaitScale,
		keepGoing:  cfg.KeepGoing,
		retry:      cfg.Retry,
		spread:     cfg.Spread,
		dedicated:  cfg.Dedicated,
		logf:       cfg.Logf,
		preloaded:  map[string]preload{},
	}
}

// featureRun is what the scenarios of one feature share, as in the
// reference runner: one session (so USE carries over) and the parameters.
type featureRun struct {
	sess   *client.Session
	params map[string]any
	// broken: a request on sess failed in transport (a client timeout, say).
	// nebula-go may then read that request's late answer as the next
	// one's, so the next scenario gets a fresh session.
	broken bool
}

// RunFeature runs every scenario of f in order.
func (r *Runner) RunFeature(f *feature) []ScenarioResult {
	results := make([]ScenarioResult, 0, len(f.scenarios))
	fr := &featureRun{}
	sess, sessErr := r.pool.GetSession(r.user, r.password)
	if sessErr == nil {
		fr.sess = sess
	}
	defer func() {
		if fr.sess != nil {
			fr.sess.Release()
		}
	}()
	for i := range f.scenarios {
		sd := &f.scenarios[i]
		res := ScenarioResult{Feature: f.path, ID: sd.id, Name: sd.name, Line: sd.line}
		if sd.skip {
			res.Outcome = Skipped
			results = append(results, res)
			continue
		}
		attempts := 1
		if setsTTL(sd) && (r.retry == nil || r.retry(sd.id)) {
			attempts = realTimeAttempts
		}
		start := time.Now()
		for res.Attempts < attempts {
			if fr.broken && sessErr == nil {
				fr.sess.Release()
				fr.sess, sessErr = r.pool.GetSession(r.user, r.password)
				fr.broken = false
			}
			res.Attempts++
			if sessErr != nil {
				res.Outcome, res.Reason = Failed, fmt.Sprintf("open session: %v", sessErr)
				break
			}
			res.Outcome, res.Step, res.Reason, res.WithoutSpace = r.runScenario(fr, sd)
			if res.Outcome != Failed {
				break
			}
			if res.Attempts < attempts {
				r.logf("%s: failed on attempt %d of %d, running it again: %s", sd.id, res.Attempts, attempts, res.Reason)
			}
		}
		res.Duration = time.Since(start)
		results = append(results, res)
	}
	return results
}

// errUnsupported marks a step the runner cannot honour on this cluster.
var errUnsupported = errors.New("unsupported")

func unsupportedf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUnsupported, fmt.Sprintf(format, args...))
}

// setupError marks a failure to prepare the graph a scenario needs. On a
// cluster without storage it makes the scenario unsupported, except when
// only the space is missing (space): then the scenario goes on without it,
// see scenarioRun.degraded.
type setupError struct {
	err   error
	space bool
}

func (e *setupError) Error() string { return e.err.Error() }
func (e *setupError) Unwrap() error { return e.err }

func (r *Runner) runScenario(fr *featureRun, sd *scenarioDef) (out Outcome, step, reason string, degraded bool) {
	s := &scenarioRun{r: r, feat: fr, sess: fr.sess, realTime: setsTTL(sd)}
	defer s.cleanup()
	defer func() {
		if p := recover(); p != nil {
			out, reason = Failed, fmt.Sprintf("panic: %v", p)
		}
	}()
	defer func() { degraded = s.degraded != "" }()
	var v verdict
	skipChecks := false
	for _, st := range sd.steps {
		def, args := findStep(st.Text)
		if def == nil {
			return v.end(Unsupported, st.Text, fmt.Sprintf("unknown step %q", st.Text))
		}
		if skipChecks && def.check {
			continue
		}
		err := def.run(s, args, st.Argument)
		if err == nil {
			// A new result ends the skipping of checks.
			skipChecks = skipChecks && s.rs == nil
			continue
		}
		var se *setupError
		switch {
		case errors.Is(err, errUnsupported) && r.keepGoing && s.degraded != "" && !def.check:
			// Diagnostics: skip this query's checks and go on.
			v.unsupported(st.Text, err)
			s.rs, skipChecks = nil, true
		case errors.Is(err, errUnsupported):
			return v.end(Unsupported, st.Text, err.Error())
		case errors.As(err, &se) && !r.caps.Storage && se.space:
			s.degraded = err.Error()
		case errors.As(err, &se) && !r.caps.Storage:
			return v.end(Unsupported, st.Text, "set-up needs storage: "+err.Error())
		case r.keepGoing && def.check:
			v.failed(st.Text, err)
		default:
			return v.end(Failed, st.Text, err.Error())
		}
	}
	return v.end(Passed, "", "")
}

// verdict collects what went wrong in a scenario that keeps going after a
// failed check or an unsupported query (keepGoing); without keepGoing the
// first problem ends the scenario and the verdict stays empty.
type verdict struct {
	failedStep      string
	failures        []string
	unsupportedStep string
	unsupportedWhy  string
}

func (v *verdict) failed(step string, err error) {
	if v.failedStep == "" {
		v.failedStep = step
	}
	v.failures = append(v.failures, fmt.Sprintf("at %q: %v", step, err))
}

func (v *verdict) unsupported(step string, err error) {
	if v.unsupportedStep == "" {
		v.unsupportedStep, v.unsupportedWhy = step, err.Error()
	}
}

// end gives the outcome: any failed check makes the scenario failed, then
// a skipped unsupported query makes it unsupported, else o stands.
func (v *verdict) end(o Outcome, step, why string) (Outcome, string, string, bool) {
	if len(v.failures) > 0 {
		if o != Passed {
			v.failures = append(v.failures, fmt.Sprintf("then %s at %q: %s", o, step, why))
		}
		return Failed, v.failedStep, strings.Join(v.failures, "\n"), false
	}
	if o == Passed && v.unsupportedStep != "" {
		return Unsupported, v.unsupportedStep, v.unsupportedWhy, false
	}
	return o, step, why, false
}

// randomName is a fresh space name like the reference's space_generator.
func randomName(prefix string) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := []byte(prefix)
	for range 6 {
		b = append(b, chars[rand.IntN(len(chars))])
	}
	return string(b)
}

package graph

import (
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/graph/session"
)

// The slow-query log. Open-source NebulaGraph only counts slow requests
// (num_slow_queries, slow_query_latency_us, past --slow_query_threshold_us);
// graphd also logs each one, so that an operator can see which statement,
// from whom, took how long and returned how much, without turning on a
// full query log:
//
//	level=WARN msg="slow query" session=17 user=root client=10.0.0.5
//	  space=nba duration_us=812345 rows=3 code=0 query="GO 3 STEPS FROM ..."
//
// Requests that fail count too (with their error code): a query that times
// out is the slowest kind. The threshold is --slow_query_threshold_us
// (NebulaGraph's flag and default, 200 ms); 0 turns the log and the counts
// off.

// maxSlowQueryText bounds the statement text logged: a bulk INSERT can be
// megabytes, and the log line is for finding it, not replaying it.
const maxSlowQueryText = 4096

// slowQuery is one finished request as the slow-query log sees it.
type slowQuery struct {
	text    string
	session *session.Session
	elapsed time.Duration
	rows    int
	code    common.ErrorCode
}

// slowQueryOf describes a request that ran on the engine and finished with
// res or err.
func slowQueryOf(q *exec.Query, elapsed time.Duration, res *exec.Result, err error) slowQuery {
	sq := slowQuery{text: q.Text, session: q.Session, elapsed: elapsed, code: common.ErrorCode_SUCCEEDED}
	if err != nil {
		sq.code = errorCode(err)
	} else if res != nil && res.Data != nil {
		sq.rows = len(res.Data.Rows)
	}
	return sq
}

// logSlowQuery logs and counts sq when it took at least the threshold.
func (s *service) logSlowQuery(sq slowQuery) {
	threshold := s.cfg.SlowQueryThreshold
	if threshold <= 0 || sq.elapsed < threshold {
		return
	}
	s.metrics.slowQueries.Inc()
	s.metrics.slowLatency.Observe(sq.elapsed.Seconds())
	attrs := []any{
		slog.Int64("duration_us", sq.elapsed.Microseconds()),
		slog.Int("rows", sq.rows),
		slog.Int("code", int(sq.code)),
	}
	if sess := sq.session; sess != nil {
		attrs = append(attrs,
			slog.Int64("session", sess.ID()),
			slog.String("user", sess.User()),
			slog.String("client", sess.ClientIP()),
			slog.String("space", sess.Space().Name))
	}
	attrs = append(attrs, slog.String("query", truncateText(sq.text, maxSlowQueryText)))
	s.log.Warn("slow query", attrs...)
}

// truncateText cuts s to at most n bytes on a rune boundary, marking the cut.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "...(truncated)"
}

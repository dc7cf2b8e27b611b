package graph

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/value"
)

// slowEngine takes delay per request and answers rows rows, or err.
type slowEngine struct {
	delay time.Duration
	rows  int
	err   error
}

func (e slowEngine) Execute(ctx context.Context, q *exec.Query) (*exec.Result, error) {
	time.Sleep(e.delay)
	if e.err != nil {
		return nil, e.err
	}
	ds := &value.DataSet{ColNames: []string{"a"}}
	for i := range e.rows {
		ds.Rows = append(ds.Rows, value.Row{Values: []value.Value{value.NewInt(int64(i))}})
	}
	return &exec.Result{Data: ds}, nil
}

func TestSlowQueryLog(t *testing.T) {
	for _, tc := range []struct {
		name      string
		threshold time.Duration
		engine    slowEngine
		query     string
		logged    bool
		want      []string
	}{
		{name: "off", threshold: 0, engine: slowEngine{delay: 5 * time.Millisecond}, query: "YIELD 1"},
		{name: "fast", threshold: time.Hour, engine: slowEngine{rows: 1}, query: "YIELD 1"},
		{
			name: "slow", threshold: time.Millisecond, engine: slowEngine{delay: 3 * time.Millisecond, rows: 3},
			query: "GO FROM 1 OVER e", logged: true,
			want: []string{`msg="slow query"`, "rows=3", "code=0", "user=root", "client=10.0.0.5",
				`query="GO FROM 1 OVER e"`, "session="},
		},
		{
			name: "slow failure", threshold: time.Millisecond,
			engine: slowEngine{delay: 3 * time.Millisecond, err: status.Semantic("Space was not chosen.")},
			query:  "FETCH PROP ON t 1 YIELD t.a", logged: true,
			want: []string{"rows=0", "code=-1009", `query="FETCH PROP ON t 1 YIELD t.a"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			reg := prometheus.NewRegistry()
			sessions := session.NewManager(session.Options{})
			svc := &service{
				cfg:      &Config{SlowQueryThreshold: tc.threshold},
				sessions: sessions,
				engine:   tc.engine,
				log:      slog.New(slog.NewTextHandler(&buf, nil)),
				metrics:  newMetrics(reg, func() float64 { return 0 }),
			}
			sess, err := sessions.Create(t.Context(), "root", "10.0.0.5")
			if err != nil {
				t.Fatal(err)
			}
			svc.run(t.Context(), sess.ID(), []byte(tc.query), nil)
			out := buf.String()
			if got := strings.Contains(out, "slow query"); got != tc.logged {
				t.Fatalf("logged = %v, want %v: %q", got, tc.logged, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("log %q lacks %q", out, w)
				}
			}
			wantCount := 0.0
			if tc.logged {
				wantCount = 1
			}
			var m dto.Metric
			if err := svc.metrics.slowQueries.Write(&m); err != nil {
				t.Fatal(err)
			}
			if got := m.GetCounter().GetValue(); got != wantCount {
				t.Errorf("graphd_num_slow_queries_total = %v, want %v", got, wantCount)
			}
		})
	}
}

func TestTruncateText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc...(truncated)"},
		{"añb", 2, "a...(truncated)"}, // never splits the two bytes of ñ
		{"", 0, ""},
	} {
		if got := truncateText(tc.in, tc.n); got != tc.want {
			t.Errorf("truncateText(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

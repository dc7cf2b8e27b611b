package webservice

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestStatBase(t *testing.T) {
	for _, tc := range []struct {
		family, name string
		scale        float64
		ok           bool
	}{
		{"graphd_num_queries_total", "num_queries", 1, true},
		{"graphd_query_latency_seconds", "query_latency_us", 1e6, true},
		{"storaged_rpc_latency_seconds", "rpc_latency_us", 1e6, true},
		{"metad_heartbeats_total", "heartbeats", 1, true},
		{"storaged_engine_stat", "engine_stat", 1, true},
		{"graphd_num_active_sessions", "num_active_sessions", 1, true},
		{"raft_commit_latency_seconds", "raft_commit_latency_us", 1e6, true},
		{"go_goroutines", "", 0, false},
		{"process_cpu_seconds_total", "", 0, false},
	} {
		name, scale, ok := statBase(tc.family)
		if name != tc.name || scale != tc.scale || ok != tc.ok {
			t.Errorf("statBase(%q) = %q, %v, %v; want %q, %v, %v", tc.family, name, scale, ok, tc.name, tc.scale, tc.ok)
		}
	}
}

func TestParsePercentile(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"p75", 75, true},
		{"p99", 99, true},
		{"p999", 99.9, true},
		{"p9999", 99.99, true},
		{"p5", 5, true},
		{"p", 0, false},
		{"pxx", 0, false},
		{"p1234567", 0, false},
	} {
		got, ok := parsePercentile(tc.in)
		if ok != tc.ok || (ok && (got < tc.want-1e-9 || got > tc.want+1e-9)) {
			t.Errorf("parsePercentile(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// fakeClock drives a sampler's samples by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// statsFixture is a registry with one series of each kind and a sampler on
// a fake clock started at t0.
type statsFixture struct {
	clock    *fakeClock
	s        *sampler
	queries  prometheus.Counter
	errors   *prometheus.CounterVec
	sessions prometheus.Gauge
	latency  prometheus.Histogram
}

func newStatsFixture() *statsFixture {
	reg := prometheus.NewRegistry()
	f := &statsFixture{
		clock: &fakeClock{t: time.Unix(1_000_000, 0)},
		queries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "graphd_num_queries_total", Help: "q",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "graphd_num_query_errors_total", Help: "e",
		}, []string{"code"}),
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "graphd_num_active_sessions", Help: "s",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "graphd_query_latency_seconds", Help: "l",
			Buckets: []float64{0.001, 0.002, 0.004, 0.008},
		}),
	}
	reg.MustRegister(f.queries, f.errors, f.sessions, f.latency, prometheus.NewGoCollector())
	f.s = newSampler(reg)
	f.s.now = f.clock.now
	f.s.created = f.clock.t
	return f
}

// tick advances the clock a second and records a sample.
func (f *statsFixture) tick(n int) {
	for range n {
		f.clock.t = f.clock.t.Add(time.Second)
		f.s.record()
	}
}

func (f *statsFixture) values(names ...string) map[string]string {
	out := map[string]string{}
	for _, st := range f.s.read(names) {
		if st.err != "" {
			out[st.name] = "error: " + st.err
		} else {
			out[st.name] = strconv.FormatInt(st.value, 10)
		}
	}
	return out
}

func TestStatsWindows(t *testing.T) {
	f := newStatsFixture()
	// 100 queries in the first minute, 10 more in the last 5 seconds.
	f.queries.Add(100)
	f.tick(60)
	f.tick(55)
	f.queries.Add(10)
	f.errors.WithLabelValues("-1009").Add(3)
	f.errors.WithLabelValues("-1005").Add(1)
	f.tick(5)
	got := f.values("num_queries.sum.5", "num_queries.rate.5", "num_queries.sum.60", "num_queries.sum.600",
		"num_queries.rate.600", "num_query_errors.sum.60", "num_query_errors{code=-1009}.sum.5",
		"num_queries.sum.7", "num_queries.median.60", "nothing.sum.60", "num_queries", "num_active_sessions.sum.60")
	want := map[string]string{
		"num_queries.sum.5":                  "10",
		"num_queries.rate.5":                 "2",
		"num_queries.sum.60":                 "10",
		"num_queries.sum.600":                "110", // the daemon is younger than 10 minutes
		"num_queries.rate.600":               "1",   // 110 over the 120 s it has run
		"num_query_errors.sum.60":            "4",
		"num_query_errors{code=-1009}.sum.5": "3",
		"num_queries.sum.7":                  `error: Unsupported time range "7"`,
		"num_queries.median.60":              `error: Unsupported statistic method "median"`,
		"nothing.sum.60":                     `error: Stats not found "nothing"`,
		"num_queries":                        `error: "num_queries" is not a valid metric name`,
		"num_active_sessions.sum.60":         `error: Unsupported statistic method "sum" for gauge "num_active_sessions"`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestStatsLongWindowsUseMinuteSamples(t *testing.T) {
	f := newStatsFixture()
	f.queries.Add(7) // more than an hour ago
	f.tick(3600 + 120)
	f.queries.Add(5)
	f.tick(1)
	got := f.values("num_queries.sum.3600", "num_queries.sum.600", "num_queries.sum.60")
	for k, w := range map[string]string{"num_queries.sum.3600": "5", "num_queries.sum.600": "5", "num_queries.sum.60": "5"} {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestStatsHistogramAndGauge(t *testing.T) {
	f := newStatsFixture()
	f.tick(1)
	// 90 fast queries (0.5 ms) and 10 slow ones (3 ms).
	for range 90 {
		f.latency.Observe(0.0005)
	}
	for range 10 {
		f.latency.Observe(0.003)
	}
	f.sessions.Set(4)
	f.tick(1)
	f.sessions.Set(8)
	f.tick(1)
	got := f.values("query_latency_us.avg.60", "query_latency_us.p50.60", "query_latency_us.p95.60",
		"query_latency_us.p999.60", "num_active_sessions.avg.5", "query_latency_us.pxx.60")
	want := map[string]string{
		"query_latency_us.avg.60":   "750",  // (90*500 + 10*3000) / 100
		"query_latency_us.p50.60":   "556",  // inside the first bucket (0, 1000]
		"query_latency_us.p95.60":   "3000", // half-way through (2000, 4000]
		"query_latency_us.p999.60":  "3980",
		"num_active_sessions.avg.5": "5", // samples 0, 4, 8 and now 8
		"query_latency_us.pxx.60":   `error: "pxx" is not a valid percentile form`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestStatsListsEveryStat(t *testing.T) {
	f := newStatsFixture()
	f.queries.Inc()
	f.latency.Observe(0.001)
	f.tick(1)
	got := f.values()
	for _, name := range []string{
		"num_queries.sum.5", "num_queries.rate.3600", "query_latency_us.avg.600",
		"query_latency_us.p75.5", "query_latency_us.p999.3600", "num_active_sessions.avg.60",
	} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s not listed", name)
		}
	}
	for name := range got {
		if strings.HasPrefix(name, "go_") || strings.HasPrefix(name, "process_") {
			t.Errorf("runtime family %s listed in /stats", name)
		}
	}
}

func TestStatsAndPprofOverHTTP(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "graphd_num_queries_total", Help: "q"})
	reg.MustRegister(c)
	c.Add(3)
	svc := Handler(Build{}, nil, reg)
	srv := httptest.NewServer(svc)
	defer func() {
		srv.Close()
		svc.Close()
	}()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		path string
		code int
		want []string
	}{
		{"/stats?stats=num_queries.sum.60", 200, []string{"num_queries.sum.60=3\n"}},
		{"/stats?stats=num_queries.sum.60,num_queries.rate.5&format=json", 200,
			[]string{`"num_queries.sum.60": 3`, `"num_queries.rate.5": `}},
		{"/stats?stats=x.sum.60&format=json", 200, []string{`"x.sum.60": "Stats not found \"x\""`}},
		{"/stats", 200, []string{"num_queries.sum.5=3\n", "num_queries.rate.3600="}},
		{"/debug/pprof/", 200, []string{"goroutine", "heap"}},
		{"/debug/pprof/cmdline", 200, nil},
		{"/debug/pprof/goroutine?debug=1", 200, []string{"goroutine profile:"}},
		{"/debug/pprof/heap?debug=1", 200, []string{"heap profile:"}},
	} {
		code, body := get(tc.path)
		if code != tc.code {
			t.Errorf("GET %s: status %d, want %d", tc.path, code, tc.code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: %q lacks %q", tc.path, body, w)
			}
		}
	}
	// The JSON form is an array of one-key objects, NebulaGraph's.
	_, body := get("/stats?stats=num_queries.sum.60&format=json")
	var arr []map[string]any
	if err := json.Unmarshal([]byte(body), &arr); err != nil || len(arr) != 1 || arr[0]["num_queries.sum.60"] != float64(3) {
		t.Fatalf("json %q: %v %v", body, arr, err)
	}
	resp, err := http.Post(srv.URL+"/stats", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST /stats: %d", resp.StatusCode)
	}
}

// A server's shutdown stops the sampler its first request started.
func TestSamplerStopsOnShutdown(t *testing.T) {
	svc := Handler(Build{}, nil, prometheus.NewRegistry())
	srv := httptest.NewUnstartedServer(svc)
	srv.Start()
	resp, err := http.Get(srv.URL + "/status")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := srv.Config.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-svc.stats.done:
	case <-time.After(5 * time.Second):
		t.Fatal("sampler still running after shutdown")
	}
	srv.Close()
}

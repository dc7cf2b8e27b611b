package webservice

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// /stats serves NebulaGraph's StatsManager view of the daemon's Prometheus
// series: every stat is "<name>.<method>.<window>", where the window is the
// last 5, 60, 600 or 3600 seconds and the method is sum, rate (per second),
// avg or a percentile "pNNN" (p99 is 99 %, p999 is 99.9 %). Values are
// integers, as NebulaGraph's.
//
// Names come from the Prometheus families: the daemon prefix ("graphd_",
// "storaged_", "metad_") and the "_total" suffix are dropped, and
// histograms in seconds are reported in microseconds with a "_us" suffix, so
// graphd_num_queries_total is num_queries and graphd_query_latency_seconds
// is query_latency_us, NebulaGraph's own names. A labelled family is
// reported once summed over its labels and once per label set, labels in
// braces as NebulaGraph's space-level stats: num_query_errors{code=-1009}.
//
// What each kind offers: counters sum and rate; histograms avg and the
// percentiles (p75, p95, p99, p999 when listing everything; any pNNN when
// asked by name); gauges avg, the mean of the values sampled in the window.
// The Go runtime and process families (go_*, process_*) are left to
// /metrics.
//
// Windows need history, so a sampler gathers the registry once a second
// while the daemon serves HTTP, keeping 61 one-second samples and 61
// one-minute samples; the longer windows are exact to the minute.

// windows are the time ranges NebulaGraph's stats offer, in seconds.
var windows = []int{5, 60, 600, 3600}

// listedPercentiles are the percentiles listed when every stat is asked for.
var listedPercentiles = []string{"p75", "p95", "p99", "p999"}

// skippedPrefixes are the families /stats leaves to /metrics.
var skippedPrefixes = []string{"go_", "process_", "promhttp_"}

// daemonPrefixes are dropped from family names to get NebulaGraph's names.
var daemonPrefixes = []string{"graphd_", "storaged_", "metad_"}

type statKind int

const (
	kindCounter statKind = iota
	kindGauge
	kindHistogram
)

// point is one stat's value in one sample: a counter's or gauge's value, or
// a histogram's cumulative bucket counts (scaled bounds in the stat's info).
type point struct {
	v       float64
	count   float64
	sum     float64
	buckets []float64 // cumulative counts, one per bound
}

// statInfo describes a stat name.
type statInfo struct {
	kind   statKind
	bounds []float64 // histogram upper bounds in the stat's unit, ascending
}

// sample is the value of every stat at one time.
type sample struct {
	at     time.Time
	points map[string]point
}

// ring keeps the last n samples, oldest first.
type ring struct {
	n   int
	buf []sample
}

func (r *ring) push(s sample) {
	r.buf = append(r.buf, s)
	if len(r.buf) > r.n {
		r.buf = append(r.buf[:0], r.buf[len(r.buf)-r.n:]...)
	}
}

// sampler gathers a registry periodically and answers windowed stats.
type sampler struct {
	gatherer prometheus.Gatherer
	created  time.Time
	now      func() time.Time
	interval time.Duration

	mu      sync.Mutex
	info    map[string]statInfo
	secs    ring // one sample a second
	mins    ring // one sample a minute
	lastMin time.Time
	started bool
	closed  bool
	stop    chan struct{}
	done    chan struct{}
}

func newSampler(g prometheus.Gatherer) *sampler {
	return &sampler{
		gatherer: g,
		created:  time.Now(),
		now:      time.Now,
		interval: time.Second,
		info:     map[string]statInfo{},
		secs:     ring{n: 61},
		mins:     ring{n: 61},
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
}

// start begins sampling unless it runs already or the sampler is closed.
func (s *sampler) start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.closed {
		return
	}
	s.started = true
	go s.loop()
}

// close stops sampling and waits for the sampling goroutine.
func (s *sampler) close() {
	s.mu.Lock()
	wasStarted := s.started
	if !s.closed {
		s.closed = true
		close(s.stop)
	}
	s.mu.Unlock()
	if wasStarted {
		<-s.done
	}
}

func (s *sampler) loop() {
	defer close(s.done)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	s.record()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.record()
		}
	}
}

// record takes one sample into the rings.
func (s *sampler) record() {
	cur := s.take()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secs.push(cur)
	if s.lastMin.IsZero() || cur.at.Sub(s.lastMin) >= time.Minute {
		s.mins.push(cur)
		s.lastMin = cur.at
	}
}

// take gathers the registry now.
func (s *sampler) take() sample {
	out := sample{at: s.now(), points: map[string]point{}}
	families, _ := s.gatherer.Gather() // a failing collector still leaves the others
	info := map[string]statInfo{}
	for _, f := range families {
		addFamily(f, out.points, info)
	}
	s.mu.Lock()
	for k, v := range info {
		s.info[k] = v
	}
	s.mu.Unlock()
	return out
}

// statBase turns a Prometheus family name into NebulaGraph's stat name and
// the factor its values are scaled by; ok is false for families /stats
// skips.
func statBase(family string) (name string, scale float64, ok bool) {
	for _, p := range skippedPrefixes {
		if strings.HasPrefix(family, p) {
			return "", 0, false
		}
	}
	name = family
	for _, p := range daemonPrefixes {
		if strings.HasPrefix(name, p) {
			name = strings.TrimPrefix(name, p)
			break
		}
	}
	name = strings.TrimSuffix(name, "_total")
	scale = 1
	if base, cut := strings.CutSuffix(name, "_seconds"); cut {
		name, scale = base+"_us", 1e6
	}
	return name, scale, true
}

// addFamily adds a family's points, summed over labels and per label set.
func addFamily(f *dto.MetricFamily, points map[string]point, info map[string]statInfo) {
	base, scale, ok := statBase(f.GetName())
	if !ok {
		return
	}
	var kind statKind
	switch f.GetType() {
	case dto.MetricType_COUNTER:
		kind = kindCounter
	case dto.MetricType_GAUGE, dto.MetricType_UNTYPED:
		kind = kindGauge
	case dto.MetricType_HISTOGRAM:
		kind = kindHistogram
	default:
		return
	}
	var total point
	var bounds []float64
	for _, m := range f.GetMetric() {
		var p point
		switch kind {
		case kindCounter:
			p.v = m.GetCounter().GetValue()
		case kindGauge:
			if m.GetGauge() != nil {
				p.v = m.GetGauge().GetValue()
			} else {
				p.v = m.GetUntyped().GetValue()
			}
		case kindHistogram:
			h := m.GetHistogram()
			p.count, p.sum = float64(h.GetSampleCount()), h.GetSampleSum()*scale
			if bounds == nil {
				for _, b := range h.GetBucket() {
					bounds = append(bounds, b.GetUpperBound()*scale)
				}
			}
			for _, b := range h.GetBucket() {
				p.buckets = append(p.buckets, float64(b.GetCumulativeCount()))
			}
		}
		total = addPoints(total, p)
		if len(m.GetLabel()) > 0 {
			name := base + labelString(m.GetLabel())
			points[name] = p
			info[name] = statInfo{kind: kind, bounds: bounds}
		}
	}
	// The sum over labels keeps the kind: parts summed over spaces are
	// still a gauge. An unlabelled family is its one point.
	if len(f.GetMetric()) > 0 {
		points[base] = total
		info[base] = statInfo{kind: kind, bounds: bounds}
	}
}

func addPoints(a, b point) point {
	out := point{v: a.v + b.v, count: a.count + b.count, sum: a.sum + b.sum}
	n := max(len(a.buckets), len(b.buckets))
	if n > 0 {
		out.buckets = make([]float64, n)
		for i := range out.buckets {
			if i < len(a.buckets) {
				out.buckets[i] += a.buckets[i]
			}
			if i < len(b.buckets) {
				out.buckets[i] += b.buckets[i]
			}
		}
	}
	return out
}

// labelString renders labels as NebulaGraph's space-level stats do:
// {space=nba} or {code=-1009,method=go}.
func labelString(ls []*dto.LabelPair) string {
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		parts = append(parts, l.GetName()+"="+l.GetValue())
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ",") + "}"
}

// stat is one answered stat: a value, or the reason there is none.
type stat struct {
	name  string
	value int64
	err   string
}

// read answers the named stats, or every stat when names is empty.
func (s *sampler) read(names []string) []stat {
	cur := s.take()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(names) == 0 {
		return s.readAll(cur)
	}
	out := make([]stat, 0, len(names))
	for _, n := range names {
		out = append(out, s.readOne(cur, strings.TrimSpace(n)))
	}
	return out
}

func (s *sampler) readAll(cur sample) []stat {
	names := make([]string, 0, len(cur.points))
	for n := range cur.points {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []stat
	for _, n := range names {
		var methods []string
		switch s.info[n].kind {
		case kindCounter:
			methods = []string{"sum", "rate"}
		case kindGauge:
			methods = []string{"avg"}
		case kindHistogram:
			methods = append([]string{"avg"}, listedPercentiles...)
		}
		for _, m := range methods {
			for _, w := range windows {
				out = append(out, s.readOne(cur, n+"."+m+"."+strconv.Itoa(w)))
			}
		}
	}
	return out
}

// readOne answers "<name>.<method>.<window>". The name may itself hold dots
// (in label values), so the method and window are taken from the right.
func (s *sampler) readOne(cur sample, full string) stat {
	st := stat{name: full}
	rest, win, ok1 := cutLast(full)
	name, method, ok2 := cutLast(rest)
	if !ok1 || !ok2 || name == "" {
		st.err = fmt.Sprintf("%q is not a valid metric name", full)
		return st
	}
	w, err := strconv.Atoi(win)
	if err != nil || !slices.Contains(windows, w) {
		st.err = fmt.Sprintf("Unsupported time range %q", win)
		return st
	}
	method = strings.ToLower(method)
	now, found := cur.points[name]
	if !found {
		st.err = fmt.Sprintf("Stats not found %q", name)
		return st
	}
	info := s.info[name]
	window := time.Duration(w) * time.Second
	base, elapsed := s.base(name, info.kind, cur.at, window)
	switch {
	case method == "sum" || method == "rate" || method == "count":
		if info.kind == kindGauge {
			st.err = fmt.Sprintf("Unsupported statistic method %q for gauge %q", method, name)
			return st
		}
		delta := now.v - base.v
		if info.kind == kindHistogram {
			delta = now.count - base.count
			if method == "sum" {
				delta = now.sum - base.sum
			}
		}
		if method == "rate" {
			delta /= math.Max(elapsed.Seconds(), 1)
		}
		st.value = round(delta)
	case method == "avg":
		switch info.kind {
		case kindGauge:
			st.value = round(s.gaugeAvg(name, cur, window))
		case kindHistogram:
			if n := now.count - base.count; n > 0 {
				st.value = round((now.sum - base.sum) / n)
			}
		default:
			// A counter's average per second, as folly's AVG of a time series.
			st.value = round((now.v - base.v) / math.Max(elapsed.Seconds(), 1))
		}
	case strings.HasPrefix(method, "p"):
		pct, ok := parsePercentile(method)
		if !ok {
			st.err = fmt.Sprintf("%q is not a valid percentile form", method)
			return st
		}
		if info.kind != kindHistogram {
			st.err = fmt.Sprintf("Stats %q is not a histogram", name)
			return st
		}
		st.value = round(percentile(info.bounds, now, base, pct))
	default:
		st.err = fmt.Sprintf("Unsupported statistic method %q", method)
	}
	return st
}

// base returns the stat's value at the start of the window and how long the
// window really is: the newest sample at least window old, or zero at the
// sampler's creation when the daemon is younger than the window, or else the
// oldest sample kept.
func (s *sampler) base(name string, kind statKind, now time.Time, window time.Duration) (point, time.Duration) {
	r := &s.secs
	if window > time.Minute {
		r = &s.mins
	}
	start := now.Add(-window)
	for i := len(r.buf) - 1; i >= 0; i-- {
		if !r.buf[i].at.After(start) {
			return r.buf[i].points[name], now.Sub(r.buf[i].at)
		}
	}
	if !s.created.Before(start) || len(r.buf) == 0 {
		return point{}, now.Sub(s.created)
	}
	return r.buf[0].points[name], now.Sub(r.buf[0].at)
}

// gaugeAvg is the mean of a gauge's samples in the window, now included.
func (s *sampler) gaugeAvg(name string, cur sample, window time.Duration) float64 {
	r := &s.secs
	if window > time.Minute {
		r = &s.mins
	}
	start := cur.at.Add(-window)
	sum, n := cur.points[name].v, 1.0
	for _, smp := range r.buf {
		if p, ok := smp.points[name]; ok && smp.at.After(start) {
			sum += p.v
			n++
		}
	}
	return sum / n
}

// percentile estimates the pct-th percentile of the observations between
// base and now, interpolating linearly inside the bucket it falls in.
func percentile(bounds []float64, now, base point, pct float64) float64 {
	total := now.count - base.count
	if total <= 0 || len(bounds) == 0 {
		return 0
	}
	rank := pct / 100 * total
	prevBound, prevCount := 0.0, 0.0
	for i, b := range bounds {
		c := bucketAt(now, i) - bucketAt(base, i)
		if c >= rank {
			if c == prevCount {
				return b
			}
			return prevBound + (b-prevBound)*(rank-prevCount)/(c-prevCount)
		}
		prevBound, prevCount = b, c
	}
	// Beyond the last bound: report the last bound, as histogram_quantile.
	return bounds[len(bounds)-1]
}

func bucketAt(p point, i int) float64 {
	if i < len(p.buckets) {
		return p.buckets[i]
	}
	return 0
}

// parsePercentile reads NebulaGraph's "pNNN": the digits after "p" are a
// percentage with two integer digits, so p99 is 99, p999 is 99.9 and p9999
// is 99.99 (p5 is 5).
func parsePercentile(m string) (float64, bool) {
	digits := m[1:]
	if len(digits) == 0 || len(digits) > 6 {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	div := 1.0
	for i := 2; i < len(digits); i++ {
		div *= 10
	}
	pct := float64(n) / div
	return pct, pct <= 100
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

func round(v float64) int64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return int64(math.Round(v))
}

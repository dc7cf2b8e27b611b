// Package webservice is the HTTP side every daemon serves on its
// --ws_http_port, as NebulaGraph's WebService does: /status (is it up, which
// build), /flags (every flag's value, as "name=value" lines or JSON with
// ?format=json), /stats (NebulaGraph's windowed stats, stats.go),
// Prometheus /metrics and Go's /debug/pprof profiles.
//
// A Service is safe for concurrent use. Its only state is the /stats
// sampler, which starts with the first request served and stops when the
// http.Server serving that request shuts down (or on Close).
package webservice

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Build identifies the running binary in /status.
type Build struct {
	GitInfoSHA string
	Version    string
}

// Service is a daemon's HTTP handler.
type Service struct {
	mux     *http.ServeMux
	stats   *sampler
	started atomic.Bool
}

// ServeHTTP serves one request. The first one starts the /stats sampler
// and ties its end to the shutdown of the http.Server serving it, so that a
// daemon whose HTTP server never serves runs no sampler, and one that shuts
// down leaves none behind.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.started.Load() && s.started.CompareAndSwap(false, true) {
		if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok {
			srv.RegisterOnShutdown(s.Close)
		}
		s.stats.start()
	}
	s.mux.ServeHTTP(w, r)
}

// Close stops the /stats sampler; the Service still answers afterwards,
// with /stats windows frozen at the last sample.
func (s *Service) Close() { s.stats.close() }

// Handler returns the daemon's HTTP service. flags may be nil (no flags
// listed).
func Handler(build Build, flags func() map[string]string, gatherer prometheus.Gatherer) *Service {
	svc := &Service{mux: http.NewServeMux(), stats: newSampler(gatherer)}
	mux := svc.mux
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"status":       "running",
			"git_info_sha": build.GitInfoSHA,
			"version":      build.Version,
		})
	})
	mux.HandleFunc("/flags", func(w http.ResponseWriter, r *http.Request) {
		values := map[string]string{}
		if flags != nil {
			values = flags()
		}
		names := make([]string, 0, len(values))
		for k := range values {
			names = append(names, k)
		}
		sort.Strings(names)
		if r.URL.Query().Get("format") == "json" {
			type flag struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			}
			out := struct {
				Flags []flag `json:"flags"`
			}{Flags: []flag{}}
			for _, k := range names {
				out.Flags = append(out.Flags, flag{k, values[k]})
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(out)
			return
		}
		var b strings.Builder
		for _, k := range names {
			b.WriteString(k + "=" + values[k] + "\n")
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(b.String()))
	})
	mux.Handle("/metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	mux.HandleFunc("/stats", svc.serveStats)
	registerPprof(mux)
	return svc
}

// serveStats answers /stats[?stats=a.sum.60,b.p99.600][&format=json] as
// NebulaGraph does: "name=value" lines, or a JSON array of one-key objects;
// a stat that cannot be read carries its error text instead of a value.
func (s *Service) serveStats(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	var names []string
	for _, n := range strings.Split(r.URL.Query().Get("stats"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	stats := s.stats.read(names)
	if r.URL.Query().Get("format") == "json" {
		out := make([]map[string]any, 0, len(stats))
		for _, st := range stats {
			if st.err != "" {
				out = append(out, map[string]any{st.name: st.err})
			} else {
				out = append(out, map[string]any{st.name: st.value})
			}
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
		return
	}
	var b strings.Builder
	for _, st := range stats {
		b.WriteString(st.name)
		b.WriteByte('=')
		if st.err != "" {
			b.WriteString(st.err)
		} else {
			b.WriteString(strconv.FormatInt(st.value, 10))
		}
		b.WriteByte('\n')
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

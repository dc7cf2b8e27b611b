// Package webservice is the HTTP side every daemon serves on its
// --ws_http_port, as NebulaGraph's WebService does: /status (is it up, which
// build), /flags (every flag's value, as "name=value" lines or JSON with
// ?format=json) and Prometheus /metrics.
//
// The handler keeps no state of its own and is safe for concurrent use.
package webservice

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Build identifies the running binary in /status.
type Build struct {
	GitInfoSHA string
	Version    string
}

// Handler returns the mux of the three endpoints. flags may be nil (no
// flags listed).
func Handler(build Build, flags func() map[string]string, gatherer prometheus.Gatherer) *http.ServeMux {
	mux := http.NewServeMux()
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
	return mux
}

package meta

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpHandler serves /status, /flags and /metrics like NebulaGraph's web
// service on --ws_http_port.
func (s *Server) httpHandler(gatherer prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"status":       "running",
			"git_info_sha": GitInfoSHA(),
			"version":      Version,
		})
	})
	mux.HandleFunc("/flags", func(w http.ResponseWriter, r *http.Request) {
		flags := map[string]string{}
		if s.cfg.Flags != nil {
			flags = s.cfg.Flags()
		}
		names := make([]string, 0, len(flags))
		for k := range flags {
			names = append(names, k)
		}
		sort.Strings(names)
		// NebulaGraph answers "name=value" lines, or JSON with ?format=json.
		if r.URL.Query().Get("format") == "json" {
			type flag struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			}
			out := struct {
				Flags []flag `json:"flags"`
			}{Flags: []flag{}}
			for _, k := range names {
				out.Flags = append(out.Flags, flag{k, flags[k]})
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(out)
			return
		}
		var b strings.Builder
		for _, k := range names {
			b.WriteString(k + "=" + flags[k] + "\n")
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(b.String()))
	})
	mux.Handle("/metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	return mux
}

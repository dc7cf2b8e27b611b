package graph

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/webservice"
)

// httpHandler serves /status, /flags and /metrics like NebulaGraph's web
// service on --ws_http_port.
func (s *Server) httpHandler(gatherer prometheus.Gatherer) http.Handler {
	return webservice.Handler(webservice.Build{GitInfoSHA: meta.GitInfoSHA(), Version: Version}, s.cfg.Flags, gatherer)
}

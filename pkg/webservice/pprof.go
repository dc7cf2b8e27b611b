package webservice

import (
	"net/http"
	"net/http/pprof"
)

// registerPprof serves Go's profiles under /debug/pprof/ (index, heap,
// goroutine, allocs, block, mutex, threadcreate; profile?seconds=N for CPU,
// trace?seconds=N). The daemons' HTTP servers have a 30 s write timeout,
// so CPU profiles and traces must be shorter than that.
func registerPprof(mux *http.ServeMux) {
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
}

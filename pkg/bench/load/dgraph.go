package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// Dgraph drives a Dgraph alpha over its HTTP API (/query with DQL,
// /mutate with RDF), on keep-alive connections. NB: HTTP+JSON costs Dgraph
// more than its gRPC client would; the comparison notes it.
type Dgraph struct {
	URL string // e.g. http://127.0.0.1:8080
	// MaxConns bounds the idle keep-alive connections (set to the client count).
	MaxConns int
	client   *http.Client
}

// keepAliveClient is the HTTP client the peers' drivers share among their
// clients: keep-alive connections, at least 64 idle ones kept. The run's
// deadline (each request's context) bounds requests; the client timeout is
// only a backstop.
func keepAliveClient(maxConns int) *http.Client {
	n := max(maxConns, 64)
	return &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n}}
}

// System implements Driver.
func (d *Dgraph) System() string { return "dgraph" }

// Connect implements Driver; clients share one keep-alive transport.
func (d *Dgraph) Connect(context.Context) (Client, error) {
	if d.client == nil {
		d.client = keepAliveClient(d.MaxConns)
	}
	return &httpClient{c: d.client, base: strings.TrimRight(d.URL, "/"), marker: []byte(`"firstName"`)}, nil
}

// httpClient posts queries; a query "PATH\nBODY" goes to PATH. Rows are
// counted as occurrences of marker in the answer (one per result row in
// the nested JSON).
type httpClient struct {
	c      *http.Client
	base   string
	marker []byte
}

func (h *httpClient) Do(ctx context.Context, q string) (int64, error) {
	path, body, _ := strings.Cut(q, "\n")
	ctype := "application/dql"
	if strings.HasPrefix(path, "/mutate") {
		ctype = "application/rdf"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := h.c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(raw[:min(len(raw), 200)], []byte(`"errors"`)) {
		return 0, fmt.Errorf("dgraph %s: %s", resp.Status, raw[:min(len(raw), 300)])
	}
	return int64(bytes.Count(raw, h.marker)), nil
}

func (h *httpClient) Close() error { return nil }

// Query implements Driver: nested blocks from the person found through
// the pid index, the edge's creationDate as a facet.
func (d *Dgraph) Query(scenario string, r *rand.Rand, w *Workload) (Query, bool) {
	hop := func(n int) string {
		inner := "knows @facets(creationDate) { firstName }"
		for i := 1; i < n; i++ {
			inner = "knows { " + inner + " }"
		}
		return fmt.Sprintf("/query\n{ q(func: eq(pid, %d)) { %s } }", w.Start(r), inner)
	}
	switch scenario {
	case "go1":
		return Query{Text: hop(1)}, true
	case "go2":
		return Query{Text: hop(2)}, true
	case "go3":
		return Query{Text: hop(3)}, true
	case "fetch-vertex":
		return Query{Text: fmt.Sprintf("/query\n{ q(func: eq(pid, %d)) { pid firstName lastName gender birthday creationDate locationIP browserUsed } }", w.Start(r))}, true
	case "lookup":
		return Query{Text: fmt.Sprintf(`/query
{ q(func: eq(firstName, "%s")) { pid lastName firstName } }`, w.Name(r))}, true
	case "insert":
		return Query{Text: fmt.Sprintf("/mutate?commitNow=true\n{ set { _:a <knows> _:b (creationDate=%s) . } }", Date(r)), Writes: 1}, true
	}
	return Query{}, false
}

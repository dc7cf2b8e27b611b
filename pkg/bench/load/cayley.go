package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
)

// Cayley drives a Cayley (v0.7) server over its HTTP API v2: Gizmo
// queries POSTed to /api/v2/query?lang=gizmo, writes as N-Quads to
// /api/v2/write, on keep-alive connections.
//
// The graph is cmd/gen's cayley.nq: persons <pID> with literal
// properties, each KNOWS edge both as <pS> <knows> <pD> (what the inner
// hops follow) and reified as <kS_D> (<pS> <knowsEdge> <kS_D>, <kS_D>
// <dst> <pD>, <kS_D> <creationDate> "..."), which the last hop follows to
// return the edge's creationDate with the destination's firstName.
type Cayley struct {
	URL string // e.g. http://127.0.0.1:64210
	// MaxConns bounds the idle keep-alive connections (set to the client count).
	MaxConns int
	client   *http.Client
}

// System implements Driver.
func (c *Cayley) System() string { return "cayley" }

// Connect implements Driver; clients share one keep-alive transport. The
// run's deadline (the request context) bounds every request; the client
// timeout is only a backstop.
func (c *Cayley) Connect(context.Context) (Client, error) {
	if c.client == nil {
		c.client = keepAliveClient(c.MaxConns)
	}
	return &cayleyClient{c: c.client, base: strings.TrimRight(c.URL, "/")}, nil
}

// cayleyClient posts one query "PATH\nBODY" to PATH and counts the
// answer's result rows.
type cayleyClient struct {
	c    *http.Client
	base string
}

// cayleyAnswer is both of Cayley's answers: a query's {"result": [rows]}
// (null when nothing matched) and a write's {"result": "...", "count": n};
// failures are {"error": "..."}.
type cayleyAnswer struct {
	Result json.RawMessage `json:"result"`
	Count  *int64          `json:"count"`
	Error  string          `json:"error"`
}

func (h *cayleyClient) Do(ctx context.Context, q string) (int64, error) {
	path, body, _ := strings.Cut(q, "\n")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	ctype := "application/json"
	if strings.HasPrefix(path, "/api/v2/write") {
		ctype = "application/n-quads"
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	resp, err := h.c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	var a cayleyAnswer
	if err := json.Unmarshal(raw, &a); err != nil || resp.StatusCode != http.StatusOK || a.Error != "" {
		return 0, fmt.Errorf("cayley %s: %s", resp.Status, raw[:min(len(raw), 300)])
	}
	return cayleyRows(a)
}

// cayleyRows is the number of result rows of a: the length of a query's
// result array, or 0 for a write (its written rows are the Query's Writes).
func cayleyRows(a cayleyAnswer) (int64, error) {
	if a.Count != nil {
		return 0, nil
	}
	r := bytes.TrimSpace(a.Result)
	if len(r) == 0 || bytes.Equal(r, []byte("null")) {
		return 0, nil
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(r, &rows); err != nil {
		return 0, fmt.Errorf("cayley result: %w", err)
	}
	return int64(len(rows)), nil
}

func (h *cayleyClient) Close() error { return nil }

// cayleyHop is the Gizmo text of GO n STEPS from start over KNOWS
// yielding the edge's creationDate and the destination's firstName: the
// first n-1 hops expand the distinct frontier over <knows>, the last one
// goes through the edge node. GetLimit(-1) lifts the HTTP API's default
// limit of 100 results.
func cayleyHop(start int64, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `g.V("<p%d>")`, start)
	for i := 1; i < n; i++ {
		b.WriteString(`.Out("<knows>").Unique()`)
	}
	b.WriteString(`.Out("<knowsEdge>").Save("<creationDate>", "creationDate").Out("<dst>").Save("<firstName>", "firstName").GetLimit(-1)`)
	return b.String()
}

const cayleyQuery = "/api/v2/query?lang=gizmo\n"

// Query implements Driver.
func (c *Cayley) Query(scenario string, r *rand.Rand, w *Workload) (Query, bool) {
	switch scenario {
	case "go1":
		return Query{Text: cayleyQuery + cayleyHop(w.Start(r), 1)}, true
	case "go2":
		return Query{Text: cayleyQuery + cayleyHop(w.Start(r), 2)}, true
	case "go3":
		return Query{Text: cayleyQuery + cayleyHop(w.Start(r), 3)}, true
	case "fetch-vertex":
		return Query{Text: cayleyQuery + fmt.Sprintf(`g.V("<p%d>").Save("<firstName>", "firstName").Save("<lastName>", "lastName").Save("<gender>", "gender").Save("<birthday>", "birthday").Save("<creationDate>", "creationDate").Save("<locationIP>", "locationIP").Save("<browserUsed>", "browserUsed").GetLimit(-1)`, w.Start(r))}, true
	case "lookup":
		return Query{Text: cayleyQuery + fmt.Sprintf(`g.V(%q).In("<firstName>").Save("<lastName>", "lastName").GetLimit(-1)`, w.Name(r))}, true
	case "insert":
		// One KNOWS edge between fresh persons, in the graph's form: the
		// direct quad and the reified edge node.
		s, d := w.NewID(), w.NewID()
		return Query{Text: fmt.Sprintf("/api/v2/write\n<p%[1]d> <knows> <p%[2]d> .\n<p%[1]d> <knowsEdge> <k%[1]d_%[2]d> .\n<k%[1]d_%[2]d> <dst> <p%[2]d> .\n<k%[1]d_%[2]d> <creationDate> %[3]q .\n",
			s, d, Date(r)), Writes: 1}, true
	}
	return Query{}, false
}

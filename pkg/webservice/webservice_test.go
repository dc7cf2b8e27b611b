package webservice

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestHandler(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "x_total", Help: "x"})
	reg.MustRegister(c)
	c.Inc()
	srv := httptest.NewServer(Handler(Build{GitInfoSHA: "abc", Version: "3.8.0"},
		func() map[string]string { return map[string]string{"port": "9669", "b": "1"} }, reg))
	defer srv.Close()
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	var status map[string]string
	if err := json.Unmarshal([]byte(get("/status")), &status); err != nil || status["status"] != "running" ||
		status["version"] != "3.8.0" || status["git_info_sha"] != "abc" {
		t.Fatalf("status %v %v", status, err)
	}
	if got := get("/flags"); got != "b=1\nport=9669\n" {
		t.Fatalf("flags %q", got)
	}
	if got := get("/flags?format=json"); !strings.Contains(got, `{"name":"port","value":"9669"}`) {
		t.Fatalf("flags json %q", got)
	}
	if got := get("/metrics"); !strings.Contains(got, "x_total 1") {
		t.Fatalf("metrics %q", got)
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/bench/load"
)

func TestWriteComparison(t *testing.T) {
	rs := []load.Result{
		{System: "cayley", Scenario: "go1", Clients: 1, QPS: 50, P99: 4000},
		{System: "novagraph", Scenario: "go1", Clients: 1, QPS: 100, P99: 2000},
		{System: "novagraph", Scenario: "go3", Clients: 32, P99: 6_000_000, Unfinished: 32,
			AtLeast: []string{"p50", "p90", "p99", "max"}},
		{System: "cayley", Scenario: "go3", Clients: 32, QPS: 1, P99: 900_000},
	}
	var b strings.Builder
	writeComparison(&b, rs, "novagraph")
	got := b.String()
	for _, want := range []string{
		"| scenario | clients | novagraph QPS | novagraph p99 ms | cayley QPS | cayley p99 ms | novagraph/cayley QPS | cayley/novagraph p99 |",
		"| go1 | 1 | 100 | 2.00 | 50 | 4.00 | 2.00× | 2.00× |",
		// NovaGraph finished nothing: no QPS ratio, its p99 is a lower
		// bound, so Cayley's p99 ratio is an upper bound.
		"| go3 | 32 | 0 | ≥6000.00 | 1 | 900.00 | – | ≤0.15× |",
		"≥: a lower bound",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

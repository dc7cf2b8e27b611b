package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/localcluster"
)

// startCluster runs an in-process metad, storaged and graphd and returns
// graphd's port.
func startCluster(t *testing.T) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	lc, err := localcluster.Start(ctx, localcluster.Options{DataDir: t.TempDir(), Storaged: 1, HeartbeatInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := lc.Close(); err != nil {
			t.Errorf("cluster: %v", err)
		}
	})
	_, p, err := net.SplitHostPort(lc.GraphAddr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// TestConsoleOnCluster loads the airports demo into a real cluster with
// :play, then queries it from a script with parameters and :csv, and checks
// the table, the exported file and the exit codes.
func TestConsoleOnCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	port := startCluster(t)
	r := runConsole(t, port, "", "--fail-fast", "-e", ":play airports")
	if r.code != 0 || !strings.Contains(r.out, "Load dataset succeeded!") {
		t.Fatalf("play: code %d\n%s\n%s", r.code, r.out, r.errOut)
	}

	dir := t.TempDir()
	csvPath := filepath.Join(dir, "routes.csv")
	script := strings.Join([]string{
		`USE airports`,
		`:param min => 380`,
		`GO FROM "AMS" OVER route WHERE route.distance_km > $min YIELD dst(edge) AS dest, route.distance_km AS km | ORDER BY $-.km`,
		`:csv ` + csvPath,
		`FETCH PROP ON airport "LHR", "JFK" YIELD id(vertex) AS id, airport.city AS city | ORDER BY $-.id`,
	}, "\n")
	file := filepath.Join(dir, "q.ngql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runConsole(t, port, "", "--fail-fast", "-f", file)
	if r.code != 0 {
		t.Fatalf("script: code %d\n%s\n%s", r.code, r.out, r.errOut)
	}
	want := "+-------+------+\n| dest  | km   |\n+-------+------+\n| \"CDG\" | 398  |\n| \"JFK\" | 5850 |\n+-------+------+\nGot 2 rows"
	if !strings.Contains(r.out, want) {
		t.Errorf("GO table: want\n%s\n--- output ---\n%s", want, r.out)
	}
	got, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := "id,city\nJFK,New York\nLHR,London\n"; string(got) != want {
		t.Errorf("csv:\n%s\nwant\n%s", got, want)
	}

	// With --fail-fast a failing statement ends the run with status 1.
	r = runConsole(t, port, "", "--fail-fast", "-e", "USE airports; GO FROM \"AMS\" OVER nosuchedge YIELD dst(edge)")
	if r.code != 1 || !strings.Contains(r.out, "EdgeNotFound") {
		t.Errorf("fail-fast: code %d\n%s", r.code, r.out)
	}
}

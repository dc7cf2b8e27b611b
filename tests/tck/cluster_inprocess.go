package tck

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"

	client "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
)

// StartInProcess starts the default cluster inside the test binary, on
// loopback ports chosen by the kernel, and returns once it accepts clients.
//
// Today only graphd exists, so the cluster is one graphd whose engine knows
// no spaces, and it reports Capabilities{Storage: false}: scenarios that need
// a space are counted as unsupported when their set-up fails.
//
// The switch to the full cluster happens here and nowhere else: once pkg/meta
// and pkg/storage provide servers, this function starts one metad (fresh
// temporary data directory), three storaged registered with it, and one
// graphd whose engine uses the meta and storage clients; it waits until
// SHOW HOSTS lists the three storaged as online and returns a Cluster whose
// Close stops them in reverse order and removes the directories, reporting
// Capabilities{Storage: true, Settle: two heartbeat intervals}. Nothing else
// in the runner changes.
func StartInProcess() (Cluster, error) {
	cfg := graph.DefaultConfig()
	cfg.Port, cfg.WSHTTPPort = 0, 0
	srv, err := graph.NewServer(cfg, graph.Deps{
		Engine: exec.New(exec.Options{}),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return nil, fmt.Errorf("new graphd: %w", err)
	}
	if err := srv.Listen(); err != nil {
		return nil, fmt.Errorf("graphd listen: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &graphOnly{srv: srv, cancel: cancel, done: make(chan error, 1)}
	go func() { c.done <- srv.Run(ctx) }()
	return c, nil
}

// graphOnly is a single in-process graphd without metad or storaged.
type graphOnly struct {
	srv    *graph.Server
	cancel context.CancelFunc
	done   chan error
}

func (c *graphOnly) GraphAddrs() []client.HostAddress {
	a := c.srv.Addr().(*net.TCPAddr)
	return []client.HostAddress{{Host: a.IP.String(), Port: a.Port}}
}

func (c *graphOnly) Capabilities() Capabilities { return Capabilities{} }

// Close stops graphd and waits for it.
func (c *graphOnly) Close() error {
	c.cancel()
	if err := <-c.done; err != nil {
		return fmt.Errorf("graphd: %w", err)
	}
	return nil
}

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

// startGraphOnly starts a lone in-process graphd whose engine knows no
// spaces and which reports Capabilities{Storage: false}, to exercise the
// runner's handling of clusters without storage (as an external graphd
// without storaged behind it would be).
func startGraphOnly() (Cluster, error) {
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

package tck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/localcluster"
)

// StartInProcess starts the default cluster inside the test binary — one
// metad, storaged storage hosts and one graphd on loopback ports, with a
// fresh temporary data directory — and returns once the storage hosts are
// online and graphd accepts clients.
func StartInProcess(storaged int) (Cluster, error) {
	return startLocal(localcluster.Options{Storaged: storaged})
}

// StartDedicated starts the in-process cluster a scenario's "a
// nebulacluster with ..." describes (RunnerConfig.Dedicated). One metad,
// no listeners and graphd flags only are what localcluster offers; other
// specs are unsupported.
func StartDedicated(spec ClusterSpec) (Cluster, error) {
	switch {
	case spec.Metad != 1:
		return nil, unsupportedf("a cluster of %d metad", spec.Metad)
	case spec.Listeners != 0:
		return nil, unsupportedf("needs full-text listeners")
	case len(spec.Flags["metad"]) > 0 || len(spec.Flags["storaged"]) > 0:
		return nil, unsupportedf("metad or storaged flags %v", spec.Flags)
	case spec.Graphd < 1 || spec.Storaged < 1:
		return nil, fmt.Errorf("a cluster of %d graphd and %d storaged", spec.Graphd, spec.Storaged)
	}
	// NebulaGraph's test clusters write sessions back to metad every 2 s
	// (its default is a minute), which SHOW SESSIONS scenarios wait for.
	flags := append([]string{"session_reclaim_interval_secs=2"}, spec.Flags["graphd"]...)
	return startLocal(localcluster.Options{Storaged: spec.Storaged, Graphd: spec.Graphd, GraphdFlags: flags})
}

// startLocal starts a localcluster with the runner's settings in a fresh
// temporary data directory.
func startLocal(opts localcluster.Options) (*inProcess, error) {
	dir, err := os.MkdirTemp("", "novagraph-tck-")
	if err != nil {
		return nil, fmt.Errorf("tck data directory: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opts.DataDir, opts.HeartbeatInterval = dir, heartbeat
	// As NebulaGraph's test cluster: spaces that name no partition_num
	// get one part.
	opts.DefaultPartsNum = 1
	lc, err := localcluster.Start(ctx, opts)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start cluster: %w", err), os.RemoveAll(dir))
	}
	c := &inProcess{lc: lc, dir: dir}
	for _, a := range lc.GraphAddrs {
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			return nil, errors.Join(err, c.Close())
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			return nil, errors.Join(err, c.Close())
		}
		c.addrs = append(c.addrs, client.HostAddress{Host: host, Port: p})
	}
	return c, nil
}

// heartbeat is how often the in-process storaged and graphd hear from metad;
// short, so that a new space's parts exist on storage moments after CREATE
// SPACE returns.
const heartbeat = 100 * time.Millisecond

// inProcess is a localcluster owned by the runner.
type inProcess struct {
	lc    *localcluster.Cluster
	dir   string
	addrs []client.HostAddress
}

func (c *inProcess) GraphAddrs() []client.HostAddress { return c.addrs }

// Capabilities: set-up statements are retried for a few heartbeats while a
// new space's parts are being opened and elect leaders.
func (c *inProcess) Capabilities() Capabilities {
	return Capabilities{Storage: true, Settle: 10 * time.Second}
}

// Close stops every daemon and removes the data.
func (c *inProcess) Close() error {
	return errors.Join(c.lc.Close(), os.RemoveAll(c.dir))
}

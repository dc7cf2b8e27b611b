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
	dir, err := os.MkdirTemp("", "novagraph-tck-")
	if err != nil {
		return nil, fmt.Errorf("tck data directory: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	lc, err := localcluster.Start(ctx, localcluster.Options{
		DataDir:           dir,
		Storaged:          storaged,
		HeartbeatInterval: heartbeat,
		// As NebulaGraph's test cluster: spaces that name no partition_num
		// get one part.
		DefaultPartsNum: 1,
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start cluster: %w", err), os.RemoveAll(dir))
	}
	host, port, err := net.SplitHostPort(lc.GraphAddr)
	if err != nil {
		return nil, errors.Join(err, lc.Close(), os.RemoveAll(dir))
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, errors.Join(err, lc.Close(), os.RemoveAll(dir))
	}
	return &inProcess{lc: lc, dir: dir, addr: client.HostAddress{Host: host, Port: p}}, nil
}

// heartbeat is how often the in-process storaged and graphd hear from metad;
// short, so that a new space's parts exist on storage moments after CREATE
// SPACE returns.
const heartbeat = 100 * time.Millisecond

// inProcess is a localcluster owned by the runner.
type inProcess struct {
	lc   *localcluster.Cluster
	dir  string
	addr client.HostAddress
}

func (c *inProcess) GraphAddrs() []client.HostAddress { return []client.HostAddress{c.addr} }

// Capabilities: set-up statements are retried for a few heartbeats while a
// new space's parts are being opened and elect leaders.
func (c *inProcess) Capabilities() Capabilities {
	return Capabilities{Storage: true, Settle: 10 * time.Second}
}

// Close stops every daemon and removes the data.
func (c *inProcess) Close() error {
	return errors.Join(c.lc.Close(), os.RemoveAll(c.dir))
}

package tck

import (
	"fmt"
	"net"
	"strconv"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"
)

// Cluster is the set of servers the runner talks to. The runner reaches it
// only through nebula-go connections to GraphAddrs.
type Cluster interface {
	// GraphAddrs are the graphd endpoints clients connect to.
	GraphAddrs() []client.HostAddress
	// Capabilities says what the cluster can do.
	Capabilities() Capabilities
	// Close stops whatever the runner started; an external cluster is left
	// running.
	Close() error
}

// Capabilities describes a cluster to the runner.
type Capabilities struct {
	// Storage is false when no metad and storaged run, so no space can be
	// created: a scenario whose set-up steps fail is then counted as
	// unsupported instead of failed.
	Storage bool
	// Settle bounds how long set-up statements (and queries failing with
	// "The leader has changed") are retried while they fail with the
	// not-found errors NebulaGraph reports until a schema change reaches
	// every graphd. Zero means no retry.
	Settle time.Duration
}

// external is a cluster someone else runs.
type external struct {
	addr   client.HostAddress
	settle time.Duration
}

// ExternalCluster is the graphd at addr ("host:port"), assumed to have
// storage behind it.
func ExternalCluster(addr string, settle time.Duration) (Cluster, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("graphd address %q: %w", addr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, fmt.Errorf("graphd address %q: %w", addr, err)
	}
	return &external{addr: client.HostAddress{Host: host, Port: p}, settle: settle}, nil
}

func (e *external) GraphAddrs() []client.HostAddress { return []client.HostAddress{e.addr} }
func (e *external) Capabilities() Capabilities {
	return Capabilities{Storage: true, Settle: e.settle}
}
func (e *external) Close() error { return nil }

// quietLogger keeps nebula-go's pool chatter out of the test log.
type quietLogger struct{}

func (quietLogger) Info(string)  {}
func (quietLogger) Warn(string)  {}
func (quietLogger) Error(string) {}
func (quietLogger) Fatal(string) {}

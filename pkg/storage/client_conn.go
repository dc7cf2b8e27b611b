package storage

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/rpc"
)

// conn is one connection to a storaged, used by one call at a time.
type conn struct {
	host  string
	nc    net.Conn
	trans thrift.TTransport
	graph *gstorage.GraphStorageServiceClient
	admin *gstorage.StorageAdminServiceClient
}

// pool keeps idle connections per host.
type pool struct {
	dialTimeout time.Duration
	maxIdle     int
	cfg         *thrift.TConfiguration

	mu struct {
		sync.Mutex
		idle   map[string][]*conn
		closed bool
	}
}

func newPool(dialTimeout time.Duration, maxIdle int) *pool {
	p := &pool{
		dialTimeout: dialTimeout,
		maxIdle:     maxIdle,
		cfg:         &thrift.TConfiguration{MaxFrameSize: 256 << 20, MaxMessageSize: 256 << 20},
	}
	p.mu.idle = make(map[string][]*conn)
	return p
}

// get returns an idle connection to host or dials a new one.
func (p *pool) get(ctx context.Context, host string) (*conn, error) {
	p.mu.Lock()
	if p.mu.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if list := p.mu.idle[host]; len(list) > 0 {
		c := list[len(list)-1]
		p.mu.idle[host] = list[:len(list)-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	d := net.Dialer{Timeout: p.dialTimeout}
	nc, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, fmt.Errorf("connect to storaged %s: %w", host, err)
	}
	// The frame transport lets the answer readers (client_api_decode.go)
	// decode a reply's data set from the frame's bytes.
	trans := rpc.NewFrameTransport(nc, p.cfg)
	proto := thrift.NewTBinaryProtocolConf(trans, p.cfg)
	std := thrift.NewTStandardClient(proto, proto)
	return &conn{
		host:  host,
		nc:    nc,
		trans: trans,
		graph: gstorage.NewGraphStorageServiceClient(std),
		admin: gstorage.NewStorageAdminServiceClient(std),
	}, nil
}

// put returns a healthy connection to the pool.
func (p *pool) put(c *conn) {
	p.mu.Lock()
	if !p.mu.closed && len(p.mu.idle[c.host]) < p.maxIdle {
		p.mu.idle[c.host] = append(p.mu.idle[c.host], c)
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	c.trans.Close()
}

func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mu.closed = true
	for _, list := range p.mu.idle {
		for _, c := range list {
			c.trans.Close()
		}
	}
	p.mu.idle = nil
}

// do runs fn on a connection to host with ctx's deadline (or timeout) as
// the socket deadline; ending ctx aborts the call. A connection that saw
// an error is closed rather than reused. sent reports whether the request
// may have reached the server (false: the dial failed).
func (p *pool) do(ctx context.Context, host string, timeout time.Duration, fn func(ctx context.Context, c *conn) error) (sent bool, err error) {
	c, err := p.get(ctx, host)
	if err != nil {
		return false, err
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(timeout)
	}
	if err := c.nc.SetDeadline(deadline); err != nil {
		c.trans.Close()
		return false, fmt.Errorf("storaged %s: %w", host, err)
	}
	stop := context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(time.Unix(1, 0)) })
	err = fn(ctx, c)
	aborted := !stop()
	if err != nil || aborted {
		c.trans.Close()
		if err == nil {
			err = ctx.Err()
		}
		return true, fmt.Errorf("storaged %s: %w", host, err)
	}
	p.put(c)
	return true, nil
}

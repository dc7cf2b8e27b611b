package meta

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/rpc"
)

// ClientOptions configure a Client. Zero values take the defaults.
type ClientOptions struct {
	// Addrs are the metad replicas' Thrift addresses ("host:port").
	Addrs []string
	// Role and LocalHost are what heartbeats report: this daemon's kind
	// and the address it serves on.
	Role      gmeta.HostRole
	LocalHost string
	// GitInfoSHA and Version describe this build; defaults GitInfoSHA()
	// and Version.
	GitInfoSHA string
	Version    string
	// HeartbeatInterval is NebulaGraph's --heartbeat_interval_secs;
	// default 10 s.
	HeartbeatInterval time.Duration
	// LoadInterval is how often the cache asks metad whether the catalog
	// changed (a cheap call when it did not); default 1 s, so that a new
	// tag is usable everywhere within about a second.
	LoadInterval time.Duration
	// Timeout bounds one call, leader search and retries included, unless
	// the context's deadline is sooner; default 10 s. AttemptTimeout bounds
	// one try against one replica; default 3 s.
	Timeout        time.Duration
	AttemptTimeout time.Duration
	// Report, for a storaged, returns the parts it holds and leads; it is
	// called before every heartbeat.
	Report func() HeartbeatReport
	// SkipCatalog turns the cache off: the client only heartbeats and
	// issues calls (metad's own heartbeat uses it).
	SkipCatalog bool
	Logger      *slog.Logger
}

// HeartbeatReport is what a storaged tells metad in a heartbeat.
type HeartbeatReport struct {
	// Leaders lists, per space, the parts this host leads and their raft
	// terms.
	Leaders map[int32][]LeaderTerm
	// Parts lists, per space, every part this host holds.
	Parts map[int32][]int32
}

// LeaderTerm is one led part.
type LeaderTerm struct {
	Part int32
	Term int64
}

// Client talks to the metad group: it finds the leader, follows "leader
// changed" answers, retries with backoff, heartbeats, and keeps a cache of
// the catalog (spaces, schemas, indexes, parts, users) that Run refreshes.
//
// All methods are safe for concurrent use. Cache reads never block on the
// network; calls that take a context do, within ClientOptions.Timeout.
type Client struct {
	opts ClientOptions
	log  *slog.Logger

	leader atomic.Value // string: last replica that answered as leader
	next   atomic.Uint32

	pool struct {
		sync.Mutex
		idle   map[string][]*metaConn
		closed bool
	}

	cat             atomic.Pointer[catalog]
	leaderOverrides sync.Map
	refreshMu       sync.Mutex
	reload          chan struct{}
	clusterID       atomic.Int64

	sessions struct {
		sync.Mutex
		byID map[int64]*Session
	}
}

// NewClient returns a Client; call Run to heartbeat and keep the cache
// fresh, and Close when done.
func NewClient(opts ClientOptions) (*Client, error) {
	if len(opts.Addrs) == 0 {
		return nil, errors.New("meta client: no metad address")
	}
	addrs := make([]string, 0, len(opts.Addrs))
	for _, a := range opts.Addrs {
		h, err := parseAddr(a)
		if err != nil {
			return nil, fmt.Errorf("meta client: %w", err)
		}
		addrs = append(addrs, addrString(h))
	}
	opts.Addrs = addrs
	if opts.GitInfoSHA == "" {
		opts.GitInfoSHA = GitInfoSHA()
	}
	if opts.Version == "" {
		opts.Version = Version
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 10 * time.Second
	}
	if opts.LoadInterval <= 0 {
		opts.LoadInterval = time.Second
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.AttemptTimeout <= 0 {
		opts.AttemptTimeout = 3 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	c := &Client{opts: opts, log: opts.Logger, reload: make(chan struct{}, 1)}
	c.leader.Store("")
	c.pool.idle = map[string][]*metaConn{}
	c.sessions.byID = map[int64]*Session{}
	return c, nil
}

// Run heartbeats every HeartbeatInterval and refreshes the cache every
// LoadInterval (and whenever a heartbeat shows the catalog moved), until
// ctx ends. It returns once its goroutines have stopped.
func (c *Client) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.heartbeatLoop(ctx)
	}()
	if !c.opts.SkipCatalog {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.loadLoop(ctx)
		}()
	}
	wg.Wait()
}

func (c *Client) heartbeatLoop(ctx context.Context) {
	t := time.NewTicker(c.opts.HeartbeatInterval)
	defer t.Stop()
	for {
		hctx, cancel := context.WithTimeout(ctx, c.opts.HeartbeatInterval)
		version, err := c.heartbeat(hctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			c.log.Warn("meta client: heartbeat failed", "err", err)
		}
		if err == nil && !c.opts.SkipCatalog {
			if cur := c.cat.Load(); cur == nil || cur.version < version {
				select {
				case c.reload <- struct{}{}:
				default:
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (c *Client) loadLoop(ctx context.Context) {
	t := time.NewTicker(c.opts.LoadInterval)
	defer t.Stop()
	for {
		if err := c.Refresh(ctx); err != nil && ctx.Err() == nil {
			c.log.Debug("meta client: refresh failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-c.reload:
		}
	}
}

// Heartbeat sends one heartbeat now. A storaged calls it until it
// succeeds before serving: it fails with "Machine not existed!"
// (E_MACHINE_NOT_FOUND) until ADD HOSTS registers the host.
func (c *Client) Heartbeat(ctx context.Context) error {
	_, err := c.heartbeat(ctx)
	return err
}

func (c *Client) heartbeat(ctx context.Context) (int64, error) {
	host, err := parseAddr(c.opts.LocalHost)
	if err != nil {
		return 0, fmt.Errorf("meta client: local host: %w", err)
	}
	req := &gmeta.HBReq{
		Role:       c.opts.Role,
		Host:       host,
		ClusterID:  gmeta.ClusterID(c.clusterID.Load()),
		GitInfoSha: []byte(c.opts.GitInfoSHA),
		Version:    []byte(c.opts.Version),
	}
	if c.opts.Report != nil {
		r := c.opts.Report()
		req.LeaderPartIds = map[common.GraphSpaceID][]*gmeta.LeaderInfo{}
		for space, lts := range r.Leaders {
			for _, lt := range lts {
				req.LeaderPartIds[common.GraphSpaceID(space)] = append(req.LeaderPartIds[common.GraphSpaceID(space)],
					&gmeta.LeaderInfo{PartID: common.PartitionID(lt.Part), Term: lt.Term})
			}
		}
		req.Parts = map[common.GraphSpaceID][]common.PartitionID{}
		for space, parts := range r.Parts {
			for _, p := range parts {
				req.Parts[common.GraphSpaceID(space)] = append(req.Parts[common.GraphSpaceID(space)], common.PartitionID(p))
			}
		}
	}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.HBResp, error) {
		return cl.HeartBeat(ctx, prep(req))
	})
	if err != nil {
		return 0, err
	}
	if err := respError(resp.Code); err != nil {
		return 0, err
	}
	if resp.ClusterID != 0 {
		c.clusterID.Store(int64(resp.ClusterID))
	}
	return resp.LastUpdateTimeInMs, nil
}

// Close releases the client's connections. Calls made after Close fail.
func (c *Client) Close() {
	c.pool.Lock()
	idle := c.pool.idle
	c.pool.idle = map[string][]*metaConn{}
	c.pool.closed = true
	c.pool.Unlock()
	for _, conns := range idle {
		for _, mc := range conns {
			mc.close()
		}
	}
}

// respError is the error of a response code, nil for success.
func respError(code common.ErrorCode) error {
	if code == common.ErrorCode_SUCCEEDED {
		return nil
	}
	return codeError(code)
}

// prep fills a request's required struct fields, which the generated
// writers dereference.
func prep[T any](req T) T {
	fillRequired(req)
	return req
}

// response is what every MetaService answer has.
type response interface {
	GetCode() common.ErrorCode
	GetLeader() *common.HostAddr
}

// call runs fn against the leader: it starts with the last known leader
// (or the next replica in turn), follows E_LEADER_CHANGED answers, moves
// on after a transport error, and backs off between rounds until the call
// succeeds or its time (ClientOptions.Timeout or ctx) runs out. Any other
// answer, an error code included, is returned as is.
//
// NB: a write whose answer was lost in transport is sent again, so it may
// come back as "Existed!" although it was applied, as with NebulaGraph's
// own meta client.
func call[R response](ctx context.Context, c *Client, fn func(context.Context, *gmeta.MetaServiceClient) (R, error)) (R, error) {
	var zero R
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	backoff := 20 * time.Millisecond
	var last error
	hops := 0 // redirects followed without a pause
	for {
		addr := c.target()
		resp, err := once(ctx, c, addr, fn)
		redirected := false
		switch {
		case err != nil:
			last = err
			c.forgetLeader(addr)
		case resp.GetCode() == common.ErrorCode_E_LEADER_CHANGED:
			last = codeError(common.ErrorCode_E_LEADER_CHANGED)
			if l := resp.GetLeader(); l != nil && l.Host != "" && addrString(l) != addr {
				c.leader.Store(addrString(l))
				redirected = true
			} else {
				c.forgetLeader(addr)
			}
		default:
			c.leader.Store(addr)
			return resp, nil
		}
		if redirected && hops < len(c.opts.Addrs) {
			hops++
			continue
		}
		hops = 0
		select {
		case <-ctx.Done():
			return zero, last
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

// target is the replica to try next: the known leader, else the next one
// in turn.
func (c *Client) target() string {
	if l := c.leader.Load().(string); l != "" {
		return l
	}
	return c.opts.Addrs[int(c.next.Add(1))%len(c.opts.Addrs)]
}

func (c *Client) forgetLeader(addr string) { c.leader.CompareAndSwap(addr, "") }

// once makes one try against addr over a pooled connection.
func once[R response](ctx context.Context, c *Client, addr string, fn func(context.Context, *gmeta.MetaServiceClient) (R, error)) (R, error) {
	var zero R
	deadline := time.Now().Add(c.opts.AttemptTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	mc, err := c.get(ctx, addr, deadline)
	if err != nil {
		return zero, &Error{Code: common.ErrorCode_E_FAIL_TO_CONNECT, Msg: codeMessages[common.ErrorCode_E_FAIL_TO_CONNECT], cause: err}
	}
	if err := mc.conn.SetDeadline(deadline); err != nil {
		mc.close()
		return zero, &Error{Code: common.ErrorCode_E_RPC_FAILURE, Msg: codeMessages[common.ErrorCode_E_RPC_FAILURE], cause: err}
	}
	resp, err := fn(ctx, mc.client)
	if err != nil {
		mc.close()
		return zero, &Error{Code: common.ErrorCode_E_RPC_FAILURE, Msg: codeMessages[common.ErrorCode_E_RPC_FAILURE], cause: fmt.Errorf("%s: %w", addr, err)}
	}
	c.put(mc)
	return resp, nil
}

// metaConn is one connection to a metad replica, used by one call at a
// time.
type metaConn struct {
	addr   string
	conn   net.Conn
	client *gmeta.MetaServiceClient
}

func (mc *metaConn) close() { _ = mc.conn.Close() }

func (c *Client) get(ctx context.Context, addr string, deadline time.Time) (*metaConn, error) {
	c.pool.Lock()
	if c.pool.closed {
		c.pool.Unlock()
		return nil, errors.New("meta client closed")
	}
	if idle := c.pool.idle[addr]; len(idle) > 0 {
		mc := idle[len(idle)-1]
		c.pool.idle[addr] = idle[:len(idle)-1]
		c.pool.Unlock()
		return mc, nil
	}
	c.pool.Unlock()
	d := net.Dialer{Deadline: deadline}
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	compact := thrift.THeaderProtocolCompact
	cfg := &thrift.TConfiguration{
		MaxFrameSize:      256 << 20,
		MaxMessageSize:    256 << 20,
		THeaderProtocolID: &compact,
	}
	trans := rpc.ClientTransport(nc, cfg)
	proto := thrift.NewTHeaderProtocolConf(trans, cfg)
	return &metaConn{addr: addr, conn: nc, client: gmeta.NewMetaServiceClient(thrift.NewTStandardClient(proto, proto))}, nil
}

// put returns a healthy connection to the pool.
func (c *Client) put(mc *metaConn) {
	c.pool.Lock()
	defer c.pool.Unlock()
	if c.pool.closed || len(c.pool.idle[mc.addr]) >= 8 {
		mc.close()
		return
	}
	c.pool.idle[mc.addr] = append(c.pool.idle[mc.addr], mc)
}

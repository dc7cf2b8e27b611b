package storage

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// ClientMeta is what the storage client needs from meta; Meta satisfies it.
type ClientMeta interface {
	Space(space int32) (SpaceDesc, error)
	PartsAlloc(ctx context.Context, space int32) (map[int32][]string, error)
	Edges(space int32) ([]*SchemaDesc, error)
}

// ClientOptions tune a Client. Zero values take the defaults.
type ClientOptions struct {
	// Timeout bounds one RPC when the caller's context has no deadline.
	// Default 60 s (NebulaGraph's storage_client_timeout_ms).
	Timeout time.Duration
	// DialTimeout bounds connecting to a storaged. Default 1 s.
	DialTimeout time.Duration
	// MaxRetries bounds the rounds of retries of a part that failed with a
	// retryable error (leader changed, host unreachable, part not yet
	// open). Default 10.
	MaxRetries int
	// RetryBackoff is the first pause before a retry round that has no new
	// leader to go to; it doubles up to 1 s. Default 50 ms.
	RetryBackoff time.Duration
	// MaxIdleConns is the idle connections kept per host. Default 16.
	MaxIdleConns int
	Logger       *slog.Logger
}

func (o *ClientOptions) fill() {
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = time.Second
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 10
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 50 * time.Millisecond
	}
	if o.MaxIdleConns <= 0 {
		o.MaxIdleConns = 16
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Client is graphd's storage client. It routes every partition's work to
// the partition's leader (cached; learned from meta's partition map and
// corrected by "leader changed" answers), sends one request per leader host
// in parallel, and retries the parts that failed retryably. It is safe for
// concurrent use; Close releases its connections.
//
// Writes are retried only when retrying cannot apply them twice with a
// different outcome: inserts and deletes (idempotent) always, updates only
// on a "leader changed" answer.
type Client struct {
	meta ClientMeta
	opts ClientOptions
	pool *pool

	mu struct {
		sync.Mutex
		leaders map[partKey]string
	}
}

// NewClient returns a Client.
func NewClient(meta ClientMeta, opts ClientOptions) *Client {
	opts.fill()
	c := &Client{meta: meta, opts: opts, pool: newPool(opts.DialTimeout, opts.MaxIdleConns)}
	c.mu.leaders = make(map[partKey]string)
	return c
}

// Close closes the idle connections; calls in flight finish on theirs.
func (c *Client) Close() error {
	c.pool.close()
	return nil
}

// Leader returns the cached leader of a part, or "".
func (c *Client) Leader(space, part int32) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mu.leaders[partKey{space, part}]
}

// leaderOf returns where to send a part's request: the cached leader, else
// the first replica of the partition map.
func (c *Client) leaderOf(ctx context.Context, space, part int32) (string, error) {
	c.mu.Lock()
	h := c.mu.leaders[partKey{space, part}]
	c.mu.Unlock()
	if h != "" {
		return h, nil
	}
	alloc, err := c.meta.PartsAlloc(ctx, space)
	if err != nil {
		return "", err
	}
	hosts := alloc[part]
	if len(hosts) == 0 {
		return "", fmt.Errorf("part %d of space %d has no replicas: %w", part, space, ErrPartNotFound)
	}
	c.setLeader(space, part, hosts[0])
	return hosts[0], nil
}

func (c *Client) setLeader(space, part int32, host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.leaders[partKey{space, part}] = host
}

// rotate moves a part's cached leader to the replica after failed.
func (c *Client) rotate(ctx context.Context, space, part int32, failed string) {
	alloc, err := c.meta.PartsAlloc(ctx, space)
	if err != nil {
		return
	}
	hosts := alloc[part]
	if len(hosts) == 0 {
		return
	}
	next := hosts[0]
	if i := slices.Index(hosts, failed); i >= 0 {
		next = hosts[(i+1)%len(hosts)]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mu.leaders[partKey{space, part}] == failed {
		c.mu.leaders[partKey{space, part}] = next
	}
}

// sendFunc issues one request for parts to a host's connection and
// returns its ResponseCommon. It merges the data of the parts that
// succeeded itself (concurrently with other hosts' calls).
type sendFunc func(ctx context.Context, c *conn, parts []int32) (*gstorage.ResponseCommon, error)

// retryClass says how a part's failure is retried: not at all, always
// (nothing was applied: the replica was not the leader or lacks the part),
// or only for idempotent writes (the outcome is unknown).
func retryClass(code common.ErrorCode) (always, ifIdempotent bool) {
	switch code {
	case common.ErrorCode_E_LEADER_CHANGED, common.ErrorCode_E_PART_NOT_FOUND, common.ErrorCode_E_SPACE_NOT_FOUND:
		return true, true
	case common.ErrorCode_E_RAFT_STOPPED, common.ErrorCode_E_RAFT_TOO_MANY_REQUESTS:
		return false, true
	}
	return false, false
}

// fanOut sends the parts' work to their leaders, one request per host in
// parallel, and retries the parts that fail retryably. idempotent allows
// retrying after a transport error (the request may have been applied).
func (c *Client) fanOut(ctx context.Context, space int32, parts []int32, idempotent bool, send sendFunc) error {
	pending := slices.Clone(parts)
	backoff := c.opts.RetryBackoff
	var final []PartError
	for round := 0; len(pending) > 0; round++ {
		byHost := map[string][]int32{}
		for _, p := range pending {
			h, err := c.leaderOf(ctx, space, p)
			if err != nil {
				final = append(final, PartError{Part: p, Code: codeOf(err), Msg: err.Error()})
				continue
			}
			byHost[h] = append(byHost[h], p)
		}
		var mu sync.Mutex
		var retry []int32
		redirected := true
		var wg sync.WaitGroup
		for host, ps := range byHost {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var rc *gstorage.ResponseCommon
				sent, err := c.pool.do(ctx, host, c.opts.Timeout, func(ctx context.Context, cn *conn) error {
					var err error
					rc, err = send(ctx, cn, ps)
					return err
				})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					code := common.ErrorCode_E_RPC_FAILURE
					if !sent {
						code = common.ErrorCode_E_FAIL_TO_CONNECT
					}
					for _, p := range ps {
						c.rotate(ctx, space, p, host)
						if ctx.Err() == nil && (idempotent || !sent) {
							retry = append(retry, p)
						} else {
							final = append(final, PartError{Part: p, Code: code, Msg: err.Error()})
						}
					}
					redirected = false
					return
				}
				for _, f := range rc.GetFailedParts() {
					pid := int32(f.GetPartID())
					pe := PartError{Part: pid, Code: f.GetCode(), Msg: string(f.GetErrorMsg())}
					if f.IsSetLeader() && f.GetLeader().GetHost() != "" {
						pe.Leader = net.JoinHostPort(f.GetLeader().GetHost(), strconv.Itoa(int(f.GetLeader().GetPort())))
					}
					always, ifIdem := retryClass(pe.Code)
					switch {
					case pe.Code == common.ErrorCode_E_LEADER_CHANGED && pe.Leader != "" && pe.Leader != host:
						c.setLeader(space, pid, pe.Leader)
						retry = append(retry, pid)
					case always || (ifIdem && idempotent):
						c.rotate(ctx, space, pid, host)
						retry = append(retry, pid)
						redirected = false
					default:
						final = append(final, pe)
					}
				}
			}()
		}
		wg.Wait()
		pending = retry
		if len(pending) == 0 {
			break
		}
		if round >= c.opts.MaxRetries || ctx.Err() != nil {
			for _, p := range pending {
				msg := "retries exhausted"
				if ctx.Err() != nil {
					msg = ctx.Err().Error()
				}
				final = append(final, PartError{Part: p, Code: common.ErrorCode_E_RETRY_EXHAUSTED, Msg: msg})
			}
			break
		}
		if !redirected {
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
			}
			backoff = min(2*backoff, time.Second)
		}
	}
	if len(final) == 0 {
		return nil
	}
	slices.SortFunc(final, func(a, b PartError) int { return int(a.Part) - int(b.Part) })
	return &Error{Code: final[0].Code, Parts: final}
}

// spaceCodec returns a space's description and key codec.
func (c *Client) spaceCodec(space int32) (SpaceDesc, kvstore.KeyCodec, error) {
	d, err := c.meta.Space(space)
	if err != nil {
		return d, kvstore.KeyCodec{}, err
	}
	codec, err := kvstore.NewKeyCodec(d.VIDType, d.VIDLen)
	return d, codec, err
}

// PartOf returns the partition of a vertex id in a space.
func (c *Client) PartOf(space int32, vid value.Value) (int32, error) {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return 0, err
	}
	return partOf(d, codec, vid)
}

func partOf(d SpaceDesc, codec kvstore.KeyCodec, vid value.Value) (int32, error) {
	raw, err := codec.VID(vid)
	if err != nil {
		return 0, fmt.Errorf("vertex id %v: %w", vid, err)
	}
	return int32(codec.PartOf(raw, uint32(d.PartNum))), nil
}

// groupVIDs groups vertex ids by partition, keeping their order.
func groupVIDs(d SpaceDesc, codec kvstore.KeyCodec, vids []value.Value) (map[int32][]value.Value, []int32, error) {
	out := map[int32][]value.Value{}
	for _, v := range vids {
		p, err := partOf(d, codec, v)
		if err != nil {
			return nil, nil, err
		}
		out[p] = append(out[p], v)
	}
	return out, slices.Sorted(mapKeys(out)), nil
}

// mergeInto appends a response DataSet's rows to ds (taking its columns).
func mergeInto(mu *sync.Mutex, ds *value.DataSet, t *common.DataSet) error {
	if t == nil {
		return nil
	}
	got, err := value.DataSetFromThrift(t)
	if err != nil {
		return fmt.Errorf("decode storage result: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if ds.ColNames == nil {
		ds.ColNames = got.ColNames
	}
	ds.Rows = append(ds.Rows, got.Rows...)
	return nil
}

// Admin calls the StorageAdminService of one storaged (by its storage
// address) on a pooled connection, with the client's deadline rules; meta's
// balance and job code sends its commands through it.
func (c *Client) Admin(ctx context.Context, host string, fn func(ctx context.Context, admin *gstorage.StorageAdminServiceClient) error) error {
	_, err := c.pool.do(ctx, host, c.opts.Timeout, func(ctx context.Context, cn *conn) error {
		return fn(ctx, cn.admin)
	})
	return err
}

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
	// RetryTimeout bounds how long the parts that fail retryably (leader
	// changed or not yet elected, host unreachable, part not yet open)
	// are retried, within the caller's deadline. Retries are bounded by
	// time rather than counted: how long a part goes without a leader
	// (an election, a frozen or isolated leader, a leader that stepped
	// down under load) does not depend on how often it is asked. Default
	// 30 s, unless MaxRetries is set.
	RetryTimeout time.Duration
	// MaxRetries, when positive, bounds the rounds of retries instead
	// (and with RetryTimeout if that is set too). Default 0: only
	// RetryTimeout and the caller's deadline bound them.
	MaxRetries int
	// RetryBackoff is the first pause before a retry round that has no new
	// leader to go to; it doubles up to 1 s. Default 50 ms.
	RetryBackoff time.Duration
	// ProbeAfter is how long a request may go unanswered before the client
	// checks that its host is alive (ProbeTimeout, then every
	// ProbeInterval while it stays unanswered): a host that does not
	// answer the probe — frozen, cut off, or gone without closing its
	// connections — is abandoned and its parts are retried on the other
	// replicas; a host that answers is left to finish, however long a big
	// read takes. Defaults 1 s, 1 s, 1 s.
	ProbeAfter    time.Duration
	ProbeTimeout  time.Duration
	ProbeInterval time.Duration
	// DownFor is how long a host that failed a probe or refused a
	// connection is avoided when a part has other replicas to try, unless
	// it answers in the meantime. Default 3 s.
	DownFor time.Duration
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
	if o.RetryTimeout <= 0 && o.MaxRetries <= 0 {
		o.RetryTimeout = 30 * time.Second
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 50 * time.Millisecond
	}
	if o.ProbeAfter <= 0 {
		o.ProbeAfter = time.Second
	}
	if o.ProbeTimeout <= 0 {
		o.ProbeTimeout = time.Second
	}
	if o.ProbeInterval <= 0 {
		o.ProbeInterval = time.Second
	}
	if o.DownFor <= 0 {
		o.DownFor = 3 * time.Second
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
	meta   ClientMeta
	opts   ClientOptions
	pool   *pool
	down   hostHealth
	probes probeGroup

	mu struct {
		sync.Mutex
		leaders map[partKey]leaderEntry
	}
}

// NewClient returns a Client.
func NewClient(meta ClientMeta, opts ClientOptions) *Client {
	opts.fill()
	c := &Client{meta: meta, opts: opts, pool: newPool(opts.DialTimeout, opts.MaxIdleConns)}
	c.mu.leaders = make(map[partKey]leaderEntry)
	c.down.hosts = make(map[string]time.Time)
	c.probes.calls = make(map[string]*probeCall)
	return c
}

// Close closes the idle connections; calls in flight finish on theirs.
func (c *Client) Close() error {
	c.pool.close()
	return nil
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
// parallel, and retries the parts that fail retryably until they succeed,
// RetryTimeout passes or ctx ends. idempotent allows retrying after a
// transport error (the request may have been applied).
func (c *Client) fanOut(ctx context.Context, space int32, parts []int32, idempotent bool, send sendFunc) error {
	pending := slices.Clone(parts)
	backoff := c.opts.RetryBackoff
	var giveUp time.Time // zero: no time budget (MaxRetries only)
	if c.opts.RetryTimeout > 0 {
		giveUp = time.Now().Add(c.opts.RetryTimeout)
	}
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
		var lastErr []string
		redirected := true
		call := func(host string, ps []int32) {
			rc, sent, err := c.attempt(ctx, host, ps, send)
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
				lastErr = append(lastErr, err.Error())
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
				case pe.Code == common.ErrorCode_E_LEADER_CHANGED && pe.Leader != "" && pe.Leader != host && !c.down.is(pe.Leader):
					// A leader named by a replica, unless it is one
					// that stopped answering (followers keep naming a
					// frozen leader until they elect another).
					c.setLeader(space, pid, pe.Leader)
					retry = append(retry, pid)
				case always || (ifIdem && idempotent):
					c.rotate(ctx, space, pid, host)
					retry = append(retry, pid)
					lastErr = append(lastErr, fmt.Sprintf("%v: %s", pe.Code, pe.Msg))
					redirected = false
				default:
					final = append(final, pe)
				}
			}
		}
		// The caller's goroutine makes one of the calls itself: most reads
		// (one vertex's neighbours) go to a single host, and a fresh
		// goroutine would grow its stack again for every call.
		var wg sync.WaitGroup
		var inline string
		for host, ps := range byHost {
			if inline == "" {
				inline = host
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				call(host, ps)
			}()
		}
		if inline != "" {
			call(inline, byHost[inline])
		}
		wg.Wait()
		pending = retry
		if len(pending) == 0 {
			break
		}
		if ctx.Err() != nil || (!giveUp.IsZero() && time.Now().After(giveUp)) || (c.opts.MaxRetries > 0 && round >= c.opts.MaxRetries) {
			msg := fmt.Sprintf("retries exhausted after %d rounds", round+1)
			if ctx.Err() != nil {
				msg = ctx.Err().Error()
			}
			if len(lastErr) > 0 {
				msg += "; last: " + lastErr[0]
			}
			for _, p := range pending {
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

package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
)

// One attempt of a request to a host, and how it tells a dead host from a
// slow one.
//
// A request to a storaged that is frozen (SIGSTOP: the kernel still
// accepts its connections and takes the bytes), cut off by the network,
// or gone without closing its sockets is answered by nothing; a big read
// on a busy host is answered late. A fixed per-attempt timeout cannot tell
// them apart: short, it abandons live leaders in the middle of big reads
// (and the retry starts the read over); long, it leaves a part unwritable
// for as long as its leader is frozen. So an attempt runs under the
// caller's deadline, and once it has gone ProbeAfter unanswered the host
// is probed: a tiny admin call (getLeaderParts) on another connection,
// bounded by ProbeTimeout. A host that answers the probe is alive and the
// attempt goes on (probed again every ProbeInterval); one that does not is
// marked down and the attempt is abandoned with errHostUnresponsive, so
// that its parts are retried on the other replicas while the caller's
// deadline still has room.

// errHostUnresponsive ends an attempt whose host failed a probe.
var errHostUnresponsive = errors.New("storaged does not answer")

// errProbeAbandoned is a shared probe's result when the attempt running it
// finished first and stopped it: it says nothing about the host.
var errProbeAbandoned = errors.New("probe abandoned")

// attempt runs send for parts on a connection to host, abandoning it if
// the host stops answering. sent reports whether the request may have
// reached the host.
func (c *Client) attempt(ctx context.Context, host string, parts []int32, send sendFunc) (rc *gstorage.ResponseCommon, sent bool, err error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	finished := make(chan struct{})
	// The watch starts only once the attempt has gone ProbeAfter
	// unanswered: almost every attempt is answered long before, and a
	// goroutine per attempt, parked on a timer and woken when the answer
	// came, was a few percent of graphd's CPU at thousands of calls a
	// second.
	var wg sync.WaitGroup
	wg.Add(1)
	watch := time.AfterFunc(c.opts.ProbeAfter, func() {
		defer wg.Done()
		c.watch(actx, host, finished, cancel)
	})
	sent, err = c.pool.do(actx, host, c.opts.Timeout, func(ctx context.Context, cn *conn) error {
		var err error
		rc, err = send(ctx, cn, parts)
		return err
	})
	if cause := context.Cause(actx); err != nil && errors.Is(cause, errHostUnresponsive) {
		err = fmt.Errorf("storaged %s: %w", host, cause)
	}
	// Stop the watch at once, a probe of it in flight included: the
	// answer is in.
	close(finished)
	cancel(nil)
	if watch.Stop() {
		wg.Done() // it never started
	}
	wg.Wait()
	switch {
	case err == nil:
		c.down.clear(host)
	case !sent:
		// Could not connect: refused, or the dial timed out.
		c.down.mark(host, c.opts.DownFor)
	}
	return rc, sent, err
}

// watch probes host, an attempt to which has gone ProbeAfter unanswered,
// then again every ProbeInterval, and cancels the attempt when a probe
// fails. It returns when the attempt finishes or its context ends.
func (c *Client) watch(ctx context.Context, host string, finished <-chan struct{}, cancel context.CancelCauseFunc) {
	var t *time.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for {
		select {
		case <-finished:
			return
		case <-ctx.Done():
			return
		default:
		}
		err := c.probes.probe(ctx, host, func(ctx context.Context) error { return c.probe(ctx, host) })
		if ctx.Err() != nil {
			return
		}
		wait := c.opts.ProbeInterval
		if errors.Is(err, errProbeAbandoned) {
			// The attempt running the probe we waited on got its answer
			// and stopped it: probe again ourselves.
			wait = 0
		} else if err != nil {
			c.opts.Logger.Warn("storage client: storaged does not answer, failing over", "host", host, "err", err)
			c.down.mark(host, c.opts.DownFor)
			cancel(fmt.Errorf("%w: probe: %w", errHostUnresponsive, err))
			return
		}
		if t == nil {
			t = time.NewTimer(wait)
		} else {
			t.Reset(wait)
		}
		select {
		case <-finished:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// probe asks host which parts it leads, within ProbeTimeout.
func (c *Client) probe(ctx context.Context, host string) error {
	pctx, cancel := context.WithTimeout(ctx, c.opts.ProbeTimeout)
	defer cancel()
	_, err := c.pool.do(pctx, host, c.opts.ProbeTimeout, func(ctx context.Context, cn *conn) error {
		_, err := cn.admin.GetLeaderParts(ctx, gstorage.NewGetLeaderReq())
		return err
	})
	return err
}

// probeGroup shares one probe of a host among the attempts waiting on it,
// so that a frozen host with a hundred requests in flight gets one probe,
// not a hundred.
type probeGroup struct {
	mu    sync.Mutex
	calls map[string]*probeCall
}

type probeCall struct {
	done chan struct{}
	err  error
}

// probe runs fn for host under ctx unless a probe of host is already
// running, in which case it waits for that one's result (or for ctx to
// end). A probe cut short by its runner's ctx reports errProbeAbandoned.
func (g *probeGroup) probe(ctx context.Context, host string, fn func(ctx context.Context) error) error {
	g.mu.Lock()
	call, running := g.calls[host]
	if !running {
		call = &probeCall{done: make(chan struct{})}
		g.calls[host] = call
	}
	g.mu.Unlock()
	if !running {
		call.err = fn(ctx)
		if ctx.Err() != nil {
			call.err = errProbeAbandoned
		}
		g.mu.Lock()
		delete(g.calls, host)
		g.mu.Unlock()
		close(call.done)
		return call.err
	}
	select {
	case <-call.done:
		return call.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

package storage

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// How the Client finds a part's leader. Three sources, freshest first:
//
//   - answers: a replica that is not the leader says so and usually names
//     the leader (E_LEADER_CHANGED); the client goes there at once;
//   - metad: storaged heartbeats report the parts each host leads, and
//     the meta client's catalog carries the latest leader of every part
//     (leaderHinter). When metad's leader for a part changes, the client
//     follows it even if no answer told it so — a frozen or cut-off
//     leader answers nothing;
//   - the partition map: without either, the replicas in order.
//
// Hosts that do not answer (a refused or timed-out connection, a failed
// probe: client_retry.go) are marked down for DownFor and avoided while a
// part has another replica to try.

// leaderHinter is what the client asks metad for: the leader of a part as
// storaged heartbeats last reported it. MetaClient implements it; a
// ClientMeta without it leaves the client to answers and the part map.
type leaderHinter interface {
	PartLeader(space, part int32) (string, bool)
}

// PartLeader implements leaderHinter with the meta client's catalog.
func (m *MetaClient) PartLeader(space, part int32) (string, bool) {
	return m.Client.PartLeader(space, part)
}

// leaderEntry is the cached leader of a part: host, and what metad said
// the leader was when host was chosen (so that a change metad reports
// later is noticed).
type leaderEntry struct {
	host string
	meta string
}

// Leader returns the cached leader of a part, or "".
func (c *Client) Leader(space, part int32) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mu.leaders[partKey{space, part}].host
}

// metaLeader returns metad's leader of a part, or "".
func (c *Client) metaLeader(space, part int32) string {
	h, ok := c.meta.(leaderHinter)
	if !ok {
		return ""
	}
	l, ok := h.PartLeader(space, part)
	if !ok {
		return ""
	}
	return l
}

// leaderOf returns where to send a part's request: the cached leader,
// unless metad has since reported another or the host is down; else
// metad's leader; else the first replica of the partition map that is not
// down.
func (c *Client) leaderOf(ctx context.Context, space, part int32) (string, error) {
	k := partKey{space, part}
	m := c.metaLeader(space, part)
	c.mu.Lock()
	e, ok := c.mu.leaders[k]
	c.mu.Unlock()
	if ok && e.host != "" && !c.down.is(e.host) && (m == "" || m == e.meta || m == e.host) {
		return e.host, nil
	}
	if m != "" && !c.down.is(m) {
		c.mu.Lock()
		c.mu.leaders[k] = leaderEntry{host: m, meta: m}
		c.mu.Unlock()
		return m, nil
	}
	alloc, err := c.meta.PartsAlloc(ctx, space)
	if err != nil {
		return "", err
	}
	hosts := alloc[part]
	if len(hosts) == 0 {
		return "", fmt.Errorf("part %d of space %d has no replicas: %w", part, space, ErrPartNotFound)
	}
	// Start after the cached host (it failed or is down), so that
	// successive rounds walk the replicas.
	start := 0
	if i := slices.Index(hosts, e.host); ok && i >= 0 {
		start = i + 1
	}
	pick := ""
	for i := range hosts {
		h := hosts[(start+i)%len(hosts)]
		if !c.down.is(h) {
			pick = h
			break
		}
	}
	if pick == "" {
		// Every replica is marked down: try the next one anyway.
		pick = hosts[start%len(hosts)]
	}
	c.mu.Lock()
	c.mu.leaders[k] = leaderEntry{host: pick, meta: m}
	c.mu.Unlock()
	return pick, nil
}

// setLeader records a leader named by a replica's answer.
func (c *Client) setLeader(space, part int32, host string) {
	m := c.metaLeader(space, part)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.leaders[partKey{space, part}] = leaderEntry{host: host, meta: m}
}

// rotate moves a part's cached leader off failed (it answered that it
// does not lead and knows no leader, or did not answer): the next
// leaderOf asks metad, then walks the replicas from the one after failed.
func (c *Client) rotate(ctx context.Context, space, part int32, failed string) {
	k := partKey{space, part}
	m := c.metaLeader(space, part)
	c.mu.Lock()
	e := c.mu.leaders[k]
	c.mu.Unlock()
	if e.host != failed {
		return
	}
	// metad's leader, unless the cached one came after it (then metad's
	// was tried already: going back would bounce between two replicas
	// that both say "leader unknown" and never ask the third).
	if m != "" && m != failed && m != e.meta && !c.down.is(m) {
		c.mu.Lock()
		if c.mu.leaders[k].host == failed {
			c.mu.leaders[k] = leaderEntry{host: m, meta: m}
		}
		c.mu.Unlock()
		return
	}
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
		for j := 1; j <= len(hosts); j++ {
			next = hosts[(i+j)%len(hosts)]
			if !c.down.is(next) {
				break
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mu.leaders[k].host == failed {
		// meta stays what metad said when failed was chosen: metad
		// still naming failed must not send the client back to it.
		c.mu.leaders[k] = leaderEntry{host: next, meta: m}
	}
}

// hostHealth remembers the hosts that did not answer, until when they are
// avoided.
type hostHealth struct {
	mu    sync.Mutex
	hosts map[string]time.Time
}

// mark avoids host until now+d.
func (h *hostHealth) mark(host string, d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hosts[host] = time.Now().Add(d)
}

// clear forgets host's mark: it answered.
func (h *hostHealth) clear(host string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.hosts, host)
}

// is reports whether host is to be avoided now.
func (h *hostHealth) is(host string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	until, ok := h.hosts[host]
	if !ok {
		return false
	}
	if time.Now().After(until) {
		delete(h.hosts, host)
		return false
	}
	return true
}

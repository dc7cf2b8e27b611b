package chaos

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Ports of every host's daemons (NebulaGraph's defaults; each host has its
// own addresses, so they repeat across hosts).
const (
	metaPort      = 9559
	metaHTTP      = 19559
	storagePort   = 9779
	storageHTTP   = 19779
	graphPort     = 9669
	graphHTTP     = 19669
	spaceName     = "chaos"
	clientTimeout = 5 * time.Second
)

// Config describes a cluster.
type Config struct {
	// Bin holds metad, storaged and graphd.
	Bin string
	// Dir receives every host's data and logs.
	Dir string
	// ID and Subnet tell concurrent clusters apart (see NewNetwork).
	ID     string
	Subnet int
	Hosts  int // default 3
	Parts  int // partition_num of the test space; default 6
	// StorageDataPath overrides host i's storaged data path when set (a
	// small file system for the disk-full scenario).
	StorageDataPath map[int]string
	// StorageFlags are extra flags of host i's storaged.
	StorageFlags map[int][]string
}

// Host is one machine: a namespace running a metad, a storaged and a
// graphd.
type Host struct {
	Index    int
	Meta     *Daemon
	Storage  *Daemon
	Graph    *Daemon
	dataPath string // storaged's
}

// Daemons lists the host's daemons, metad first.
func (h *Host) Daemons() []*Daemon { return []*Daemon{h.Meta, h.Storage, h.Graph} }

// Cluster is a running NovaGraph cluster of separate processes on
// separate network namespaces.
type Cluster struct {
	cfg   Config
	Net   *Network
	Hosts []*Host
	http  *http.Client
}

// StartCluster creates the network, starts every daemon, registers the
// storage hosts and creates the test space (see createSpace). The caller
// must Close it.
func StartCluster(ctx context.Context, cfg Config) (*Cluster, error) {
	if cfg.Hosts == 0 {
		cfg.Hosts = 3
	}
	if cfg.Parts == 0 {
		cfg.Parts = 6
	}
	for _, b := range []string{"metad", "storaged", "graphd"} {
		if _, err := os.Stat(filepath.Join(cfg.Bin, b)); err != nil {
			return nil, fmt.Errorf("daemon binary: %w (run make build)", err)
		}
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, err
	}
	nw, err := NewNetwork(cfg.ID, cfg.Subnet, cfg.Hosts)
	if err != nil {
		return nil, err
	}
	c := &Cluster{cfg: cfg, Net: nw, http: &http.Client{Timeout: 2 * time.Second}}
	var metaAddrs []string
	for i := range cfg.Hosts {
		metaAddrs = append(metaAddrs, net.JoinHostPort(nw.ClusterIP(i), strconv.Itoa(metaPort)))
	}
	metas := strings.Join(metaAddrs, ",")
	for i := range cfg.Hosts {
		ns, cip, gip := nw.Namespace(i), nw.ClusterIP(i), nw.ClientIP(i)
		dir := filepath.Join(cfg.Dir, fmt.Sprintf("host%d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, errors.Join(err, c.Close())
		}
		data := filepath.Join(dir, "storage")
		if p, ok := cfg.StorageDataPath[i]; ok {
			data = p
		}
		h := &Host{Index: i, dataPath: data}
		bin := func(b string) string { return filepath.Join(cfg.Bin, b) }
		log := func(b string) string { return filepath.Join(dir, b+".log") }
		h.Meta = newDaemon(fmt.Sprintf("metad%d", i), ns, bin("metad"), log("metad"), []string{
			"--local_ip=" + cip, "--port=" + strconv.Itoa(metaPort), "--ws_http_port=" + strconv.Itoa(metaHTTP),
			"--meta_server_addrs=" + metas, "--data_path=" + filepath.Join(dir, "meta"),
			"--heartbeat_interval_secs=1",
		})
		h.Storage = newDaemon(fmt.Sprintf("storaged%d", i), ns, bin("storaged"), log("storaged"), append([]string{
			"--local_ip=" + cip, "--port=" + strconv.Itoa(storagePort), "--ws_http_port=" + strconv.Itoa(storageHTTP),
			"--meta_server_addrs=" + metas, "--data_path=" + data,
			"--heartbeat_interval_secs=1", "--rocksdb_block_cache=16",
		}, cfg.StorageFlags[i]...))
		h.Graph = newDaemon(fmt.Sprintf("graphd%d", i), ns, bin("graphd"), log("graphd"), []string{
			"--local_ip=" + gip, "--port=" + strconv.Itoa(graphPort), "--ws_http_port=" + strconv.Itoa(graphHTTP),
			"--meta_server_addrs=" + metas, "--heartbeat_interval_secs=1",
		})
		c.Hosts = append(c.Hosts, h)
	}
	for _, h := range c.Hosts {
		for _, d := range h.Daemons() {
			if err := d.Start(); err != nil {
				return nil, errors.Join(err, c.Close())
			}
		}
	}
	if err := c.setUp(ctx); err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return c, nil
}

// GraphAddr is host i's graphd address.
func (c *Cluster) GraphAddr(i int) string {
	return net.JoinHostPort(c.Net.ClientIP(i), strconv.Itoa(graphPort))
}

// StorageAddr is host i's storaged address as metad knows it.
func (c *Cluster) StorageAddr(i int) string {
	return net.JoinHostPort(c.Net.ClusterIP(i), strconv.Itoa(storagePort))
}

// Parts is the test space's partition_num.
func (c *Cluster) Parts() int { return c.cfg.Parts }

// Client returns a new client of host i's graphd using the test space.
func (c *Cluster) Client(i int) *Client { return NewClient(c.GraphAddr(i), clientTimeout, spaceName) }

// setUp registers the storage hosts, waits for them, and creates the test
// space and its schema: tag item (the set workload; indexed, so that
// LOOKUP can scan it) and tag reg (the register workload).
func (c *Cluster) setUp(ctx context.Context) error {
	admin := NewClient(c.GraphAddr(0), clientTimeout, "")
	defer admin.Close()
	var hosts []string
	for i := range c.Hosts {
		hosts = append(hosts, fmt.Sprintf("%q:%d", c.Net.ClusterIP(i), storagePort))
	}
	if err := retry(ctx, 60*time.Second, func() error {
		_, err := admin.Exec("ADD HOSTS " + strings.Join(hosts, ", "))
		if err != nil && strings.Contains(err.Error(), "xisted") {
			return nil
		}
		return err
	}); err != nil {
		return fmt.Errorf("add hosts: %w", err)
	}
	if err := retry(ctx, 60*time.Second, func() error {
		rs, err := admin.Exec("SHOW HOSTS STORAGE")
		if err != nil {
			return err
		}
		online := 0
		for _, row := range rs.AsStringTable() {
			for _, cell := range row {
				if strings.Contains(cell, "ONLINE") {
					online++
				}
			}
		}
		if online < len(c.Hosts) {
			return fmt.Errorf("%d of %d storage hosts online", online, len(c.Hosts))
		}
		return nil
	}); err != nil {
		return err
	}
	ddl := []string{
		fmt.Sprintf("CREATE SPACE IF NOT EXISTS %s (partition_num = %d, replica_factor = %d, vid_type = INT64)",
			spaceName, c.cfg.Parts, min(3, len(c.Hosts))),
		"USE " + spaceName + "; CREATE TAG IF NOT EXISTS item (w int, seq int)",
		"USE " + spaceName + "; CREATE TAG IF NOT EXISTS reg (val int)",
		"USE " + spaceName + "; CREATE TAG INDEX IF NOT EXISTS item_index ON item()",
	}
	for _, stmt := range ddl {
		if err := retry(ctx, 60*time.Second, func() error { _, err := admin.Exec(stmt); return err }); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	// Every graphd must know the schema and every part a leader before the
	// workload starts: write and read a probe through each graphd.
	for i := range c.Hosts {
		cl := c.Client(i)
		err := retry(ctx, 90*time.Second, func() error {
			for p := range c.cfg.Parts {
				vid := -1 - int64(p) // negative vids: never a workload's
				if _, err := cl.Exec(fmt.Sprintf("INSERT VERTEX reg(val) VALUES %d:(0)", vid)); err != nil {
					return err
				}
			}
			_, err := cl.Exec("LOOKUP ON item YIELD id(vertex) | LIMIT 1")
			return err
		})
		cl.Close()
		if err != nil {
			return fmt.Errorf("probe through graphd%d: %w", i, err)
		}
	}
	return nil
}

// retry calls fn until it succeeds, ctx ends or limit passes.
func retry(ctx context.Context, limit time.Duration, fn func() error) error {
	deadline := time.Now().Add(limit)
	for {
		err := fn()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// Close stops every daemon (SIGKILL: nothing more is checked) and removes
// the network.
func (c *Cluster) Close() error {
	var errs []error
	for _, h := range c.Hosts {
		for _, d := range h.Daemons() {
			if err := d.Kill(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if c.Net != nil {
		errs = append(errs, c.Net.Close())
	}
	return errors.Join(errs...)
}

// Stop stops every daemon gracefully (SIGTERM), graphds first.
func (c *Cluster) Stop() error {
	var errs []error
	for _, pick := range []func(*Host) *Daemon{
		func(h *Host) *Daemon { return h.Graph },
		func(h *Host) *Daemon { return h.Storage },
		func(h *Host) *Daemon { return h.Meta },
	} {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, h := range c.Hosts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := pick(h).Term(15 * time.Second); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
	return errors.Join(errs...)
}

// Unexpected lists every daemon exit the test did not cause.
func (c *Cluster) Unexpected() []string {
	var out []string
	for _, h := range c.Hosts {
		for _, d := range h.Daemons() {
			out = append(out, d.Unexpected()...)
		}
	}
	return out
}

// metrics scrapes host i's daemon at port (an HTTP port) and returns the
// samples whose name (with labels) starts with prefix.
func (c *Cluster) metrics(ip string, port int, prefix string) (map[string]float64, error) {
	resp, err := c.http.Get("http://" + net.JoinHostPort(ip, strconv.Itoa(port)) + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err == nil {
			out[line[:i]] = v
		}
	}
	return out, sc.Err()
}

// AppliedIndex is the sum of the last applied raft index over host i's
// replicas of every space (storaged_raft_applied_index).
func (c *Cluster) AppliedIndex(i int) (float64, error) {
	m, err := c.metrics(c.Net.ClusterIP(i), storageHTTP, "storaged_raft_applied_index")
	if err != nil {
		return 0, err
	}
	var sum float64
	for _, v := range m {
		sum += v
	}
	return sum, nil
}

// WaitConverged waits until every storaged has applied the same log, as
// two equal readings a moment apart show, and returns how long it took.
func (c *Cluster) WaitConverged(ctx context.Context, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	var last []float64
	err := retry(ctx, limit, func() error {
		var cur []float64
		for i := range c.Hosts {
			v, err := c.AppliedIndex(i)
			if err != nil {
				return fmt.Errorf("storaged%d: %w", i, err)
			}
			cur = append(cur, v)
		}
		for _, v := range cur[1:] {
			if v != cur[0] {
				last = nil
				return fmt.Errorf("applied indexes differ: %v", cur)
			}
		}
		if last == nil || last[0] != cur[0] {
			last = cur
			return fmt.Errorf("applied index still moving: %v", cur)
		}
		return nil
	})
	return time.Since(start), err
}

// MetaLeader returns the host whose metad leads the meta group, or -1.
func (c *Cluster) MetaLeader() int {
	for i := range c.Hosts {
		m, err := c.metrics(c.Net.ClusterIP(i), metaHTTP, "metad_is_leader")
		if err == nil && m["metad_is_leader"] == 1 {
			return i
		}
	}
	return -1
}

// PartLeaders returns, for each part of the test space, the host leading
// it as metad last heard (SHOW PARTS); hosts it does not know map to -1.
func (c *Cluster) PartLeaders(cl *Client) (map[int]int, error) {
	rs, err := cl.Exec("SHOW PARTS")
	if err != nil {
		return nil, err
	}
	out := map[int]int{}
	for _, row := range rs.AsStringTable()[1:] {
		if len(row) < 2 {
			continue
		}
		p, err := strconv.Atoi(strings.Trim(row[0], `"`))
		if err != nil {
			continue
		}
		out[p] = -1
		leader := strings.Trim(row[1], `"`)
		for i := range c.Hosts {
			if leader == c.StorageAddr(i) {
				out[p] = i
			}
		}
	}
	return out, nil
}

// Goroutines reads a daemon's goroutine count from its pprof endpoint.
func (c *Cluster) Goroutines(ip string, port int) (int, error) {
	resp, err := c.http.Get("http://" + net.JoinHostPort(ip, strconv.Itoa(port)) + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(io.LimitReader(resp.Body, 4096)).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("goroutine profile: %w", err)
	}
	var n int
	if _, err := fmt.Sscanf(line, "goroutine profile: total %d", &n); err != nil {
		return 0, fmt.Errorf("goroutine profile %q: %w", line, err)
	}
	return n, nil
}

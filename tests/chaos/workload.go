package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Workload runs the set and register workloads against a cluster and
// records every operation in a History. Start it, inject faults, then
// Stop it.
type Workload struct {
	C    *Cluster
	H    *History
	Spec WorkloadSpec

	cancel context.CancelFunc
	wg     sync.WaitGroup
	nextID atomic.Int64 // next set vid
}

// WorkloadSpec sizes a workload.
type WorkloadSpec struct {
	// Graphds are the hosts whose graphd clients talk to (round robin over
	// workers); default every host.
	Graphds []int
	// SetWriters insert fresh vertices, each at most one per SetPace.
	SetWriters int
	SetPace    time.Duration
	// RegClients read, write and compare-and-set RegKeys registers, each at
	// most one operation per RegPace.
	RegClients int
	RegKeys    int
	RegPace    time.Duration
}

// regBase is the first register vid; registers are regBase+k, which
// spreads them over parts (vid % parts).
const regBase = 1 << 40

// RegKey is register k's vid.
func RegKey(k int) int64 { return regBase + int64(k) }

// PartOf is the part of an INT64 vid in a space of parts parts (the
// little-endian bytes of the vid, as NebulaGraph hashes 8-byte vids).
func PartOf(vid int64, parts int) int { return int(uint64(vid)%uint64(parts)) + 1 }

// Start initialises the registers to 0 and starts the workers.
func (w *Workload) Start(ctx context.Context) error {
	if len(w.Spec.Graphds) == 0 {
		for i := range w.C.Hosts {
			w.Spec.Graphds = append(w.Spec.Graphds, i)
		}
	}
	if w.Spec.RegClients > 0 {
		cl := w.C.Client(w.Spec.Graphds[0])
		defer cl.Close()
		for k := range w.Spec.RegKeys {
			stmt := fmt.Sprintf("INSERT VERTEX reg(val) VALUES %d:(0)", RegKey(k))
			if err := retry(ctx, 30*time.Second, func() error { _, err := cl.Exec(stmt); return err }); err != nil {
				return fmt.Errorf("initialise register %d: %w", k, err)
			}
		}
	}
	ctx, w.cancel = context.WithCancel(ctx)
	client := 0
	for i := range w.Spec.SetWriters {
		host := w.Spec.Graphds[i%len(w.Spec.Graphds)]
		id := client
		client++
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			w.setWriter(ctx, id, host)
		}()
	}
	for i := range w.Spec.RegClients {
		host := w.Spec.Graphds[(i+1)%len(w.Spec.Graphds)]
		id := client
		client++
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			w.regClient(ctx, id, host)
		}()
	}
	return nil
}

// Stop stops the workers and waits for their last operations.
func (w *Workload) Stop() {
	if w.cancel != nil {
		w.cancel()
	}
	w.wg.Wait()
}

func pace(ctx context.Context, next *time.Time, d time.Duration) bool {
	*next = next.Add(d)
	if wait := time.Until(*next); wait > 0 {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
	} else {
		*next = time.Now()
	}
	return ctx.Err() == nil
}

func (w *Workload) setWriter(ctx context.Context, id, host int) {
	cl := w.C.Client(host)
	defer cl.Close()
	next := time.Now()
	for seq := 0; pace(ctx, &next, w.Spec.SetPace); seq++ {
		vid := w.nextID.Add(1)
		op := Op{Client: id, Host: host, Kind: Insert, Key: vid, Value: vid, Call: w.H.Now()}
		_, err := cl.Exec(fmt.Sprintf("INSERT VERTEX item(w, seq) VALUES %d:(%d, %d)", vid, id, seq))
		op.Return, op.Outcome = w.H.Now(), outcomeOf(err)
		if err != nil {
			op.Err = err.Error()
		}
		w.H.Add(op)
	}
}

func (w *Workload) regClient(ctx context.Context, id, host int) {
	cl := w.C.Client(host)
	defer cl.Close()
	rng := rand.New(rand.NewPCG(uint64(id), uint64(time.Now().UnixNano())))
	last := map[int]int64{} // the last value this client read per key
	next := time.Now()
	for seq := 1; pace(ctx, &next, w.Spec.RegPace); seq++ {
		k := rng.IntN(w.Spec.RegKeys)
		vid := RegKey(k)
		// Values are unique per operation, so that a read names the write
		// it saw.
		val := int64(id+1)<<32 | int64(seq)
		op := Op{Client: id, Host: host, Key: vid, Call: w.H.Now()}
		var err error
		switch r := rng.IntN(10); {
		case r < 4:
			op.Kind = Read
			op.Found, op.Got, err = fetchReg(cl, vid)
			if err == nil && op.Found {
				last[k] = op.Got
			}
		case r < 8:
			op.Kind, op.Value = Write, val
			_, err = cl.Exec(fmt.Sprintf("UPSERT VERTEX ON reg %d SET val = %d", vid, val))
		default:
			op.Kind, op.Value, op.Old = CAS, val, last[k]
			op.Swapped, err = casReg(cl, vid, op.Old, val)
		}
		op.Return, op.Outcome = w.H.Now(), outcomeOf(err)
		if err != nil {
			op.Err = err.Error()
		}
		w.H.Add(op)
	}
}

func fetchReg(cl *Client, vid int64) (found bool, val int64, err error) {
	rs, err := cl.Exec(fmt.Sprintf("FETCH PROP ON reg %d YIELD reg.val AS v", vid))
	if err != nil {
		return false, 0, err
	}
	if rs.GetRowSize() == 0 {
		return false, 0, nil
	}
	rec, err := rs.GetRowValuesByIndex(0)
	if err != nil {
		return false, 0, err
	}
	v, err := rec.GetValueByIndex(0)
	if err != nil {
		return false, 0, err
	}
	n, err := v.AsInt()
	if err != nil {
		return false, 0, fmt.Errorf("register %d holds %s: %w", vid, v, err)
	}
	return true, n, nil
}

// casReg sets vid to val if it holds old. NebulaGraph answers a WHEN that
// does not hold with success and the current row, so the yielded value
// tells: it is val (unique to this operation) iff the swap happened.
func casReg(cl *Client, vid, old, val int64) (bool, error) {
	rs, err := cl.Exec(fmt.Sprintf("UPDATE VERTEX ON reg %d SET val = %d WHEN val == %d YIELD val AS v", vid, val, old))
	if err != nil {
		return false, err
	}
	if rs.GetRowSize() == 0 {
		return false, errors.New("update yielded no row")
	}
	rec, err := rs.GetRowValuesByIndex(0)
	if err != nil {
		return false, err
	}
	v, err := rec.GetValueByIndex(0)
	if err != nil {
		return false, err
	}
	n, err := v.AsInt()
	if err != nil {
		return false, fmt.Errorf("update yielded %s: %w", v, err)
	}
	return n == val, nil
}

// ReadBack reads the set workload's vertices at the end of a run through
// host's graphd, retrying each statement up to limit: fetched says which
// attempted vids FETCH finds, scanned counts each vid the item index scan
// returns.
func (w *Workload) ReadBack(ctx context.Context, host int, limit time.Duration) (fetched map[int64]bool, scanned map[int64]int, err error) {
	cl := w.C.Client(host)
	defer cl.Close()
	fetched, scanned = map[int64]bool{}, map[int64]int{}
	var vids []int64
	for _, op := range w.H.Ops() {
		if op.Kind == Insert {
			vids = append(vids, op.Key)
		}
	}
	const batch = 500
	for i := 0; i < len(vids); i += batch {
		chunk := vids[i:min(i+batch, len(vids))]
		var list []string
		for _, v := range chunk {
			list = append(list, fmt.Sprint(v))
		}
		stmt := "FETCH PROP ON item " + strings.Join(list, ",") + " YIELD id(vertex) AS id"
		var ids []int64
		err := retry(ctx, limit, func() error {
			var err error
			ids, err = idColumn(cl, stmt)
			return err
		})
		if err != nil {
			return nil, nil, fmt.Errorf("read back: %w", err)
		}
		for _, id := range ids {
			fetched[id] = true
		}
	}
	var ids []int64
	if err := retry(ctx, limit, func() error {
		var err error
		ids, err = idColumn(cl, "LOOKUP ON item YIELD id(vertex) AS id")
		return err
	}); err != nil {
		return nil, nil, fmt.Errorf("scan back: %w", err)
	}
	for _, id := range ids {
		scanned[id]++
	}
	return fetched, scanned, nil
}

func idColumn(cl *Client, stmt string) ([]int64, error) {
	rs, err := cl.Exec(stmt)
	if err != nil {
		return nil, err
	}
	vals, err := rs.GetValuesByColName("id")
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(vals))
	for _, v := range vals {
		n, err := v.AsInt()
		if err != nil {
			return nil, fmt.Errorf("id %s: %w", v, err)
		}
		out = append(out, n)
	}
	return out, nil
}

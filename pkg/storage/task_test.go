package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestTaskManagerJoinAndStop: a task sent again while it runs is joined,
// not run twice; stop cancels it for every caller; a task that ended can
// run again.
func TestTaskManagerJoinAndStop(t *testing.T) {
	m := newTaskManager()
	defer m.close()
	var runs atomic.Int32
	started := make(chan struct{}, 4)
	block := func(ctx context.Context) (*storage.StatsItem, error) {
		runs.Add(1)
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	id := taskID{job: 7, task: 1}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := m.run(context.Background(), id, block)
			errs <- err
		}()
	}
	<-started
	// A caller that gives up leaves the task running.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	if _, err := m.run(ctx, id, block); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("caller timing out: %v", err)
	}
	cancel()
	m.stop(8) // another job: nothing happens
	m.stop(7)
	for range 2 {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped task: %v", err)
		}
	}
	if n := runs.Load(); n != 1 {
		t.Fatalf("task ran %d times, want once", n)
	}
	st, err := m.run(context.Background(), id, func(context.Context) (*storage.StatsItem, error) {
		return &storage.StatsItem{SpaceVertices: 3}, nil
	})
	if err != nil || st.GetSpaceVertices() != 3 {
		t.Fatalf("task run again: %+v, %v", st, err)
	}
	m.close()
	if _, err := m.run(context.Background(), id, block); !errors.Is(err, ErrClosed) {
		t.Fatalf("run after close: %v", err)
	}
}

// indexMismatch compares the entries of index ix on node i's leader parts
// with the entries the parts' live rows call for.
func indexMismatch(c *testCluster, i int, space, ix int32) error {
	st := c.nodes[i].srv.Store()
	sp, err := st.space(space)
	if err != nil {
		return err
	}
	cat, err := newCatalog(st.meta, sp)
	if err != nil {
		return err
	}
	desc, err := cat.index(ix)
	if err != nil {
		return err
	}
	single := *cat
	single.indexes = []*IndexDesc{desc}
	now := st.opts.Now().Unix()
	for _, p := range sp.parts() {
		if !p.raft.IsLeader() {
			continue
		}
		want, got := map[string]bool{}, map[string]bool{}
		scan := func(prefix []byte, fn func(k, v []byte) error) error {
			it, err := p.engine.NewIter(kvstore.IterOptions{Prefix: prefix})
			if err != nil {
				return err
			}
			defer it.Close()
			for ok := it.First(); ok; ok = it.Next() {
				if err := fn(it.Key(), it.Value()); err != nil {
					return err
				}
			}
			return it.Err()
		}
		err := scan(kvstore.PartPrefix(kvstore.KeyTag, uint32(p.id)), func(k, v []byte) error {
			_, live, entries, err := rowEntries(&single, uint32(p.id), k, v, now)
			for _, e := range entries {
				want[string(e)] = live
			}
			return err
		})
		if err != nil {
			return err
		}
		if err := scan(kvstore.AppendIndexPrefix(nil, uint32(p.id), ix), func(k, _ []byte) error {
			got[string(k)] = true
			return nil
		}); err != nil {
			return err
		}
		for k, live := range want {
			if live && !got[k] {
				return fmt.Errorf("part %d: entry %x missing", p.id, k)
			}
		}
		for k := range got {
			if !want[k] {
				return fmt.Errorf("part %d: stale entry %x", p.id, k)
			}
		}
	}
	return nil
}

// TestRebuildIndexWhileWriting rebuilds an index while rows of its tag
// are rewritten and deleted: afterwards the index holds exactly the
// entries of the live rows. An entry a write left stale (IGNORE_EXISTED_
// INDEX) is removed by the next rebuild.
func TestRebuildIndexWhileWriting(t *testing.T) {
	c := newMemCluster(t, 1)
	space := c.createSpace(SpaceDesc{Name: "rebuild", PartNum: 3, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names := map[int32][]string{sc.player: {"name", "age"}}
	write := func(round int, ignoreIndex bool, ids ...int) error {
		var vs []NewVertex
		for _, i := range ids {
			vs = append(vs, NewVertex{VID: num(int64(i)), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("p" + strconv.Itoa(i%5)), num(int64(round*1000 + i))}}}})
		}
		return c.client.AddVertices(ctx, space, vs, names, false, ignoreIndex)
	}
	all := make([]int, 600)
	for i := range all {
		all[i] = i
	}
	if err := write(0, false, all...); err != nil {
		t.Fatal(err)
	}
	ix := c.createIndex(space, "player_age_name", false, "player", sc.player,
		IndexFieldDesc{Name: "age", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64, Nullable: true}},
		IndexFieldDesc{Name: "name", IndexField: kvstore.IndexField{Type: kvstore.TypeString, Len: 4}})
	c.waitLeaders(space)

	// A writer rewrites every row with new ages and deletes some while
	// the rebuild runs (twice, so that the passes overlap writes).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var werr error
	var rounds atomic.Int32
	wg.Add(1)
	go func() {
		defer wg.Done()
		for round := 1; ; round++ {
			rounds.Store(int32(round))
			select {
			case <-stop:
				return
			default:
			}
			batch := all[(round*37)%500 : (round*37)%500+100]
			if err := write(round, false, batch...); err != nil {
				werr = err
				return
			}
			if round%3 == 0 {
				if err := c.client.DeleteVertices(ctx, space, []value.Value{num(int64(batch[0]))}, false); err != nil {
					werr = err
					return
				}
			}
		}
	}()
	for range 2 {
		c.task(ctx, 0, jobRebuildTagIndex, space, strconv.Itoa(int(ix)))
	}
	close(stop)
	wg.Wait()
	if werr != nil {
		t.Fatal(werr)
	}
	t.Logf("%d write rounds during the rebuilds", rounds.Load())
	if err := indexMismatch(c, 0, space, ix); err != nil {
		t.Fatal(err)
	}

	// A write that keeps the entries of the rows it replaces leaves the old
	// ones behind; a rebuild sweeps them.
	if err := write(99, true, slices.Collect(func(yield func(int) bool) {
		for i := 10; i < 20 && yield(i); i++ {
		}
	})...); err != nil {
		t.Fatal(err)
	}
	if err := indexMismatch(c, 0, space, ix); err == nil {
		t.Fatal("no stale entries after writes that ignore existing index entries")
	}
	c.task(ctx, 0, jobRebuildTagIndex, space)
	if err := indexMismatch(c, 0, space, ix); err != nil {
		t.Fatal(err)
	}
}

// TestRebuildWaitsForNewIndex: a rebuild task naming an index this host's
// meta cache does not know yet (CREATE INDEX then REBUILD at once) waits
// for it instead of failing with E_INDEX_NOT_FOUND; one that never
// appears still fails.
func TestRebuildWaitsForNewIndex(t *testing.T) {
	c := newMemCluster(t, 1)
	space := c.createSpace(SpaceDesc{Name: "late", PartNum: 2, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	c.waitLeaders(space)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names := map[int32][]string{sc.player: {"name", "age"}}
	if err := c.client.AddVertices(ctx, space, []NewVertex{{VID: num(1), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("p1"), num(30)}}}}}, names, false, false); err != nil {
		t.Fatal(err)
	}
	id := c.nextID[space] + 1 // the id createIndex will give
	done := make(chan *storage.AddTaskResp, 1)
	go func() {
		var resp *storage.AddTaskResp
		_ = c.client.Admin(ctx, c.nodes[0].addr, func(ctx context.Context, a *storage.StorageAdminServiceClient) error {
			var err error
			resp, err = a.AddAdminTask(ctx, &storage.AddTaskRequest{JobType: jobRebuildTagIndex,
				Para: &storage.TaskPara{SpaceID: common.GraphSpaceID(space), TaskSpecificParas: namesToBytes([]string{strconv.Itoa(int(id))})}})
			return err
		})
		done <- resp
	}()
	time.Sleep(300 * time.Millisecond)
	if got := c.createIndex(space, "player_age", false, "player", sc.player,
		IndexFieldDesc{Name: "age", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64, Nullable: true}}); got != id {
		t.Fatalf("index id %d, want %d", got, id)
	}
	if resp := <-done; resp.GetCode() != common.ErrorCode_SUCCEEDED {
		t.Fatalf("rebuild of an index created while the task waited: %v %s", resp.GetCode(), resp.GetErrorMsg())
	}
	if err := indexMismatch(c, 0, space, id); err != nil {
		t.Fatal(err)
	}
	var resp *storage.AddTaskResp
	err := c.client.Admin(ctx, c.nodes[0].addr, func(ctx context.Context, a *storage.StorageAdminServiceClient) error {
		var err error
		resp, err = a.AddAdminTask(ctx, &storage.AddTaskRequest{JobType: jobRebuildTagIndex, TaskID: 1,
			Para: &storage.TaskPara{SpaceID: common.GraphSpaceID(space), TaskSpecificParas: namesToBytes([]string{"999"})}})
		return err
	})
	if err != nil || resp.GetCode() != common.ErrorCode_E_INDEX_NOT_FOUND {
		t.Fatalf("rebuild of an index that never appears: %v %v", resp.GetCode(), err)
	}
}

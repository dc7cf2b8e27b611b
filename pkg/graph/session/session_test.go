package session

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestCreateFindRemove(t *testing.T) {
	ctx := context.Background()
	m := NewManager(Options{})
	s, err := m.Create(ctx, "root", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if s.ID() <= 0 {
		t.Fatalf("id %d, want positive", s.ID())
	}
	got, err := m.Find(ctx, s.ID())
	if err != nil || got != s {
		t.Fatalf("Find = %v, %v", got, err)
	}
	if !m.Remove(ctx, s.ID()) {
		t.Fatal("Remove reported unknown session")
	}
	if _, err := m.Find(ctx, s.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Find after Remove: %v, want ErrNotFound", err)
	}
	if m.Remove(ctx, s.ID()) {
		t.Fatal("second Remove reported a session")
	}
}

func TestIdleExpiry(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Unix(1000, 0)}
	m := NewManager(Options{IdleTimeout: time.Minute, Now: clk.Now})
	a, _ := m.Create(ctx, "root", "1.1.1.1")
	b, _ := m.Create(ctx, "root", "1.1.1.1")

	clk.Advance(50 * time.Second)
	if _, err := m.Find(ctx, a.ID()); err != nil { // touching a keeps it alive
		t.Fatal(err)
	}
	clk.Advance(20 * time.Second)
	if n := m.Reclaim(); n != 1 {
		t.Fatalf("Reclaim removed %d, want 1 (b)", n)
	}
	if _, err := m.Find(ctx, b.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("b: %v, want ErrNotFound", err)
	}
	clk.Advance(2 * time.Minute)
	if _, err := m.Find(ctx, a.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a after idle: %v, want ErrNotFound", err)
	}
	if m.Len() != 0 {
		t.Fatalf("Len = %d", m.Len())
	}
}

func TestMaxPerIPPerUser(t *testing.T) {
	ctx := context.Background()
	m := NewManager(Options{MaxPerIPPerUser: 2})
	for i := 0; i < 2; i++ {
		if _, err := m.Create(ctx, "u", "ip"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Create(ctx, "u", "ip"); !errors.Is(err, ErrTooManySessions) {
		t.Fatalf("third session: %v", err)
	}
	if _, err := m.Create(ctx, "u", "other-ip"); err != nil {
		t.Fatalf("other address: %v", err)
	}
	if _, err := m.Create(ctx, "v", "ip"); err != nil {
		t.Fatalf("other user: %v", err)
	}
}

func TestConcurrentCreate(t *testing.T) {
	ctx := context.Background()
	m := NewManager(Options{})
	var wg sync.WaitGroup
	ids := make(chan int64, 256)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 32; j++ {
				s, err := m.Create(ctx, "root", "ip")
				if err != nil {
					t.Error(err)
					return
				}
				ids <- s.ID()
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("duplicate id %d", id)
		}
		seen[id] = true
	}
	if m.Len() != 256 {
		t.Fatalf("Len = %d", m.Len())
	}
}

// memStore is an in-memory Store shared by two Managers, standing in for
// metad in unit tests.
type memStore struct {
	mu   sync.Mutex
	next int64
	recs map[int64]Record
	kill map[int64][]int64 // answered by the next Update
}

func (s *memStore) Create(_ context.Context, user, ip string) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	r := Record{ID: s.next, User: user, ClientIP: ip, Created: time.Unix(1000, 0), Updated: time.Unix(1000, 0)}
	s.recs[r.ID] = r
	return r, nil
}

func (s *memStore) Get(_ context.Context, id int64) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	if !ok {
		return Record{}, ErrNotFound
	}
	return r, nil
}

func (s *memStore) Update(_ context.Context, recs []Record) (map[int64][]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range recs {
		s.recs[r.ID] = r
	}
	killed := s.kill
	s.kill = nil
	return killed, nil
}

func (s *memStore) Remove(_ context.Context, ids ...int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		delete(s.recs, id)
	}
	return nil
}

func TestStoreSharesSessionsBetweenManagers(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Unix(1000, 0)}
	store := &memStore{recs: map[int64]Record{}}
	a := NewManager(Options{Store: store, IdleTimeout: time.Minute, Now: clk.Now})
	b := NewManager(Options{Store: store, IdleTimeout: time.Minute, Now: clk.Now})

	s, err := a.Create(ctx, "root", "ip")
	if err != nil {
		t.Fatal(err)
	}
	s.SetSpace(Space{ID: 3, Name: "nba"})
	a.sync(ctx)

	got, err := b.Find(ctx, s.ID())
	if err != nil {
		t.Fatalf("other graphd: %v", err)
	}
	if got.User() != "root" || got.Space().Name != "nba" {
		t.Fatalf("loaded %s %+v", got.User(), got.Space())
	}
	b.Remove(ctx, s.ID())
	a.Remove(ctx, s.ID())
	if _, err := b.Find(ctx, s.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after remove: %v", err)
	}

	// A stored session idle for too long is not revived.
	old, _ := a.Create(ctx, "root", "ip")
	clk.Advance(2 * time.Minute)
	if _, err := b.Find(ctx, old.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("expired: %v", err)
	}
}

func TestQueries(t *testing.T) {
	store := &memStore{recs: map[int64]Record{}}
	m := NewManager(Options{Store: store})
	s, err := m.Create(context.Background(), "root", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1700000000, 0)
	ctxA, a, doneA := s.StartQuery(context.Background(), "GO 100 STEPS FROM 1 OVER e", now)
	ctxB, b, doneB := s.StartQuery(context.Background(), "YIELD 1", now)
	defer doneA()
	if qs := s.Queries(); len(qs) != 2 || qs[0].ID != a || qs[1].ID != b || qs[0].Status != QueryRunning {
		t.Fatalf("Queries = %+v", qs)
	}
	// Synced to the store with the session; a kill comes back from it.
	store.kill = map[int64][]int64{s.ID(): {b}}
	m.sync(context.Background())
	if got := store.recs[s.ID()].Queries; len(got) != 2 {
		t.Errorf("store has %d queries, want 2", len(got))
	}
	if !errors.Is(context.Cause(ctxB), ErrQueryKilled) {
		t.Errorf("query b: cause %v, want ErrQueryKilled", context.Cause(ctxB))
	}
	if ctxA.Err() != nil {
		t.Errorf("query a stopped too: %v", ctxA.Err())
	}
	doneB()
	if s.HasQuery(b) || s.KillQuery(b) {
		t.Error("a finished query is still known")
	}
	// Ending the session stops what still runs in it.
	m.Remove(context.Background(), s.ID())
	if !errors.Is(context.Cause(ctxA), ErrQueryKilled) {
		t.Errorf("query a after KILL SESSION: cause %v", context.Cause(ctxA))
	}
}

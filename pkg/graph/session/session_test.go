package session

import (
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
	m := NewManager(Options{})
	s, err := m.Create("root", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if s.ID() <= 0 {
		t.Fatalf("id %d, want positive", s.ID())
	}
	got, err := m.Find(s.ID())
	if err != nil || got != s {
		t.Fatalf("Find = %v, %v", got, err)
	}
	if !m.Remove(s.ID()) {
		t.Fatal("Remove reported unknown session")
	}
	if _, err := m.Find(s.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Find after Remove: %v, want ErrNotFound", err)
	}
	if m.Remove(s.ID()) {
		t.Fatal("second Remove reported a session")
	}
}

func TestIdleExpiry(t *testing.T) {
	clk := &fakeClock{now: time.Unix(1000, 0)}
	m := NewManager(Options{IdleTimeout: time.Minute, Now: clk.Now})
	a, _ := m.Create("root", "1.1.1.1")
	b, _ := m.Create("root", "1.1.1.1")

	clk.Advance(50 * time.Second)
	if _, err := m.Find(a.ID()); err != nil { // touching a keeps it alive
		t.Fatal(err)
	}
	clk.Advance(20 * time.Second)
	if n := m.Reclaim(); n != 1 {
		t.Fatalf("Reclaim removed %d, want 1 (b)", n)
	}
	if _, err := m.Find(b.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("b: %v, want ErrNotFound", err)
	}
	clk.Advance(2 * time.Minute)
	if _, err := m.Find(a.ID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a after idle: %v, want ErrNotFound", err)
	}
	if m.Len() != 0 {
		t.Fatalf("Len = %d", m.Len())
	}
}

func TestMaxPerIPPerUser(t *testing.T) {
	m := NewManager(Options{MaxPerIPPerUser: 2})
	for i := 0; i < 2; i++ {
		if _, err := m.Create("u", "ip"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Create("u", "ip"); !errors.Is(err, ErrTooManySessions) {
		t.Fatalf("third session: %v", err)
	}
	if _, err := m.Create("u", "other-ip"); err != nil {
		t.Fatalf("other address: %v", err)
	}
	if _, err := m.Create("v", "ip"); err != nil {
		t.Fatalf("other user: %v", err)
	}
}

func TestConcurrentCreate(t *testing.T) {
	m := NewManager(Options{})
	var wg sync.WaitGroup
	ids := make(chan int64, 256)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 32; j++ {
				s, err := m.Create("root", "ip")
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

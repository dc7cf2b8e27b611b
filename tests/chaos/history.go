package chaos

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"
)

// Kind is the kind of a recorded operation.
type Kind uint8

// Operation kinds.
const (
	Insert Kind = iota // set workload: INSERT VERTEX of a fresh vid
	Read               // register: FETCH PROP
	Write              // register: UPSERT VERTEX ... SET
	CAS                // register: UPDATE VERTEX ... SET ... WHEN
	DDL                // schema change
)

func (k Kind) String() string {
	return [...]string{"insert", "read", "write", "cas", "ddl"}[k]
}

// MarshalText writes the kind's name in the history file.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// MarshalText writes the outcome's name in the history file.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Op is one operation of a history: its invocation (Call), its completion
// (Return) and its result. Times are since the history's start.
type Op struct {
	Client int           `json:"client"`
	Host   int           `json:"host"` // graphd the client talked to
	Kind   Kind          `json:"kind"`
	Key    int64         `json:"key"`           // vid
	Value  int64         `json:"value"`         // written value; CAS: the new one
	Old    int64         `json:"old,omitempty"` // CAS: the expected value
	Call   time.Duration `json:"call"`
	Return time.Duration `json:"return"`
	// Outcome and result: for Read, Found and Got; for CAS, Swapped.
	Outcome Outcome `json:"outcome"`
	Found   bool    `json:"found,omitempty"`
	Got     int64   `json:"got,omitempty"`
	Swapped bool    `json:"swapped,omitempty"`
	Err     string  `json:"err,omitempty"`
}

// Event is a fault or another happening in a history.
type Event struct {
	At   time.Duration `json:"at"`
	What string        `json:"what"` // "kill", "restart", "isolate", ...
	Host int           `json:"host"`
	Note string        `json:"note,omitempty"`
}

// History collects the operations and events of one run. Its methods are
// safe for concurrent use.
type History struct {
	start time.Time
	mu    struct {
		sync.Mutex
		ops    []Op
		events []Event
	}
}

// NewHistory starts a history now.
func NewHistory() *History { return &History{start: time.Now()} }

// Now is the time since the history started.
func (h *History) Now() time.Duration { return time.Since(h.start) }

// Add records a completed operation.
func (h *History) Add(op Op) {
	h.mu.Lock()
	h.mu.ops = append(h.mu.ops, op)
	h.mu.Unlock()
}

// Event records a fault or happening at the current time.
func (h *History) Event(what string, host int, note string) Event {
	e := Event{At: h.Now(), What: what, Host: host, Note: note}
	h.mu.Lock()
	h.mu.events = append(h.mu.events, e)
	h.mu.Unlock()
	return e
}

// Ops returns a copy of the operations recorded so far.
func (h *History) Ops() []Op {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Op(nil), h.mu.ops...)
}

// Events returns a copy of the events recorded so far.
func (h *History) Events() []Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Event(nil), h.mu.events...)
}

// Save writes the history to path as JSON lines: events, then operations
// in completion order.
func (h *History) Save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, e := range h.Events() {
		if err := enc.Encode(struct {
			Event Event `json:"event"`
		}{e}); err != nil {
			f.Close()
			return fmt.Errorf("save history: %w", err)
		}
	}
	for _, op := range h.Ops() {
		if err := enc.Encode(op); err != nil {
			f.Close()
			return fmt.Errorf("save history: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("save history: %w", err)
	}
	return f.Close()
}

//go:build chaos

package chaos

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// badFrame is one kind of hostile input, and whether the server must
// close the connection on seeing it (an input that is wrong by itself) or
// may wait for more (a frame that is merely incomplete).
type badFrame struct {
	name      string
	bytes     func(rng *rand.Rand) []byte
	mustClose bool
}

// frame prefixes payload with a 4-byte big-endian length claim.
func frame(length uint32, payload []byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, length), payload...)
}

// headerMagic starts an fbthrift header-transport frame: magic 0x0FFF,
// flags 0, sequence id 1.
var headerMagic = []byte{0x0f, 0xff, 0, 0, 0, 0, 0, 1}

var badFrames = []badFrame{
	{"a complete frame of random bytes", func(rng *rand.Rand) []byte {
		// Random bytes after an honest length: a random length could claim
		// a frame the server rightly waits for.
		b := make([]byte, 4092)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return frame(uint32(len(b)), b)
	}, true},
	{"length 2^31-1 (over the frame limit)", func(*rand.Rand) []byte { return frame(0x7fffffff, headerMagic) }, true},
	{"length 2^32-1", func(*rand.Rand) []byte { return frame(0xffffffff, headerMagic) }, true},
	{"length 1 GiB", func(*rand.Rand) []byte { return frame(1<<30, headerMagic) }, true},
	{"header size beyond the frame", func(*rand.Rand) []byte {
		p := append(append([]byte(nil), headerMagic...), 0xff, 0xff) // 0xffff header words
		return frame(uint32(len(p)+16), append(p, make([]byte, 16)...))
	}, true},
	{"unframed binary call, 2 GiB name", func(*rand.Rand) []byte {
		return binary.BigEndian.AppendUint32([]byte{0x80, 0x01, 0x00, 0x01}, 0x7ffffff0)
	}, true},
	{"header frame, compact call with a 2^31 element list", func(*rand.Rand) []byte {
		// Header: magic, flags, seq, 1 header word of: protocol id 2
		// (compact), 0 transforms, padding.
		h := append(append([]byte(nil), headerMagic...), 0, 1, 2, 0, 0, 0)
		// Compact message: id 0x82, version 1 | call (1<<5), seq 1, name
		// "execute", then field 1 (session id) i64 0, field 2 as a list of
		// binary (type 8) of 0x7fffffff elements.
		m := []byte{0x82, 0x21, 0x01, 7}
		m = append(m, "execute"...)
		m = append(m, 0x16, 0x00)                         // field 1, i64, zigzag 0
		m = append(m, 0x19, 0xf8, 0xff, 0xff, 0xff, 0x07) // field 2, list: size 15 marker, elem 8, varint 2^31-1
		return frame(uint32(len(h)+len(m)), append(h, m...))
	}, true},
	{"frame of 255 MiB claimed, 8 bytes sent", func(*rand.Rand) []byte { return frame(255<<20, headerMagic) }, false},
}

// TestBadFrames sends hostile input from raw sockets to every daemon's
// Thrift port (graphd's client port, storaged's storage and raft ports,
// metad's) while the workload runs, many connections at once and many
// times over: a connection carrying input that is wrong by itself must be
// closed by the server (within 15 s); every daemon's RSS must grow less than 64 MiB;
// nothing may panic and the workload's history must still check out.
func TestBadFrames(t *testing.T) {
	s := newScenario(t, "bad input: malformed and oversized frames", nil, defaultSpec())
	h := s.c.Hosts[0]
	targets := []struct {
		name string
		addr string
		d    *Daemon
	}{
		{"graphd", s.c.GraphAddr(0), h.Graph},
		{"storaged", s.c.StorageAddr(0), h.Storage},
		{"storaged raft", net.JoinHostPort(s.c.Net.ClusterIP(0), strconv.Itoa(storagePort+1)), h.Storage},
		{"metad", net.JoinHostPort(s.c.Net.ClusterIP(0), strconv.Itoa(metaPort)), h.Meta},
	}
	rounds := max(1, int(*flagDuration/(20*time.Second)))
	const conns = 32
	var growth []string
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), 1))
	for _, tg := range targets {
		before, err := tg.d.Proc()
		if err != nil {
			t.Fatal(err)
		}
		peak := before.RSS
		left := map[string]int{}
		for range rounds {
			for _, bf := range badFrames {
				s.faults++
				var wg sync.WaitGroup
				var mu sync.Mutex
				payload := bf.bytes(rng)
				// Beyond the daemons' request read timeout (10 s) for input
				// that must be dropped; a moment for a legitimately
				// incomplete frame, which may stay open.
				wait := 15 * time.Second
				if !bf.mustClose {
					wait = 2 * time.Second
				}
				for range conns {
					wg.Add(1)
					go func() {
						defer wg.Done()
						closed, err := sendBad(tg.addr, payload, wait)
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							t.Errorf("%s, %s: %v", tg.name, bf.name, err)
						} else if bf.mustClose && !closed {
							left[bf.name]++
						}
					}()
				}
				wg.Wait()
				if st, err := tg.d.Proc(); err == nil {
					peak = max(peak, st.RSS)
				}
			}
		}
		after, err := tg.d.Proc()
		if err != nil {
			t.Fatalf("%s after bad input: %v", tg.name, err)
		}
		peak = max(peak, after.RSS)
		growth = append(growth, fmt.Sprintf("%s +%d MiB (peak)", tg.name, (peak-before.RSS)>>20))
		if peak-before.RSS >= 64<<20 {
			t.Errorf("%s: RSS grew from %d to %d MiB under bad input", tg.name, before.RSS>>20, peak>>20)
		}
		for kind, n := range left {
			t.Errorf("%s: %d connections were left open after: %s", tg.name, n, kind)
			s.note("%s left %d connections open after: %s", tg.name, n, kind)
		}
	}
	s.note("RSS growth: %s", strings.Join(growth, ", "))
	s.finish(finishOpts{})
}

// sendBad writes payload on a fresh connection to addr and waits up to
// wait for the server to close it (EOF or reset; anything it answers first
// is read and discarded). closed is false when the connection was still
// open at the end.
func sendBad(addr string, payload []byte, wait time.Duration) (closed bool, err error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return false, err
	}
	defer c.Close()
	if _, err := c.Write(payload); err != nil {
		// The server may close before reading it all.
		return true, nil
	}
	_ = c.SetReadDeadline(time.Now().Add(wait))
	buf := make([]byte, 4096)
	for {
		_, err := c.Read(buf)
		if err == nil {
			continue
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return false, nil
		}
		return true, nil
	}
}

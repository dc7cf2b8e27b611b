// Package floor measures what no database on this machine can beat: a
// loopback TCP round trip of a small request and response, and a bare
// Pebble prefix scan of one vertex's out-edges laid out as storaged lays
// them out. A query's latency minus these is the database's own cost.
//
// The functions run synchronously and clean up after themselves.
package floor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"time"

	"github.com/cockroachdb/pebble"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// Stats are latency percentiles in microseconds over N operations.
type Stats struct {
	Name  string  `json:"name"`
	N     int     `json:"n"`
	P50us float64 `json:"p50us"`
	P99us float64 `json:"p99us"`
	AvgUs float64 `json:"avgUs"`
	// PerSec is operations per second on one thread.
	PerSec float64 `json:"perSec"`
}

func summarise(name string, lat []time.Duration) Stats {
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	s := Stats{Name: name, N: len(lat)}
	if len(lat) > 0 {
		s.P50us = us(lat[len(lat)/2])
		s.P99us = us(lat[len(lat)*99/100])
		s.AvgUs = us(sum / time.Duration(len(lat)))
		s.PerSec = float64(len(lat)) / sum.Seconds()
	}
	return s
}

// LoopbackRTT times n round trips of a size-byte request answered by a
// size-byte response over one loopback TCP connection (Nagle off), the
// transport every client and daemon here shares.
func LoopbackRTT(n, size int) (Stats, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Stats{}, fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		buf := make([]byte, size)
		for {
			if _, err := io.ReadFull(c, buf); err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				done <- err
				return
			}
			if _, err := c.Write(buf); err != nil {
				done <- err
				return
			}
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return Stats{}, fmt.Errorf("dial: %w", err)
	}
	req, resp := make([]byte, size), make([]byte, size)
	lat := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		t0 := time.Now()
		if _, err := c.Write(req); err != nil {
			c.Close()
			return Stats{}, err
		}
		if _, err := io.ReadFull(c, resp); err != nil {
			c.Close()
			return Stats{}, err
		}
		lat = append(lat, time.Since(t0))
	}
	c.Close()
	if err := <-done; err != nil {
		return Stats{}, err
	}
	return summarise(fmt.Sprintf("loopback TCP round trip, %d B each way", size), lat), nil
}

// PebbleScan builds a Pebble store of vertices × degree edge keys in
// storaged's layout (kvstore's key codec, INT64 vids, 15 parts, a 30-byte
// row per edge), compacts it, and times n prefix scans of a random
// vertex's out-edges that read every key and value.
func PebbleScan(vertices, degree, n int) (Stats, error) {
	dir, err := os.MkdirTemp("", "novagraph-floor-")
	if err != nil {
		return Stats{}, err
	}
	defer os.RemoveAll(dir)
	db, err := pebble.Open(dir, &pebble.Options{Cache: pebble.NewCache(256 << 20)})
	if err != nil {
		return Stats{}, fmt.Errorf("open pebble: %w", err)
	}
	defer db.Close()
	codec, err := kvstore.NewKeyCodec(kvstore.VIDInt64, 8)
	if err != nil {
		return Stats{}, err
	}
	const parts, edgeType = 15, 3
	vid := func(i int) []byte {
		b, _ := codec.VID(value.NewInt(int64(i)))
		return b
	}
	row := make([]byte, 30)
	r := rand.New(rand.NewPCG(1, 2))
	b := db.NewBatch()
	var key []byte
	for v := 1; v <= vertices; v++ {
		src := vid(v)
		part := kvstore.PartOfInt(int64(v), parts)
		for e := 0; e < degree; e++ {
			key = codec.AppendEdgeKey(key[:0], part, src, edgeType, 0, vid(1+r.IntN(vertices)))
			binary.LittleEndian.PutUint64(row, r.Uint64())
			if err := b.Set(key, row, nil); err != nil {
				return Stats{}, err
			}
		}
		if b.Len() > 4<<20 {
			if err := b.Commit(pebble.NoSync); err != nil {
				return Stats{}, err
			}
			b = db.NewBatch()
		}
	}
	if err := b.Commit(pebble.NoSync); err != nil {
		return Stats{}, err
	}
	if err := db.Compact([]byte{0}, []byte{0xff}, true); err != nil {
		return Stats{}, fmt.Errorf("compact: %w", err)
	}
	lat := make([]time.Duration, 0, n)
	var prefix, upper []byte
	var sink int
	for i := 0; i < n; i++ {
		v := 1 + r.IntN(vertices)
		t0 := time.Now()
		prefix = codec.AppendEdgeTypePrefix(prefix[:0], kvstore.PartOfInt(int64(v), parts), vid(v), edgeType)
		upper = append(append(upper[:0], prefix...), 0xff)
		it, err := db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upper})
		if err != nil {
			return Stats{}, err
		}
		for ok := it.First(); ok; ok = it.Next() {
			sink += len(it.Key()) + len(it.Value())
		}
		if err := it.Close(); err != nil {
			return Stats{}, err
		}
		lat = append(lat, time.Since(t0))
	}
	_ = sink
	return summarise(fmt.Sprintf("Pebble prefix scan of one vertex's %d out-edges (%d keys, warm cache)", degree, vertices*degree), lat), nil
}

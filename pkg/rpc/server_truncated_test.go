package rpc

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/graph"
)

// TestTruncatedMessageClosesConnection: a header frame whose message
// stops short (here a compact execute call whose list claims 2^24 elements
// and holds none) must not leave the decoder waiting for the next frame
// until the idle timeout: the connection is closed within ReadTimeout.
// Found by the chaos suite's bad-input scenario (tests/chaos).
func TestTruncatedMessageClosesConnection(t *testing.T) {
	// execute is a method of the service; noSuchMethod is skipped by the
	// processor, which ignores the skip's read error.
	for _, method := range []string{"execute", "noSuchMethod"} {
		t.Run(method, func(t *testing.T) { truncatedMessage(t, method) })
	}
}

func truncatedMessage(t *testing.T, method string) {
	s := shortReadServer(t)

	// An i64 field, then a list of 2^24-1 strings that holds none.
	if sendAndDrain(t, s, compactCall(method, []byte{0x16, 0x00, 0x19, 0xf8, 0xff, 0xff, 0xff, 0x07})) {
		t.Fatal("the server kept the connection open after a truncated message")
	}
}

// shortReadServer serves echoService on loopback, giving up on a request
// that stops short after 200 ms, until the test ends.
func shortReadServer(t *testing.T) *Server {
	t.Helper()
	s := NewServer(graph.NewGraphServiceProcessor(echoService{}), ServerOptions{
		IdleTimeout: time.Minute,
		ReadTimeout: 200 * time.Millisecond,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go s.Serve(ctx)
	return s
}

// compactCall is a header frame carrying a compact call of method with
// args as its argument struct's fields: magic 0x0fff, flags, seq 1, one
// header word (protocol compact, no transforms, padding), then the call.
func compactCall(method string, args []byte) []byte {
	msg := []byte{0x0f, 0xff, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0, 0, 0}
	msg = append(msg, 0x82, 0x21, 0x01, byte(len(method)))
	msg = append(msg, method...)
	msg = append(msg, args...)
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(msg))), msg...)
}

// sendAndDrain writes frame to a new connection to s and reads until the
// server closes it; it reports whether the server kept it open for 3 s.
func sendAndDrain(t *testing.T, s *Server, frame []byte) (kept bool) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", s.Addr().String(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write(frame); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	_, err = io.Copy(io.Discard, conn)
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestOversizedClaimRefused: a collection claiming more elements than its
// frame has bytes is refused before the generated reader allocates room
// for the claim (2^28 Values would be 2 GB of pointers alone), for lists,
// sets and maps alike.
func TestOversizedClaimRefused(t *testing.T) {
	s := shortReadServer(t)
	for _, c := range []struct {
		name string
		args []byte
	}{
		// executeWithParameter(1: i64 sessionId, 3: map<binary, Value>
		// parameterMap): the map claims 2^28-1 entries.
		{"map", []byte{0x16, 0x00, 0x2b, 0xff, 0xff, 0xff, 0x7f, 0x8c}},
		// One parameter "a" whose Value is an NList (lVal, 12) whose
		// values claim 2^28-1 Values.
		{"list", []byte{0x16, 0x00, 0x2b, 0x01, 0x8c, 0x01, 'a', 0xcc, 0x19, 0xfc, 0xff, 0xff, 0xff, 0x7f}},
		// Likewise an NSet (uVal, 14).
		{"set", []byte{0x16, 0x00, 0x2b, 0x01, 0x8c, 0x01, 'a', 0xec, 0x1a, 0xfc, 0xff, 0xff, 0xff, 0x7f}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if sendAndDrain(t, s, compactCall("executeWithParameter", c.args)) {
				t.Fatal("the server kept the connection open")
			}
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("the server allocated %d bytes for a %d-byte request", grew, len(c.args))
			}
		})
	}
}

// TestIdleConnectionClosed: a connection that sends nothing is closed after
// IdleTimeout (NebulaGraph's --client_idle_timeout_secs). Thrift's socket
// used to reset the read deadline before every read, so it never was.
func TestIdleConnectionClosed(t *testing.T) {
	s := NewServer(graph.NewGraphServiceProcessor(echoService{}), ServerOptions{
		IdleTimeout: 200 * time.Millisecond,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Serve(ctx)
	conn, err := net.DialTimeout("tcp", s.Addr().String(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	_, err = io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server kept an idle connection open past IdleTimeout")
	}
}

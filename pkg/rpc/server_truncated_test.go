package rpc

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
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
	s := NewServer(graph.NewGraphServiceProcessor(echoService{}), ServerOptions{
		IdleTimeout: time.Minute,
		ReadTimeout: 200 * time.Millisecond,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Serve(ctx)

	// Header frame: magic 0x0fff, flags, seq 1, one header word (protocol
	// compact, no transforms, padding); then the compact call.
	msg := []byte{0x0f, 0xff, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0, 0, 0}
	msg = append(msg, 0x82, 0x21, 0x01, byte(len(method)))
	msg = append(msg, method...)
	msg = append(msg, 0x16, 0x00, 0x19, 0xf8, 0xff, 0xff, 0xff, 0x07)
	frame := append(binary.BigEndian.AppendUint32(nil, uint32(len(msg))), msg...)

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
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server kept the connection open after a truncated message")
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

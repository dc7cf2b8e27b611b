package storage

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
)

// TestAttemptTellsSlowFromSilent: an attempt that takes longer than
// ProbeAfter + ProbeTimeout on a live storaged (a big read) runs to its
// end, because the host answers the probe; one to a host that answers
// nothing is abandoned soon after ProbeAfter + ProbeTimeout, well before
// the caller's deadline.
func TestAttemptTellsSlowFromSilent(t *testing.T) {
	c := newMemCluster(t, 1)
	live := c.nodes[0].addr
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	silent := ln.Addr().String()
	ln.Close()
	blackHole(t, silent)

	const probeAfter, probeTimeout = 300 * time.Millisecond, 300 * time.Millisecond
	// slow holds the connection for 2 s without using it, as a big read
	// keeps the server busy; call sends a real request.
	slow := func(ctx context.Context, cn *conn, _ []int32) (*gstorage.ResponseCommon, error) {
		select {
		case <-time.After(2 * time.Second):
			return &gstorage.ResponseCommon{}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	call := func(ctx context.Context, cn *conn, _ []int32) (*gstorage.ResponseCommon, error) {
		_, err := cn.admin.GetLeaderParts(ctx, gstorage.NewGetLeaderReq())
		return &gstorage.ResponseCommon{}, err
	}
	for _, tc := range []struct {
		name     string
		host     string
		send     sendFunc
		wantErr  error
		min, max time.Duration
	}{
		{"slow read on a live host", live, slow, nil, 2 * time.Second, 5 * time.Second},
		{"request to a silent host", silent, call, errHostUnresponsive, probeAfter + probeTimeout, 3 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client := NewClient(c.meta, ClientOptions{ProbeAfter: probeAfter, ProbeTimeout: probeTimeout,
				ProbeInterval: 100 * time.Millisecond, Logger: quietLogger()})
			defer client.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			_, _, err := client.attempt(ctx, tc.host, []int32{1}, tc.send)
			took := time.Since(start)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if took < tc.min || took > tc.max {
				t.Fatalf("took %v, want between %v and %v", took, tc.min, tc.max)
			}
			if down := client.down.is(tc.host); down != (tc.wantErr != nil) {
				t.Fatalf("host marked down: %v", down)
			}
		})
	}
}

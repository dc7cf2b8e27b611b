package raftex

import (
	"testing"
	"time"

	"github.com/hashicorp/raft"
)

// TestPipelineAfterTransportClose: once the transport is closed, the
// pipeline's decoder has stopped draining in-flight messages, so
// AppendEntries must fail instead of waiting for room that never comes.
// hashicorp/raft calls it from the replication goroutine, which a group's
// shutdown waits for: blocking here hung Node.Close (found by the chaos
// suite's power-cut scenario, tests/chaos).
func TestPipelineAfterTransportClose(t *testing.T) {
	tr := newTestTransport(t)
	gt, err := tr.register(groupID{Space: 1, Part: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer gt.Close()
	pipe, err := gt.AppendEntriesPipeline("x", raft.ServerAddress(silentPeer(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer pipe.Close()
	tr.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 2 * tr.opts.MaxInflight {
			var resp raft.AppendEntriesResponse
			if _, err := pipe.AppendEntries(&raft.AppendEntriesRequest{Term: 1}, &resp); err != nil {
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("AppendEntries on a closed transport's pipeline blocked")
	}
}

// Package chaos is NovaGraph's fault-tolerance suite: it runs a real
// cluster of separate metad, storaged and graphd processes, one host per
// Linux network namespace, drives a workload through graphd from the root
// namespace, injects faults (SIGKILL, SIGSTOP, network isolation, a full
// disk, restarts, power cuts) and checks the recorded history.
//
//	root namespace: test, workload clients ──client segment──▶ graphd ─┐
//	                                                                    │
//	host h (netns ngc<id>-h<h>):  metad ◀──cluster segment──▶ storaged ◀┘
//	                              (raft between hosts on the cluster segment)
//
// Vocabulary. A host is a namespace running one of each daemon (Cluster,
// Host, Daemon; the links are in Network). A history (History) holds every
// operation's invocation, completion and result (Op) and the faults
// injected (Event). An acknowledged operation succeeded; an unknown one
// (timeout, broken connection, error answer to a write) may or may not
// have taken effect; a failed one was certainly not executed.
//
// Checks:
//
//   - set workload (Insert): each writer inserts fresh vertices; at the
//     end every vid is fetched and the tag index scanned (CheckSet):
//     acknowledged inserts lost, vids returned twice, vids that appear
//     without a successful or unknown insert, index and rows disagreeing;
//   - register workload (Read, Write, CAS on a few int registers through
//     FETCH, UPSERT and UPDATE ... WHEN): linearizability per key with
//     porcupine (CheckRegister, RegisterModel);
//   - after the faults heal: every storaged converges to the same applied
//     raft index (WaitConverged), and after a graceful stop every replica
//     of every part holds the same keys and values (ReplicaDigests);
//   - timings: the write unavailability each fault causes
//     (WriteUnavailability).
//
// The checkers and their tests are plain Go and run in `go test ./...`.
// The scenarios need root, iproute2 and the daemons built by `make build`,
// and take minutes, so they sit behind the build tag chaos:
//
//	make chaos                                   # every scenario, short
//	make chaos CHAOS_DURATION=5m CHAOS_RUN=TestLeaderKill
//	go test -tags chaos -run TestPartition -v ./tests/chaos -args -chaos.duration=60s
//
// docs/reliability.md lists the scenarios, their flags and the last results.
//
// Concurrency: History, Results and Daemon are safe for concurrent use;
// Client is not (each worker owns one); a Cluster is driven by one test
// goroutine while the Workload's workers run.
package chaos

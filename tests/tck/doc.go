// Package tck is the conformance runner: it runs NebulaGraph's gherkin
// features (../shared/tck, read at test time, never copied) and the project's
// own (tests/tck/features) against a NovaGraph cluster, talking to graphd only
// through nebula-go v3.8.0, and judges the answers with the reference
// runner's rules (vesoft-inc/nebula tests/tck/conftest.py and tests/common).
//
//	features ──gherkin──▶ pickles ──steps──▶ nebula-go ──▶ graphd (Cluster)
//	                                  │
//	expected tables ──literal.go──▶ want ──compare.go──▶ passed / failed / unsupported
//	                                                            │
//	                              testdata/passing.txt ◀── baseline.go (regressions fail the test)
//
// Running it:
//
//	go test ./tests/tck/...                                   # everything, in-process cluster
//	go test ./tests/tck -short                                # the project's own features only
//	go test ./tests/tck -tck.features 'tck/yield/*,own/*' -v  # a selection, with the summary
//	go test ./tests/tck -tck.addr 127.0.0.1:9669              # an external graphd
//	go test ./tests/tck -tck.report /tmp/tck.txt              # every non-passing scenario and why
//	go test ./tests/tck -tck.update                           # rewrite testdata/passing.txt
//
// Vocabulary:
//
//   - A scenario is one Scenario, or one Examples row of a Scenario Outline,
//     with the feature's Background in front. Its id, the key of the
//     baseline, is "<root>/<feature path>: <name>", plus " [row N]" for an
//     outline row and " #K" when a name repeats.
//   - Outcomes: passed; failed (a check did not hold, or a query errored
//     where it should not); unsupported (a step the runner does not
//     implement, a step no single nebula-go client can perform, or set-up
//     the cluster cannot do yet — never counted as a pass); skipped (@skip).
//   - Capabilities: what the Cluster can do. Without storage (today's
//     graphd-only cluster) a failed set-up step makes the scenario
//     unsupported, except a failed space set-up (a dataset, `create a space
//     ...`): the scenario then goes on without its space, because many
//     scenarios only evaluate expressions; any response failing for want of
//     a space makes it unsupported, otherwise its checks decide, and the
//     report marks such passes "passed without its space".
//
// The cluster is behind the Cluster interface: StartInProcess (the default;
// see its comment for the switch to 1 metad + 3 storaged + 1 graphd) or
// ExternalCluster (-tck.addr). A scenario whose Background asks for "a
// nebulacluster with N graphd and ..." (NebulaGraph's @distonly features:
// logins to numbered graphds, graphd flags such as failed_login_attempts)
// runs on a cluster of its own from RunnerConfig.Dedicated — in-process,
// StartDedicated — started for it and stopped at its end (steps_cluster.go);
// against an external graphd such scenarios are unsupported.
//
// Concurrency: a Runner runs one scenario at a time on one goroutine; each
// feature gets its own session, shared by its scenarios as in the reference
// (so USE carries over), and `Given parameters:` applies to the rest of the
// feature.
package tck

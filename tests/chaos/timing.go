package chaos

import (
	"slices"
	"time"
)

// WriteUnavailability is how long writes to the given parts stayed
// unavailable after a fault at t: for each part, the time from t until the
// first write to it that was invoked at or after t is acknowledged; the
// result is the largest over the parts. A part with no such write within
// limit counts as limit, and so does a part nobody wrote to. hosts, when
// not nil, restricts the writes to those sent through these graphds.
func WriteUnavailability(ops []Op, t time.Duration, parts []int, nparts int, hosts map[int]bool, limit time.Duration) time.Duration {
	first := map[int]time.Duration{}
	for _, op := range ops {
		if (op.Kind != Insert && op.Kind != Write) || op.Outcome != OK || op.Call < t {
			continue
		}
		if hosts != nil && !hosts[op.Host] {
			continue
		}
		p := PartOf(op.Key, nparts)
		if d, ok := first[p]; !ok || op.Return-t < d {
			first[p] = op.Return - t
		}
	}
	var worst time.Duration
	for _, p := range parts {
		d, ok := first[p]
		if !ok || d > limit {
			d = limit
		}
		worst = max(worst, d)
	}
	return worst
}

// AllParts lists parts 1..n.
func AllParts(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// Percentile returns the p-th percentile (0..100, nearest rank) of ds; 0
// when ds is empty.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// AckedDuring returns the operations sent through hosts at or after cut
// whose acknowledgement arrived in [from, to): what a minority cut off at
// cut must not produce once from has passed, until the heal at to. (An
// operation sent during the cut and acknowledged after the heal is fine.)
func AckedDuring(ops []Op, hosts map[int]bool, cut, from, to time.Duration) []Op {
	var out []Op
	for _, op := range ops {
		if op.Outcome == OK && hosts[op.Host] && op.Kind != DDL &&
			op.Call >= cut && op.Return >= from && op.Return < to {
			out = append(out, op)
		}
	}
	return out
}

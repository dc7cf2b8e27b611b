package chaos

import "slices"

// SetCheck is the verdict on a set workload: every acknowledged insert must
// be read back once, nothing that was never inserted may appear, and the
// tag index must agree with the rows.
type SetCheck struct {
	Attempted, Acked, Unknown int
	// Recovered counts unknown inserts that turned out to be applied.
	Recovered int
	// Lost are acknowledged vids the final FETCH did not find.
	Lost []int64
	// Duplicated are vids the final index scan returned more than once.
	Duplicated []int64
	// Phantom are vids found that were never attempted, or whose insert
	// certainly did not run.
	Phantom []int64
	// IndexMismatch are vids FETCH found and the index scan did not, or
	// the other way round.
	IndexMismatch []int64
}

// OK reports whether the run lost, duplicated and invented nothing.
func (s SetCheck) OK() bool {
	return len(s.Lost) == 0 && len(s.Duplicated) == 0 && len(s.Phantom) == 0 && len(s.IndexMismatch) == 0
}

// CheckSet judges the Insert operations of ops against the final reads:
// fetched holds the vids FETCH found among those attempted, scanned counts
// how often the index scan returned each vid.
func CheckSet(ops []Op, fetched map[int64]bool, scanned map[int64]int) SetCheck {
	var c SetCheck
	outcome := map[int64]Outcome{}
	for _, op := range ops {
		if op.Kind != Insert {
			continue
		}
		c.Attempted++
		switch op.Outcome {
		case OK:
			c.Acked++
		case Unknown:
			c.Unknown++
		}
		// A vid is inserted once; keep the strongest claim if a caller
		// recorded it twice.
		if prev, ok := outcome[op.Key]; !ok || op.Outcome < prev {
			outcome[op.Key] = op.Outcome
		}
	}
	for vid, o := range outcome {
		found := fetched[vid]
		switch {
		case o == OK && !found:
			c.Lost = append(c.Lost, vid)
		case o == Fail && found:
			c.Phantom = append(c.Phantom, vid)
		case o == Unknown && found:
			c.Recovered++
		}
		if found != (scanned[vid] > 0) {
			c.IndexMismatch = append(c.IndexMismatch, vid)
		}
	}
	for vid, n := range scanned {
		if n > 1 {
			c.Duplicated = append(c.Duplicated, vid)
		}
		if _, ok := outcome[vid]; !ok {
			c.Phantom = append(c.Phantom, vid)
		}
	}
	for _, s := range [][]int64{c.Lost, c.Duplicated, c.Phantom, c.IndexMismatch} {
		slices.Sort(s)
	}
	return c
}

package load

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTick is USER_HZ, the unit of /proc/<pid>/stat's CPU times; 100 on
// every Linux this runs on.
const clockTick = 100

// ProcessCPU returns the user+system CPU time of the given processes and
// all their descendants, from /proc. A process that exits between two
// samples takes its time with it, so sample long-lived servers.
func ProcessCPU(pids []int) time.Duration {
	if len(pids) == 0 {
		return 0
	}
	type proc struct {
		ppid int
		cpu  int64
	}
	all := map[int]proc{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command may hold spaces and parentheses: fields start after
		// the last ')'.
		s := string(raw)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		all[pid] = proc{ppid: ppid, cpu: ut + st}
	}
	want := map[int]bool{}
	for _, p := range pids {
		want[p] = true
	}
	// Add descendants until nothing changes (the tree is shallow).
	for changed := true; changed; {
		changed = false
		for pid, p := range all {
			if !want[pid] && want[p.ppid] {
				want[pid], changed = true, true
			}
		}
	}
	var ticks int64
	for pid := range want {
		ticks += all[pid].cpu
	}
	return time.Duration(ticks) * time.Second / clockTick
}

// selfCPU is this process's CPU time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Settle waits until the processes pids (children included) use less
// than idle cores of CPU over a one-second sample, or until limit has
// passed, and returns how long it waited and whether they went idle.
// Servers do not all stop a query whose client gave up (Cayley's Gizmo
// only checks for cancellation between results, so a cut-off 3-hop runs
// on), and work left over from one measurement must not be billed to the
// next.
func Settle(ctx context.Context, pids []int, idle float64, limit time.Duration) (time.Duration, bool) {
	const sample = time.Second
	start := time.Now()
	if len(pids) == 0 {
		return 0, true
	}
	t := time.NewTicker(sample)
	defer t.Stop()
	prev, at := ProcessCPU(pids), time.Now()
	for {
		select {
		case <-ctx.Done():
			return time.Since(start), false
		case <-t.C:
		}
		cur, now := ProcessCPU(pids), time.Now()
		if float64(cur-prev) < idle*float64(now.Sub(at)) {
			return time.Since(start), true
		}
		if time.Since(start) >= limit {
			return time.Since(start), false
		}
		prev, at = cur, now
	}
}

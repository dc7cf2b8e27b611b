package gctune

import (
	"os"
	"strings"
)

// lazyFreeSetting is the GODEBUG setting that makes the Go runtime hand
// freed heap pages back to Linux with MADV_FREE rather than MADV_DONTNEED.
//
// Why: a page Go returned with MADV_DONTNEED is unmapped, and touching it
// again faults in a fresh zeroed page. Where a fault is dear — about 11 µs
// a 4 KiB page on the Firecracker VMs the benchmarks run on, 0.6 s for
// 200 MB — a daemon that answers large queries pays it again on every one:
// after a GO 3 STEPS of 904,315 rows graphd's background scavenger returned
// 277 MB, which the next such query faulted back in, and the same query's
// server time swung from 0.9 to 2.2 s. A page freed with MADV_FREE stays
// mapped until the kernel needs the memory, so reusing it costs nothing
// (200 MB: 1 ms again). The price is that RSS counts such pages until the
// kernel reclaims them, which it does under memory pressure.
const lazyFreeSetting = "madvdontneed=0"

// LazyFreeEnv returns env (KEY=VALUE entries) with madvdontneed=0 added to
// GODEBUG, and whether it added it: an operator's own madvdontneed setting
// is left alone (env is returned unchanged), and other GODEBUG settings
// are kept.
func LazyFreeEnv(env []string) ([]string, bool) {
	out := make([]string, 0, len(env)+1)
	found := false
	for _, kv := range env {
		v, ok := strings.CutPrefix(kv, "GODEBUG=")
		if !ok {
			out = append(out, kv)
			continue
		}
		for _, s := range strings.Split(v, ",") {
			if strings.HasPrefix(strings.TrimSpace(s), "madvdontneed=") {
				return env, false
			}
		}
		found = true
		if v == "" {
			out = append(out, "GODEBUG="+lazyFreeSetting)
		} else {
			out = append(out, "GODEBUG="+lazyFreeSetting+","+v)
		}
	}
	if !found {
		out = append(out, "GODEBUG="+lazyFreeSetting)
	}
	return out, true
}

// LazyFree makes the running program use MADV_FREE for the memory it
// frees (see lazyFreeSetting). The runtime reads this setting only when
// the process starts, so where the environment lacks it LazyFree
// re-executes the program in place — same pid, arguments and environment
// plus the setting — and does not return. It returns (doing nothing) when
// the setting is already there, when an operator chose madvdontneed
// themselves, off Linux, or when the re-execution fails; the program then
// runs on with the runtime's default.
// Call it first thing in main, before any goroutine or file is opened.
func LazyFree() {
	env, changed := LazyFreeEnv(os.Environ())
	if !changed {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	reexec(exe, os.Args, env)
}

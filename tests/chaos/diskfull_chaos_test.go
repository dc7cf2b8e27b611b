//go:build chaos

package chaos

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDiskFull is scenario 7: host 2's storaged keeps its data on a small
// tmpfs; during writes the file system is filled to the last byte for a
// while, then the filler is deleted. No daemon may exit; while the disk is
// full, writes either succeed (the other two replicas are a majority) or
// fail with a clear error; after space is freed, writes resume on every
// part, the host catches up, and nothing acknowledged is lost.
func TestDiskFull(t *testing.T) {
	const victim = 2
	dir := artifacts(t)
	mnt := filepath.Join(dir, "host2-tmpfs")
	if err := os.MkdirAll(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("mount tmpfs: %v: %s", err, out)
	}
	// Registered before the cluster's cleanup, so it runs after it.
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", mnt).CombinedOutput(); err != nil {
			t.Logf("umount %s: %v: %s", mnt, err, out)
		}
	})
	data := filepath.Join(mnt, "storage")
	s := newScenarioIn(t, dir, "7 disk full on one storaged", func(c *Config) {
		c.StorageDataPath = map[int]string{victim: data}
		// NebulaGraph's default reserve (256 MiB) is the whole file
		// system here; 32 MiB of reserve and 32 MiB of ballast leave room
		// for the engines' preallocated write-ahead logs.
		c.StorageFlags = map[int][]string{victim: {"--minimum_reserved_bytes=33554432", "--disk_ballast_bytes=33554432"}}
	}, defaultSpec())

	full := max(10*time.Second, *flagDuration/2)
	s.sleep(max(5*time.Second, (*flagDuration-full)/2))
	filler := filepath.Join(mnt, "filler")
	n, err := fill(filler)
	if err != nil {
		t.Fatalf("fill %s: %v", mnt, err)
	}
	e := s.h.Event("disk-full", victim, fmt.Sprintf("filled with %d MiB", n>>20))
	s.faults++
	s.sleep(full)
	if !s.c.Hosts[victim].Storage.Running() {
		t.Errorf("storaged%d exited while its disk was full", victim)
	}
	freed := s.h.Event("disk-freed", victim, "")
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	target := s.majorityApplied(victim)
	took, err := s.waitApplied(victim, target, 60*time.Second)
	if err != nil {
		t.Errorf("storaged%d did not catch up after space was freed: %v", victim, err)
	} else {
		s.note("caught up %v after space was freed", took.Round(time.Millisecond))
	}
	back := s.waitWritable(freed.At, AllParts(s.c.Parts()), nil, 30*time.Second)
	s.unavail = append(s.unavail, back)

	// What clients saw while the disk was full.
	var okN, failN int
	msgs := map[string]int{}
	for _, op := range s.h.Ops() {
		if op.Call < e.At || op.Call >= freed.At || (op.Kind != Insert && op.Kind != Write) {
			continue
		}
		if op.Outcome == OK {
			okN++
			continue
		}
		failN++
		msgs[errClass(op.Err)]++
	}
	var seen []string
	for m, c := range msgs {
		seen = append(seen, fmt.Sprintf("%dx %s", c, m))
	}
	slices.Sort(seen)
	s.note("while full: %d writes acknowledged, %d failed%s", okN, failN, strings.Join(append([]string{""}, seen...), "; "))
	s.sleep(3 * time.Second)
	s.finish(finishOpts{})
}

// fill writes path until the file system is full and returns the bytes
// written.
func fill(path string) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var n int64
	for {
		m, err := f.Write(buf)
		n += int64(m)
		if errors.Is(err, syscall.ENOSPC) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// errClass shortens an error for a summary: the message without the
// addresses and numbers that make every instance unique.
func errClass(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && len(msg)-i > 20 {
		msg = msg[i+2:]
	}
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}

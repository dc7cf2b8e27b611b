package chaos

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Daemon is one metad, storaged or graphd process in a host's namespace.
// Start runs it as `ip netns exec <ns> <bin> <args>`; ip exec()s the
// daemon, so the pid is the daemon's own and signals reach it directly.
// Methods are safe for concurrent use.
type Daemon struct {
	Name    string // "storaged1"
	ns      string
	bin     string
	args    []string
	logPath string

	mu struct {
		sync.Mutex
		cmd    *exec.Cmd
		done   chan struct{} // closed when the process is reaped
		starts int
		// unexpected counts exits the test did not cause (by Kill or Term).
		unexpected []string
		stopping   bool
	}
}

func newDaemon(name, ns, bin, logPath string, args []string) *Daemon {
	return &Daemon{Name: name, ns: ns, bin: bin, args: args, logPath: logPath}
}

// Start starts the process; it is an error if it is running.
func (d *Daemon) Start() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.mu.cmd != nil {
		return fmt.Errorf("start %s: already running", d.Name)
	}
	logf, err := os.OpenFile(d.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("start %s: %w", d.Name, err)
	}
	fmt.Fprintf(logf, "=== chaos: start %s at %s\n", d.Name, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command("ip", append([]string{"netns", "exec", d.ns, d.bin}, d.args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Its own process group, so that a terminal's Ctrl-C reaches only the
	// test, which then stops the daemons itself; and the kernel kills it if
	// the test process dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", d.Name, err)
	}
	done := make(chan struct{})
	d.mu.cmd, d.mu.done, d.mu.stopping = cmd, done, false
	d.mu.starts++
	go func() {
		err := cmd.Wait()
		logf.Close()
		d.mu.Lock()
		if !d.mu.stopping {
			d.mu.unexpected = append(d.mu.unexpected, fmt.Sprintf("%s exited by itself: %v", d.Name, err))
		}
		if d.mu.cmd == cmd {
			d.mu.cmd = nil
		}
		d.mu.Unlock()
		close(done)
	}()
	return nil
}

// Pid is the running process's pid, 0 if none.
func (d *Daemon) Pid() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.mu.cmd == nil {
		return 0
	}
	return d.mu.cmd.Process.Pid
}

// Running reports whether the process is running (or stopped).
func (d *Daemon) Running() bool { return d.Pid() != 0 }

// Kill sends SIGKILL and waits for the process to go. No-op if it is not
// running.
func (d *Daemon) Kill() error { return d.end(syscall.SIGKILL, 0) }

// Term sends SIGTERM, waits up to grace, then SIGKILLs.
func (d *Daemon) Term(grace time.Duration) error { return d.end(syscall.SIGTERM, grace) }

func (d *Daemon) end(sig syscall.Signal, grace time.Duration) error {
	d.mu.Lock()
	cmd, done := d.mu.cmd, d.mu.done
	if cmd == nil {
		d.mu.Unlock()
		return nil
	}
	d.mu.stopping = true
	d.mu.Unlock()
	// A stopped process only dies of SIGKILL; SIGCONT lets SIGTERM work.
	_ = cmd.Process.Signal(syscall.SIGCONT)
	if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal %s: %w", d.Name, err)
	}
	if sig != syscall.SIGKILL {
		select {
		case <-done:
			return nil
		case <-time.After(grace):
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	select {
	case <-done:
		return nil
	case <-time.After(10 * time.Second):
		return fmt.Errorf("%s (pid %d) did not exit", d.Name, cmd.Process.Pid)
	}
}

// Pause sends SIGSTOP; Resume sends SIGCONT.
func (d *Daemon) Pause() error  { return d.signal(syscall.SIGSTOP) }
func (d *Daemon) Resume() error { return d.signal(syscall.SIGCONT) }

func (d *Daemon) signal(sig syscall.Signal) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.mu.cmd == nil {
		return fmt.Errorf("signal %s: not running", d.Name)
	}
	return d.mu.cmd.Process.Signal(sig)
}

// Unexpected lists the exits the test did not cause.
func (d *Daemon) Unexpected() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.mu.unexpected...)
}

// ProcStats is what /proc says about a process.
type ProcStats struct {
	RSS int64 // bytes
	FDs int
}

// Proc reads the running process's RSS and open file descriptors.
func (d *Daemon) Proc() (ProcStats, error) {
	pid := d.Pid()
	if pid == 0 {
		return ProcStats{}, fmt.Errorf("%s: not running", d.Name)
	}
	var st ProcStats
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return st, fmt.Errorf("%s: VmRSS %q: %w", d.Name, rest, err)
			}
			st.RSS = kb << 10
		}
	}
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return st, err
	}
	st.FDs = len(ents)
	return st, nil
}

// LogHas reports whether the daemon's log contains s (a panic, say).
func (d *Daemon) LogHas(s string) bool {
	b, err := os.ReadFile(d.logPath)
	return err == nil && strings.Contains(string(b), s)
}

// LogTail returns the last n lines of the daemon's log.
func (d *Daemon) LogTail(n int) string {
	b, err := os.ReadFile(d.logPath)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

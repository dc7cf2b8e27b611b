package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyOutput collects everything the console writes to its terminal.
type ptyOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *ptyOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *ptyOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor polls until the output holds want past offset from, and returns
// the offset just past it. Polling is on the output, not on time: the
// deadline only bounds a broken run.
func (o *ptyOutput) waitFor(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := o.String()
		if i := strings.Index(s[from:], want); i >= 0 {
			return from + i + len(want)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q in terminal output after offset %d:\n%s", want, from, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTerminal drives the interactive console through a pseudo-terminal:
// the prompt, line editing with Ctrl-C, Tab completion, a continued line,
// and history saved to ~/.nebula_history on exit.
func TestTerminal(t *testing.T) {
	bin := consoleBinary(t)
	port := startGraphd(t)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".nebula_history"), []byte("YIELD 0 AS from_before\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1", "-port", strconv.Itoa(port), "-u", "root", "-p", "nebula")
	cmd.Env = append(os.Environ(), "HOME="+home, "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	out := &ptyOutput{}
	copied := make(chan struct{})
	go func() {
		io.Copy(out, tty) // ends with an error when the console exits
		close(copied)
	}()
	send := func(s string) {
		if _, err := tty.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	const prompt = "(root@nebula) [(none)]> "
	at := out.waitFor(t, 0, "Welcome!")
	at = out.waitFor(t, at, prompt)

	send("YIELD 1 AS a\r")
	at = out.waitFor(t, at, "Got 1 rows")
	at = out.waitFor(t, at, prompt)

	// Ctrl-C drops the line being typed.
	send("YIELD garbage\x03")
	at = out.waitFor(t, at, prompt)

	// Tab completes a keyword; a trailing backslash continues the line.
	send("YIE\t")
	at = out.waitFor(t, at, "YIELD")
	send(" 2 AS b, \\\r")
	at = out.waitFor(t, at, "-> ")
	send("3 AS c\r")
	at = out.waitFor(t, at, "| b | c |")
	at = out.waitFor(t, at, prompt)

	// Up arrow brings back the history, including the saved one.
	send("\x1b[A\x1b[A\x1b[A\x1b[A\r")
	at = out.waitFor(t, at, "from_before")
	at = out.waitFor(t, at, prompt)

	send(":exit\r")
	out.waitFor(t, at, "Bye root!")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("console exited with %v\n%s", err, out.String())
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("console did not exit\n%s", out.String())
	}
	tty.Close()
	<-copied
	if strings.Contains(out.String(), "garbage") && strings.Contains(out.String(), "SemanticError") {
		t.Errorf("the interrupted line was executed:\n%s", out.String())
	}
	hist, err := os.ReadFile(filepath.Join(home, ".nebula_history"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"YIELD 0 AS from_before\n", "YIELD 1 AS a\n", "YIELD 2 AS b, \\\n", "3 AS c\n", ":exit\n"} {
		if !strings.Contains(string(hist), want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
}

// TestTerminalPassword: without -p the console asks for the password on the
// terminal, without echoing it; Ctrl-D at the prompt ends the session.
func TestTerminalPassword(t *testing.T) {
	bin := consoleBinary(t)
	port := startGraphd(t)
	cmd := exec.Command(bin, "-addr", "127.0.0.1", "-port", strconv.Itoa(port))
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	out := &ptyOutput{}
	copied := make(chan struct{})
	go func() {
		io.Copy(out, tty)
		close(copied)
	}()
	at := out.waitFor(t, 0, "Enter password: ")
	if _, err := tty.Write([]byte("nebula\r")); err != nil {
		t.Fatal(err)
	}
	at = out.waitFor(t, at, "(root@nebula) [(none)]> ")
	if _, err := tty.Write([]byte{4}); err != nil { // Ctrl-D
		t.Fatal(err)
	}
	out.waitFor(t, at, "Bye root!")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, out.String())
	}
	tty.Close()
	<-copied
	if strings.Contains(out.String(), "nebula\r") || strings.Contains(out.String(), "nebula\n") {
		t.Errorf("password echoed:\n%q", out.String())
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommand runs graphd with a context that is already over: flags and the
// flagfile are parsed, the server is built, binds and shuts down at once.
func TestCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "graphd.conf")
	if err := os.WriteFile(good, []byte("# from nebula-graphd.conf\n--daemonize=false\n--ws_http_port=0\n--session_idle_timeout_secs=60\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.conf")
	if err := os.WriteFile(bad, []byte("--timezone_name=nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		wantErr string
	}{
		{args: []string{"--port=0", "--flagfile=" + good}},
		{args: []string{"--port=0", "--ws_http_port=0", "--flagfile=" + bad}, wantErr: "timezone_name"},
		{args: []string{"--port=70000"}, wantErr: "port 70000 out of range"},
		{args: []string{"--no_such_flag=1"}, wantErr: "unknown flag"},
		{args: []string{"--flagfile=" + filepath.Join(dir, "missing.conf")}, wantErr: "open flagfile"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		cmd := newCommand()
		cmd.SetArgs(tt.args)
		cmd.SetOut(new(strings.Builder))
		cmd.SetErr(new(strings.Builder))
		err := cmd.ExecuteContext(ctx)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%v: %v, want %q", tt.args, err, tt.wantErr)
		}
	}
}

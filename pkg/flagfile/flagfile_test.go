package flagfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		args    []string
		port    int
		auth    bool
		ip      string
		unknown []string
		wantErr string
	}{
		{
			name: "values and comments",
			file: "# graphd\n\n--port=9700\n--enable_authorize=true\n--local_ip = 10.0.0.1 \n",
			port: 9700, auth: true, ip: "10.0.0.1",
		},
		{
			name: "bare bool",
			file: "--enable_authorize\n",
			port: 9669, auth: true,
		},
		{
			name: "command line wins",
			file: "--port=9700\n",
			args: []string{"--port=9800"},
			port: 9800,
		},
		{
			name:    "unknown flags are reported, not fatal",
			file:    "--daemonize=false\n--pid_file=pids/x.pid\n--port=1\n",
			port:    1,
			unknown: []string{"daemonize", "pid_file"},
		},
		{name: "bad value", file: "--port=abc\n", wantErr: ":1: invalid argument"},
		{name: "not a flag", file: "port=1\n", wantErr: "want --name=value"},
		{name: "missing value", file: "--port\n", wantErr: "needs a value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
			port := fs.Int("port", 9669, "")
			auth := fs.Bool("enable_authorize", false, "")
			ip := fs.String("local_ip", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "graphd.conf")
			if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			unknown, err := Apply(fs, path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *port != tt.port || *auth != tt.auth || *ip != tt.ip {
				t.Fatalf("port=%d auth=%v ip=%q", *port, *auth, *ip)
			}
			if strings.Join(unknown, ",") != strings.Join(tt.unknown, ",") {
				t.Fatalf("unknown = %v, want %v", unknown, tt.unknown)
			}
		})
	}
}

func TestApplyMissingFile(t *testing.T) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	if _, err := Apply(fs, filepath.Join(t.TempDir(), "none")); err == nil {
		t.Fatal("want error")
	}
}

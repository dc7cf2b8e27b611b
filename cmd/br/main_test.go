package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args    []string
		out     string // a substring of the output
		wantErr string
	}{
		{args: []string{"show", "--storage", "local://" + dir}, out: "| NAME | CREATE TIME | SPACES | FULL BACKUP | ALL SPACES | RECORDS |"},
		{args: []string{"show", "--storage", "s3://bucket/x"}, wantErr: "only local://"},
		{args: []string{"backup", "full", "--storage", dir}, wantErr: "--meta is required"},
		{args: []string{"restore", "full", "--meta", "127.0.0.1:9559", "--storage", dir}, wantErr: "--name is required"},
		{args: []string{"restore", "full", "--meta", "127.0.0.1:9559", "--storage", dir, "--name", "BACKUP_X"}, wantErr: "no such backup"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			cmd := newCommand()
			var out bytes.Buffer
			cmd.SetOut(&out)
			cmd.SetErr(&out)
			cmd.SetArgs(tc.args)
			err := cmd.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tc.out) {
				t.Errorf("output:\n%s\nwant it to contain %q", out.String(), tc.out)
			}
		})
	}
}

package raftex

import (
	"io"
	"log/slog"
	"strings"

	"github.com/hashicorp/go-hclog"
)

// NewRaftLogger routes hashicorp/raft's log lines to log at warning level
// and above: raft narrates every election at info, and a daemon's logs
// should go where its other logs go rather than to stderr.
func NewRaftLogger(name string, log *slog.Logger) hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{
		Name:   name,
		Level:  hclog.Warn,
		Output: slogWriter{log},
	})
}

// slogWriter turns each formatted hclog line into one slog record.
type slogWriter struct{ log *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(p))
	if strings.Contains(line, "[ERROR]") {
		w.log.Error(line)
	} else {
		w.log.Warn(line)
	}
	return len(p), nil
}

var _ io.Writer = slogWriter{}

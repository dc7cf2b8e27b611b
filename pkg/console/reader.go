package console

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrInterrupted is returned by a LineReader when the user pressed Ctrl-C
// at the prompt: the line being typed is dropped, the console goes on.
var ErrInterrupted = errors.New("interrupted")

// LineReader supplies input lines. ReadLine shows prompt (or not: a script
// reader may echo it along with the line instead) and returns one line
// without its line ending, io.EOF at the end of input, or ErrInterrupted.
// Implementations are used from one goroutine.
type LineReader interface {
	ReadLine(prompt string) (string, error)
	Close() error
}

// scriptReader reads lines from a script (-e, -f, or a pipe). When echo is
// set it writes each prompt followed by the line read, as nebula-console
// does in these modes, so that the output reads like a session transcript.
type scriptReader struct {
	r    *bufio.Reader
	echo io.Writer
}

// NewScriptReader returns a LineReader over r that echoes to echo, if not
// nil. Lines may end in "\n" or "\r\n" and be of any length.
func NewScriptReader(r io.Reader, echo io.Writer) LineReader {
	return &scriptReader{r: bufio.NewReader(r), echo: echo}
}

func (s *scriptReader) ReadLine(prompt string) (string, error) {
	line, err := s.r.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		if err == io.EOF {
			return "", io.EOF
		}
		return "", fmt.Errorf("read input: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if s.echo != nil {
		if _, werr := fmt.Fprintf(s.echo, "%s%s\n", prompt, line); werr != nil {
			return "", fmt.Errorf("echo input: %w", werr)
		}
	}
	return line, nil
}

func (s *scriptReader) Close() error { return nil }

package console

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/peterh/liner"
)

// IsTerminal reports whether f is an interactive terminal that the line
// editor can drive.
func IsTerminal(f *os.File) bool {
	return f != nil && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) && liner.TerminalSupported()
}

// terminal is the interactive LineReader: peterh/liner (the editor
// nebula-console uses, with its Emacs-style keys and Ctrl-R search) on the
// process's own stdin and stdout, history loaded from and saved to a file,
// Tab completing through a Completer.
type terminal struct {
	st          *liner.State
	historyFile string
}

// NewTerminal opens the line editor on os.Stdin/os.Stdout. History is read
// from historyFile (created if missing) and written back by Close; an empty
// name keeps history in memory only. complete, if not nil, serves Tab.
// The caller must Close the terminal to restore the terminal mode.
func NewTerminal(historyFile string, complete liner.WordCompleter) (LineReader, error) {
	st := liner.NewLiner()
	st.SetCtrlCAborts(true)
	// Like bash: the first Tab completes a unique match, the second lists
	// the candidates.
	st.SetTabCompletionStyle(liner.TabPrints)
	st.SetMultiLineMode(true)
	if complete != nil {
		st.SetWordCompleter(complete)
	}
	if historyFile != "" {
		f, err := os.OpenFile(historyFile, os.O_RDONLY|os.O_CREATE, 0o600)
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("open history file: %w", err)
		}
		_, err = st.ReadHistory(f)
		f.Close()
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("read history file %s: %w", historyFile, err)
		}
	}
	return &terminal{st: st, historyFile: historyFile}, nil
}

func (t *terminal) ReadLine(prompt string) (string, error) {
	line, err := t.st.Prompt(prompt)
	switch {
	case errors.Is(err, liner.ErrPromptAborted):
		return "", ErrInterrupted
	case errors.Is(err, io.EOF):
		return "", io.EOF
	case err != nil:
		return "", fmt.Errorf("read line: %w", err)
	}
	if line != "" {
		t.st.AppendHistory(line)
	}
	return line, nil
}

// Close saves the history and restores the terminal.
func (t *terminal) Close() error {
	var herr error
	if t.historyFile != "" {
		f, err := os.OpenFile(t.historyFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err == nil {
			_, herr = t.st.WriteHistory(f)
			if cerr := f.Close(); herr == nil {
				herr = cerr
			}
		} else {
			herr = err
		}
		if herr != nil {
			herr = fmt.Errorf("write history file %s: %w", t.historyFile, herr)
		}
	}
	if err := t.st.Close(); err != nil && herr == nil {
		herr = fmt.Errorf("restore terminal: %w", err)
	}
	return herr
}

// ReadPassword asks for a password on the terminal without echoing it.
func ReadPassword(prompt string) (string, error) {
	st := liner.NewLiner()
	defer st.Close()
	st.SetCtrlCAborts(true)
	pw, err := st.PasswordPrompt(prompt)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return pw, nil
}

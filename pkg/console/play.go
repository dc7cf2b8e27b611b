package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"
)

// playCommand runs :play NAME and reports as nebula-console does.
func (c *Console) playCommand(ctx context.Context, name string) error {
	if c.playing {
		return c.commandFailed("Error: :play cannot be used in a played script")
	}
	w := c.opts.Out
	if c.opts.Format.machine() {
		w = c.opts.Err
	}
	fmt.Fprintf(w, "Start loading dataset %s...\n", name)
	err := c.play(ctx, name)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if err != nil {
		return c.commandFailed("Error: load dataset failed, " + err.Error())
	}
	c.note("Load dataset succeeded!")
	return nil
}

// play loads NAME, which is looked up as, in order: a directory holding a
// dataset (config.yaml and CSV files), an nGQL script file, or a demo
// shipped with the console (NAME.ngql in Options.Demos). Statements run
// silently; the first failure stops the load and is returned.
func (c *Console) play(ctx context.Context, name string) error {
	c.playing = true
	defer func() { c.playing = false }()
	if st, err := os.Stat(name); err == nil {
		if st.IsDir() {
			d, err := LoadDataset(name)
			if err != nil {
				return err
			}
			return c.playDataset(ctx, d)
		}
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("open script: %w", err)
		}
		defer f.Close()
		return c.playScript(ctx, f)
	}
	if c.opts.Demos != nil {
		f, err := c.opts.Demos.Open(name + ".ngql")
		if err == nil {
			defer f.Close()
			return c.playScript(ctx, f)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("open demo %s: %w", name, err)
		}
	}
	return fmt.Errorf("dataset %s not existed: no such directory or script, and no demo of that name (demos: %s)",
		name, strings.Join(c.Demos(), ", "))
}

// Demos lists the names :play accepts for the shipped demos.
func (c *Console) Demos() []string {
	if c.opts.Demos == nil {
		return nil
	}
	matches, _ := fs.Glob(c.opts.Demos, "*.ngql")
	out := make([]string, 0, len(matches))
	for _, m := range matches {
		out = append(out, strings.TrimSuffix(path.Base(m), ".ngql"))
	}
	sort.Strings(out)
	return out
}

// playScript runs an nGQL script with the console's line rules. Of the
// console commands, :sleep and :param work as usual and :exit ends the
// script; the others have no meaning without output and are skipped.
func (c *Console) playScript(ctx context.Context, r io.Reader) error {
	var (
		j      Joiner
		ddl    bool
		br     = bufio.NewReader(r)
		lineNo int
	)
	run := func(line string) (stop bool, err error) {
		if blank(line) {
			return false, nil
		}
		cmd, local, perr := ParseCommand(line)
		if local {
			if perr != nil {
				return true, fmt.Errorf("line %d: %w", lineNo, perr)
			}
			switch cmd.Kind {
			case CmdQuit:
				return true, nil
			case CmdSleep:
				return false, sleep(ctx, time.Duration(cmd.N)*time.Second)
			case CmdParam:
				if cmd.Value == "" {
					delete(c.params, cmd.Name)
					return false, nil
				}
				v, err := ParseValue(cmd.Value)
				if err != nil {
					return true, fmt.Errorf("line %d: parameter parsing failed, %w", lineNo, err)
				}
				c.params[cmd.Name] = v
			case CmdPlay:
				return true, fmt.Errorf("line %d: :play cannot be used in a played script", lineNo)
			}
			return false, nil
		}
		if err := c.quiet(ctx, line, ddl); err != nil {
			return true, err
		}
		ddl = ddl || isDDL(line)
		return false, nil
	}
	for {
		in, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read script: %w", err)
		}
		if in == "" && err == io.EOF {
			break
		}
		lineNo++
		logical, complete := j.Feed(strings.TrimRight(in, "\r\n"))
		if complete {
			if stop, rerr := run(logical); rerr != nil || stop {
				return rerr
			}
		}
		if err == io.EOF {
			break
		}
	}
	if logical, ok := j.Flush(); ok {
		if _, err := run(logical); err != nil {
			return err
		}
	}
	return nil
}

// playDataset creates the dataset's space and schema and inserts its CSV
// files in batches.
func (c *Console) playDataset(ctx context.Context, d *Dataset) error {
	if err := c.quiet(ctx, d.CreateSpace(), false); err != nil {
		return err
	}
	if err := c.quiet(ctx, "USE "+quoteName(d.Space.Name), true); err != nil {
		return err
	}
	if schema := d.SchemaRequest(); schema != "" {
		if err := c.quiet(ctx, schema, true); err != nil {
			return err
		}
	}
	return d.Inserts(func(stmt string, first bool) error {
		return c.quiet(ctx, stmt, first)
	})
}

// quiet runs a statement without printing it. With settle set, a failure
// other than a syntax error is retried for a while: after CREATE SPACE or
// CREATE TAG, graphd learns of the new schema only at its next heartbeat.
func (c *Console) quiet(ctx context.Context, stmt string, settle bool) error {
	for attempt := 1; ; attempt++ {
		rs, err := c.sess.ExecuteWithParameter(stmt, c.params)
		if err != nil {
			return fmt.Errorf("execute %s: %w", abbreviate(stmt), err)
		}
		if !failed(rs) {
			c.space = rs.GetSpaceName()
			c.names.noteStatement(stmt, c.space)
			return nil
		}
		const syntaxError = -1004
		if !settle || attempt >= c.opts.SettleAttempts || rs.GetErrorCode() == syntaxError {
			return fmt.Errorf("an error occurred when executing: %s, %s", abbreviate(stmt), errorLine(rs))
		}
		if err := sleep(ctx, c.opts.SettleInterval); err != nil {
			return err
		}
	}
}

func isDDL(stmt string) bool {
	f := strings.Fields(stmt)
	return len(f) > 0 && (ddlWords[strings.ToUpper(f[0])] || strings.EqualFold(f[0], "USE"))
}

// abbreviate shortens a statement for an error message; a batch INSERT can
// be many kilobytes long.
func abbreviate(stmt string) string {
	const limit = 120
	stmt = strings.TrimSpace(stmt)
	if len(stmt) <= limit {
		return stmt
	}
	cut := limit
	for cut > 0 && !isRuneStart(stmt[cut]) {
		cut--
	}
	return stmt[:cut] + "..."
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// Session is the part of a graphd session the console uses;
// *nebula.Session (nebula-go v3) implements it.
type Session interface {
	// ExecuteWithParameter runs stmt with params bound. A non-nil error is
	// a client failure (connection lost, ...); a statement that graphd
	// rejects comes back as a ResultSet with an error code.
	ExecuteWithParameter(stmt string, params map[string]any) (*nebula.ResultSet, error)
}

// ErrStatementFailed is returned by Run and Execute with FailFast set when
// a statement or console command fails.
var ErrStatementFailed = errors.New("statement failed")

// Options configure a Console.
type Options struct {
	User      string // for the prompt
	Format    Format
	PlanTable bool // plans as nebula-console's table instead of a tree
	FailFast  bool // stop at the first failing statement or command
	Out       io.Writer
	// Err receives diagnostics in the machine formats, where Out carries
	// data only; the human formats write everything to Out, as
	// nebula-console does.
	Err io.Writer
	// Demos holds the demo scripts that :play NAME finds as NAME.ngql.
	Demos fs.FS
	// Now returns the time printed after each response; time.Now if nil.
	Now func() time.Time
	// SettleAttempts and SettleInterval bound how long :play retries a
	// statement that fails after DDL (a new space or schema takes a
	// heartbeat to reach every graphd). Defaults: 30 and 1s.
	SettleAttempts int
	SettleInterval time.Duration
}

// Console executes input lines against a session: console-side commands
// itself, everything else through graphd, printing results as
// nebula-console does. It is not safe for concurrent use.
type Console struct {
	opts    Options
	sess    Session
	space   string
	params  map[string]any
	repeats int      // :repeat for the next statement
	csvOut  *os.File // :csv for the next result
	dotOut  *os.File // :dot for the next plan
	failed  bool
	names   nameCache
	playing bool
}

// New returns a Console on sess.
func New(sess Session, opts Options) *Console {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Err == nil {
		opts.Err = opts.Out
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SettleAttempts <= 0 {
		opts.SettleAttempts = 30
	}
	if opts.SettleInterval <= 0 {
		opts.SettleInterval = time.Second
	}
	if opts.User == "" {
		opts.User = "root"
	}
	return &Console{opts: opts, sess: sess, params: map[string]any{}, repeats: 1}
}

// Failed reports whether any statement or command has failed so far.
func (c *Console) Failed() bool { return c.failed }

// Space is the current space as graphd last reported it, "" for none.
func (c *Console) Space() string { return c.space }

// Params returns the parameters set with :param. The map is the console's
// own: callers must not modify it.
func (c *Console) Params() map[string]any { return c.params }

// Prompt returns the prompt for a new line, "(user@nebula) [space]> ", or
// for a continuation line the same width ending in "-> ".
func (c *Console) Prompt(continuation bool) string {
	space := c.space
	if space == "" {
		space = "(none)"
	}
	p := fmt.Sprintf("(%s@nebula) [%s]> ", c.opts.User, space)
	if continuation {
		return strings.Repeat(" ", len(p)-3) + "-> "
	}
	return p
}

// Run reads logical lines from r and executes them until the input ends,
// :exit/:quit, or, with FailFast, the first failure (ErrStatementFailed).
// Ctrl-C at the prompt drops the line being typed. A client error (the
// connection to graphd lost for good) ends the run with that error. The
// prompt is passed to r, which shows or echoes it.
func (c *Console) Run(ctx context.Context, r LineReader) error {
	defer c.closeExports()
	var j Joiner
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := r.ReadLine(c.Prompt(j.Pending()))
		switch {
		case errors.Is(err, ErrInterrupted):
			j.Reset()
			continue
		case errors.Is(err, io.EOF):
			if line, ok := j.Flush(); ok {
				if quit, err := c.Execute(ctx, line); err != nil || quit {
					return err
				}
			}
			if !c.opts.Format.machine() {
				fmt.Fprintln(c.opts.Out)
			}
			return nil
		case err != nil:
			return err
		}
		line, complete := j.Feed(in)
		if !complete {
			continue
		}
		quit, err := c.Execute(ctx, line)
		if err != nil || quit {
			return err
		}
	}
}

// Execute runs one logical line: a console command or a request to graphd.
// quit is true for :exit and :quit. The error is a client error, a
// cancelled context, or ErrStatementFailed under FailFast.
func (c *Console) Execute(ctx context.Context, line string) (quit bool, err error) {
	if blank(line) {
		return false, nil
	}
	cmd, local, perr := ParseCommand(line)
	if !local {
		return false, c.statement(ctx, line)
	}
	if perr != nil {
		return false, c.commandFailed("Error: " + perr.Error())
	}
	if cmd.Kind == CmdQuit {
		return true, nil
	}
	return false, c.command(ctx, cmd)
}

// blank reports whether a logical line has nothing for graphd: empty, or a
// comment alone ('#' or '//' to the end of the line). graphd would answer
// such a request with a "statement empty" error.
func blank(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//")
}

// statement sends one request, :repeat times, and prints each response.
func (c *Console) statement(ctx context.Context, stmt string) error {
	repeats := c.repeats
	c.repeats = 1
	var serverUs, wallUs int64
	for i := 0; i < repeats; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := time.Now()
		rs, err := c.sess.ExecuteWithParameter(stmt, c.params)
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("execute: %w", err)
		}
		serverUs += rs.GetLatency()
		wallUs += wall.Microseconds()
		if err := c.show(rs, wall); err != nil {
			return err
		}
		c.space = rs.GetSpaceName()
		c.names.noteStatement(stmt, c.space)
		if failed(rs) {
			c.failed = true
			if c.opts.FailFast {
				return ErrStatementFailed
			}
		}
	}
	if repeats > 1 && !c.opts.Format.machine() {
		fmt.Fprintf(c.opts.Out, "Executed %d times, (total time spent %d/%d us), (average time spent %d/%d us)\n\n",
			repeats, serverUs, wallUs, serverUs/int64(repeats), wallUs/int64(repeats))
	}
	return nil
}

// show prints one response and feeds the pending :csv and :dot exports.
func (c *Console) show(rs *nebula.ResultSet, wall time.Duration) error {
	if c.csvOut != nil {
		f := c.csvOut
		c.csvOut = nil
		err := RenderCSV(f, rs)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			c.note(fmt.Sprintf("Error: export csv to %s: %v", f.Name(), err))
		}
	}
	if c.dotOut != nil && rs.IsSetPlanDesc() {
		f := c.dotOut
		c.dotOut = nil
		_, err := io.WriteString(f, DotGraph(rs.GetPlanDesc()))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			c.note(fmt.Sprintf("Error: export dot to %s: %v", f.Name(), err))
		}
	}
	if c.opts.Format.machine() {
		if err := printMachine(c.opts.Out, c.opts.Err, rs, c.opts.Format); err != nil {
			return fmt.Errorf("print result: %w", err)
		}
		return nil
	}
	if err := printResult(c.opts.Out, rs, view{format: c.opts.Format, planTable: c.opts.PlanTable}, wall); err != nil {
		return fmt.Errorf("print result: %w", err)
	}
	c.timestamp()
	return nil
}

// timestamp prints the line nebula-console ends each response with.
func (c *Console) timestamp() {
	fmt.Fprintf(c.opts.Out, "%s\n\n", c.opts.Now().In(time.Local).Format(timestampLayout))
}

// note prints a console message: to Out with the timestamp in the human
// formats, as nebula-console's printConsoleResp does, to Err otherwise.
func (c *Console) note(msg string) {
	if c.opts.Format.machine() {
		fmt.Fprintln(c.opts.Err, msg)
		return
	}
	fmt.Fprintf(c.opts.Out, "%s\n\n", msg)
	c.timestamp()
}

// commandFailed reports a failed console command.
func (c *Console) commandFailed(msg string) error {
	c.failed = true
	c.note(msg)
	if c.opts.FailFast {
		return ErrStatementFailed
	}
	return nil
}

func (c *Console) command(ctx context.Context, cmd Command) error {
	switch cmd.Kind {
	case CmdUnknown:
		return c.commandFailed("Error: this local command not exists!")
	case CmdSleep:
		return sleep(ctx, time.Duration(cmd.N)*time.Second)
	case CmdRepeat:
		c.repeats = cmd.N
	case CmdCSV:
		f, err := createExport(cmd.Name, c.csvOut)
		if err != nil {
			return c.commandFailed("Error: " + err.Error())
		}
		c.csvOut = f
	case CmdDot:
		f, err := createExport(cmd.Name, c.dotOut)
		if err != nil {
			return c.commandFailed("Error: " + err.Error())
		}
		c.dotOut = f
	case CmdParam:
		if cmd.Value == "" {
			delete(c.params, cmd.Name)
			return nil
		}
		v, err := ParseValue(cmd.Value)
		if err != nil {
			return c.commandFailed("Error: parameter parsing failed, " + err.Error())
		}
		c.params[cmd.Name] = v
	case CmdParams:
		c.listParams(cmd.Name)
	case CmdPlay:
		return c.playCommand(ctx, cmd.Name)
	}
	return nil
}

// createExport opens the file for the next :csv or :dot export, replacing
// one still pending.
func createExport(name string, pending *os.File) (*os.File, error) {
	if pending != nil {
		pending.Close()
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open or create file %s failed, %w", name, err)
	}
	return f, nil
}

func (c *Console) closeExports() {
	for _, f := range []*os.File{c.csvOut, c.dotOut} {
		if f != nil {
			f.Close()
		}
	}
	c.csvOut, c.dotOut = nil, nil
}

// listParams prints one parameter, or all of them sorted by name.
func (c *Console) listParams(name string) {
	w := c.opts.Out
	if c.opts.Format.machine() {
		w = c.opts.Err
	}
	if name != "" {
		v, ok := c.params[name]
		if !ok {
			fmt.Fprintf(w, "Unknown parameter: %s\n", name)
			return
		}
		fmt.Fprintf(w, "%s => %s\n", name, FormatValue(v))
		return
	}
	names := make([]string, 0, len(c.params))
	for k := range c.params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(w, "%s => %s\n", k, FormatValue(c.params[k]))
	}
}

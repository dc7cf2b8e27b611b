// Command console is NovaGraph's interactive client, a drop-in for
// nebula-console: the same flags (single-dash, Go flag style), prompt,
// result tables and console commands (:param, :params, :csv, :dot, :play,
// :sleep, :repeat, :exit), plus --format, --fail-fast and plan trees.
// The work is done by pkg/console; this file turns flags into its Config.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/novagraph/novagraph/pkg/console"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses args as nebula-console does and runs the console; it returns
// the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("console", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var (
		cfg       console.Config
		timeoutMs int
		version   bool
		format    string
		plan      string
	)
	// nebula-console's flags, each under both of its names.
	strVar := func(p *string, names []string, def, usage string) {
		for _, n := range names {
			flags.StringVar(p, n, def, usage)
		}
	}
	strVar(&cfg.Addr, []string{"addr", "address"}, "127.0.0.1", "The NovaGraph graphd IP/HOST address")
	for _, n := range []string{"P", "port"} {
		flags.IntVar(&cfg.Port, n, 9669, "The NovaGraph graphd port")
	}
	strVar(&cfg.User, []string{"u", "user"}, "root", "The login user name")
	strVar(&cfg.Password, []string{"p", "password"}, "", "The login password; asked for on a terminal when missing")
	for _, n := range []string{"t", "timeout"} {
		flags.IntVar(&timeoutMs, n, 0, "The client connection and request timeout in milliseconds, 0 means never timeout")
	}
	strVar(&cfg.Eval, []string{"e", "eval"}, "", "The nGQL directly")
	strVar(&cfg.File, []string{"f", "file"}, "", "The nGQL script file name")
	for _, n := range []string{"v", "version"} {
		flags.BoolVar(&version, n, false, "Print the console version and exit")
	}
	flags.BoolVar(&cfg.EnableSSL, "enable_ssl", false, "Connect to graphd with TLS")
	flags.StringVar(&cfg.SSLRootCAPath, "ssl_root_ca_path", "", "The root CA certificate (PEM); the system's roots when empty")
	flags.StringVar(&cfg.SSLCertPath, "ssl_cert_path", "", "The client certificate (PEM) for mutual TLS")
	flags.StringVar(&cfg.SSLPrivateKeyPath, "ssl_private_key_path", "", "The client certificate's private key (PEM)")
	flags.BoolVar(&cfg.SSLInsecureSkipVerify, "ssl_insecure_skip_verify", false, "Accept any server certificate (testing only)")
	// NovaGraph's additions.
	flags.StringVar(&format, "format", "table", "Result format: table, csv, json or vertical")
	flags.BoolVar(&cfg.FailFast, "fail-fast", false, "With -e/-f/stdin: stop at the first failing statement and exit with status 1")
	flags.StringVar(&plan, "plan", "tree", "How EXPLAIN/PROFILE plans are shown: tree, or row for nebula-console's table")
	if err := flags.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "Error: unexpected arguments %q\n", flags.Args())
		return 1
	}
	if version {
		fmt.Fprintf(stdout, "novagraph console %s, compatible with nebula-console v3\n", buildVersion())
		return 0
	}
	var err error
	if cfg.Format, err = console.ParseFormat(format); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	switch plan {
	case "tree":
	case "row":
		cfg.PlanTable = true
	default:
		fmt.Fprintf(stderr, "Error: unknown -plan %q (want tree or row)\n", plan)
		return 1
	}
	if timeoutMs < 0 {
		fmt.Fprintln(stderr, "Error: argument timeout is negative")
		return 1
	}
	cfg.Timeout = time.Duration(timeoutMs) * time.Millisecond
	cfg.Stdin, cfg.Stdout, cfg.Stderr = stdin, stdout, stderr
	if demos, err := demoFS(); err == nil {
		cfg.Demos = demos
	}
	cfg.HistoryFile = historyFile()
	in, inOK := stdin.(*os.File)
	out, outOK := stdout.(*os.File)
	if inOK && outOK && in == os.Stdin && out == os.Stdout && console.IsTerminal(in) && console.IsTerminal(out) {
		cfg.Terminal = true
		cfg.ReadPassword = func() (string, error) { return console.ReadPassword("Enter password: ") }
	}
	return console.Run(ctx, cfg)
}

// historyFile is ~/.nebula_history, shared with nebula-console, or next to
// the executable when there is no home directory.
func historyFile() string {
	home := os.Getenv("HOME")
	if home == "" {
		exe, err := os.Executable()
		if err != nil {
			return ""
		}
		home = filepath.Dir(exe)
	}
	return filepath.Join(home, ".nebula_history")
}

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

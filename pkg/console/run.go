package console

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// Config is a console invocation: nebula-console's flags plus NovaGraph's
// additions. cmd/console fills it from the command line.
type Config struct {
	Addr     string        // graphd host or IP (-addr)
	Port     int           // graphd port (-port, -P)
	User     string        // -u
	Password string        // -p
	Timeout  time.Duration // connection and request timeout (-t, in ms there); 0 = none

	Eval string // -e: run these lines and exit
	File string // -f: run this file and exit

	EnableSSL             bool
	SSLRootCAPath         string
	SSLCertPath           string
	SSLPrivateKeyPath     string
	SSLInsecureSkipVerify bool

	Format    Format
	PlanTable bool
	FailFast  bool

	// HistoryFile keeps the interactive history; "" keeps none.
	HistoryFile string
	// Demos are the scripts :play finds by name.
	Demos fs.FS

	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Terminal, when true, runs the interactive line editor on the
	// process's own terminal (Stdin and Stdout are then os.Stdin and
	// os.Stdout). The caller decides, usually with IsTerminal.
	Terminal bool
	// ReadPassword asks for a password that was not given; nil means a
	// missing password is an error.
	ReadPassword func() (string, error)
}

// Validate reports the first invalid setting, with nebula-console's wording
// where it has one.
func (c *Config) Validate() error {
	switch {
	case c.Addr == "":
		return errors.New("argument addr is empty")
	case c.Port <= 0 || c.Port > 65535:
		return fmt.Errorf("argument port %d is out of range", c.Port)
	case c.User == "":
		return errors.New("argument username is empty")
	case c.Timeout < 0:
		return errors.New("argument timeout is negative")
	case c.Eval != "" && c.File != "":
		return errors.New("arguments -e and -f exclude each other")
	case (c.SSLCertPath == "") != (c.SSLPrivateKeyPath == ""):
		return errors.New("arguments ssl_cert_path and ssl_private_key_path go together")
	}
	return nil
}

// interactive reports whether the console reads from a person.
func (c *Config) interactive() bool { return c.Eval == "" && c.File == "" && c.Terminal }

// Exit statuses of Run.
const (
	ExitOK     = 0
	ExitFailed = 1 // a failure: connection, flags, or a statement under FailFast
)

// Run connects to graphd and runs the console: the -e lines, the -f file,
// the interactive editor, or (stdin not a terminal) stdin as a script. It
// returns the process exit status. Statement errors are printed and do not
// change the status unless FailFast is set; client errors (cannot connect,
// authentication refused, connection lost) give ExitFailed.
func Run(ctx context.Context, cfg Config) int {
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(cfg.Stderr, "Error: "+format+"\n", args...)
		return ExitFailed
	}
	if err := cfg.Validate(); err != nil {
		return fail("%v", err)
	}
	if cfg.Password == "" {
		if cfg.ReadPassword == nil {
			return fail("argument password is empty")
		}
		pw, err := cfg.ReadPassword()
		if err != nil {
			return fail("%v", err)
		}
		cfg.Password = pw
	}
	pool, sess, err := Connect(cfg)
	if err != nil {
		return fail("%v", err)
	}
	defer pool.Close()
	defer sess.Release()

	con := New(sess, Options{
		// A person at the prompt fixes a mistake and goes on; only scripts stop.
		User: cfg.User, Format: cfg.Format, PlanTable: cfg.PlanTable, FailFast: cfg.FailFast && !cfg.interactive(),
		Out: cfg.Stdout, Err: cfg.Stderr, Demos: cfg.Demos,
	})
	var r LineReader
	echo := cfg.Stdout
	if cfg.Format.machine() {
		echo = nil
	}
	switch {
	case cfg.Eval != "":
		r = NewScriptReader(strings.NewReader(cfg.Eval), echo)
	case cfg.File != "":
		f, err := os.Open(cfg.File)
		if err != nil {
			return fail("open file %s failed, %v", cfg.File, err)
		}
		defer f.Close()
		r = NewScriptReader(f, echo)
	case cfg.Terminal:
		t, err := NewTerminal(cfg.HistoryFile, con.Complete)
		if err != nil {
			return fail("%v", err)
		}
		r = t
		fmt.Fprint(cfg.Stdout, "\nWelcome!\n\n")
	default:
		r = NewScriptReader(cfg.Stdin, echo)
	}
	runErr := con.Run(ctx, r)
	if err := r.Close(); err != nil {
		fmt.Fprintf(cfg.Stderr, "Error: %v\n", err)
	}
	if !cfg.Format.machine() {
		fmt.Fprintf(cfg.Stdout, "\nBye %s!\n%s\n\n", cfg.User, time.Now().Format(timestampLayout))
	}
	switch {
	case errors.Is(runErr, ErrStatementFailed):
		fmt.Fprintln(cfg.Stderr, "Error: stopped at the first failure (--fail-fast)")
		return ExitFailed
	case errors.Is(runErr, context.Canceled):
		return fail("interrupted")
	case runErr != nil:
		return fail("%v", runErr)
	}
	return ExitOK
}

// Connect opens a connection pool to graphd (with TLS when enabled) and a
// session as cfg.User. The caller releases the session and closes the pool.
func Connect(cfg Config) (*nebula.ConnectionPool, *nebula.Session, error) {
	host := nebula.HostAddress{Host: cfg.Addr, Port: cfg.Port}
	pc := nebula.GetDefaultConf()
	pc.TimeOut = cfg.Timeout
	pc.IdleTime = 0
	pc.MaxConnPoolSize = 2
	pc.MinConnPoolSize = 1
	var (
		pool *nebula.ConnectionPool
		err  error
	)
	if cfg.EnableSSL {
		tc, terr := TLSConfig(cfg)
		if terr != nil {
			return nil, nil, terr
		}
		pool, err = nebula.NewSslConnectionPool([]nebula.HostAddress{host}, pc, tc, poolLogger{cfg.Stderr})
	} else {
		pool, err = nebula.NewConnectionPool([]nebula.HostAddress{host}, pc, poolLogger{cfg.Stderr})
	}
	if err != nil {
		return nil, nil, fmt.Errorf("Fail to initialize the connection pool, host: %s, port: %d, %w", cfg.Addr, cfg.Port, err)
	}
	sess, err := pool.GetSession(cfg.User, cfg.Password)
	if err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("Fail to create a new session from connection pool, %w", err)
	}
	return pool, sess, nil
}

// TLSConfig builds the client TLS settings from the ssl flags: the root CA
// if given (the system's roots otherwise), a client certificate if given
// (mutual TLS), and the server name from -addr.
func TLSConfig(cfg Config) (*tls.Config, error) {
	tc := &tls.Config{
		ServerName:         cfg.Addr,
		InsecureSkipVerify: cfg.SSLInsecureSkipVerify, //nolint:gosec // an explicit flag, for test clusters
		MinVersion:         tls.VersionTLS12,
	}
	if cfg.SSLRootCAPath != "" {
		pem, err := os.ReadFile(cfg.SSLRootCAPath)
		if err != nil {
			return nil, fmt.Errorf("read ssl_root_ca_path: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ssl_root_ca_path %s holds no PEM certificate", cfg.SSLRootCAPath)
		}
		tc.RootCAs = roots
	}
	if cfg.SSLCertPath != "" {
		cert, err := tls.LoadX509KeyPair(cfg.SSLCertPath, cfg.SSLPrivateKeyPath)
		if err != nil {
			return nil, fmt.Errorf("load client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// poolLogger keeps nebula-go's chatter ("connection pool is initialized
// successfully") out of the output; its warnings and errors go to stderr.
type poolLogger struct{ w io.Writer }

func (poolLogger) Info(string)     {}
func (l poolLogger) Warn(m string) { fmt.Fprintln(l.w, "[WARN]", m) }
func (l poolLogger) Error(m string) {
	fmt.Fprintln(l.w, "[ERROR]", m)
}
func (l poolLogger) Fatal(m string) { fmt.Fprintln(l.w, "[FATAL]", m) }

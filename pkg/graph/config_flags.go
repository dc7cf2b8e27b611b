package graph

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/pflag"
)

// BindFlags registers the flags of c's fields on fs, named and scaled as
// NebulaGraph's graphd flags (seconds, milliseconds, MiB). cmd/graphd
// parses its command line and flagfile through them, and an in-process
// graphd (localcluster, the conformance runner's dedicated clusters)
// takes "name=value" settings through the same set.
func (c *Config) BindFlags(fs *pflag.FlagSet) {
	fs.StringVar(&c.LocalIP, "local_ip", c.LocalIP, "address to listen on and advertise")
	fs.IntVar(&c.Port, "port", c.Port, "client (Thrift) port")
	fs.IntVar(&c.WSHTTPPort, "ws_http_port", c.WSHTTPPort, "HTTP port for /status, /flags and /metrics")
	fs.Var(scaled(&c.ClientIdleTimeout, time.Second), "client_idle_timeout_secs",
		"close a client connection idle this long")
	fs.Var(scaled(&c.SessionIdleTimeout, time.Second), "session_idle_timeout_secs",
		"expire a session idle this long; 0 never expires")
	fs.Var(scaled(&c.SessionReclaimInterval, time.Second), "session_reclaim_interval_secs",
		"how often expired sessions are removed")
	fs.BoolVar(&c.EnableAuthorize, "enable_authorize", c.EnableAuthorize,
		"check user names and passwords (off: any credentials are accepted)")
	fs.BoolVar(&c.EnableClientWhiteList, "enable_client_white_list", c.EnableClientWhiteList,
		"accept only client versions listed in --client_white_list")
	fs.StringVar(&c.ClientWhiteList, "client_white_list", c.ClientWhiteList, "colon-separated accepted client versions")
	fs.Int64Var(&c.MaxAllowedConnections, "max_allowed_connections", c.MaxAllowedConnections,
		"maximum sessions; 0 is unlimited")
	fs.IntVar(&c.MaxSessionsPerIPPerUser, "max_sessions_per_ip_per_user", c.MaxSessionsPerIPPerUser,
		"maximum sessions of one user from one address; 0 is unlimited")
	fs.Var(&loginAttemptsFlag{&c.FailedLoginAttempts}, "failed_login_attempts",
		"consecutive wrong passwords (0 to 32767) that lock a user out of this graphd for --password_lock_time_in_secs; 0 is no limit")
	fs.Var(scaled(&c.PasswordLockTime, time.Second), "password_lock_time_in_secs",
		"how long a user stays locked out after --failed_login_attempts wrong passwords; 0 is no limit")
	fs.StringVar(&c.TimezoneName, "timezone_name", c.TimezoneName, "server time zone, POSIX style (UTC+08:00 is 8 h west)")
	fs.Var(scaled(&c.QueryTimeout, time.Millisecond), "query_timeout_ms",
		"abort a request running longer than this; 0 is unlimited")
	fs.Var(scaled(&c.SlowQueryThreshold, time.Microsecond), "slow_query_threshold_us",
		"log (as \"slow query\", with text, session, duration and rows) and count every request at least this slow; 0 is off")
	fs.Var(&mebibytes{&c.QueryMemoryLimit}, "query_memory_limit_mb",
		"fail a request whose intermediate results grow past this many MiB (an estimate); 0 is unlimited")
	fs.IntVar(&c.MaxAllowedStatements, "max_allowed_statements", c.MaxAllowedStatements,
		"maximum statements in one request")
	fs.IntVar(&c.MaxAllowedQuerySize, "max_allowed_query_size", c.MaxAllowedQuerySize,
		"maximum bytes of one request's text")
	fs.BoolVar(&c.EnableSpaceOnZones, "enable_space_on_zones", c.EnableSpaceOnZones,
		"let CREATE SPACE ... ON z1, z2 place the space's replicas in those zones only, one replica of a part per zone (off: NebulaGraph's \"Create space with zone is unsupported\")")
}

// durationFlag is a time.Duration flag counted in whole units (a
// NebulaGraph *_secs, *_ms or *_us flag).
type durationFlag struct {
	d    *time.Duration
	unit time.Duration
}

func scaled(d *time.Duration, unit time.Duration) *durationFlag {
	return &durationFlag{d: d, unit: unit}
}

func (f *durationFlag) String() string { return strconv.FormatInt(int64(*f.d/f.unit), 10) }
func (f *durationFlag) Type() string   { return "int64" }

func (f *durationFlag) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return err
	}
	if n < 0 || n > math.MaxInt64/int64(f.unit) {
		return fmt.Errorf("%d out of range", n)
	}
	*f.d = time.Duration(n) * f.unit
	return nil
}

// mebibytes is a byte count set in MiB.
type mebibytes struct{ n *int64 }

func (f *mebibytes) String() string { return strconv.FormatInt(*f.n>>20, 10) }
func (f *mebibytes) Type() string   { return "int64" }

func (f *mebibytes) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return err
	}
	if n < 0 || n > math.MaxInt64>>20 {
		return fmt.Errorf("%d out of range", n)
	}
	*f.n = n << 20
	return nil
}

// loginAttemptsFlag is --failed_login_attempts, which NebulaGraph
// validates to 0..32767.
type loginAttemptsFlag struct{ n *int }

func (f *loginAttemptsFlag) String() string { return strconv.Itoa(*f.n) }
func (f *loginAttemptsFlag) Type() string   { return "uint32" }

func (f *loginAttemptsFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	if n < 0 || n > 32767 {
		return fmt.Errorf("%d is not an integer between 0 and 32767", n)
	}
	*f.n = n
	return nil
}

package graph

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Version is the NebulaGraph server version NovaGraph answers as.
const Version = "3.8.0"

// Config is graphd's configuration; cmd/graphd fills it from flags named as
// NebulaGraph's.
type Config struct {
	LocalIP    string // address to bind and to advertise
	Port       int    // client Thrift port (9669)
	WSHTTPPort int    // HTTP port for /status, /flags, /metrics (19669)

	ClientIdleTimeout      time.Duration // close connections idle this long; 0 = 8 h
	SessionIdleTimeout     time.Duration // expire sessions idle this long; 0 = never
	SessionReclaimInterval time.Duration

	EnableAuthorize       bool
	EnableClientWhiteList bool
	ClientWhiteList       string // colon-separated accepted client versions

	MaxAllowedConnections   int64 // sessions in total; 0 = unlimited
	MaxSessionsPerIPPerUser int   // 0 = unlimited

	// FailedLoginAttempts consecutive wrong passwords for one user lock it
	// out of this graphd for PasswordLockTime (whole seconds); either 0
	// turns that off.
	FailedLoginAttempts int
	PasswordLockTime    time.Duration

	// TimezoneName is NebulaGraph's --timezone_name, POSIX style:
	// "UTC+08:00" is eight hours *behind* UTC, like TZ=UTC+8.
	TimezoneName string

	// QueryTimeout bounds one request's execution; 0 is unlimited.
	QueryTimeout time.Duration
	// SlowQueryThreshold is --slow_query_threshold_us: requests at least this
	// slow are logged and counted (slowlog.go); 0 turns that off.
	SlowQueryThreshold time.Duration
	// QueryMemoryLimit bounds what one request materialises, in bytes
	// (--query_memory_limit_mb); 0 is unlimited.
	QueryMemoryLimit int64
	// MaxAllowedStatements bounds the statements of one request and
	// MaxAllowedQuerySize its text in bytes, as NebulaGraph's flags.
	MaxAllowedStatements int
	MaxAllowedQuerySize  int

	// EnableSpaceOnZones is --enable_space_on_zones: CREATE SPACE ... ON
	// z1, z2 places the space's replicas in those zones only, instead of
	// NebulaGraph 3.x's "Create space with zone is unsupported".
	EnableSpaceOnZones bool

	// Flags, when set, lists every flag and its value for /flags.
	Flags func() map[string]string
}

// DefaultConfig returns NebulaGraph's defaults.
func DefaultConfig() Config {
	return Config{
		QueryMemoryLimit:        4 << 30,
		MaxAllowedStatements:    512,
		MaxAllowedQuerySize:     4 << 20,
		LocalIP:                 "127.0.0.1",
		Port:                    9669,
		WSHTTPPort:              19669,
		ClientIdleTimeout:       28800 * time.Second,
		SessionIdleTimeout:      28800 * time.Second,
		SessionReclaimInterval:  10 * time.Second,
		EnableAuthorize:         true,
		EnableClientWhiteList:   true,
		ClientWhiteList:         Version + ":3.0.0",
		MaxSessionsPerIPPerUser: 300,
		TimezoneName:            "UTC+00:00:00",
		SlowQueryThreshold:      200 * time.Millisecond,
	}
}

func (c *Config) clientWhiteList() []string { return strings.Split(c.ClientWhiteList, ":") }

// timeZone returns the zone's offset east of UTC in seconds and its name.
func (c *Config) timeZone() (int32, string) {
	off, name, err := parseTimezone(c.TimezoneName)
	if err != nil {
		return 0, "UTC"
	}
	return off, name
}

// Validate reports the first invalid setting.
func (c *Config) Validate() error {
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("port %d out of range", c.Port)
	}
	if c.WSHTTPPort < 0 || c.WSHTTPPort > 65535 {
		return fmt.Errorf("ws_http_port %d out of range", c.WSHTTPPort)
	}
	if _, _, err := parseTimezone(c.TimezoneName); err != nil {
		return fmt.Errorf("timezone_name: %w", err)
	}
	return nil
}

// parseTimezone reads a POSIX TZ name with an offset, "NAME[+|-]hh[:mm[:ss]]",
// and returns the offset east of UTC (POSIX counts west, hence the sign flip).
func parseTimezone(s string) (int32, string, error) {
	i := strings.IndexAny(s, "+-0123456789")
	if i <= 0 {
		return 0, "", fmt.Errorf("invalid time zone %q: want NAME[+|-]hh[:mm[:ss]]", s)
	}
	name, rest := s[:i], s[i:]
	sign := int64(1)
	switch rest[0] {
	case '-':
		sign = -1
		rest = rest[1:]
	case '+':
		rest = rest[1:]
	}
	parts := strings.Split(rest, ":")
	if len(parts) > 3 {
		return 0, "", fmt.Errorf("invalid time zone %q", s)
	}
	limits := []int64{24, 59, 59}
	mult := []int64{3600, 60, 1}
	var secs int64
	for j, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 || n > limits[j] {
			return 0, "", fmt.Errorf("invalid time zone %q", s)
		}
		secs += n * mult[j]
	}
	return int32(-sign * secs), name, nil
}

package graph

import (
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// TestBindFlags: NebulaGraph's flag names set the Config's fields in their
// units, and out-of-range values are refused.
func TestBindFlags(t *testing.T) {
	for _, c := range []struct {
		name, value string
		check       func(Config) bool
		wantErr     bool
	}{
		{name: "failed_login_attempts", value: "5", check: func(c Config) bool { return c.FailedLoginAttempts == 5 }},
		{name: "failed_login_attempts", value: "32768", wantErr: true},
		{name: "password_lock_time_in_secs", value: "5", check: func(c Config) bool { return c.PasswordLockTime == 5*time.Second }},
		{name: "session_idle_timeout_secs", value: "60", check: func(c Config) bool { return c.SessionIdleTimeout == time.Minute }},
		{name: "query_timeout_ms", value: "1500", check: func(c Config) bool { return c.QueryTimeout == 1500*time.Millisecond }},
		{name: "slow_query_threshold_us", value: "0", check: func(c Config) bool { return c.SlowQueryThreshold == 0 }},
		{name: "query_memory_limit_mb", value: "3", check: func(c Config) bool { return c.QueryMemoryLimit == 3<<20 }},
		{name: "client_idle_timeout_secs", value: "-1", wantErr: true},
		{name: "enable_authorize", value: "false", check: func(c Config) bool { return !c.EnableAuthorize }},
	} {
		t.Run(c.name+"="+c.value, func(t *testing.T) {
			cfg := DefaultConfig()
			fs := pflag.NewFlagSet("graphd", pflag.ContinueOnError)
			cfg.BindFlags(fs)
			err := fs.Set(c.name, c.value)
			if c.wantErr != (err != nil) {
				t.Fatalf("Set: %v, want an error: %v", err, c.wantErr)
			}
			if err == nil && !c.check(cfg) {
				t.Fatalf("config after --%s=%s: %+v", c.name, c.value, cfg)
			}
			if err == nil && fs.Lookup(c.name).Value.String() != c.value {
				t.Fatalf("--%s reads back as %s", c.name, fs.Lookup(c.name).Value.String())
			}
		})
	}
}

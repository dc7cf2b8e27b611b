package meta

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Version is the NebulaGraph version metad answers as.
const Version = "3.8.0"

// Config is metad's configuration; cmd/metad fills it from flags named as
// NebulaGraph's.
type Config struct {
	// MetaServerAddrs lists every metad replica's Thrift address,
	// "host:port,host:port,...". Empty means a single replica, this one.
	MetaServerAddrs string
	LocalIP         string // address to bind and advertise; must appear in MetaServerAddrs
	Port            int    // Thrift port (9559); raft uses Port+1
	WSHTTPPort      int    // HTTP port for /status, /flags, /metrics (19559)
	DataPath        string // directory of the state, the raft log and snapshots

	// HeartbeatInterval is the interval hosts heartbeat at; a host is
	// OFFLINE after ExpiredTimeFactor of them without one. metad also
	// heartbeats itself (role META) at this interval.
	HeartbeatInterval time.Duration
	ExpiredTimeFactor int

	// SessionIdleTimeout removes sessions no graphd updated for this long;
	// 0 keeps them. SessionReclaimInterval is how often the leader looks.
	SessionIdleTimeout     time.Duration
	SessionReclaimInterval time.Duration

	// DefaultPartsNum and DefaultReplicaFactor apply when CREATE SPACE
	// gives none.
	DefaultPartsNum      int
	DefaultReplicaFactor int

	EnableClientWhiteList bool
	ClientWhiteList       string // colon-separated accepted client versions

	// PasswordHashIterations is the PBKDF2 cost of passwords set from now
	// on; 0 is DefaultHashIterations.
	PasswordHashIterations int

	Raft RaftTuning
	// ApplyTimeout bounds one replicated write; default 10 s.
	ApplyTimeout time.Duration

	// Flags, when set, lists every flag and its value for /flags.
	Flags func() map[string]string
}

// DefaultConfig returns NebulaGraph's defaults.
func DefaultConfig() Config {
	return Config{
		LocalIP:                "127.0.0.1",
		Port:                   9559,
		WSHTTPPort:             19559,
		DataPath:               "data/meta",
		HeartbeatInterval:      10 * time.Second,
		ExpiredTimeFactor:      5,
		SessionIdleTimeout:     28800 * time.Second,
		SessionReclaimInterval: 60 * time.Second,
		DefaultPartsNum:        100,
		DefaultReplicaFactor:   1,
		EnableClientWhiteList:  true,
		ClientWhiteList:        Version + ":3.0.0",
		PasswordHashIterations: DefaultHashIterations,
		ApplyTimeout:           10 * time.Second,
	}
}

// Validate reports the first invalid setting.
func (c *Config) Validate() error {
	if c.Port <= 0 || c.Port >= 65535 {
		return fmt.Errorf("port %d out of range (raft takes port+1)", c.Port)
	}
	if c.WSHTTPPort < 0 || c.WSHTTPPort > 65535 {
		return fmt.Errorf("ws_http_port %d out of range", c.WSHTTPPort)
	}
	if c.DataPath == "" {
		return fmt.Errorf("data_path is empty")
	}
	if c.HeartbeatInterval <= 0 {
		return fmt.Errorf("heartbeat_interval_secs must be positive")
	}
	if c.ExpiredTimeFactor <= 0 {
		return fmt.Errorf("expired_time_factor must be positive")
	}
	peers, err := c.peers()
	if err != nil {
		return err
	}
	self := c.selfAddr()
	for _, p := range peers {
		if p == self {
			return nil
		}
	}
	return fmt.Errorf("meta_server_addrs %q does not list this metad (%s)", c.MetaServerAddrs, self)
}

// selfAddr is this replica's Thrift address, its raft server id.
func (c *Config) selfAddr() string { return net.JoinHostPort(c.LocalIP, strconv.Itoa(c.Port)) }

// peers returns every replica's canonical Thrift address.
func (c *Config) peers() ([]string, error) {
	if strings.TrimSpace(c.MetaServerAddrs) == "" {
		return []string{c.selfAddr()}, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range strings.Split(c.MetaServerAddrs, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		h, err := parseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("meta_server_addrs: %w", err)
		}
		a := addrString(h)
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out, nil
}

// expiry is how long after its last heartbeat a host counts as alive.
func (c *Config) expiry() time.Duration {
	return c.HeartbeatInterval * time.Duration(c.ExpiredTimeFactor)
}

func (c *Config) clientWhiteList() []string { return strings.Split(c.ClientWhiteList, ":") }

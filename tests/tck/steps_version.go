package tck

import (
	"fmt"

	messages "github.com/cucumber/messages/go/v21"
	client "github.com/vesoft-inc/nebula-go/v3"
)

// The client-version handshake (tck/verify_client_version): nebula-go
// sends its PoolConfig.HandshakeKey as VerifyClientVersionReq.version when
// it opens a connection, or the request's default (3.0.0) without one.

func init() {
	step(`connecting the servers with a compatible client version`, connectWithVersion)
	step(`connecting the servers with a client version of (\S+)`, connectWithVersion)
	checkStep(`the connection should be (established|rejected)`, connectionShouldBe)
}

func connectWithVersion(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	addrs := s.r.graphAddrs
	if s.ded != nil {
		addrs = s.ded.cluster.GraphAddrs()
	}
	if len(addrs) == 0 {
		return unsupportedf("the runner has no graphd address to connect to")
	}
	conf := client.GetDefaultConf()
	conf.MaxConnPoolSize, conf.MinConnPoolSize = 1, 1
	if len(args) > 1 {
		conf.HandshakeKey = args[1]
	}
	pool, err := client.NewConnectionPool(addrs[:1], conf, quietLogger{})
	if err == nil {
		pool.Close()
	}
	s.connTried, s.connErr = true, err
	return nil
}

func connectionShouldBe(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	if !s.connTried {
		return fmt.Errorf("no connection was attempted")
	}
	switch {
	case args[1] == "established" && s.connErr != nil:
		return fmt.Errorf("the connection was rejected: %w", s.connErr)
	case args[1] == "rejected" && s.connErr == nil:
		return fmt.Errorf("the connection was established")
	}
	return nil
}

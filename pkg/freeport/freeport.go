// Package freeport finds loopback ports for in-process test clusters.
//
// A port taken from the kernel with ":0" lies in the ephemeral range, the
// one outgoing connections draw their local ports from. A test that stops
// a daemon and starts it again on the same port can then find the port
// taken by some client's connection ("address already in use"), as
// TestClusterLeaderLoss once did under -race in CI. Ports below that range
// are never handed out that way, so they stay free for a restart.
package freeport

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// lowest is where the search starts: below it lie well-known services.
const lowest = 10000

// Block returns a port p such that p..p+n-1 are free now, below the
// ephemeral range when the machine has room there. Another process may
// still take them before they are bound; tests live with that window.
func Block(n int) (int, error) {
	hi := ephemeralLow() - n
	for attempt := 0; attempt < 200 && hi > lowest; attempt++ {
		if p := lowest + rand.IntN(hi-lowest); free(p, n) {
			return p, nil
		}
	}
	for attempt := 0; attempt < 100; attempt++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("find a free port: %w", err)
		}
		p := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if free(p, n) {
			return p, nil
		}
	}
	return 0, errors.New("find free ports: none")
}

// free reports whether p..p+n-1 can all be bound on loopback now.
func free(p, n int) bool {
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	for i := range n {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p+i)))
		if err != nil {
			return false
		}
		held = append(held, l)
	}
	return true
}

// ephemeralLow is the first port of the kernel's ephemeral range (Linux's
// default 32768 when it cannot be read).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 32768
	}
	low, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return low
}

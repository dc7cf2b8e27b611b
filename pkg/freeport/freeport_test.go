package freeport

import (
	"net"
	"strconv"
	"testing"
)

func TestBlockIsFreeAndBelowEphemeralRange(t *testing.T) {
	for _, n := range []int{1, 2, 4} {
		p, err := Block(n)
		if err != nil {
			t.Fatal(err)
		}
		if low := ephemeralLow(); low-n > lowest && p+n > low {
			t.Errorf("Block(%d) = %d, inside the ephemeral range from %d", n, p, low)
		}
		for i := range n {
			l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p+i)))
			if err != nil {
				t.Fatalf("Block(%d) = %d, but port %d is busy: %v", n, p, p+i, err)
			}
			l.Close()
		}
	}
}

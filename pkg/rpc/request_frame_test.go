package rpc

import (
	"context"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/graph"
)

// TestHeaderTransformsFallBack: requests of a header client go through the
// server's own frame reader (requestFrame) until one uses a transform
// (zlib), which it leaves to THeaderTransport; the connection then stays
// with THeaderTransport. Every answer must be right, whichever reader a
// request took, and whether the switch comes at the first request or in
// the middle of the connection.
func TestHeaderTransformsFallBack(t *testing.T) {
	s := startEcho(t)
	for _, tc := range []struct {
		name  string
		plain int // requests before the client turns zlib on
	}{
		{"zlib from the start", 0},
		{"zlib after two plain requests", 2},
		{"plain only", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &thrift.TConfiguration{ConnectTimeout: 2 * time.Second, SocketTimeout: 2 * time.Second}
			trans := thrift.NewTHeaderTransportConf(thrift.NewTSocketConf(s.Addr().String(), cfg), cfg)
			if err := trans.Open(); err != nil {
				t.Fatal(err)
			}
			defer trans.Close()
			proto := thrift.NewTHeaderProtocolConf(trans, cfg)
			c := graph.NewGraphServiceClient(thrift.NewTStandardClient(proto, proto))
			for i := range 5 {
				if i == tc.plain {
					if err := trans.AddTransform(thrift.TransformZlib); err != nil {
						t.Fatal(err)
					}
				}
				n := int64(i * 1000)
				r, err := c.ExecuteWithParameter(context.Background(), 1, []byte("x"), map[string]*common.Value{"n": {IVal: &n}})
				if err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
				if got := r.Data.Rows[0].Values[0].GetIVal(); got != n {
					t.Fatalf("request %d: echoed %d, want %d", i, got, n)
				}
			}
		})
	}
}

package rpc

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"io"
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

// FuzzRequestFrame: whatever a connection sends, requestFrame.read either
// takes one whole frame (and its payload lies inside it) or consumes
// nothing and leaves the bytes to THeaderTransport; it never panics.
func FuzzRequestFrame(f *testing.F) {
	frame, err := hex.DecodeString(handshake)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(frame)
	f.Add(append(append([]byte{}, frame...), frame...))
	f.Add(frame[:20])
	f.Add([]byte{0, 0, 0, 10, 0x0f, 0xff, 0, 0, 0, 0, 0, 1, 0, 0})
	f.Add([]byte{0, 0, 0, 14, 0x0f, 0xff, 0, 0, 0, 0, 0, 1, 0, 1, 2, 1, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := bytes.NewReader(data)
		r := thrift.NewTBufferedTransport(thrift.NewStreamTransportR(src), 64<<10)
		rf := &requestFrame{r: r, max: 1 << 20}
		// taken is how far into data the frame reader has consumed.
		taken := func() int { return len(data) - src.Len() - r.Reader.Buffered() }
		consumed := 0
		for range 8 {
			ok, err := rf.read()
			if err != nil {
				return
			}
			if !ok {
				if taken() != consumed {
					t.Fatalf("a frame left to THeaderTransport was consumed: at %d, not %d", taken(), consumed)
				}
				return
			}
			size := int(binary.BigEndian.Uint32(data[consumed:]))
			if len(rf.payload) > size-10 {
				t.Fatalf("payload of %d bytes in a frame of %d", len(rf.payload), size)
			}
			consumed += size + 4
			if taken() != consumed {
				t.Fatalf("read took %d bytes of the stream, the frame has %d", taken(), consumed)
			}
			if _, err := io.ReadAll(rf); err != nil {
				t.Fatal(err)
			}
		}
	})
}

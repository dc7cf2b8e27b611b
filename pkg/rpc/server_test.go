package rpc

import (
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/graph"
)

// echoService answers verifyClientVersion and echoes the parameters of
// executeWithParameter back as a one-row table; everything else is unused.
type echoService struct{ graph.GraphService }

func (echoService) VerifyClientVersion(context.Context, *graph.VerifyClientVersionReq) (*graph.VerifyClientVersionResp, error) {
	return &graph.VerifyClientVersionResp{ErrorCode: common.ErrorCode_SUCCEEDED}, nil
}

func (echoService) ExecuteWithParameter(_ context.Context, _ int64, _ []byte, params map[string]*common.Value) (*graph.ExecutionResponse, error) {
	row := &common.Row{}
	ds := &common.DataSet{Rows: []*common.Row{row}}
	for k, v := range params {
		ds.ColumnNames = append(ds.ColumnNames, []byte(k))
		row.Values = append(row.Values, v)
	}
	return &graph.ExecutionResponse{ErrorCode: common.ErrorCode_SUCCEEDED, Data: ds}, nil
}

func startEcho(t testing.TB) *Server {
	t.Helper()
	s := NewServer(graph.NewGraphServiceProcessor(echoService{}), ServerOptions{
		IdleTimeout: 5 * time.Second,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s
}

// apacheClient is a stock Apache Thrift header client (compact version 1),
// as our own daemons will use against each other.
func apacheClient(t testing.TB, addr string) (*graph.GraphServiceClient, func()) {
	t.Helper()
	cfg := &thrift.TConfiguration{ConnectTimeout: 2 * time.Second, SocketTimeout: 2 * time.Second}
	sock := thrift.NewTSocketConf(addr, cfg)
	trans := thrift.NewTHeaderTransportConf(sock, cfg)
	if err := trans.Open(); err != nil {
		t.Fatal(err)
	}
	proto := thrift.NewTHeaderProtocolConf(trans, cfg)
	return graph.NewGraphServiceClient(thrift.NewTStandardClient(proto, proto)), func() { trans.Close() }
}

func TestApacheHeaderClient(t *testing.T) {
	s := startEcho(t)
	c, closeFn := apacheClient(t, s.Addr().String())
	defer closeFn()
	ctx := context.Background()
	resp, err := c.VerifyClientVersion(ctx, &graph.VerifyClientVersionReq{Version: []byte("3.0.0")})
	if err != nil || resp.ErrorCode != common.ErrorCode_SUCCEEDED {
		t.Fatalf("%v %v", resp, err)
	}
	f := 3.75
	r, err := c.ExecuteWithParameter(ctx, 1, []byte("x"), map[string]*common.Value{"f": {FVal: &f}})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Data.Rows[0].Values[0].GetFVal(); got != 3.75 {
		t.Fatalf("double round trip: %v", got)
	}
}

// handshake is the start of what nebula-go sends on a new connection: one
// header frame (protocol compact, client_metadata info header) holding a
// compact *version 2* verifyClientVersion call.
const handshake = "0000005f0fff000000000000000d0200010" +
	"10f636c69656e745f6d65746164617461" + // "client_metadata"
	"1e7b226167656e74223a2268656164657274" + "72616e73706f72742e676f227d" + // {"agent":"headertransport.go"}
	"00" + "8222001376657269667943" + "6c69656e7456657273696f6e" + "1c1805332e302e300000"

func TestFbthriftCompactV2Handshake(t *testing.T) {
	s := startEcho(t)
	frame, err := hex.DecodeString(handshake)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", s.Addr().String(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write(frame); err != nil {
		t.Fatal(err)
	}
	var hdr [14]byte
	if _, err := io.ReadFull(conn, hdr[:]); err != nil {
		t.Fatalf("no reply: %v", err)
	}
	if hdr[4] != 0x0f || hdr[5] != 0xff {
		t.Fatalf("reply is not a header frame: % x", hdr)
	}
}

// FuzzServerInput: no byte sequence sent by a client may take the server
// down or wedge it for other clients.
func FuzzServerInput(f *testing.F) {
	frame, err := hex.DecodeString(handshake)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(frame)
	f.Add(frame[:20])
	f.Add([]byte{0, 0, 0, 4, 0x0f, 0xff, 0, 0})
	f.Add([]byte{0x7f, 0xff, 0xff, 0xff})
	f.Add([]byte("GET / HTTP/1.1\r\n\r\n"))
	s := startEcho(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		conn := dialNoLinger(t, s.Addr().String())
		conn.SetDeadline(time.Now().Add(20 * time.Millisecond))
		conn.Write(data)
		io.Copy(io.Discard, conn)
		conn.Close()

		// A fresh client must still get its handshake answered.
		conn = dialNoLinger(t, s.Addr().String())
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := conn.Write(frame); err != nil {
			t.Fatalf("server unusable after %x: %v", data, err)
		}
		var hdr [14]byte
		if _, err := io.ReadFull(conn, hdr[:]); err != nil {
			t.Fatalf("server unusable after %x: %v", data, err)
		}
	})
}

// dialNoLinger connects with SO_LINGER 0 so that closing resets the
// connection: a fuzz run makes tens of thousands of connections, and
// leaving each in TIME_WAIT would exhaust the loopback's ephemeral ports.
func dialNoLinger(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	tc := c.(*net.TCPConn)
	if err := tc.SetLinger(0); err != nil {
		t.Fatal(err)
	}
	return tc
}

// TestNonHeaderClients: clients that frame their messages without header
// frames (or not at all) are answered in their own framing, through the
// header transport rather than the header-client reply buffer.
func TestNonHeaderClients(t *testing.T) {
	s := startEcho(t)
	cfg := &thrift.TConfiguration{ConnectTimeout: 2 * time.Second, SocketTimeout: 2 * time.Second}
	for _, tc := range []struct {
		name  string
		trans func(thrift.TTransport) thrift.TTransport
		proto func(thrift.TTransport) thrift.TProtocol
	}{
		{"framed binary", func(t thrift.TTransport) thrift.TTransport { return thrift.NewTFramedTransportConf(t, cfg) },
			func(t thrift.TTransport) thrift.TProtocol { return thrift.NewTBinaryProtocolConf(t, cfg) }},
		{"framed compact", func(t thrift.TTransport) thrift.TTransport { return thrift.NewTFramedTransportConf(t, cfg) },
			func(t thrift.TTransport) thrift.TProtocol { return thrift.NewTCompactProtocolConf(t, cfg) }},
		{"unframed binary", func(t thrift.TTransport) thrift.TTransport { return t },
			func(t thrift.TTransport) thrift.TProtocol { return thrift.NewTBinaryProtocolConf(t, cfg) }},
		{"header binary", func(t thrift.TTransport) thrift.TTransport { return thrift.NewTHeaderTransportConf(t, cfg) },
			func(t thrift.TTransport) thrift.TProtocol { return thrift.NewTHeaderProtocolConf(t, cfg) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trans := tc.trans(thrift.NewTSocketConf(s.Addr().String(), cfg))
			if err := trans.Open(); err != nil {
				t.Fatal(err)
			}
			defer trans.Close()
			proto := tc.proto(trans)
			c := graph.NewGraphServiceClient(thrift.NewTStandardClient(proto, proto))
			for i := range 3 { // several calls on one connection
				n := int64(i)
				r, err := c.ExecuteWithParameter(context.Background(), 1, []byte("x"), map[string]*common.Value{"n": {IVal: &n}})
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if got := r.Data.Rows[0].Values[0].GetIVal(); got != n {
					t.Fatalf("call %d: got %d", i, got)
				}
			}
		})
	}
}

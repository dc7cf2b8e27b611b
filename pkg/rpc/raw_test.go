package rpc

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	fbthrift "github.com/vesoft-inc/fbthrift/thrift/lib/go/thrift"
	nebula "github.com/vesoft-inc/nebula-go/v3/nebula"
	nstorage "github.com/vesoft-inc/nebula-go/v3/nebula/storage"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// sampleDataSet holds every kind of value, maps of several entries
// included, so that the wire encodings are compared on all of them.
func sampleDataSet() *value.DataSet {
	props := map[string]value.Value{"name": value.NewString("Tim"), "age": value.NewInt(42), "score": value.NewFloat(9.5)}
	v1 := value.Vertex{VID: value.NewString("v1"), Tags: []value.Tag{{Name: "player", Props: props}, {Name: "empty", Props: map[string]value.Value{}}}}
	v2 := value.Vertex{VID: value.NewString("v2"), Tags: []value.Tag{{Name: "team", Props: map[string]value.Value{"name": value.NewString("Spurs")}}}}
	e := &value.Edge{Src: value.NewString("v1"), Dst: value.NewString("v2"), Type: 3, Name: "serve", Ranking: 7,
		Props: map[string]value.Value{"start": value.NewInt(1997), "end": value.NewInt(2016)}}
	path := &value.Path{Src: v1, Steps: []value.Step{{Dst: v2, Type: -3, Name: "serve", Ranking: 1, Props: map[string]value.Value{"w": value.NewFloat(0.25)}}}}
	inner := &value.DataSet{ColNames: []string{"x"}, Rows: []value.Row{{Values: []value.Value{value.NewInt(1)}}}}
	return &value.DataSet{
		ColNames: []string{"scalar", "text", "composite", "graph"},
		Rows: []value.Row{
			{Values: []value.Value{value.NewInt(-1 << 40), value.NewString(""), value.NewList(nil), value.NewVertex(&v1)}},
			{Values: []value.Value{value.NewFloat(-2.5), value.NewString("héllo\x00wörld"), value.NewSet([]value.Value{value.NewInt(1), value.NewString("a")}), value.NewEdge(e)}},
			{Values: []value.Value{value.NewBool(true), value.NewString(strings.Repeat("x", 300)), value.NewMap(props), value.NewPath(path)}},
			{Values: []value.Value{value.NewBool(false), value.NewNull(value.NullBadType), value.NewDataSet(inner),
				value.NewGeography(&value.Geography{Shape: value.GeoPoint, Point: value.Coordinate{X: 1.5, Y: -3}})}},
			{Values: []value.Value{value.NewNull(value.NullPlain), value.NewDate(value.Date{Year: 2024, Month: 2, Day: 29}),
				value.NewDateTime(value.DateTime{Year: 1999, Month: 12, Day: 31, Hour: 23, Minute: 59, Sec: 59, Microsec: 999999}),
				value.NewDuration(value.Duration{Months: 14, Seconds: -3600, Microseconds: 5})}},
			{Values: []value.Value{{}, value.NewTime(value.Time{Hour: 1, Minute: 2, Sec: 3, Microsec: 4}),
				value.NewList([]value.Value{value.NewInt(1), value.NewList([]value.Value{value.NewString("nested")})}), value.NewNull(value.NullNaN)}},
		},
	}
}

// bigDataSet is a table of rows*~150 bytes on the wire.
func bigDataSet(rows int) *value.DataSet {
	ds := &value.DataSet{ColNames: []string{"id", "name", "weight", "flag"}, Rows: make([]value.Row, rows)}
	pad := strings.Repeat("p", 100)
	for i := range ds.Rows {
		ds.Rows[i].Values = []value.Value{value.NewInt(int64(i)), value.NewString(fmt.Sprintf("%08d%s", i, pad)),
			value.NewFloat(float64(i) / 8), value.NewBool(i%2 == 0)}
	}
	return ds
}

// canon is a data set's canonical bytes: AppendDataSet writes map entries
// in key order, so two data sets holding the same values encode alike.
func canon(ds *value.DataSet) []byte { return value.AppendDataSet(nil, ds, value.Binary) }

func sameDataSet(t *testing.T, what string, got, want *value.DataSet) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Fatalf("%s: got data set %v, want %v", what, got, want)
	}
	if g, w := canon(got), canon(want); !bytes.Equal(g, w) {
		n := min(len(g), len(w), 64)
		t.Fatalf("%s: data sets differ: %d bytes vs %d wanted; first bytes % x vs % x", what, len(g), len(w), g[:n], w[:n])
	}
}

// storageStub is the storage service behind the test server: getProps
// stays the generated processor function (the reference for errors),
// getNeighbors is an rpc.Method whose behaviour each test picks.
type storageStub struct{ gstorage.GraphStorageService }

// GetProps fails for a negative space id and answers a one-cell table
// otherwise, through the generated writer.
func (storageStub) GetProps(_ context.Context, req *gstorage.GetPropRequest) (*gstorage.GetPropResponse, error) {
	if req.SpaceID < 0 {
		return nil, errors.New("space is gone")
	}
	ds := &value.DataSet{ColNames: []string{"c"}, Rows: []value.Row{{Values: []value.Value{value.NewInt(int64(req.SpaceID))}}}}
	return &gstorage.GetPropResponse{Result_: &gstorage.ResponseCommon{}, Props: value.DataSetToThrift(ds)}, nil
}

// neighborsCall is what the getNeighbors Method runs.
type neighborsCall func(ctx context.Context, req *gstorage.GetNeighborsRequest) (*value.DataSet, error)

// startStorage serves storageStub with getNeighbors answered by call, the
// data set written by WriteDataSetField, as storaged does.
func startStorage(t testing.TB, call neighborsCall) *Server {
	t.Helper()
	proc := gstorage.NewGraphStorageServiceProcessor(storageStub{})
	m := Method{
		Name: "getNeighbors",
		Args: func() thrift.TStruct { return gstorage.NewGraphStorageServiceGetNeighborsArgs() },
		Call: func(ctx context.Context, a thrift.TStruct) (ResponseWriter, error) {
			ds, err := call(ctx, a.(*gstorage.GraphStorageServiceGetNeighborsArgs).GetReq())
			if err != nil {
				return nil, err
			}
			return neighborsResponse(ds), nil
		},
	}
	proc.AddToProcessorMap(m.Name, m)
	s := NewServer(proc, ServerOptions{
		IdleTimeout: 10 * time.Second,
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

// fixedSets answers getNeighbors with sets[req.SpaceID].
func fixedSets(sets map[int32]*value.DataSet) neighborsCall {
	return func(_ context.Context, req *gstorage.GetNeighborsRequest) (*value.DataSet, error) {
		return sets[int32(req.SpaceID)], nil
	}
}

// neighborsResponse writes a GetNeighborsResponse with its vertices
// written by WriteDataSetField (absent when ds is nil).
func neighborsResponse(ds *value.DataSet) ResponseWriter {
	return func(ctx context.Context, p thrift.TProtocol) error {
		err := errors.Join(
			p.WriteStructBegin(ctx, "GetNeighborsResponse"),
			p.WriteFieldBegin(ctx, "result", thrift.STRUCT, 1),
			(&gstorage.ResponseCommon{FailedParts: []*gstorage.PartitionResult_{}, LatencyInUs: 17}).Write(ctx, p),
			p.WriteFieldEnd(ctx),
		)
		if err == nil && ds != nil {
			err = WriteDataSetField(ctx, p, "vertices", 2, ds)
		}
		return errors.Join(err, p.WriteFieldStop(ctx), p.WriteStructEnd(ctx))
	}
}

// frameClient is a storage client as our daemons make it: binary protocol
// over FrameTransport.
func frameClient(t testing.TB, addr string, cfg *thrift.TConfiguration) (*gstorage.GraphStorageServiceClient, *FrameTransport) {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	ft := NewFrameTransport(nc, cfg)
	p := thrift.NewTBinaryProtocolConf(ft, cfg)
	return gstorage.NewGraphStorageServiceClient(thrift.NewTStandardClient(p, p)), ft
}

// headerClient is Apache's THeader client in the given inner protocol.
func headerClient(t testing.TB, addr string, proto thrift.THeaderProtocolID) *gstorage.GraphStorageServiceClient {
	t.Helper()
	cfg := &thrift.TConfiguration{ConnectTimeout: 2 * time.Second, SocketTimeout: 30 * time.Second, THeaderProtocolID: &proto}
	trans := thrift.NewTHeaderTransportConf(thrift.NewTSocketConf(addr, cfg), cfg)
	if err := trans.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { trans.Close() })
	p := thrift.NewTHeaderProtocolConf(trans, cfg)
	return gstorage.NewGraphStorageServiceClient(thrift.NewTStandardClient(p, p))
}

// nebulaNeighbors calls getNeighbors with nebula-go's generated client
// (fbthrift header transport, compact version 2 requests) and returns the
// vertices re-encoded by fbthrift's binary writer and decoded again.
func nebulaNeighbors(t *testing.T, addr string, space int32) *value.DataSet {
	t.Helper()
	sock, err := fbthrift.NewSocket(fbthrift.SocketAddr(addr), fbthrift.SocketTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	trans := fbthrift.NewHeaderTransport(fbthrift.NewBufferedTransportFactory(64 << 10).GetTransport(sock))
	c := nstorage.NewGraphStorageServiceClientFactory(trans, fbthrift.NewHeaderProtocolFactory())
	if err := trans.Open(); err != nil {
		t.Fatal(err)
	}
	defer trans.Close()
	resp, err := c.GetNeighbors(&nstorage.GetNeighborsRequest{SpaceID: nebula.GraphSpaceID(space), TraverseSpec: nstorage.NewTraverseSpec()})
	if err != nil {
		t.Fatalf("nebula-go getNeighbors: %v", err)
	}
	if resp.Vertices == nil {
		return nil
	}
	buf := fbthrift.NewMemoryBuffer()
	if err := resp.Vertices.Write(fbthrift.NewBinaryProtocolTransport(buf)); err != nil {
		t.Fatal(err)
	}
	ds, _, err := value.DecodeDataSet(buf.Bytes())
	if err != nil {
		t.Fatalf("decode nebula-go's data set: %v", err)
	}
	return ds
}

// TestWriteDataSetFieldProtocols: the server answers each client in its
// own protocol, and every client decodes the data set that was written.
func TestWriteDataSetFieldProtocols(t *testing.T) {
	sets := map[int32]*value.DataSet{1: sampleDataSet(), 2: {}, 3: nil, 4: bigDataSet(3000)}
	s := startStorage(t, fixedSets(sets))
	addr := s.Addr().String()
	generated := func(c *gstorage.GraphStorageServiceClient) func(t *testing.T, space int32) *value.DataSet {
		return func(t *testing.T, space int32) *value.DataSet {
			resp, err := c.GetNeighbors(context.Background(), &gstorage.GetNeighborsRequest{SpaceID: common.GraphSpaceID(space)})
			if err != nil {
				t.Fatalf("getNeighbors: %v", err)
			}
			if resp.Result_ == nil || resp.Result_.LatencyInUs != 17 {
				t.Fatalf("response common: %v", resp.Result_)
			}
			ds, err := value.DataSetFromThrift(resp.Vertices)
			if err != nil {
				t.Fatal(err)
			}
			return ds
		}
	}
	fc, _ := frameClient(t, addr, &thrift.TConfiguration{})
	for _, tc := range []struct {
		name string
		call func(t *testing.T, space int32) *value.DataSet
	}{
		{"binary/FrameTransport", generated(fc)},
		{"binary/THeader", generated(headerClient(t, addr, thrift.THeaderProtocolBinary))},
		{"compact/THeader", generated(headerClient(t, addr, thrift.THeaderProtocolCompact))},
		{"compactV2/nebula-go", func(t *testing.T, space int32) *value.DataSet { return nebulaNeighbors(t, addr, space) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The same connection answers each set in turn.
			for _, space := range []int32{1, 2, 3, 4, 1} {
				sameDataSet(t, fmt.Sprintf("space %d", space), tc.call(t, space), sets[space])
			}
		})
	}
}

// writeResultStruct writes {2: ds} with write as the field's writer.
func writeResultStruct(ctx context.Context, p thrift.TProtocol, write func() error) error {
	return errors.Join(p.WriteStructBegin(ctx, "r"), write(), p.WriteFieldStop(ctx), p.WriteStructEnd(ctx), p.Flush(ctx))
}

// generatedField writes ds as field 2 with the generated writer.
func generatedField(ctx context.Context, p thrift.TProtocol, ds *value.DataSet) error {
	return errors.Join(p.WriteFieldBegin(ctx, "vertices", thrift.STRUCT, 2),
		value.DataSetToThrift(ds).Write(ctx, p), p.WriteFieldEnd(ctx))
}

// readField2 reads {2: DataSet} with the generated reader.
func readField2(t *testing.T, p thrift.TProtocol) *value.DataSet {
	t.Helper()
	r := gstorage.NewGetPropResponse()
	if err := r.Read(context.Background(), p); err != nil {
		t.Fatalf("generated reader: %v", err)
	}
	ds, err := value.DataSetFromThrift(r.Props)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

type protoCase struct {
	name  string
	id    thrift.THeaderProtocolID
	plain func(thrift.TTransport, *thrift.TConfiguration) thrift.TProtocol
}

var protoCases = []protoCase{
	{"binary", thrift.THeaderProtocolBinary, func(t thrift.TTransport, c *thrift.TConfiguration) thrift.TProtocol {
		return thrift.NewTBinaryProtocolConf(t, c)
	}},
	{"compact", thrift.THeaderProtocolCompact, func(t thrift.TTransport, c *thrift.TConfiguration) thrift.TProtocol {
		return thrift.NewTCompactProtocolConf(t, c)
	}},
}

// TestWriteDataSetFieldFallback: on a protocol other than the server's,
// WriteDataSetField writes exactly what the generated writer writes.
func TestWriteDataSetFieldFallback(t *testing.T) {
	ctx := context.Background()
	cfg := &thrift.TConfiguration{}
	// No map of more than one entry: the generated writer follows Go's
	// map order, so only these compare byte for byte.
	flat := bigDataSet(50)
	flat.Rows = append(flat.Rows, value.Row{Values: []value.Value{value.NewNull(value.NullPlain), value.NewList(nil),
		value.NewMap(map[string]value.Value{"k": value.NewInt(1)}), value.NewVertex(&value.Vertex{VID: value.NewInt(3)})}})
	for _, pc := range protoCases {
		for _, ds := range []*value.DataSet{flat, {}, {ColNames: []string{"a"}}} {
			got, want := thrift.NewTMemoryBuffer(), thrift.NewTMemoryBuffer()
			if err := writeResultStruct(ctx, pc.plain(got, cfg), func() error {
				return WriteDataSetField(ctx, pc.plain(got, cfg), "vertices", 2, ds)
			}); err != nil {
				t.Fatal(err)
			}
			wp := pc.plain(want, cfg)
			if err := writeResultStruct(ctx, wp, func() error { return generatedField(ctx, wp, ds) }); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%s, %d rows: WriteDataSetField wrote\n% x\nthe generated writer\n% x", pc.name, len(ds.Rows), got.Bytes(), want.Bytes())
			}
		}
		// With every kind of value the generated reader gets it back.
		buf := thrift.NewTMemoryBuffer()
		p := pc.plain(buf, cfg)
		if err := writeResultStruct(ctx, p, func() error { return WriteDataSetField(ctx, p, "vertices", 2, sampleDataSet()) }); err != nil {
			t.Fatal(err)
		}
		sameDataSet(t, pc.name, readField2(t, pc.plain(buf, cfg)), sampleDataSet())
	}
}

// TestWriteDataSetFieldDirect: on the server's header protocol the raw
// bytes sit in the frame where the generated writer's would, in the
// request's protocol.
func TestWriteDataSetFieldDirect(t *testing.T) {
	ctx := context.Background()
	cfg := &thrift.TConfiguration{}
	flat := bigDataSet(20)
	for _, pc := range protoCases {
		for _, tc := range []struct {
			name  string
			ds    *value.DataSet
			bytes bool // no map of several entries: compare bytes too
		}{{"flat", flat, true}, {"empty", &value.DataSet{}, true}, {"sample", sampleDataSet(), false}} {
			mem := thrift.NewTMemoryBuffer()
			hp := newHeaderProtocol(thrift.NewTHeaderTransportConf(mem, cfg), nil, cfg)
			hp.protoID = pc.id
			if pc.id == thrift.THeaderProtocolBinary {
				hp.TProtocol = thrift.NewTBinaryProtocolConf(hp.trans, cfg)
			}
			if err := writeResultStruct(ctx, hp, func() error { return WriteDataSetField(ctx, hp, "vertices", 2, tc.ds) }); err != nil {
				t.Fatal(err)
			}
			payload := headerPayload(t, mem.Bytes())
			what := pc.name + "/" + tc.name
			in := thrift.NewTMemoryBufferLen(len(payload))
			in.Write(payload)
			sameDataSet(t, what, readField2(t, pc.plain(in, cfg)), tc.ds)
			if !tc.bytes {
				continue
			}
			want := thrift.NewTMemoryBuffer()
			wp := pc.plain(want, cfg)
			if err := writeResultStruct(ctx, wp, func() error { return generatedField(ctx, wp, tc.ds) }); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(payload, want.Bytes()) {
				t.Fatalf("%s: the frame holds\n% x\nthe generated writer writes\n% x", what, payload, want.Bytes())
			}
		}
	}
}

// headerPayload checks frame is one header frame without transforms in
// no other protocol than its payload is expected in, and returns the payload.
func headerPayload(t *testing.T, frame []byte) []byte {
	t.Helper()
	if len(frame) < 14 || int(binary.BigEndian.Uint32(frame)) != len(frame)-4 || binary.BigEndian.Uint16(frame[4:]) != headerMagic {
		t.Fatalf("not one header frame: % x", frame[:min(len(frame), 32)])
	}
	hdr := 14 + 4*int(binary.BigEndian.Uint16(frame[12:]))
	if hdr > len(frame) {
		t.Fatalf("header of %d bytes in a frame of %d", hdr, len(frame))
	}
	return frame[hdr:]
}

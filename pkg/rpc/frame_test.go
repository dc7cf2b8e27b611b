package rpc

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// unreadResult reads getNeighbors' answer as storaged's client does:
// from the reply's bytes (Unread), the data set by value.DecodeDataSet.
// With partial set it stops after the response common and leaves the rest
// unread.
type unreadResult struct {
	partial bool
	ds      *value.DataSet
}

func (r *unreadResult) Write(context.Context, thrift.TProtocol) error {
	return errors.New("unreadResult is read only")
}

func (r *unreadResult) Read(_ context.Context, p thrift.TProtocol) error {
	ft := p.Transport().(*FrameTransport)
	b := ft.Unread()
	pos := 0
	field := func(want int16) (bool, error) {
		if pos < len(b) && b[pos] == byte(thrift.STOP) {
			pos++
			return false, nil
		}
		if pos+3 > len(b) || b[pos] != byte(thrift.STRUCT) || int16(binary.BigEndian.Uint16(b[pos+1:])) != want {
			return false, errors.New("unexpected field header")
		}
		pos += 3
		return true, nil
	}
	if ok, err := field(0); !ok || err != nil {
		return errors.Join(errors.New("no success field"), err)
	}
	if _, err := field(1); err != nil {
		return err
	}
	n, err := value.SkipBinary(b[pos:], thrift.STRUCT)
	if err != nil {
		return err
	}
	pos += n
	if r.partial {
		ft.Consume(pos)
		return nil
	}
	ok, err := field(2)
	if err != nil {
		return err
	}
	if ok {
		ds, n, err := value.DecodeDataSet(b[pos:])
		if err != nil {
			return err
		}
		r.ds, pos = ds, pos+n
		if b[pos] != byte(thrift.STOP) {
			return errors.New("no stop after the data set")
		}
		pos++
	}
	if b[pos] != byte(thrift.STOP) {
		return errors.New("no stop after success")
	}
	ft.Consume(pos + 1)
	if len(ft.Unread()) != 0 || ft.RemainingBytes() != 0 {
		return errors.New("bytes left in the reply")
	}
	return nil
}

// TestFrameTransportCalls: one FrameTransport connection makes calls in
// turn, big and empty answers among them, read both by the generated
// reader and in place, one read only in part (the next Flush drops the
// rest).
func TestFrameTransportCalls(t *testing.T) {
	big := bigDataSet(40000) // about 6 MB
	sets := map[int32]*value.DataSet{1: sampleDataSet(), 2: {}, 3: nil, 4: big}
	s := startStorage(t, fixedSets(sets))
	c, ft := frameClient(t, s.Addr().String(), &thrift.TConfiguration{})
	ctx := context.Background()
	for i, tc := range []struct {
		space   int32
		inPlace bool
		partial bool
	}{
		{space: 1}, {space: 1, inPlace: true},
		{space: 4}, {space: 2}, {space: 4, inPlace: true}, {space: 3}, {space: 3, inPlace: true},
		{space: 2, inPlace: true}, {space: 4, inPlace: true, partial: true}, {space: 1, inPlace: true, partial: true},
		{space: 1}, {space: 4, inPlace: true}, {space: 1, inPlace: true},
	} {
		args := &gstorage.GraphStorageServiceGetNeighborsArgs{Req: &gstorage.GetNeighborsRequest{SpaceID: common.GraphSpaceID(tc.space)}}
		var got *value.DataSet
		if tc.inPlace {
			res := &unreadResult{partial: tc.partial}
			if _, err := c.Client_().Call(ctx, "getNeighbors", args, res); err != nil {
				t.Fatalf("call %d (space %d, in place): %v", i, tc.space, err)
			}
			if tc.partial {
				if ft.RemainingBytes() == 0 {
					t.Fatalf("call %d: the partial read left nothing unread", i)
				}
				continue
			}
			got = res.ds
		} else {
			resp, err := c.GetNeighbors(ctx, args.Req)
			if err != nil {
				t.Fatalf("call %d (space %d): %v", i, tc.space, err)
			}
			if got, err = value.DataSetFromThrift(resp.Vertices); err != nil {
				t.Fatal(err)
			}
		}
		sameDataSet(t, fmt.Sprintf("call %d, space %d", i, tc.space), got, sets[tc.space])
	}
	// The generated processors behind the same connection work too.
	resp, err := c.GetProps(ctx, &gstorage.GetPropRequest{SpaceID: 9})
	if err != nil || resp.Props == nil || resp.Props.Rows[0].Values[0].GetIVal() != 9 {
		t.Fatalf("getProps: %v, %v", resp, err)
	}
}

// countConn counts the writes made on it.
type countConn struct {
	net.Conn
	writes atomic.Int32
}

func (c *countConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

// TestFrameTransportOneWrite: a request frame goes out in one write(2),
// however large, and the server reads it.
func TestFrameTransportOneWrite(t *testing.T) {
	s := startStorage(t, fixedSets(map[int32]*value.DataSet{1: sampleDataSet()}))
	nc, err := net.DialTimeout("tcp", s.Addr().String(), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	cc := &countConn{Conn: nc}
	cfg := &thrift.TConfiguration{}
	p := thrift.NewTBinaryProtocolConf(NewFrameTransport(cc, cfg), cfg)
	c := gstorage.NewGraphStorageServiceClient(thrift.NewTStandardClient(p, p))
	for i, cols := range []int{0, 10, 20000} { // the last is over 1 MB
		names := make([][]byte, cols)
		for j := range names {
			names[j] = []byte(strings.Repeat("c", 60))
		}
		before := cc.writes.Load()
		resp, err := c.GetNeighbors(context.Background(), &gstorage.GetNeighborsRequest{SpaceID: 1, ColumnNames: names})
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		ds, _ := value.DataSetFromThrift(resp.Vertices)
		sameDataSet(t, "answer", ds, sampleDataSet())
		if n := cc.writes.Load() - before; n != 1 {
			t.Fatalf("request %d took %d writes", i, n)
		}
	}
}

// fakeServer accepts one connection, reads one request frame from it and
// answers with reply, then holds the connection until the test ends.
func fakeServer(t *testing.T, reply []byte) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		var lb [4]byte
		if _, err := io.ReadFull(c, lb[:]); err != nil {
			return
		}
		if _, err := io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint32(lb[:]))); err != nil {
			return
		}
		c.Write(reply)
		<-done
	}()
	return ln.Addr().String()
}

// headerFrame builds a reply frame: header words (protocol id, transforms,
// anything else) padded to a multiple of 4, then payload.
func headerFrame(header []byte, payload []byte) []byte {
	for len(header)%4 != 0 {
		header = append(header, 0)
	}
	b := []byte{0x0f, 0xff, 0, 0, 0, 0, 0, 1}
	b = binary.BigEndian.AppendUint16(b, uint16(len(header)/4))
	b = append(append(b, header...), payload...)
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b...)
}

// TestFrameTransportRefuses: replies our servers never send are errors,
// found without reading on (a frame too large is refused from its length).
func TestFrameTransportRefuses(t *testing.T) {
	const maxSize = 256
	payload := []byte("payload!")
	infoHeader := []byte{0, 0, 1, 1, 3, 'k', 'e', 'y', 1, 'v'} // binary, no transforms, one info header
	for _, tc := range []struct {
		name  string
		reply []byte
		err   string // "" means the payload reads back
	}{
		{"header frame", headerFrame([]byte{0, 0}, payload), ""},
		{"info headers", headerFrame(infoHeader, payload), ""},
		{"largest frame", headerFrame([]byte{0, 0}, make([]byte, maxSize-14)), ""},
		{"framed binary", append([]byte{0, 0, 0, 12, 0x80, 1, 0, 2}, payload...), "not a header frame"},
		{"unframed binary", append([]byte{0x80, 1, 0, 2}, payload...), "header frame of"},
		{"compact", headerFrame([]byte{2, 0}, payload), "protocol 2, not binary"},
		{"json", headerFrame([]byte{1, 0}, payload), "protocol 1, not binary"},
		{"zlib transform", headerFrame([]byte{0, 1, 1}, payload), "transforms"},
		{"no header words", []byte{0, 0, 0, 10, 0x0f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0}, "without a protocol id"},
		{"header past the frame", []byte{0, 0, 0, 10, 0x0f, 0xff, 0, 0, 0, 0, 0, 0, 0, 9}, "exceeds"},
		{"frame too small", []byte{0, 0, 0, 4, 0x0f, 0xff, 0, 0}, "header frame of 4 bytes"},
		{"frame too large", binary.BigEndian.AppendUint32(nil, maxSize+1), "header frame of 257 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nc, err := net.DialTimeout("tcp", fakeServer(t, tc.reply), time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(2 * time.Second))
			ft := NewFrameTransport(nc, &thrift.TConfiguration{MaxFrameSize: maxSize})
			ft.Write([]byte("request"))
			if err := ft.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := make([]byte, len(payload))
			_, err = io.ReadFull(ft, got)
			if tc.err == "" {
				if err != nil {
					t.Fatalf("valid reply refused: %v", err)
				}
				if tc.name != "largest frame" && string(got) != string(payload) {
					t.Fatalf("payload %q", got)
				}
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("waited for more instead of refusing: %v", err)
			}
			var te thrift.TTransportException
			if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("got error %v, want a transport exception with %q", err, tc.err)
			}
		})
	}
}

// fakeReplies answers each request frame read with the next of replies.
func fakeReplies(t *testing.T, replies ...[]byte) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		for _, r := range replies {
			var lb [4]byte
			if _, err := io.ReadFull(c, lb[:]); err != nil {
				return
			}
			if _, err := io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint32(lb[:]))); err != nil {
				return
			}
			if _, err := c.Write(r); err != nil {
				return
			}
		}
		io.Copy(io.Discard, c)
	}()
	return ln.Addr().String()
}

// TestFrameTransportUnread: Unread and Consume walk the reply's payload;
// Flush drops what is left of it, so the next reply starts clean.
func TestFrameTransportUnread(t *testing.T) {
	addr := fakeReplies(t, headerFrame([]byte{0, 0}, []byte("abcdef")), headerFrame([]byte{0, 0}, []byte("xyz")))
	nc, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(2 * time.Second))
	ft := NewFrameTransport(nc, &thrift.TConfiguration{})
	ctx := context.Background()
	if err := ft.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if c, err := ft.ReadByte(); err != nil || c != 'a' {
		t.Fatalf("ReadByte: %q %v", c, err)
	}
	steps := []struct {
		consume int
		unread  string
	}{{0, "bcdef"}, {2, "def"}}
	for _, s := range steps {
		ft.Consume(s.consume)
		if got := string(ft.Unread()); got != s.unread || ft.RemainingBytes() != uint64(len(s.unread)) {
			t.Fatalf("after Consume(%d): Unread %q, RemainingBytes %d; want %q", s.consume, got, ft.RemainingBytes(), s.unread)
		}
	}
	// Second request with the first reply's rest not read.
	ft.Flush(ctx)
	var b [2]byte
	if _, err := io.ReadFull(ft, b[:]); err != nil || string(b[:]) != "xy" {
		t.Fatalf("second reply: %q %v", b, err)
	}
	if ft.Consume(100); len(ft.Unread()) != 0 || ft.RemainingBytes() != 0 {
		t.Fatalf("Consume past the end left %q", ft.Unread())
	}
	if err := ft.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(ft.Unread()) != 0 {
		t.Fatalf("Flush kept %q of the reply", ft.Unread())
	}
}

// TestFrameTransportEmptyPayload: a reply frame with no payload (legal
// framing, which none of our servers sends) must not crash the reader,
// whichever read meets it.
func TestFrameTransportEmptyPayload(t *testing.T) {
	for _, read := range []string{"Read", "ReadByte"} {
		t.Run(read, func(t *testing.T) {
			two := append(headerFrame([]byte{0, 0}, nil), headerFrame([]byte{0, 0}, []byte("z"))...)
			nc, err := net.DialTimeout("tcp", fakeReplies(t, two), time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(2 * time.Second))
			ft := NewFrameTransport(nc, &thrift.TConfiguration{})
			if err := ft.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			var c byte
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s panicked on an empty reply frame: %v", read, r)
					}
				}()
				if read == "Read" {
					var b [1]byte
					_, err = io.ReadFull(ft, b[:])
					c = b[0]
				} else {
					c, err = ft.ReadByte()
				}
			}()
			if err == nil && c != 'z' {
				t.Fatalf("%s gave %q, want the next frame's byte or an error", read, c)
			}
		})
	}
}

package rpc

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// failOrAnswer fails getNeighbors with err for a negative space id and
// answers a small table otherwise.
func failOrAnswer(err error) neighborsCall {
	return func(_ context.Context, req *gstorage.GetNeighborsRequest) (*value.DataSet, error) {
		if req.SpaceID < 0 {
			return nil, err
		}
		return sampleDataSet(), nil
	}
}

// callSpace makes method's call on c for space, through the generated client.
func callSpace(c *gstorage.GraphStorageServiceClient, method string, space int32) error {
	ctx := context.Background()
	if method == "getProps" {
		_, err := c.GetProps(ctx, &gstorage.GetPropRequest{SpaceID: common.GraphSpaceID(space)})
		return err
	}
	_, err := c.GetNeighbors(ctx, &gstorage.GetNeighborsRequest{SpaceID: common.GraphSpaceID(space)})
	return err
}

// TestMethodCallError: a failing Call is answered as the generated
// processors answer a failing handler (getProps here): an INTERNAL_ERROR
// TApplicationException naming the method, and the same fate for the
// connection afterwards.
func TestMethodCallError(t *testing.T) {
	s := startStorage(t, failOrAnswer(errors.New("space is gone")))
	usable := map[string]bool{}
	for _, method := range []string{"getProps", "getNeighbors"} { // the reference first
		t.Run(method, func(t *testing.T) {
			c, _ := frameClient(t, s.Addr().String(), &thrift.TConfiguration{})
			if err := callSpace(c, method, 1); err != nil {
				t.Fatalf("first call: %v", err)
			}
			err := callSpace(c, method, -1)
			var tae thrift.TApplicationException
			if !errors.As(err, &tae) || tae.TypeId() != thrift.INTERNAL_ERROR {
				t.Fatalf("got %v (%T), want an INTERNAL_ERROR application exception", err, err)
			}
			if want := "Internal error processing " + method + ": space is gone"; err.Error() != want {
				t.Fatalf("message %q, want %q", err.Error(), want)
			}
			usable[method] = callSpace(c, method, 2) == nil
			if method == "getNeighbors" && usable[method] != usable["getProps"] {
				t.Fatalf("connection usable after the error: %v for the Method, %v for the generated processor", usable[method], usable["getProps"])
			}
		})
	}
	t.Logf("the connection stays usable after a handler error: %v", usable["getProps"])
}

// TestMethodAbandon: a Call returning thrift.ErrAbandonRequest is not
// answered; the connection is dropped.
func TestMethodAbandon(t *testing.T) {
	s := startStorage(t, failOrAnswer(thrift.ErrAbandonRequest))
	c, _ := frameClient(t, s.Addr().String(), &thrift.TConfiguration{})
	err := callSpace(c, "getNeighbors", -1)
	var te thrift.TTransportException
	if !errors.As(err, &te) {
		t.Fatalf("got %v (%T), want the connection closed without a reply", err, err)
	}
}

// badArgs is an args struct whose request holds a string of negative size.
type badArgs struct{}

func (badArgs) Write(ctx context.Context, p thrift.TProtocol) error {
	return errors.Join(
		p.WriteStructBegin(ctx, "args"),
		p.WriteFieldBegin(ctx, "req", thrift.STRUCT, 1),
		p.WriteStructBegin(ctx, "req"),
		p.WriteFieldBegin(ctx, "x", thrift.STRING, 2),
		p.WriteI32(ctx, -1),
		p.WriteFieldStop(ctx),
		p.WriteStructEnd(ctx),
		p.WriteFieldEnd(ctx),
		p.WriteFieldStop(ctx),
		p.WriteStructEnd(ctx),
	)
}

func (badArgs) Read(context.Context, thrift.TProtocol) error { return errors.New("write only") }

// TestMethodMalformedArgs: args that cannot be read are answered with a
// PROTOCOL_ERROR, as the generated processors do.
func TestMethodMalformedArgs(t *testing.T) {
	s := startStorage(t, failOrAnswer(nil))
	for _, method := range []string{"getProps", "getNeighbors"} {
		t.Run(method, func(t *testing.T) {
			c, _ := frameClient(t, s.Addr().String(), &thrift.TConfiguration{})
			_, err := c.Client_().Call(context.Background(), method, badArgs{}, gstorage.NewGraphStorageServiceGetNeighborsResult())
			var tae thrift.TApplicationException
			if !errors.As(err, &tae) || tae.TypeId() != thrift.PROTOCOL_ERROR {
				t.Fatalf("got %v (%T), want a PROTOCOL_ERROR application exception", err, err)
			}
			if !strings.Contains(err.Error(), "negative") {
				t.Fatalf("message %q does not say what was wrong", err.Error())
			}
		})
	}
}

// checkEvery makes sure the connectivity check runs, without changing a
// positive interval that other code may rely on.
func checkEvery(t *testing.T) time.Duration {
	old := thrift.ServerConnectivityCheckInterval
	if old > 0 {
		return old
	}
	thrift.ServerConnectivityCheckInterval = 5 * time.Millisecond
	t.Cleanup(func() { thrift.ServerConnectivityCheckInterval = old })
	return thrift.ServerConnectivityCheckInterval
}

// TestWatchClient: a Call waiting on its context is cancelled soon after
// its client hangs up; one that runs for several check intervals with the
// client connected is not.
func TestWatchClient(t *testing.T) {
	every := checkEvery(t)
	started := make(chan struct{}, 1)
	ended := make(chan error, 1)
	s := startStorage(t, func(ctx context.Context, req *gstorage.GetNeighborsRequest) (*value.DataSet, error) {
		started <- struct{}{}
		if req.SpaceID == 1 {
			select {
			case <-ctx.Done():
			case <-time.After(10 * time.Second):
			}
		} else {
			time.Sleep(8 * every)
		}
		ended <- ctx.Err()
		return &value.DataSet{}, nil
	})

	t.Run("client gone", func(t *testing.T) {
		c, ft := frameClient(t, s.Addr().String(), &thrift.TConfiguration{})
		go callSpace(c, "getNeighbors", 1)
		<-started
		ft.Close()
		closed := time.Now()
		select {
		case err := <-ended:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Call ended with ctx.Err() %v", err)
			}
			if d := time.Since(closed); d > time.Second {
				t.Fatalf("cancelled %v after the client left", d)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("Call not cancelled after the client closed its connection")
		}
	})
	t.Run("client stays", func(t *testing.T) {
		c, _ := frameClient(t, s.Addr().String(), &thrift.TConfiguration{})
		for range 3 {
			if err := callSpace(c, "getNeighbors", 2); err != nil {
				t.Fatal(err)
			}
			<-started
			if err := <-ended; err != nil {
				t.Fatalf("a Call that finished normally saw ctx.Err() %v", err)
			}
		}
	})
}

// openFlag is a transport whose IsOpen the test sets.
type openFlag struct {
	thrift.TTransport
	open   atomic.Bool
	checks atomic.Int32
}

func (f *openFlag) IsOpen() bool {
	f.checks.Add(1)
	return f.open.Load()
}

// TestWatchClientTimer: the watch checks the transport at the interval,
// cancels once it is closed, and stops checking when stopped.
func TestWatchClientTimer(t *testing.T) {
	every := checkEvery(t)
	for _, tc := range []struct {
		name       string
		closeAfter time.Duration // <0: never
	}{{"closes at once", 0}, {"closes later", 10 * every}, {"stays open", -1}} {
		t.Run(tc.name, func(t *testing.T) {
			f := &openFlag{}
			f.open.Store(true)
			ctx, stop := watchClient(context.Background(), f)
			if tc.closeAfter >= 0 {
				time.Sleep(tc.closeAfter)
				if ctx.Err() != nil {
					t.Fatal("cancelled while the transport was open")
				}
				f.open.Store(false)
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
					t.Fatal("not cancelled within a second of the transport closing")
				}
				stop()
				return
			}
			time.Sleep(10 * every)
			if ctx.Err() != nil || f.checks.Load() < 2 {
				t.Fatalf("ctx.Err() %v after %d checks", ctx.Err(), f.checks.Load())
			}
			stop()
			if ctx.Err() == nil {
				t.Fatal("stop did not release the context")
			}
			n := f.checks.Load()
			time.Sleep(5 * every)
			if m := f.checks.Load(); m > n+1 {
				t.Fatalf("%d checks after stop", m-n)
			}
		})
	}
}

package rpc

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// Method serves one Thrift method in place of the generated processor
// function, for the methods whose answers are large enough that how they
// are written matters: Call returns the writer of the response, which can
// write parts of it as raw bytes (WriteDataSetField). Requests are read,
// and errors answered, as the generated processors do.
type Method struct {
	Name string
	// Args returns a fresh args struct (the generated *Args) to read into.
	Args func() thrift.TStruct
	// Call runs the method on what Args returned and gives the writer of
	// its response, the struct the result carries as field 0, "success".
	Call func(ctx context.Context, args thrift.TStruct) (ResponseWriter, error)
}

// ResponseWriter writes a method's response struct to p.
type ResponseWriter func(ctx context.Context, p thrift.TProtocol) error

// success is a method's result struct: the response as field 0.
type success ResponseWriter

func (w success) Write(ctx context.Context, p thrift.TProtocol) error {
	return errors.Join(
		p.WriteStructBegin(ctx, "result"),
		p.WriteFieldBegin(ctx, "success", thrift.STRUCT, 0),
		w(ctx, p),
		p.WriteFieldEnd(ctx),
		p.WriteFieldStop(ctx),
		p.WriteStructEnd(ctx),
	)
}

// Read is never called: the struct only writes replies.
func (success) Read(context.Context, thrift.TProtocol) error {
	return thrift.NewTProtocolExceptionWithType(thrift.NOT_IMPLEMENTED, errors.New("a Method's result is written only"))
}

// Process implements thrift.TProcessorFunction.
func (m Method) Process(ctx context.Context, seqID int32, iprot, oprot thrift.TProtocol) (bool, thrift.TException) {
	args := m.Args()
	if err := args.Read(ctx, iprot); err != nil {
		iprot.ReadMessageEnd(ctx)
		m.reply(ctx, oprot, seqID, thrift.EXCEPTION, thrift.NewTApplicationException(thrift.PROTOCOL_ERROR, err.Error()))
		return false, thrift.WrapTException(err)
	}
	iprot.ReadMessageEnd(ctx)

	callCtx, stop := watchClient(ctx, iprot.Transport())
	res, err := m.Call(callCtx, args)
	stop()
	if err != nil {
		if errors.Is(err, thrift.ErrAbandonRequest) {
			return false, thrift.WrapTException(err)
		}
		x := thrift.NewTApplicationException(thrift.INTERNAL_ERROR, "Internal error processing "+m.Name+": "+err.Error())
		if werr := m.reply(ctx, oprot, seqID, thrift.EXCEPTION, x); werr != nil {
			return false, thrift.WrapTException(werr)
		}
		return true, thrift.WrapTException(err)
	}
	if err := m.reply(ctx, oprot, seqID, thrift.REPLY, success(res)); err != nil {
		return false, thrift.WrapTException(err)
	}
	return true, nil
}

func (m Method) reply(ctx context.Context, oprot thrift.TProtocol, seqID int32, typ thrift.TMessageType, body thrift.TStruct) error {
	return errors.Join(
		oprot.WriteMessageBegin(ctx, m.Name, typ, seqID),
		body.Write(ctx, oprot),
		oprot.WriteMessageEnd(ctx),
		oprot.Flush(ctx),
	)
}

// watchClient cancels the returned context when the client goes away
// while its request runs, as the generated processors do, but without
// their goroutine and ticker per request: a timer looks at the socket
// first after thrift.ServerConnectivityCheckInterval and then at that
// interval, so a request that ends sooner (most of them) costs one timer.
// stop must be called when the request ends.
func watchClient(ctx context.Context, t thrift.TTransport) (context.Context, func()) {
	every := thrift.ServerConnectivityCheckInterval
	if every <= 0 {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &clientWatch{t: t, cancel: cancel, every: every}
	w.mu.Lock()
	w.timer = time.AfterFunc(every, w.check)
	w.mu.Unlock()
	return ctx, w.stop
}

type clientWatch struct {
	t      thrift.TTransport
	cancel context.CancelFunc
	every  time.Duration

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

func (w *clientWatch) check() {
	if !w.t.IsOpen() {
		w.cancel()
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		w.timer.Reset(w.every)
	}
}

func (w *clientWatch) stop() {
	w.mu.Lock()
	w.stopped = true
	w.timer.Stop()
	w.mu.Unlock()
	w.cancel()
}

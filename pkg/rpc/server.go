package rpc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// ServerOptions tune a Server. Zero values take the defaults.
type ServerOptions struct {
	// IdleTimeout closes a connection that sends no request for this long
	// (NebulaGraph's --client_idle_timeout_secs). Default 8 hours.
	IdleTimeout time.Duration
	// ReadTimeout bounds reading the rest of a request once its first
	// frame has arrived. NB: a message cut short inside its header frame
	// makes the decoder read on into the next frame, so without this bound
	// the connection would wait, half decoded, until IdleTimeout. Default
	// 10 s.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing one reply. Default 60 s.
	WriteTimeout time.Duration
	// MaxFrameSize bounds one request frame. Default 256 MiB.
	MaxFrameSize int32
	// Logger receives connection-level events. Default slog.Default().
	Logger *slog.Logger
}

func (o *ServerOptions) fill() {
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 8 * time.Hour
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 10 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 60 * time.Second
	}
	if o.MaxFrameSize <= 0 {
		o.MaxFrameSize = 256 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Server serves one Thrift processor over header-framed connections.
//
// Listen binds, Serve runs the accept loop until Close or its context ends;
// every connection gets one goroutine owned by the Server, and Close waits
// for all of them. Requests on one connection are handled in order.
type Server struct {
	proc thrift.TProcessor
	opts ServerOptions
	cfg  *thrift.TConfiguration
	ln   net.Listener

	wg sync.WaitGroup
	mu struct {
		sync.Mutex
		conns  map[net.Conn]struct{}
		closed bool
	}
}

// NewServer returns a Server for proc; call Listen then Serve.
func NewServer(proc thrift.TProcessor, opts ServerOptions) *Server {
	opts.fill()
	s := &Server{
		proc: proc,
		opts: opts,
		cfg: &thrift.TConfiguration{
			MaxFrameSize:   opts.MaxFrameSize,
			MaxMessageSize: opts.MaxFrameSize,
		},
	}
	s.mu.conns = make(map[net.Conn]struct{})
	return s
}

// Listen binds addr ("host:port"; port 0 picks a free one).
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	return nil
}

// Addr returns the bound address; valid after Listen.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts connections until ctx ends or Close is called. It returns nil
// on an orderly stop. ctx is also the parent of every request's context, so
// ending it cancels requests in flight.
func (s *Server) Serve(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			if s.isClosed() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return fmt.Errorf("accept: %w", err)
		}
		if !s.track(conn) {
			conn.Close()
			return nil
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.untrack(conn)
			s.serveConn(context.WithValue(ctx, peerKey{}, conn.RemoteAddr()), conn)
		}()
	}
}

// Close stops accepting, closes every connection and waits for their
// goroutines to finish. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.mu.closed {
		s.mu.Unlock()
		s.wg.Wait()
		return nil
	}
	s.mu.closed = true
	var err error
	if s.ln != nil {
		err = s.ln.Close()
	}
	for c := range s.mu.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.closed
}

func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.closed {
		return false
	}
	s.mu.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.mu.conns, c)
	s.mu.Unlock()
	c.Close()
}

// serveConn runs requests of one connection in order until it breaks.
func (s *Server) serveConn(ctx context.Context, conn net.Conn) {
	dc := &deadlineConn{Conn: conn, write: s.opts.WriteTimeout}
	sock := thrift.NewTSocketFromConnConf(dc, s.cfg)
	// The buffer makes each reply frame a single write(2) for the clients
	// that are answered through the header transport.
	buffered := thrift.NewTBufferedTransport(sock, 64<<10)
	t := thrift.NewTHeaderTransportConf(buffered, s.cfg)
	p := newHeaderProtocol(t, nil, s.cfg)
	p.onFrame = func() { dc.readUntil(time.Now().Add(s.opts.ReadTimeout)) }
	for first := true; ctx.Err() == nil; first = false {
		dc.readUntil(time.Now().Add(s.opts.IdleTimeout))
		dc.readFailed = false
		if first && isHeaderFrame(buffered) {
			p.duplex.reply = newReplyFrame(dc)
			p.duplex.req = &requestFrame{r: buffered, max: int(s.cfg.GetMaxFrameSize())}
		}
		ok, err := s.proc.Process(ctx, p, p)
		if err != nil {
			// An unknown method was skipped and answered; the connection
			// stays usable unless reading it failed (the processor ignores
			// errors of the skip), which leaves the framing undefined.
			var tae thrift.TApplicationException
			if errors.As(err, &tae) && tae.TypeId() == thrift.UNKNOWN_METHOD && !dc.readFailed && !p.duplex.overran() {
				continue
			}
			if !isDisconnect(err) {
				s.opts.Logger.Debug("thrift connection closed", "remote", conn.RemoteAddr().String(), "err", err)
			}
			return
		}
		if !ok {
			return
		}
	}
}

// isHeaderFrame reports whether the connection's first frame is a header
// frame (its magic follows the length), without consuming it. A client
// keeps its framing for the life of the connection.
func isHeaderFrame(r *thrift.TBufferedTransport) bool {
	b, err := r.Peek(6)
	return err == nil && b[4] == 0x0f && b[5] == 0xff
}

func isDisconnect(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var te thrift.TTransportException
	return errors.As(err, &te) && te.TypeId() == thrift.END_OF_FILE
}

// deadlineConn gives every write a deadline, and every read the deadline
// serveConn last set (idle, then request), so a stuck or silent client
// cannot pin a connection goroutine forever.
type deadlineConn struct {
	net.Conn
	write time.Duration
	// readBy and readFailed are set and used by the connection's
	// goroutine only.
	readBy     time.Time
	readFailed bool // a read failed (deadline, reset, EOF)
}

// readUntil sets the deadline of the reads from now on.
func (c *deadlineConn) readUntil(t time.Time) { c.readBy = t }

// SetReadDeadline and SetDeadline ignore Thrift's TSocket, which calls them
// before every read and write with its own socket timeout — none on a
// server, which would erase the idle and request deadlines (readUntil).
func (c *deadlineConn) SetReadDeadline(time.Time) error { return nil }
func (c *deadlineConn) SetDeadline(time.Time) error     { return nil }

func (c *deadlineConn) Read(b []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(c.readBy); err != nil {
		c.readFailed = true
		return 0, err
	}
	n, err := c.Conn.Read(b)
	if err != nil {
		c.readFailed = true
	}
	return n, err
}

func (c *deadlineConn) Write(b []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.write)); err != nil {
		return 0, err
	}
	return c.Conn.Write(b)
}

// SyscallConn exposes the socket so Thrift's connectivity check (which
// cancels a request whose client went away) can peek at it.
func (c *deadlineConn) SyscallConn() (syscall.RawConn, error) {
	sc, ok := c.Conn.(syscall.Conn)
	if !ok {
		return nil, errors.New("connection has no file descriptor")
	}
	return sc.SyscallConn()
}

type peerKey struct{}

// Peer returns the client address of the connection a request arrived on,
// or nil outside a Server's request.
func Peer(ctx context.Context) net.Addr {
	a, _ := ctx.Value(peerKey{}).(net.Addr)
	return a
}

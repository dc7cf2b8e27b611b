package chaos

import (
	"errors"
	"fmt"
	"time"

	"github.com/vesoft-inc/fbthrift/thrift/lib/go/thrift"
	nebula "github.com/vesoft-inc/nebula-go/v3"
	nwire "github.com/vesoft-inc/nebula-go/v3/nebula"
	ngraph "github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

// Client is one graphd connection and session speaking nebula-go v3.8.0's
// wire client (its generated GraphService client over the header
// transport, as nebula-go's own connection does), without nebula-go's
// Session: that one re-sends a statement on a fresh connection after any
// transport error, including a timeout, so one recorded operation could
// execute twice and the history would lie. Here one Exec sends its
// statement at most once.
//
// A Client is not safe for concurrent use; each worker owns one.
type Client struct {
	addr    string
	timeout time.Duration
	space   string // USEd after every (re)connect when set

	gc      *ngraph.GraphServiceClient
	session int64
}

// Outcome is how an operation ended.
type Outcome uint8

// Outcomes. Unknown means the statement may or may not have taken effect
// (a timeout, a broken connection, a server-side error on a write): the
// checkers must allow both.
const (
	OK Outcome = iota
	Fail
	Unknown
)

func (o Outcome) String() string {
	switch o {
	case OK:
		return "ok"
	case Fail:
		return "fail"
	}
	return "unknown"
}

// ErrNotSent wraps errors that happened before the statement was sent
// (connecting, authenticating): the statement certainly did not run.
var ErrNotSent = errors.New("not sent")

// QueryError is an error answer from graphd.
type QueryError struct {
	Code nebula.ErrorCode
	Msg  string
}

func (e *QueryError) Error() string { return fmt.Sprintf("%d: %s", e.Code, e.Msg) }

// NewClient returns a client of the graphd at addr; it connects lazily.
// timeout bounds connecting and each read and write on the socket.
func NewClient(addr string, timeout time.Duration, space string) *Client {
	return &Client{addr: addr, timeout: timeout, space: space}
}

// Close closes the connection (signing the session out when connected).
func (c *Client) Close() {
	if c.gc == nil {
		return
	}
	_ = c.gc.Signout(c.session)
	_ = c.gc.Close()
	c.gc = nil
}

func (c *Client) drop() {
	if c.gc != nil {
		_ = c.gc.Close()
		c.gc = nil
	}
}

func (c *Client) connect() error {
	sock, err := thrift.NewSocket(thrift.SocketAddr(c.addr), thrift.SocketTimeout(c.timeout))
	if err != nil {
		return fmt.Errorf("socket %s: %w", c.addr, err)
	}
	trans := thrift.NewHeaderTransport(thrift.NewBufferedTransportFactory(128 << 10).GetTransport(sock))
	gc := ngraph.NewGraphServiceClientFactory(trans, thrift.NewHeaderProtocolFactory())
	if err := gc.Open(); err != nil {
		return fmt.Errorf("connect %s: %w", c.addr, err)
	}
	vr, err := gc.VerifyClientVersion(ngraph.NewVerifyClientVersionReq())
	if err == nil && vr.GetErrorCode() != nwire.ErrorCode_SUCCEEDED {
		err = fmt.Errorf("%s", vr.GetErrorMsg())
	}
	if err != nil {
		_ = gc.Close()
		return fmt.Errorf("verify client version with %s: %w", c.addr, err)
	}
	ar, err := gc.Authenticate([]byte("root"), []byte("nebula"))
	if err == nil && ar.GetErrorCode() != nwire.ErrorCode_SUCCEEDED {
		err = fmt.Errorf("%s", ar.GetErrorMsg())
	}
	if err != nil {
		_ = gc.Close()
		return fmt.Errorf("authenticate with %s: %w", c.addr, err)
	}
	c.gc, c.session = gc, ar.GetSessionID()
	if c.space != "" {
		if _, err := c.send("USE " + c.space); err != nil {
			c.drop()
			return fmt.Errorf("use %s on %s: %w", c.space, c.addr, err)
		}
	}
	return nil
}

// Exec runs stmt and returns its result. Errors: ErrNotSent (wrapped) when
// the statement was not sent, *QueryError for an error answer, anything
// else when the connection failed after sending (the outcome is unknown).
// After an error other than *QueryError the next Exec reconnects.
func (c *Client) Exec(stmt string) (*nebula.ResultSet, error) {
	if c.gc == nil {
		if err := c.connect(); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotSent, err)
		}
	}
	rs, err := c.send(stmt)
	var qe *QueryError
	if errors.As(err, &qe) && qe.Code == nebula.ErrorCode_E_SESSION_INVALID {
		// The statement did not run; the next Exec authenticates again.
		c.drop()
		return nil, fmt.Errorf("%w: %w", ErrNotSent, err)
	}
	return rs, err
}

func (c *Client) send(stmt string) (*nebula.ResultSet, error) {
	resp, err := c.gc.Execute(c.session, []byte(stmt))
	if err != nil {
		c.drop()
		return nil, fmt.Errorf("execute on %s: %w", c.addr, err)
	}
	rs, err := nebula.GenResultSet(resp)
	if err != nil {
		return nil, fmt.Errorf("decode result from %s: %w", c.addr, err)
	}
	if !rs.IsSucceed() {
		return rs, &QueryError{Code: rs.GetErrorCode(), Msg: rs.GetErrorMsg()}
	}
	return rs, nil
}

// outcomeOf classifies an Exec error for a write: only a statement that
// was never sent certainly did not run.
func outcomeOf(err error) Outcome {
	switch {
	case err == nil:
		return OK
	case errors.Is(err, ErrNotSent):
		return Fail
	}
	return Unknown
}

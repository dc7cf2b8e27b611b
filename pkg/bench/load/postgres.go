package load

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"time"
)

// Postgres drives PostgreSQL over its wire protocol (simple queries, so
// every query is parsed and planned, as nGQL text is), with trust
// authentication: the benchmark's scratch cluster needs no password, and
// a client of our own keeps the measurement loop identical to the others'.
type Postgres struct {
	Addr     string // host:port
	User     string
	Database string
	// BatchSize is the rows of an insert-batch statement [100].
	BatchSize int
}

// System implements Driver.
func (p *Postgres) System() string { return "postgres" }

// Connect implements Driver.
func (p *Postgres) Connect(ctx context.Context) (Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.Addr)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	c := &pgClient{addr: p.Addr, conn: conn, r: bufio.NewReaderSize(conn, 64<<10), w: bufio.NewWriter(conn)}
	var body []byte
	body = binary.BigEndian.AppendUint32(body, 3<<16) // protocol 3.0
	for _, kv := range [][2]string{{"user", p.User}, {"database", p.Database}} {
		body = append(append(append(append(body, kv[0]...), 0), kv[1]...), 0)
	}
	body = append(body, 0)
	msg := binary.BigEndian.AppendUint32(nil, uint32(len(body)+4))
	c.w.Write(append(msg, body...))
	if err := c.w.Flush(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("postgres startup: %w", err)
	}
	if _, err := c.readUntilReady(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("postgres startup: %w", err)
	}
	return c, nil
}

type pgClient struct {
	addr string
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
	buf  []byte
	// key is the backend's BackendKeyData (process id, secret), for a
	// CancelRequest; broken is set once a query was abandoned mid-answer.
	key    []byte
	broken bool
}

// readUntilReady reads messages up to ReadyForQuery, counting data rows;
// an ErrorResponse becomes the returned error.
func (c *pgClient) readUntilReady() (int64, error) {
	var (
		rows int64
		qerr error
		hdr  [5]byte
	)
	for {
		if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
			return rows, err
		}
		n := int(binary.BigEndian.Uint32(hdr[1:])) - 4
		if cap(c.buf) < n {
			c.buf = make([]byte, n)
		}
		body := c.buf[:n]
		if _, err := io.ReadFull(c.r, body); err != nil {
			return rows, err
		}
		switch hdr[0] {
		case 'D':
			rows++
		case 'E':
			qerr = pgError(body)
		case 'K':
			c.key = append(c.key[:0], body...)
		case 'R':
			if len(body) >= 4 && binary.BigEndian.Uint32(body) != 0 {
				return 0, errors.New("postgres asks for a password; the benchmark cluster uses trust authentication")
			}
		case 'Z':
			return rows, qerr
		}
	}
}

// pgError renders an ErrorResponse's severity and message fields.
func pgError(body []byte) error {
	var sev, msg string
	for len(body) > 1 {
		t := body[0]
		end := 1
		for end < len(body) && body[end] != 0 {
			end++
		}
		v := string(body[1:end])
		switch t {
		case 'S':
			sev = v
		case 'M':
			msg = v
		}
		body = body[min(end+1, len(body)):]
	}
	return fmt.Errorf("postgres %s: %s", sev, msg)
}

// Do runs q with ctx's deadline on the connection. A query the deadline
// cuts off is cancelled on the server too (a CancelRequest, as psql's ^C
// sends), so an abandoned 3-hop does not go on using the CPU of the next
// measurement; the connection is then unusable and later calls fail.
func (c *pgClient) Do(ctx context.Context, q string) (int64, error) {
	if c.broken {
		return 0, errors.New("postgres connection abandoned by an earlier cancelled query")
	}
	if dl, ok := ctx.Deadline(); ok {
		c.conn.SetDeadline(dl)
	} else {
		c.conn.SetDeadline(time.Time{})
	}
	msg := append(c.buf[:0], 'Q')
	msg = binary.BigEndian.AppendUint32(msg, uint32(len(q)+5))
	msg = append(append(msg, q...), 0)
	if _, err := c.w.Write(msg); err != nil {
		return 0, c.abandon(err)
	}
	if err := c.w.Flush(); err != nil {
		return 0, c.abandon(err)
	}
	n, err := c.readUntilReady()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return n, c.abandon(err)
	}
	return n, err
}

// abandon marks the connection broken after err cut a query off, and asks
// the server to cancel it.
func (c *pgClient) abandon(err error) error {
	c.broken = true
	if cerr := c.cancelRequest(); cerr != nil {
		return fmt.Errorf("%w (and cancelling it on the server: %v)", err, cerr)
	}
	return err
}

// cancelRequest sends a CancelRequest for this connection's backend over
// a new connection, with its own deadline.
func (c *pgClient) cancelRequest() error {
	if len(c.key) != 8 {
		return errors.New("no backend key")
	}
	conn, err := net.DialTimeout("tcp", c.addr, 2*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	msg := binary.BigEndian.AppendUint32(nil, 16)
	msg = binary.BigEndian.AppendUint32(msg, 80877102) // the cancel request code
	if _, err := conn.Write(append(msg, c.key...)); err != nil {
		return err
	}
	// The server closes the connection once it has read the request.
	_, err = conn.Read(make([]byte, 1))
	if err == io.EOF {
		err = nil
	}
	return err
}

func (c *pgClient) Close() error {
	if !c.broken {
		c.conn.SetDeadline(time.Now().Add(time.Second))
		c.w.Write([]byte{'X', 0, 0, 0, 4})
		c.w.Flush()
	}
	return c.conn.Close()
}

// Query implements Driver: the adjacency-table form of each scenario. The
// 2- and 3-hop forms expand the distinct frontier (IN (subquery)), as GO
// N STEPS does.
func (p *Postgres) Query(scenario string, r *rand.Rand, w *Workload) (Query, bool) {
	const hop = "SELECT k.creation_date, p.first_name FROM knows k JOIN person p ON p.id = k.dst WHERE "
	switch scenario {
	case "go1":
		return Query{Text: fmt.Sprintf(hop+"k.src = %d", w.Start(r))}, true
	case "go2":
		return Query{Text: fmt.Sprintf(hop+"k.src IN (SELECT dst FROM knows WHERE src = %d)", w.Start(r))}, true
	case "go3":
		return Query{Text: fmt.Sprintf(hop+"k.src IN (SELECT k2.dst FROM knows k2 WHERE k2.src IN (SELECT dst FROM knows WHERE src = %d))", w.Start(r))}, true
	case "fetch-vertex":
		return Query{Text: fmt.Sprintf("SELECT * FROM person WHERE id = %d", w.Start(r))}, true
	case "fetch-edge":
		s, d := w.Edge(r)
		return Query{Text: fmt.Sprintf("SELECT * FROM knows WHERE src = %d AND dst = %d", s, d)}, true
	case "lookup":
		return Query{Text: fmt.Sprintf("SELECT id, last_name FROM person WHERE first_name = '%s'", w.Name(r))}, true
	case "insert":
		return Query{Text: fmt.Sprintf("INSERT INTO knows VALUES (%d, %d, '%s') ON CONFLICT DO NOTHING", w.NewID(), w.NewID(), Date(r)), Writes: 1}, true
	case "insert-batch":
		var b strings.Builder
		b.WriteString("INSERT INTO knows VALUES ")
		size := max(p.BatchSize, 1)
		for i := 0; i < size; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, %d, '%s')", w.NewID(), w.NewID(), Date(r))
		}
		b.WriteString(" ON CONFLICT DO NOTHING")
		return Query{Text: b.String(), Writes: int64(size)}, true
	}
	return Query{}, false
}

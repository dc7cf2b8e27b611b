package rpc

import (
	"net"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// ClientTransport is the header transport our daemons use to call each
// other over an established connection nc. The caller owns nc's
// deadlines: set them on nc itself (per call, from its context), because
// Thrift's socket would otherwise clear them before every read and write.
// Each request frame goes out in one write(2); the header transport alone
// writes the frame length and the payload separately, which doubles the
// syscalls (and the receiver's wake-ups) of every call.
func ClientTransport(nc net.Conn, cfg *thrift.TConfiguration) thrift.TTransport {
	sock := thrift.NewTSocketFromConnConf(heldDeadlineConn{nc}, cfg)
	return thrift.NewTHeaderTransportConf(thrift.NewTBufferedTransport(sock, 16<<10), cfg)
}

// heldDeadlineConn ignores the deadlines Thrift's socket sets, keeping the
// ones the caller set on the connection underneath.
type heldDeadlineConn struct{ net.Conn }

func (heldDeadlineConn) SetDeadline(time.Time) error      { return nil }
func (heldDeadlineConn) SetReadDeadline(time.Time) error  { return nil }
func (heldDeadlineConn) SetWriteDeadline(time.Time) error { return nil }

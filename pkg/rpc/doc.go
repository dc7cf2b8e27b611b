// Package rpc carries Thrift services over NebulaGraph's wire framing: the
// fbthrift "header" transport with a compact (version 1 or 2) or binary inner
// protocol, as nebula-go and the other NebulaGraph SDKs speak it.
//
// It owns the server side (an accept loop, one goroutine per connection,
// connection tracking for shutdown) and the protocol shim that lets Apache
// Thrift's generated processors read fbthrift's compact version 2, whose
// doubles are big-endian. See ../shared/docs/wire-protocol.md §2 and §11.
//
// It does not know any service: callers hand it a thrift.TProcessor. For
// the few methods whose answers are large (a query's result, a storage
// read), it also owns the fast path around the generated code: Method
// serves a method with a result struct of the caller's, WriteDataSetField
// writes a value.DataSet into the reply's frame (replyFrame: one buffer and
// one write per reply), a header client's requests are read into one
// buffer per connection (requestFrame) rather than through
// THeaderTransport, and FrameTransport is the client end our daemons use,
// whose reply bytes can be decoded in place (value.DecodeDataSet).
package rpc

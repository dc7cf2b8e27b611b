// Package rpc carries Thrift services over NebulaGraph's wire framing: the
// fbthrift "header" transport with a compact (version 1 or 2) or binary inner
// protocol, as nebula-go and the other NebulaGraph SDKs speak it.
//
// It owns the server side (an accept loop, one goroutine per connection,
// connection tracking for shutdown) and the protocol shim that lets Apache
// Thrift's generated processors read fbthrift's compact version 2, whose
// doubles are big-endian. See ../shared/docs/wire-protocol.md §2 and §11.
//
// It does not know any service: callers hand it a thrift.TProcessor.
package rpc

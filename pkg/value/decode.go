package value

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"unsafe"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// DecodeDataSet decodes a common.DataSet struct body in Thrift's binary
// protocol from the start of b (its first field header) and returns it
// with the number of bytes it took (through the struct's STOP byte).
//
// It gives what ReadDataSet gives over a TBinaryProtocol reading the same
// bytes, and fails where it fails (errors of malformed values wrap
// ErrBadThrift), but works on the bytes themselves: ReadDataSet's call per
// field through the protocol and transport layers was a third of graphd's
// CPU. Values share a few slab allocations, and strings are substrings of
// one copy of the dataset's bytes. The result never aliases b. Vertices,
// edges, paths, maps and geography go through the generated structs.
func DecodeDataSet(b []byte) (*DataSet, int, error) {
	d := binDecoder{b: b}
	ds, n, err := d.dataSet(0, 0)
	if err != nil {
		return nil, 0, err
	}
	if d.strBytes > 0 {
		// Strings were cut from b while decoding; move them to one copy
		// of their bytes now that their total is known. (An answer
		// without strings, a traversal's edges, copies nothing.)
		r := rebaser{base: uintptr(unsafe.Pointer(&b[0])), end: uintptr(n), own: make([]byte, 0, d.strBytes)}
		r.dataSet(ds)
	}
	return ds, n, nil
}

// binDecoder reads binary-protocol values from b.
type binDecoder struct {
	b        []byte
	strBytes int     // the bytes of the strings cut from b
	slab     []Value // free Values, handed out in runs to rows and lists
	next     int     // the size of the next slab
	lists    []List  // free List payloads
	nextL    int     // the size of the next lists slab
}

// Slab sizes: small for small answers, growing so that a large answer
// takes few allocations; never more than the input could fill.
const (
	firstSlab = 64
	maxSlab   = 8192
	maxLists  = 1024
)

// values hands out n Values, capacity clipped so that appending to one
// run cannot write over the next.
func (d *binDecoder) values(n, left int) []Value {
	if n == 0 {
		return []Value{}
	}
	if len(d.slab) < n {
		size := max(d.next, firstSlab)
		d.next = min(size*2, maxSlab)
		// every Value takes at least one byte (its STOP)
		size = max(min(size, left), n)
		d.slab = make([]Value, size)
	}
	vs := d.slab[:n:n]
	d.slab = d.slab[n:]
	return vs
}

func (d *binDecoder) list(vs []Value) Value {
	if len(d.lists) == 0 {
		d.nextL = min(max(2*d.nextL, 16), maxLists)
		d.lists = make([]List, d.nextL)
	}
	l := &d.lists[0]
	d.lists = d.lists[1:]
	l.Values = vs
	return Value{kind: KindList, ptr: l}
}

// field reads a field header at p: its type, id and the position after it.
func (d *binDecoder) field(p int) (thrift.TType, int16, int, error) {
	if p >= len(d.b) {
		return 0, 0, 0, errBinShort
	}
	t := thrift.TType(d.b[p])
	if t == thrift.STOP {
		return t, 0, p + 1, nil
	}
	if len(d.b)-p < 3 {
		return 0, 0, 0, errBinShort
	}
	return t, int16(binary.BigEndian.Uint16(d.b[p+1:])), p + 3, nil
}

// seqHeader reads a list or set header at p whose element type is not
// checked (ReadDataSet and the generated readers ignore it) and whose
// elements take at least unit bytes each.
func (d *binDecoder) seqHeader(p, unit int) (int, int, error) {
	if len(d.b)-p < 5 {
		return 0, 0, errBinShort
	}
	n, err := binLen(int32(binary.BigEndian.Uint32(d.b[p+1:])), len(d.b)-p-5, unit)
	return n, p + 5, err
}

// str reads a string at p. NB: it aliases b until DecodeDataSet rebases it.
func (d *binDecoder) str(p int) (string, int, error) {
	if len(d.b)-p < 4 {
		return "", 0, errBinShort
	}
	n, err := binLen(int32(binary.BigEndian.Uint32(d.b[p:])), len(d.b)-p-4, 1)
	if err != nil || n == 0 {
		return "", p + 4, err
	}
	d.strBytes += n
	return unsafe.String(&d.b[p+4], n), p + 4 + n, nil
}

func (d *binDecoder) fixed(p, n int) (int, error) {
	if len(d.b)-p < n {
		return 0, errBinShort
	}
	return p + n, nil
}

func (d *binDecoder) skip(p int, t thrift.TType) (int, error) {
	return skipBinary(d.b, p, t, thrift.DEFAULT_RECURSION_DEPTH)
}

// dataSet reads a DataSet at p as readDataSet does.
func (d *binDecoder) dataSet(p, depth int) (*DataSet, int, error) {
	ds := &DataSet{ColNames: []string{}, Rows: []Row{}}
	for {
		t, id, np, err := d.field(p)
		if err != nil {
			return nil, 0, err
		}
		p = np
		switch {
		case t == thrift.STOP:
			return ds, p, nil
		case id == 1 && t == thrift.LIST:
			n, np, err := d.seqHeader(p, 4)
			if err != nil {
				return nil, 0, err
			}
			p = np
			ds.ColNames = make([]string, n)
			for i := range ds.ColNames {
				if ds.ColNames[i], p, err = d.str(p); err != nil {
					return nil, 0, err
				}
			}
		case id == 2 && t == thrift.LIST:
			n, np, err := d.seqHeader(p, 1)
			if err != nil {
				return nil, 0, err
			}
			p = np
			ds.Rows = make([]Row, n)
			for i := range ds.Rows {
				if p, err = d.row(p, &ds.Rows[i], depth+1); err != nil {
					return nil, 0, fmt.Errorf("row %d: %w", i, err)
				}
			}
		default:
			if p, err = d.skip(p, t); err != nil {
				return nil, 0, err
			}
		}
	}
}

// row reads a Row struct at p into r.
func (d *binDecoder) row(p int, r *Row, depth int) (int, error) {
	vs, p, err := d.seqStruct(p, thrift.LIST, depth)
	r.Values = vs
	return p, err
}

// seqStruct reads a struct whose field 1 of type kind is a list<Value> or
// set<Value> (a Row, an NList, an NSet) and returns that field.
func (d *binDecoder) seqStruct(p int, kind thrift.TType, depth int) ([]Value, int, error) {
	var vs []Value
	for {
		t, id, np, err := d.field(p)
		if err != nil {
			return nil, 0, err
		}
		p = np
		if t == thrift.STOP {
			break
		}
		if id != 1 || t != kind {
			if p, err = d.skip(p, t); err != nil {
				return nil, 0, err
			}
			continue
		}
		n, np, err := d.seqHeader(p, 1)
		if err != nil {
			return nil, 0, err
		}
		p = np
		vs = d.values(n, len(d.b)-p)
		for i := range vs {
			if vs[i], p, err = d.value(p, depth); err != nil {
				return nil, 0, err
			}
		}
	}
	if vs == nil {
		vs = []Value{}
	}
	return vs, p, nil
}

// value reads a common.Value at p as readValue does.
func (d *binDecoder) value(p, depth int) (Value, int, error) {
	if depth > maxThriftDepth {
		return Value{}, 0, badThrift("nested deeper than %d", maxThriftDepth)
	}
	var (
		set  uint32 // bit i: field i was read
		out  = Empty
		slow *common.Value // the fields read with the generated code
	)
	b := d.b
	for {
		t, id, np, err := d.field(p)
		if err != nil {
			return Value{}, 0, err
		}
		p = np
		if t == thrift.STOP {
			break
		}
		switch {
		case id == 1 && t == thrift.I32:
			if p, err = d.fixed(p, 4); err != nil {
				return Value{}, 0, err
			}
			n := int32(binary.BigEndian.Uint32(b[p-4:]))
			if n < 0 || int(n) >= len(nullNames) {
				return Value{}, 0, badThrift("unknown null type %d", n)
			}
			out = NewNull(NullKind(n))
		case id == 2 && t == thrift.BOOL:
			if p, err = d.fixed(p, 1); err != nil {
				return Value{}, 0, err
			}
			out = NewBool(b[p-1] == 1)
		case id == 3 && t == thrift.I64:
			if p, err = d.fixed(p, 8); err != nil {
				return Value{}, 0, err
			}
			out = NewInt(int64(binary.BigEndian.Uint64(b[p-8:])))
		case id == 4 && t == thrift.DOUBLE:
			if p, err = d.fixed(p, 8); err != nil {
				return Value{}, 0, err
			}
			out = NewFloat(math.Float64frombits(binary.BigEndian.Uint64(b[p-8:])))
		case id == 5 && t == thrift.STRING:
			var s string
			if s, p, err = d.str(p); err != nil {
				return Value{}, 0, err
			}
			out = NewString(s)
		case t != thrift.STRUCT || id < 6 || id > 17:
			if p, err = d.skip(p, t); err != nil {
				return Value{}, 0, err
			}
			continue
		case id == 6:
			out, p, err = d.date(p)
		case id == 7:
			out, p, err = d.time(p)
		case id == 8:
			out, p, err = d.dateTime(p)
		case id == 17:
			out, p, err = d.duration(p)
		case id == 12 || id == 14:
			var vs []Value
			kind := thrift.TType(thrift.LIST)
			if id == 14 {
				kind = thrift.SET
			}
			if vs, p, err = d.seqStruct(p, kind, depth+1); err == nil {
				if id == 12 {
					out = d.list(vs)
				} else {
					out = NewSet(vs)
				}
			}
		case id == 15:
			var ds *DataSet
			if ds, p, err = d.dataSet(p, depth+1); err == nil {
				out = NewDataSet(ds)
			}
		default:
			if slow == nil {
				slow = new(common.Value)
			}
			p, err = d.slow(p, id, slow)
		}
		if err != nil {
			return Value{}, 0, err
		}
		set |= 1 << uint(id)
	}
	if n := bits.OnesCount32(set); n > 1 {
		return Value{}, 0, badThrift("%d fields of a value set", n)
	}
	if slow != nil {
		v, err := fromThrift(slow, depth)
		return v, p, err
	}
	return out, p, nil
}

// slow reads field id of a Value at p with the generated code into t,
// over the rest of the input: the generated readers, not a generic skip,
// say where the field ends (they ignore element types in headers).
func (d *binDecoder) slow(p int, id int16, t *common.Value) (int, error) {
	rest := d.b[p:]
	buf := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(rest)}
	// The generated readers allocate what a size claims; capping sizes at
	// the bytes left refuses only claims that could not be read whole.
	cfg := &thrift.TConfiguration{MaxMessageSize: int32(min(len(rest)+1, thrift.DEFAULT_MAX_MESSAGE_SIZE))}
	err := readSlow(context.Background(), thrift.NewTBinaryProtocolConf(buf, cfg), id, t)
	return p + len(rest) - buf.Len(), err
}

// scalarStruct reads a struct of scalar fields at p, calling set with
// each field whose type is types[id] and the bytes of its value; other
// fields are skipped as the generated readers skip them.
func (d *binDecoder) scalarStruct(p int, types []thrift.TType, set func(id int16, v []byte)) (int, error) {
	for {
		t, id, np, err := d.field(p)
		if err != nil {
			return 0, err
		}
		p = np
		if t == thrift.STOP {
			return p, nil
		}
		w := thrift.TType(thrift.STOP)
		if id >= 0 && int(id) < len(types) {
			w = types[id]
		}
		if t != w {
			if p, err = d.skip(p, t); err != nil {
				return 0, err
			}
			continue
		}
		n := 1
		switch w {
		case thrift.I16:
			n = 2
		case thrift.I32:
			n = 4
		case thrift.I64:
			n = 8
		}
		if p, err = d.fixed(p, n); err != nil {
			return 0, err
		}
		set(id, d.b[p-n:p])
	}
}

func i16(v []byte) int16 { return int16(binary.BigEndian.Uint16(v)) }
func i32(v []byte) int32 { return int32(binary.BigEndian.Uint32(v)) }

// Field types of the calendar structs, by field id; STOP for none.
var (
	dateTypes     = [...]thrift.TType{1: thrift.I16, 2: thrift.BYTE, 3: thrift.BYTE}
	timeTypes     = [...]thrift.TType{1: thrift.BYTE, 2: thrift.BYTE, 3: thrift.BYTE, 4: thrift.I32}
	dateTimeTypes = [...]thrift.TType{1: thrift.I16, 2: thrift.BYTE, 3: thrift.BYTE, 4: thrift.BYTE,
		5: thrift.BYTE, 6: thrift.BYTE, 7: thrift.I32}
	durationTypes = [...]thrift.TType{1: thrift.I64, 2: thrift.I32, 3: thrift.I32}
)

func (d *binDecoder) date(p int) (Value, int, error) {
	var x Date
	p, err := d.scalarStruct(p, dateTypes[:],
		func(id int16, v []byte) {
			switch id {
			case 1:
				x.Year = i16(v)
			case 2:
				x.Month = int8(v[0])
			case 3:
				x.Day = int8(v[0])
			}
		})
	return NewDate(x), p, err
}

func (d *binDecoder) time(p int) (Value, int, error) {
	var x Time
	p, err := d.scalarStruct(p, timeTypes[:],
		func(id int16, v []byte) {
			switch id {
			case 1:
				x.Hour = int8(v[0])
			case 2:
				x.Minute = int8(v[0])
			case 3:
				x.Sec = int8(v[0])
			case 4:
				x.Microsec = i32(v)
			}
		})
	return NewTime(x), p, err
}

func (d *binDecoder) dateTime(p int) (Value, int, error) {
	var x DateTime
	p, err := d.scalarStruct(p, dateTimeTypes[:],
		func(id int16, v []byte) {
			switch id {
			case 1:
				x.Year = i16(v)
			case 2:
				x.Month = int8(v[0])
			case 3:
				x.Day = int8(v[0])
			case 4:
				x.Hour = int8(v[0])
			case 5:
				x.Minute = int8(v[0])
			case 6:
				x.Sec = int8(v[0])
			case 7:
				x.Microsec = i32(v)
			}
		})
	return NewDateTime(x), p, err
}

func (d *binDecoder) duration(p int) (Value, int, error) {
	var x Duration
	p, err := d.scalarStruct(p, durationTypes[:],
		func(id int16, v []byte) {
			switch id {
			case 1:
				x.Seconds = int64(binary.BigEndian.Uint64(v))
			case 2:
				x.Microseconds = i32(v)
			case 3:
				x.Months = i32(v)
			}
		})
	return NewDuration(x), p, err
}

// rebaser moves the strings decoded from b (from base on) to own, a copy
// of b's first len(own) bytes. Only the containers decoded natively are
// visited: the generated readers' strings are copies already.
type rebaser struct {
	base, end uintptr // b's address, and the decoded extent's length
	// own holds the copies. It is never reallocated under them: when it
	// is full (a string referenced twice) a new one is started.
	own []byte
}

func (r *rebaser) str(s string) string {
	if len(s) == 0 {
		return ""
	}
	off := uintptr(unsafe.Pointer(unsafe.StringData(s))) - r.base
	if off >= r.end || uintptr(len(s)) > r.end-off {
		return s // not cut from b
	}
	if len(s) > cap(r.own)-len(r.own) {
		r.own = make([]byte, 0, max(len(s), 4<<10))
	}
	at := len(r.own)
	r.own = append(r.own, s...)
	return unsafe.String(&r.own[at], len(s))
}

func (r *rebaser) dataSet(ds *DataSet) {
	for i, c := range ds.ColNames {
		ds.ColNames[i] = r.str(c)
	}
	for i := range ds.Rows {
		r.values(ds.Rows[i].Values)
	}
}

func (r *rebaser) values(vs []Value) {
	for i := range vs {
		v := &vs[i]
		switch v.kind {
		case KindString:
			v.str = r.str(v.str)
		case KindList:
			r.values(v.ptr.(*List).Values)
		case KindSet:
			r.values(v.ptr.(*Set).Values)
		case KindDataSet:
			r.dataSet(v.ptr.(*DataSet))
		}
	}
}

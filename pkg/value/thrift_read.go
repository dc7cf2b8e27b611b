package value

import (
	"context"
	"fmt"
	"math/bits"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// ReadDataSet reads a common.DataSet struct from p straight into a
// DataSet: the result is what DataSetFromThrift gives for the generated
// struct's Read, without building the generated structs first (a pointer
// per scalar and a struct of seventeen pointers per value), which were
// most of the allocations of a graphd reading storage answers. Values of
// the rarer kinds (dates, times, vertices, edges, paths, maps, geography,
// durations) are read with the generated code and converted as
// FromThrift does. Errors of malformed values wrap ErrBadThrift.
func ReadDataSet(ctx context.Context, p thrift.TProtocol) (*DataSet, error) {
	return readDataSet(ctx, p, 0)
}

// ReadStruct calls field for each field of a struct, skipping the ones it
// reports it did not read: the loop of a hand-written Thrift reader (the
// storage client's answer readers use it too).
func ReadStruct(ctx context.Context, p thrift.TProtocol, field func(id int16, t thrift.TType) (bool, error)) error {
	if _, err := p.ReadStructBegin(ctx); err != nil {
		return err
	}
	for {
		_, t, id, err := p.ReadFieldBegin(ctx)
		if err != nil {
			return err
		}
		if t == thrift.STOP {
			break
		}
		read, err := field(id, t)
		if err != nil {
			return err
		}
		if !read {
			if err := p.Skip(ctx, t); err != nil {
				return err
			}
		}
		if err := p.ReadFieldEnd(ctx); err != nil {
			return err
		}
	}
	return p.ReadStructEnd(ctx)
}

func readDataSet(ctx context.Context, p thrift.TProtocol, depth int) (*DataSet, error) {
	ds := &DataSet{ColNames: []string{}, Rows: []Row{}}
	err := ReadStruct(ctx, p, func(id int16, t thrift.TType) (bool, error) {
		switch {
		case id == 1 && t == thrift.LIST:
			_, n, err := p.ReadListBegin(ctx)
			if err != nil {
				return false, err
			}
			ds.ColNames = make([]string, 0, n)
			for range n {
				s, err := p.ReadString(ctx)
				if err != nil {
					return false, err
				}
				ds.ColNames = append(ds.ColNames, s)
			}
			return true, p.ReadListEnd(ctx)
		case id == 2 && t == thrift.LIST:
			_, n, err := p.ReadListBegin(ctx)
			if err != nil {
				return false, err
			}
			ds.Rows = make([]Row, 0, n)
			for i := range n {
				var vs []Value
				err := ReadStruct(ctx, p, func(id int16, t thrift.TType) (bool, error) {
					if id != 1 || t != thrift.LIST {
						return false, nil
					}
					var err error
					vs, err = readValues(ctx, p, thrift.LIST, depth+1)
					return true, err
				})
				if err != nil {
					return false, fmt.Errorf("row %d: %w", i, err)
				}
				if vs == nil {
					vs = []Value{}
				}
				ds.Rows = append(ds.Rows, Row{Values: vs})
			}
			return true, p.ReadListEnd(ctx)
		}
		return false, nil
	})
	return ds, err
}

// readValues reads a list<Value> or, when t is SET, a set<Value>.
func readValues(ctx context.Context, p thrift.TProtocol, t thrift.TType, depth int) ([]Value, error) {
	begin, end := p.ReadListBegin, p.ReadListEnd
	if t == thrift.SET {
		begin, end = p.ReadSetBegin, p.ReadSetEnd
	}
	_, n, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Value, 0, n)
	for range n {
		v, err := readValue(ctx, p, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, end(ctx)
}

// readValue reads a common.Value. The scalars, strings, lists, sets and
// data sets are decoded here; other kinds go through the generated
// struct of their field and fromThrift.
func readValue(ctx context.Context, p thrift.TProtocol, depth int) (Value, error) {
	if depth > maxThriftDepth {
		return Value{}, badThrift("nested deeper than %d", maxThriftDepth)
	}
	var (
		set  uint32 // bit i: field i was read
		out  = Empty
		slow common.Value // the fields read with the generated code
	)
	// seqField reads an NList (a list field) or an NSet (a set field).
	seqField := func(kind thrift.TType, mk func([]Value) Value) error {
		var vs []Value
		err := ReadStruct(ctx, p, func(id int16, t thrift.TType) (bool, error) {
			if id != 1 || t != kind {
				return false, nil
			}
			var err error
			vs, err = readValues(ctx, p, kind, depth+1)
			return true, err
		})
		if vs == nil {
			vs = []Value{}
		}
		out = mk(vs)
		return err
	}
	err := ReadStruct(ctx, p, func(id int16, t thrift.TType) (bool, error) {
		var err error
		switch {
		case id == 1 && t == thrift.I32:
			var n int32
			if n, err = p.ReadI32(ctx); err == nil {
				if n < 0 || int(n) >= len(nullNames) {
					return true, badThrift("unknown null type %d", n)
				}
				out = NewNull(NullKind(n))
			}
		case id == 2 && t == thrift.BOOL:
			var b bool
			b, err = p.ReadBool(ctx)
			out = NewBool(b)
		case id == 3 && t == thrift.I64:
			var n int64
			n, err = p.ReadI64(ctx)
			out = NewInt(n)
		case id == 4 && t == thrift.DOUBLE:
			var f float64
			f, err = p.ReadDouble(ctx)
			out = NewFloat(f)
		case id == 5 && t == thrift.STRING:
			var s string
			s, err = p.ReadString(ctx)
			out = NewString(s)
		case id == 12 && t == thrift.STRUCT:
			err = seqField(thrift.LIST, NewList)
		case id == 14 && t == thrift.STRUCT:
			err = seqField(thrift.SET, NewSet)
		case id == 15 && t == thrift.STRUCT:
			var ds *DataSet
			if ds, err = readDataSet(ctx, p, depth+1); err == nil {
				out = NewDataSet(ds)
			}
		case t == thrift.STRUCT && id >= 6 && id <= 17:
			err = readSlow(ctx, p, id, &slow)
		default:
			return false, nil
		}
		set |= 1 << uint(id)
		return true, err
	})
	if err != nil {
		return Value{}, err
	}
	if n := bits.OnesCount32(set); n > 1 {
		return Value{}, badThrift("%d fields of a value set", n)
	}
	if countSet(&slow) == 1 {
		return fromThrift(&slow, depth)
	}
	return out, nil
}

// readSlow reads field id of a Value with the generated code into t.
func readSlow(ctx context.Context, p thrift.TProtocol, id int16, t *common.Value) error {
	var s interface {
		Read(context.Context, thrift.TProtocol) error
	}
	switch id {
	case 6:
		t.DVal = common.NewDate()
		s = t.DVal
	case 7:
		t.TVal = common.NewTime()
		s = t.TVal
	case 8:
		t.DtVal = common.NewDateTime()
		s = t.DtVal
	case 9:
		t.VVal = common.NewVertex()
		s = t.VVal
	case 10:
		t.EVal = common.NewEdge()
		s = t.EVal
	case 11:
		t.PVal = common.NewPath()
		s = t.PVal
	case 13:
		t.MVal = common.NewNMap()
		s = t.MVal
	case 16:
		t.GgVal = common.NewGeography()
		s = t.GgVal
	case 17:
		t.DuVal = common.NewDuration()
		s = t.DuVal
	default:
		return p.Skip(ctx, thrift.STRUCT)
	}
	return s.Read(ctx, p)
}

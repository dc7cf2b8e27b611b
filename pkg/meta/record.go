package meta

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/apache/thrift/lib/go/thrift"
)

// Stored records and raft commands are Thrift compact encodings of the
// structs of idl/meta.thrift: one schema language for the wire and the disk.
var serializers = thrift.NewTSerializerPoolSizeFactory(256, thrift.NewTCompactProtocolFactoryConf(nil))

// encode returns the compact encoding of s (a fresh slice). Nil required
// struct fields are filled first, since the generated writers dereference
// them.
func encode(s thrift.TStruct) []byte {
	fillRequired(s)
	b, err := serializers.Write(context.Background(), s)
	if err != nil {
		// Writing to memory fails only for a struct the generated code
		// refuses, which fillRequired rules out.
		panic(fmt.Sprintf("meta: encode %T: %v", s, err))
	}
	return b
}

// decode reads b into s.
func decode(b []byte, s thrift.TStruct) error {
	// The generated readers allocate what a list, set or map header claims
	// (a claim of 2^30 commands is 8 GB) before reading any element. Every
	// element takes at least a byte, so capping claims at the input's
	// length refuses only what could not be read whole; a corrupt raft
	// entry or record then fails here instead of exhausting memory.
	cfg := &thrift.TConfiguration{MaxMessageSize: int32(min(len(b)+1, math.MaxInt32))}
	p := thrift.NewTCompactProtocolConf(&thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(b)}, cfg)
	if err := s.Read(context.Background(), p); err != nil {
		return fmt.Errorf("decode %T: %w: %w", s, errCorrupt, err)
	}
	return nil
}

// fillRequired sets every nil pointer-to-struct field that is not optional
// to a zero struct, recursively through structs, slices and maps. Apache
// Thrift's Go writers dereference such fields unconditionally, while
// NebulaGraph writes an empty struct for them; the bytes are the same.
func fillRequired(v any) {
	fillValue(reflect.ValueOf(v))
}

// newFilled returns a new zero struct for the pointer type t. A Thrift
// union cannot be written with no member set, so a union gets its first
// member set to zero: only error answers carry such placeholders.
func newFilled(t reflect.Type) reflect.Value {
	v := reflect.New(t.Elem())
	if _, union := t.MethodByName("CountSetFields" + t.Elem().Name()); union {
		f := v.Elem().Field(0)
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.New(f.Type().Elem()))
		}
	}
	return v
}

func fillValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			fillValue(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if _, ok := f.Tag.Lookup("thrift"); !ok || !f.IsExported() {
				continue
			}
			// The generator marks optional fields only in their json tag.
			optional := strings.HasSuffix(f.Tag.Get("json"), ",omitempty")
			fv := v.Field(i)
			if fv.Kind() == reflect.Pointer && fv.IsNil() && fv.Type().Elem().Kind() == reflect.Struct && !optional {
				fv.Set(newFilled(fv.Type()))
			}
			fillValue(fv)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			fillValue(v.Index(i))
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			fillValue(it.Value())
		}
	}
}

// ptrAs converts an optional id to the typedef a wire struct wants.
func ptrAs[T ~int32](p *int32) *T {
	if p == nil {
		return nil
	}
	v := T(*p)
	return &v
}

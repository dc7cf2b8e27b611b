package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
	"github.com/novagraph/novagraph/pkg/value"
)

// Cells become values here for sstable loads, with the meaning the
// statement loads give them (appendValue): the common types are parsed
// directly, because a load converts millions of cells; anything else (a
// function call in the cell, geography, a timestamp written as a date) is
// rendered as appendValue renders it and evaluated as the constant nGQL
// expression it is. Date-times without an offset are taken as UTC, graphd's
// default time zone.

// cellValue converts a property cell of nGQL type typ.
func cellValue(typ, cell string) (value.Value, error) {
	if strings.EqualFold(cell, "null") || cell == "__NULL__" {
		return value.Null, nil
	}
	t := strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i]
	}
	if !isCall(cell) {
		switch t {
		case "string", "fixed_string":
			return value.NewString(cell), nil
		case "int", "int64", "int32", "int16", "int8":
			n, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 64)
			if err != nil {
				return value.Value{}, fmt.Errorf("%q is not an integer", cell)
			}
			return value.NewInt(n), nil
		case "double", "float":
			f, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil {
				return value.Value{}, fmt.Errorf("%q is not a number", cell)
			}
			return value.NewFloat(f), nil
		case "bool":
			switch strings.ToLower(strings.TrimSpace(cell)) {
			case "true":
				return value.NewBool(true), nil
			case "false":
				return value.NewBool(false), nil
			}
			return value.Value{}, fmt.Errorf("%q is not a boolean", cell)
		case "date":
			d, err := value.ParseDate(cell)
			if err != nil {
				return value.Value{}, fmt.Errorf("%q is not a date: %w", cell, err)
			}
			return value.NewDate(d), nil
		case "datetime":
			dt, err := value.ParseDateTime(cell, 0)
			if err != nil {
				return value.Value{}, fmt.Errorf("%q is not a datetime: %w", cell, err)
			}
			return value.NewDateTime(dt), nil
		case "timestamp":
			if n, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 64); err == nil {
				return value.NewInt(n), nil
			}
		}
	}
	lit, err := appendValue(nil, typ, cell)
	if err != nil {
		return value.Value{}, err
	}
	return constValue(string(lit))
}

// constValue evaluates a constant nGQL expression.
func constValue(expr string) (value.Value, error) {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return value.Value{}, fmt.Errorf("%s: %w", expr, err)
	}
	v, err := eval.Eval(e, eval.Base{})
	if err != nil {
		return value.Value{}, fmt.Errorf("%s: %w", expr, err)
	}
	if v.IsBadNull() {
		return value.Value{}, fmt.Errorf("%s: %v", expr, v)
	}
	return v, nil
}

// vidValue converts a vid cell: an integer, a string, or hash("s"), the
// MurmurHash2 of s taken as an integer vid.
func vidValue(v mapping.Vid, cell string) (value.Value, error) {
	switch {
	case v.Function != "":
		if !strings.EqualFold(v.Function, "hash") {
			return value.Value{}, fmt.Errorf("vid function %q (only hash is known)", v.Function)
		}
		return value.NewInt(int64(kvstore.MurmurHash64A([]byte(cell)))), nil
	case strings.EqualFold(v.Type, "string"):
		return value.NewString(cell), nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 64)
	if err != nil {
		return value.Value{}, fmt.Errorf("vid %q is not an integer", cell)
	}
	return value.NewInt(n), nil
}

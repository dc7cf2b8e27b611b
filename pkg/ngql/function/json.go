package function

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

func init() {
	register(&Function{Name: "json_extract", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindString {
			return badType
		}
		m, err := jsonToMap(a[0].Str())
		if err != nil {
			return badData
		}
		return m
	}})
}

var errNotObject = errors.New("json: not an object")

// jsonToMap converts a JSON object text to a map value with NebulaGraph's
// limits: strings, numbers (ints when written without '.', 'e' or 'E'),
// bools, null (as EMPTY) and objects one level deep are kept; arrays, and
// anything but scalars inside a nested object, are dropped.
func jsonToMap(text string) (value.Value, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return value.Value{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return value.Value{}, errors.New("json: trailing data")
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return value.Value{}, errNotObject
	}
	out := make(map[string]value.Value, len(obj))
	for k, v := range obj {
		if nested, ok := v.(map[string]any); ok {
			inner := make(map[string]value.Value, len(nested))
			for nk, nv := range nested {
				if nv == nil {
					continue // NebulaGraph keeps nulls only at the top level
				}
				sv, keep, err := jsonScalar(nv)
				if err != nil {
					return value.Value{}, err
				}
				if keep {
					inner[nk] = sv
				}
			}
			out[k] = value.NewMap(inner)
			continue
		}
		sv, keep, err := jsonScalar(v)
		if err != nil {
			return value.Value{}, err
		}
		if keep {
			out[k] = sv
		}
	}
	return value.NewMap(out), nil
}

// jsonScalar converts a decoded JSON scalar; keep is false for arrays and
// objects. An integer literal beyond int64 is an error, as in folly.
func jsonScalar(v any) (out value.Value, keep bool, err error) {
	switch x := v.(type) {
	case nil:
		return value.Empty, true, nil
	case string:
		return value.NewString(x), true, nil
	case bool:
		return value.NewBool(x), true, nil
	case json.Number:
		s := x.String()
		if strings.ContainsAny(s, ".eE") {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return value.Value{}, false, err
			}
			return value.NewFloat(f), true, nil
		}
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return value.Value{}, false, err
		}
		return value.NewInt(i), true, nil
	}
	return value.Value{}, false, nil
}

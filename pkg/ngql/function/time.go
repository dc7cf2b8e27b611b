package function

import (
	"github.com/novagraph/novagraph/pkg/value"
)

// The temporal constructors. Without arguments they read the clock and
// return UTC (to the millisecond, like NebulaGraph's clock); with a string
// or a map they build the value, reading text or fields without a zone as
// local to Env.UTCOffset and storing UTC. A malformed argument is BAD_DATA.

func init() {
	register(&Function{Name: "date", MinArity: 0, MaxArity: 1, impure: []int{0}, body: dateBody})
	register(&Function{Name: "time", MinArity: 0, MaxArity: 1, impure: []int{0}, body: timeBody})
	register(&Function{Name: "datetime", MinArity: 0, MaxArity: 1, impure: []int{0}, body: dateTimeBody})
	register(&Function{Name: "timestamp", MinArity: 0, MaxArity: 1, impure: []int{0}, body: func(env *Env, a []value.Value) value.Value {
		if len(a) == 0 {
			return value.NewInt(env.now().Unix())
		}
		ts, err := value.Timestamp(a[0], int64(env.utcOffset()))
		if err != nil {
			return badData
		}
		return value.NewInt(ts)
	}})
	register(&Function{Name: "duration", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindMap {
			// NB: NebulaGraph has no duration text syntax yet; a string is
			// BAD_TYPE like any other kind.
			return badType
		}
		d, err := value.DurationFromMap(a[0].Map())
		if err != nil {
			return badData
		}
		return value.NewDuration(d)
	}})
}

func dateBody(env *Env, a []value.Value) value.Value {
	if len(a) == 0 {
		return value.NewDate(value.DateOf(env.now().UTC()))
	}
	switch a[0].Kind() {
	case value.KindString:
		d, err := value.ParseDate(a[0].Str())
		if err != nil {
			return badData
		}
		return value.NewDate(d)
	case value.KindMap:
		d, err := value.DateFromMap(a[0].Map())
		if err != nil {
			return badData
		}
		return value.NewDate(d)
	}
	return badType
}

func timeBody(env *Env, a []value.Value) value.Value {
	if len(a) == 0 {
		return value.NewTime(value.TimeOf(env.now().UTC()))
	}
	switch a[0].Kind() {
	case value.KindString:
		t, err := value.ParseTime(a[0].Str(), int64(env.utcOffset()))
		if err != nil {
			return badData
		}
		return value.NewTime(t)
	case value.KindMap:
		t, err := value.TimeFromMap(a[0].Map())
		if err != nil {
			return badData
		}
		return value.NewTime(t.Shift(-int64(env.utcOffset())))
	}
	return badType
}

func dateTimeBody(env *Env, a []value.Value) value.Value {
	if len(a) == 0 {
		return value.NewDateTime(value.DateTimeOf(env.now().UTC()))
	}
	switch a[0].Kind() {
	case value.KindString:
		dt, err := value.ParseDateTime(a[0].Str(), int64(env.utcOffset()))
		if err != nil {
			return badData
		}
		return value.NewDateTime(dt)
	case value.KindMap:
		dt, err := value.DateTimeFromMap(a[0].Map())
		if err != nil {
			return badData
		}
		return value.NewDateTime(dt.Shift(-int64(env.utcOffset())))
	case value.KindInt:
		return value.NewDateTime(value.DateTimeFromUnix(a[0].Int()))
	}
	// NB: NebulaGraph answers BAD_DATA, not BAD_TYPE, here.
	return badData
}

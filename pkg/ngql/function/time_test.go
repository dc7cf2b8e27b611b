package function

import (
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/value"
)

func date(y int16, mo, d int8) value.Value {
	return value.NewDate(value.Date{Year: y, Month: mo, Day: d})
}

func clock(h, mi, sec int8, us int32) value.Value {
	return value.NewTime(value.Time{Hour: h, Minute: mi, Sec: sec, Microsec: us})
}

func dateTime(y int16, mo, d, h, mi, sec int8, us int32) value.Value {
	return value.NewDateTime(value.DateTime{Year: y, Month: mo, Day: d, Hour: h, Minute: mi, Sec: sec, Microsec: us})
}

func TestTemporalConstructors(t *testing.T) {
	at := time.Date(2021, 7, 19, 2, 59, 40, 123456789, time.UTC)
	env := &Env{Now: func() time.Time { return at }}
	runCalls(t, env, []callCase{
		{"date", nil, date(2021, 7, 19)},
		{"time", nil, clock(2, 59, 40, 123000)},
		{"datetime", nil, dateTime(2021, 7, 19, 2, 59, 40, 123000)},
		{"timestamp", nil, i(at.Unix())},

		{"date", args(s("2021-07-19")), date(2021, 7, 19)},
		{"date", args(s("2021-02-30")), nBadData},
		{"date", args(s("nonsense")), nBadData},
		{"date", args(m("year", i(2020), "month", i(2), "day", i(29))), date(2020, 2, 29)},
		{"date", args(m("year", i(2021))), date(2021, 1, 1)},
		{"date", args(m("year", i(2021), "month", i(2), "day", i(29))), nBadData},
		{"date", args(m("year", i(2021), "month", i(13))), nBadData},
		{"date", args(m("year", i(40000))), nBadData},
		{"date", args(m("year", s("2021"))), nBadData},
		{"date", args(m("hour", i(1))), nBadData},
		{"date", args(i(1)), nBadType},
		{"date", args(null), nBadType},

		{"time", args(s("02:59:40")), clock(2, 59, 40, 0)},
		{"time", args(m("hour", i(2), "minute", i(59), "millisecond", i(5), "microsecond", i(6))), clock(2, 59, 0, 5006)},
		{"time", args(m("hour", i(24))), nBadData},
		{"time", args(m("day", i(1))), nBadData},
		{"time", args(f(1)), nBadType},

		{"datetime", args(s("2019-03-02T22:00:30")), dateTime(2019, 3, 2, 22, 0, 30, 0)},
		{"datetime", args(s("2019-03-02 22:00:30")), dateTime(2019, 3, 2, 22, 0, 30, 0)},
		{"datetime", args(s("2019-13-02T22:00:30")), nBadData},
		{"datetime", args(m("year", i(2019), "month", i(3), "day", i(2), "hour", i(22), "second", i(30))), dateTime(2019, 3, 2, 22, 0, 30, 0)},
		{"datetime", args(m("year", i(2019), "minute", i(60))), nBadData},
		{"datetime", args(i(0)), dateTime(1970, 1, 1, 0, 0, 0, 0)},
		{"datetime", args(i(86400 + 3661)), dateTime(1970, 1, 2, 1, 1, 1, 0)},
		{"datetime", args(b(true)), nBadData},

		{"timestamp", args(s("2000-10-10T10:00:00")), i(971172000)},
		{"timestamp", args(i(971172000)), i(971172000)},
		{"timestamp", args(dateTime(2000, 10, 10, 10, 0, 0, 0)), i(971172000)},
		{"timestamp", args(i(-1)), nBadData},
		{"timestamp", args(s("2000-10-10T10:00:00.5")), nBadData},
		{"timestamp", args(null), nBadData},

		{"duration", args(m("years", i(12), "months", i(5), "days", i(14), "hours", i(16), "minutes", i(12), "seconds", i(70))),
			value.NewDuration(value.Duration{Months: 12*12 + 5, Seconds: 14*86400 + 16*3600 + 12*60 + 70})},
		{"duration", args(m("quarters", i(1), "weeks", i(2), "milliseconds", i(1500), "microseconds", i(7))),
			value.NewDuration(value.Duration{Months: 3, Seconds: 14*86400 + 1, Microseconds: 500007})},
		{"duration", args(m("fortnights", i(1))), nBadData},
		{"duration", args(m("days", f(1.5))), nBadData},
		{"duration", args(s("P1D")), nBadType},
	})
}

func TestTemporalTimeZone(t *testing.T) {
	// In a zone 8 hours east of UTC, local text and fields are stored in
	// UTC; dates have no zone.
	env := &Env{UTCOffset: 8 * 3600}
	runCalls(t, env, []callCase{
		{"datetime", args(s("2019-03-02T06:00:30")), dateTime(2019, 3, 1, 22, 0, 30, 0)},
		{"datetime", args(m("year", i(2019), "month", i(3), "day", i(2), "hour", i(6))), dateTime(2019, 3, 1, 22, 0, 0, 0)},
		{"time", args(s("06:00:00")), clock(22, 0, 0, 0)},
		{"time", args(m("hour", i(6))), clock(22, 0, 0, 0)},
		{"date", args(s("2019-03-02")), date(2019, 3, 2)},
	})
}

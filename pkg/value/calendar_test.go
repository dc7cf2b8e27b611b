package value

import (
	"strings"
	"testing"
	"time"
)

func TestDayNumbersMatchGoTime(t *testing.T) {
	// Property: the Gregorian day numbers agree with package time over a
	// span that crosses the non-leap centuries.
	start := time.Date(1599, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := 0; n < 366*520; n += 7 {
		g := start.AddDate(0, 0, n)
		d := Date{Year: int16(g.Year()), Month: int8(g.Month()), Day: int8(g.Day())}
		want := g.Unix() / 86400
		if got := d.Days(); got != want {
			t.Fatalf("%s.Days() = %d, want %d", d, got, want)
		}
		if got := DateFromDays(want); got != d {
			t.Fatalf("DateFromDays(%d) = %s, want %s", want, got, d)
		}
	}
	if got := DateFromDays(-1); got != (Date{1969, 12, 31}) {
		t.Errorf("DateFromDays(-1) = %s", got)
	}
}

func TestLeapYears(t *testing.T) {
	for y, want := range map[int64]bool{2000: true, 1900: false, 2100: false, 2020: true, 2021: false, 0: true, -4: true, -100: false} {
		if got := IsLeapYear(y); got != want {
			t.Errorf("IsLeapYear(%d) = %v", y, got)
		}
	}
	if DaysInMonth(2020, 2) != 29 || DaysInMonth(2019, 2) != 28 || DaysInMonth(2019, 4) != 30 || DaysInMonth(2019, 13) != 0 {
		t.Error("DaysInMonth")
	}
}

func TestUnix(t *testing.T) {
	tests := []struct {
		dt   DateTime
		unix int64
	}{
		{DateTime{1970, 1, 1, 0, 0, 0, 0}, 0},
		{DateTime{2000, 10, 10, 10, 0, 0, 0}, 971172000},
		{DateTime{1969, 12, 31, 23, 59, 59, 0}, -1},
		{DateTime{2038, 1, 19, 3, 14, 8, 0}, 1 << 31},
	}
	for _, tt := range tests {
		if got := tt.dt.Unix(); got != tt.unix {
			t.Errorf("%s.Unix() = %d, want %d", tt.dt, got, tt.unix)
		}
		if got := DateTimeFromUnix(tt.unix); got != tt.dt {
			t.Errorf("DateTimeFromUnix(%d) = %s, want %s", tt.unix, got, tt.dt)
		}
	}
}

func TestNow(t *testing.T) {
	now := time.Date(2021, 7, 19, 2, 59, 40, 123456789, time.UTC)
	if got := DateTimeOf(now); got != (DateTime{2021, 7, 19, 2, 59, 40, 123000}) {
		t.Errorf("DateTimeOf = %s", got)
	}
	shanghai := now.In(time.FixedZone("CST", 8*3600))
	if got := DateOf(shanghai); got != (Date{2021, 7, 19}) {
		t.Errorf("DateOf = %s", got)
	}
	if got := TimeOf(shanghai); got != (Time{10, 59, 40, 123000}) {
		t.Errorf("TimeOf = %s", got)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  string
	}{
		{in: "2020-01-02", want: Date{2020, 1, 2}},
		{in: "2020-02-29", want: Date{2020, 2, 29}},
		{in: "2020-03", want: Date{2020, 3, 1}},
		{in: "2020", want: Date{2020, 1, 1}},
		{in: "0-1-1", want: Date{0, 1, 1}},
		{in: "2019-02-29", err: "`2019-02-29' is not a valid date."},
		{in: "2020-13-01", err: "Invalid month number.`2020-13-01' is not a valid date."},
		{in: "2020-00-01", err: "Invalid month number."},
		{in: "2020-01-00", err: "is not a valid date."},
		{in: "40000-01-01", err: "Out of range year `40000'."},
		{in: "2000.0.0", err: "syntax error"},
		{in: "2020-01-02T00:00", err: "syntax error near `T00:00'"},
		{in: "", err: "syntax error"},
		{in: "-2020-01-01", err: "syntax error"},
		{in: "99999999999999999999", err: "Invalid integer"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		checkParse(t, "ParseDate", tt.in, got, tt.want, err, tt.err)
	}
}

func checkParse[T comparable](t *testing.T, fn, in string, got, want T, err error, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s(%q) error = %v, want %q", fn, in, err, wantErr)
		}
		return
	}
	if err != nil || got != want {
		t.Errorf("%s(%q) = %v, %v; want %v", fn, in, got, err, want)
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in     string
		offset int64
		want   Time
		err    string
	}{
		{in: "23:01:00", want: Time{23, 1, 0, 0}},
		{in: "02:59:40", want: Time{2, 59, 40, 0}},
		{in: "12:34", want: Time{12, 34, 0, 0}},
		{in: "12", want: Time{12, 0, 0, 0}},
		{in: "12:34:56.123", want: Time{12, 34, 56, 123000}},
		{in: "12:34:56.0000006", want: Time{12, 34, 56, 1}},
		{in: "23:01:00.010000+01:00", want: Time{22, 1, 0, 10000}},
		{in: "23:01:00.010000[Asia/Shanghai]", want: Time{15, 1, 0, 10000}},
		{in: "23:01:00.010000+08:00[Asia/Shanghai]", want: Time{15, 1, 0, 10000}},
		{in: "01:00:00-02:30", want: Time{3, 30, 0, 0}},
		{in: "01:00:00", offset: 8 * 3600, want: Time{17, 0, 0, 0}},
		{in: "01:00:00+00:00", offset: 8 * 3600, want: Time{1, 0, 0, 0}},
		{in: "23:01:00.010000-03:00[Asia/Shanghai]", err: "Mismatched timezone offset."},
		{in: "12:00:00[Mars/Olympus]", err: "Invalid timezone `Mars/Olympus'."},
		{in: "24:00:00", err: "Invalid hour number 24."},
		{in: "10:60", err: "Invalid minute number 60."},
		{in: "10:0:60", err: "Invalid second number 60."},
		{in: "10:00:00.9999999", err: "Invalid microsecond number 1000000."},
		{in: "10:00:00+24:00", err: "Invalid hour number 24."},
		{in: "2020-01-01", err: "Invalid hour number 2020."},
		{in: "10:00:00 ", err: "syntax error"},
		{in: "10:00:00[]", err: "syntax error"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, tt.offset)
		checkParse(t, "ParseTime", tt.in, got, tt.want, err, tt.err)
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in     string
		offset int64
		want   DateTime
		err    string
	}{
		{in: "2017-03-04T22:30:40", want: DateTime{2017, 3, 4, 22, 30, 40, 0}},
		{in: "2017-03-04 22:30:40", want: DateTime{2017, 3, 4, 22, 30, 40, 0}},
		{in: "2012-03-04T22:11", want: DateTime{2012, 3, 4, 22, 11, 0, 0}},
		{in: "2017-03-04", want: DateTime{2017, 3, 4, 0, 0, 0, 0}},
		{in: "2017", want: DateTime{2017, 1, 1, 0, 0, 0, 0}},
		{in: "2017-03-04T22:30:40.003000-02:30", want: DateTime{2017, 3, 5, 1, 0, 40, 3000}},
		{in: "2017-03-04T22:30:40.003000[Asia/Shanghai]", want: DateTime{2017, 3, 4, 14, 30, 40, 3000}},
		{in: "2017-03-04T22:30:40.003000+08:00[Asia/Shanghai]", want: DateTime{2017, 3, 4, 14, 30, 40, 3000}},
		{in: "2017-07-04T12:00:00[America/New_York]", want: DateTime{2017, 7, 4, 17, 0, 0, 0}}, // standard offset, as NebulaGraph
		{in: "2000-01-01T00:00:00", offset: 3600, want: DateTime{1999, 12, 31, 23, 0, 0, 0}},
		{in: "2017-03-04T22:30:40.003000+03:00[Asia/Shanghai]", err: "Mismatched timezone offset."},
		{in: "2000.0.0 10:0:0", err: "syntax error"},
		{in: "2017-02-30T00:00:00", err: "is not a valid date."},
		{in: "2017-03-04T", err: "syntax error"},
		{in: "2017-03-04X22:30", err: "syntax error"},
	}
	for _, tt := range tests {
		got, err := ParseDateTime(tt.in, tt.offset)
		checkParse(t, "ParseDateTime", tt.in, got, tt.want, err, tt.err)
	}
}

func TestTimestamp(t *testing.T) {
	tests := []struct {
		v    Value
		want int64
		err  string
	}{
		{v: s("2000-10-10T10:00:00"), want: 971172000},
		{v: s("2020-01-10T10:00:00"), want: 1578650400},
		{v: i(1578650400), want: 1578650400},
		{v: dtm(1970, 1, 1, 0, 0, 1, 0), want: 1},
		{v: s("2000-10-10T10:00:00.5"), err: "The timestamp  only supports seconds unit."},
		{v: i(-1), err: "Incorrect timestamp value: `-1'"},
		{v: i(9223372037), err: "Incorrect timestamp value"},
		{v: True, err: "Incorrect timestamp type: `true'"},
		{v: s("2000.0.0 10:0:0"), err: "syntax error"},
	}
	for _, tt := range tests {
		got, err := Timestamp(tt.v, 0)
		checkParse(t, "Timestamp", tt.v.Literal(), got, tt.want, err, tt.err)
	}
}

func TestFromMap(t *testing.T) {
	d, err := DateFromMap(props("year", i(2018), "month", i(3), "day", i(4)))
	checkParse(t, "DateFromMap", "", d, Date{2018, 3, 4}, err, "")
	d, err = DateFromMap(props())
	checkParse(t, "DateFromMap", "{}", d, Date{0, 1, 1}, err, "")
	tm, err := TimeFromMap(props("hour", i(22), "minute", i(1), "second", i(0), "millisecond", i(5), "microsecond", i(7)))
	checkParse(t, "TimeFromMap", "", tm, Time{22, 1, 0, 5007}, err, "")
	dt, err := DateTimeFromMap(props("year", i(2018), "month", i(3), "day", i(4), "hour", i(22), "minute", i(30), "second", i(40), "millisecond", i(0), "microsecond", i(0)))
	checkParse(t, "DateTimeFromMap", "", dt, DateTime{2018, 3, 4, 22, 30, 40, 0}, err, "")

	bad := []struct {
		fn  func(map[string]Value) error
		m   map[string]Value
		err string
	}{
		{dateErr, props("year", s("2018")), "Invalid value type."},
		{dateErr, props("year", i(40000)), "Out of range year `40000'."},
		{dateErr, props("month", i(13)), "Invalid month number `13'."},
		{dateErr, props("day", i(0)), "Invalid day number `0'."},
		{dateErr, props("month", i(2), "day", i(30)), "`0-02-30' is not a valid date."},
		{dateErr, props("hour", i(1)), "Invalid parameter `hour'."},
		{timeErr, props("hour", i(24)), "Invalid hour number `24'."},
		{timeErr, props("minute", i(-1)), "Invalid minute number `-1'."},
		{timeErr, props("second", i(60)), "Invalid second number `60'."},
		{timeErr, props("millisecond", i(1000)), "Invalid millisecond number `1000'."},
		{timeErr, props("microsecond", i(1000)), "Invalid microsecond number `1000'."},
		{timeErr, props("year", i(1)), "Invalid parameter `year'."},
		{dateTimeErr, props("year", i(2019), "month", i(2), "day", i(29)), "`2019-02-29' is not a valid date."},
		{dateTimeErr, props("hour", f(1)), "Invalid value type."},
		{dateTimeErr, props("zone", i(1)), "Invalid parameter `zone'."},
	}
	for _, tt := range bad {
		if err := tt.fn(tt.m); err == nil || err.Error() != tt.err {
			t.Errorf("%v: error = %v, want %q", NewMap(tt.m).Literal(), err, tt.err)
		}
	}
}

func dateErr(m map[string]Value) error     { _, err := DateFromMap(m); return err }
func timeErr(m map[string]Value) error     { _, err := TimeFromMap(m); return err }
func dateTimeErr(m map[string]Value) error { _, err := DateTimeFromMap(m); return err }

func TestDurationFromMap(t *testing.T) {
	d, err := DurationFromMap(props("years", i(12), "months", i(5), "days", i(14), "hours", i(16), "minutes", i(12), "seconds", i(70)))
	checkParse(t, "DurationFromMap", "", d, Duration{Months: 149, Seconds: 14*86400 + 16*3600 + 12*60 + 70}, err, "")
	d, err = DurationFromMap(props("quarters", i(1), "weeks", i(2), "milliseconds", i(1500), "microseconds", i(-3)))
	checkParse(t, "DurationFromMap", "", d, Duration{Months: 3, Seconds: 14*86400 + 1, Microseconds: 499997}, err, "")
	if _, err := DurationFromMap(props("days", f(1.5))); err == nil || err.Error() != "Invalid value type." {
		t.Errorf("float field: %v", err)
	}
	if _, err := DurationFromMap(props("fortnights", i(1))); err == nil || err.Error() != "Unkown field fortnights." {
		t.Errorf("unknown field: %v", err)
	}
	if got := (Duration{Months: 14, Seconds: 90061}); got.Years() != 1 || got.MonthsOfYear() != 2 ||
		got.Days() != 1 || got.Hours() != 1 || got.Minutes() != 1 || got.SecondsOfMinute() != 1 {
		t.Errorf("duration accessors of %s", got)
	}
}

func TestTemporalAttr(t *testing.T) {
	tests := []struct {
		v    Value
		name string
		want Value
	}{
		{date(2021, 7, 19), "month", i(7)},
		{date(2021, 7, 19), "MoNth", i(7)},
		{date(2021, 7, 19), "year", i(2021)},
		{date(2021, 7, 19), "hour", nullUnknownProp},
		{tm(2, 59, 40, 5), "minute", i(59)},
		{tm(2, 59, 40, 5), "MinUte", i(59)},
		{tm(2, 59, 40, 5), "microsecond", i(5)},
		{tm(2, 59, 40, 5), "day", nullUnknownProp},
		{dtm(2021, 7, 19, 2, 59, 40, 0), "mInutE", i(59)},
		{dtm(2012, 3, 4, 22, 11, 0, 0), "year", i(2012)},
		{dtm(2021, 7, 19, 2, 59, 40, 0), "not_exists", nullUnknownProp},
		{dtm(2021, 7, 19, 2, 59, 40, 0), "millisecond", nullUnknownProp},
		{Null, "year", Null},
		{nullDivByZero, "year", nullBadType},
		{dur(1, 0, 0), "months", nullBadType},
	}
	for _, tt := range tests {
		mustEqualValue(t, tt.v.Literal()+"."+tt.name, TemporalAttr(tt.v, tt.name), tt.want)
	}
}

func TestValidate(t *testing.T) {
	if err := ValidateDateTime(DateTime{2020, 2, 29, 23, 59, 59, 999999}); err != nil {
		t.Error(err)
	}
	if err := ValidateDateTime(DateTime{2020, 2, 29, 23, 59, 59, 1000000}); err == nil || err.Error() != "Invalid microsecond number 1000000." {
		t.Errorf("microsecond: %v", err)
	}
	if err := ValidateDate(Date{2021, 2, 29}); err == nil || err.Error() != "`2021-02-29' is not a valid date." {
		t.Errorf("date: %v", err)
	}
}

package value

import (
	"errors"
	"fmt"
	"strings"
)

// Construction from maps (date({year: 2020, month: 1}) and friends) and the
// temporal attributes (date("2020-01-02").month), with NebulaGraph's field
// names, ranges and error texts. Keys are visited in sorted order so that
// the error reported for a map with several bad fields is deterministic.

var errValueType = errors.New("Invalid value type.")

func checkRange(name string, n, lo, hi int64) error {
	if n < lo || n > hi {
		return fmt.Errorf("Invalid %s number `%d'.", name, n)
	}
	return nil
}

// dateField sets one date field of dt from a map entry; ok=false when key is
// not a date field.
func dateField(dt *DateTime, key string, n int64) (ok bool, err error) {
	switch key {
	case "year":
		if err := ValidateYear(n); err != nil {
			return true, err
		}
		dt.Year = int16(n)
	case "month":
		if err := checkRange("month", n, 1, 12); err != nil {
			return true, err
		}
		dt.Month = int8(n)
	case "day":
		if err := checkRange("day", n, 1, 31); err != nil {
			return true, err
		}
		dt.Day = int8(n)
	default:
		return false, nil
	}
	return true, nil
}

// timeField sets one time field of dt; millisecond and microsecond add up
// (each 0-999), as in NebulaGraph.
func timeField(dt *DateTime, key string, n int64) (ok bool, err error) {
	switch key {
	case "hour":
		err = checkRange("hour", n, 0, 23)
		dt.Hour = int8(n)
	case "minute":
		err = checkRange("minute", n, 0, 59)
		dt.Minute = int8(n)
	case "second":
		err = checkRange("second", n, 0, 59)
		dt.Sec = int8(n)
	case "millisecond":
		err = checkRange("millisecond", n, 0, 999)
		dt.Microsec += int32(n) * 1000
	case "microsecond":
		err = checkRange("microsecond", n, 0, 999)
		dt.Microsec += int32(n)
	default:
		return false, nil
	}
	return true, err
}

func fromMap(m map[string]Value, date, clock bool) (DateTime, error) {
	dt := DateTime{Month: 1, Day: 1}
	for _, k := range sortedKeys(m) {
		v := m[k]
		if v.kind != KindInt {
			return DateTime{}, errValueType
		}
		known := false
		var err error
		if date {
			known, err = dateField(&dt, k, v.num)
		}
		if !known && clock {
			known, err = timeField(&dt, k, v.num)
		}
		if !known {
			return DateTime{}, fmt.Errorf("Invalid parameter `%s'.", k)
		}
		if err != nil {
			return DateTime{}, err
		}
	}
	if date {
		if err := ValidateDate(dt.Date()); err != nil {
			return DateTime{}, err
		}
	}
	return dt, nil
}

// DateFromMap builds a date from {year, month, day} (defaults 0, 1, 1).
func DateFromMap(m map[string]Value) (Date, error) {
	dt, err := fromMap(m, true, false)
	return dt.Date(), err
}

// TimeFromMap builds a time of day from {hour, minute, second, millisecond,
// microsecond} (defaults 0). The result is wall-clock time; NebulaGraph's
// time() then converts it to UTC with the global timezone.
func TimeFromMap(m map[string]Value) (Time, error) {
	dt, err := fromMap(m, false, true)
	return dt.Time(), err
}

// DateTimeFromMap builds a datetime from the union of the date and time
// fields (wall-clock time, like TimeFromMap).
func DateTimeFromMap(m map[string]Value) (DateTime, error) {
	return fromMap(m, true, true)
}

// DurationFromMap builds a duration from {years, quarters, months, weeks,
// days, hours, minutes, seconds, milliseconds, microseconds}; fields may be
// negative and add up.
func DurationFromMap(m map[string]Value) (Duration, error) {
	var d Duration
	for _, k := range sortedKeys(m) {
		v := m[k]
		if v.kind != KindInt {
			return Duration{}, errValueType
		}
		n := v.num
		switch k {
		case "years":
			d.Months += int32(n) * 12
		case "quarters":
			d.Months += int32(n) * 3
		case "months":
			d.Months += int32(n)
		case "weeks":
			d.Seconds += int64(int32(n)) * 7 * secondsPerDay
		case "days":
			d.Seconds += n * secondsPerDay
		case "hours":
			d.Seconds += n * secondsPerHour
		case "minutes":
			d.Seconds += n * 60
		case "seconds":
			d.Seconds += n
		case "milliseconds":
			d.Seconds += n / 1000
			d.Microseconds += int32(n % 1000 * 1000)
		case "microseconds":
			d.Microseconds += int32(n)
		default:
			return Duration{}, fmt.Errorf("Unkown field %s.", k) // sic, NebulaGraph's spelling
		}
	}
	return d, nil
}

// TemporalAttr returns the named field of a date, time or datetime, the
// name matched case-insensitively: year, month, day (date, datetime); hour,
// minute, second, microsecond (time, datetime). An unknown name gives
// NULL(UNKNOWN_PROP). For other kinds it gives what NebulaGraph's attribute
// expression does for them: NULL for NULL, BAD_TYPE for a bad NULL or any
// other kind (maps, vertices and edges are the caller's business).
func TemporalAttr(v Value, name string) Value {
	var dt DateTime
	date, clock := false, false
	switch v.kind {
	case KindDate:
		d := v.Date()
		dt, date = DateTime{Year: d.Year, Month: d.Month, Day: d.Day}, true
	case KindTime:
		t := v.Time()
		dt, clock = NewDateTimeOf(Date{}, t), true
	case KindDateTime:
		dt, date, clock = v.DateTime(), true, true
	case KindNull:
		if v.IsBadNull() {
			return nullBadType
		}
		return Null
	default:
		return nullBadType
	}
	switch strings.ToLower(name) {
	case "year":
		if date {
			return NewInt(int64(dt.Year))
		}
	case "month":
		if date {
			return NewInt(int64(dt.Month))
		}
	case "day":
		if date {
			return NewInt(int64(dt.Day))
		}
	case "hour":
		if clock {
			return NewInt(int64(dt.Hour))
		}
	case "minute":
		if clock {
			return NewInt(int64(dt.Minute))
		}
	case "second":
		if clock {
			return NewInt(int64(dt.Sec))
		}
	case "microsecond":
		if clock {
			return NewInt(int64(dt.Microsec))
		}
	}
	return nullUnknownProp
}

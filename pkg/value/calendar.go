package value

import (
	"fmt"
	"math"
	"time"
)

// Calendar arithmetic. Dates are proleptic Gregorian; times and datetimes are
// UTC with microsecond precision; a Duration keeps months apart from seconds
// because a month has no fixed length.
//
// NB: NebulaGraph converts dates to day numbers with a four-year leap rule
// (Date::toInt), so its date ± int and date - date go wrong around 1900 and
// 2100; the Gregorian day numbers here agree with it from 1901 to 2099 and
// stay correct outside. NebulaGraph's month carry also yields month 0 when a
// duration lands exactly twelve months before January; here it lands on
// December.

const (
	secondsPerDay  = 86400
	microsPerSec   = 1000000
	secondsPerHour = 3600
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// IsLeapYear reports whether year is a Gregorian leap year.
func IsLeapYear(year int64) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

var monthDays = [13]int8{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// DaysInMonth returns the number of days of month (1-12) in year, 0 for an
// invalid month.
func DaysInMonth(year int64, month int) int {
	if month < 1 || month > 12 {
		return 0
	}
	if month == 2 && IsLeapYear(year) {
		return 29
	}
	return int(monthDays[month])
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// Days returns the number of days from 1970-01-01 to d (negative before).
func (d Date) Days() int64 { return daysFromCivil(int64(d.Year), int64(d.Month), int64(d.Day)) }

// DateFromDays returns the date n days after 1970-01-01. Years beyond the
// int16 range wrap, as NebulaGraph's do.
func DateFromDays(n int64) Date {
	y, m, d := civilFromDays(n)
	return Date{Year: int16(y), Month: int8(m), Day: int8(d)}
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int64) Date { return DateFromDays(d.Days() + n) }

// normMonth carries a (possibly out of range) month into the year.
func normMonth(year, month int64) (int64, int64) {
	t := month - 1
	return year + floorDiv(t, 12), floorMod(t, 12) + 1
}

// AddDuration returns d moved by du: months first, then whole days (the
// duration's seconds truncated to days; hours and less are ignored). A day
// past the end of the resulting month spills into the next, as in
// NebulaGraph (2020-01-31 + 1 month = 2020-03-02).
func (d Date) AddDuration(du Duration) Date {
	y, m := normMonth(int64(d.Year), int64(d.Month)+int64(du.Months))
	return DateFromDays(daysFromCivil(y, m, 1) + int64(d.Day) - 1 + du.Days())
}

// SubDuration returns d moved back by du.
func (d Date) SubDuration(du Duration) Date { return d.AddDuration(du.Neg()) }

// secondsOfDay returns the time of day in seconds.
func (t Time) secondsOfDay() int64 {
	return int64(t.Hour)*secondsPerHour + int64(t.Minute)*60 + int64(t.Sec)
}

func timeFromSeconds(s int64, micro int32) Time {
	return Time{Hour: int8(s / secondsPerHour), Minute: int8(s / 60 % 60), Sec: int8(s % 60), Microsec: micro}
}

// addClock adds microseconds us and seconds sec to a time of day (tod seconds,
// micro), returning the whole days carried and the new time of day.
func addClock(tod int64, micro int32, sec int64, us int32) (int64, Time) {
	u := int64(micro) + int64(us)
	carry := floorDiv(u, microsPerSec)
	u = floorMod(u, microsPerSec)
	// Split sec first so that a huge duration cannot overflow the sum.
	days := floorDiv(sec, secondsPerDay)
	s := tod + floorMod(sec, secondsPerDay) + carry
	days += floorDiv(s, secondsPerDay)
	return days, timeFromSeconds(floorMod(s, secondsPerDay), int32(u))
}

// AddDuration returns t moved by du, wrapping around midnight; months are
// ignored.
func (t Time) AddDuration(du Duration) Time {
	_, r := addClock(t.secondsOfDay(), t.Microsec, du.Seconds, du.Microseconds)
	return r
}

// SubDuration returns t moved back by du.
func (t Time) SubDuration(du Duration) Time { return t.AddDuration(du.Neg()) }

// Date returns the date part of dt.
func (dt DateTime) Date() Date { return Date{Year: dt.Year, Month: dt.Month, Day: dt.Day} }

// Time returns the time-of-day part of dt.
func (dt DateTime) Time() Time {
	return Time{Hour: dt.Hour, Minute: dt.Minute, Sec: dt.Sec, Microsec: dt.Microsec}
}

// NewDateTimeOf joins a date and a time of day.
func NewDateTimeOf(d Date, t Time) DateTime {
	return DateTime{Year: d.Year, Month: d.Month, Day: d.Day, Hour: t.Hour, Minute: t.Minute, Sec: t.Sec, Microsec: t.Microsec}
}

// AddDuration returns dt moved by du: months first, then seconds and
// microseconds carried through the clock into days.
func (dt DateTime) AddDuration(du Duration) DateTime {
	y, m := normMonth(int64(dt.Year), int64(dt.Month)+int64(du.Months))
	days, t := addClock(dt.Time().secondsOfDay(), dt.Microsec, du.Seconds, du.Microseconds)
	d := DateFromDays(daysFromCivil(y, m, 1) + int64(dt.Day) - 1 + days)
	return NewDateTimeOf(d, t)
}

// SubDuration returns dt moved back by du.
func (dt DateTime) SubDuration(du Duration) DateTime { return dt.AddDuration(du.Neg()) }

// Shift moves dt by secs seconds (used for time-zone conversion: local =
// utc + offset).
func (dt DateTime) Shift(secs int64) DateTime { return dt.AddDuration(Duration{Seconds: secs}) }

// Shift moves t by secs seconds, wrapping around midnight.
func (t Time) Shift(secs int64) Time { return t.AddDuration(Duration{Seconds: secs}) }

// Unix returns the seconds since the Unix epoch of dt (microseconds dropped).
func (dt DateTime) Unix() int64 {
	return dt.Date().Days()*secondsPerDay + dt.Time().secondsOfDay()
}

// DateTimeFromUnix returns the UTC datetime of a Unix timestamp in seconds.
func DateTimeFromUnix(secs int64) DateTime {
	days, t := addClock(0, 0, secs, 0)
	return NewDateTimeOf(DateFromDays(days), t)
}

// DateTimeOf returns the wall-clock datetime of now in now's location,
// truncated to milliseconds as NebulaGraph's clock is. Pass now.UTC() for the
// stored (UTC) form.
func DateTimeOf(now time.Time) DateTime {
	return DateTime{
		Year: int16(now.Year()), Month: int8(now.Month()), Day: int8(now.Day()),
		Hour: int8(now.Hour()), Minute: int8(now.Minute()), Sec: int8(now.Second()),
		Microsec: int32(now.Nanosecond() / 1e6 * 1e3),
	}
}

// DateOf returns the date of now in now's location.
func DateOf(now time.Time) Date { return DateTimeOf(now).Date() }

// TimeOf returns the time of day of now in now's location (milliseconds).
func TimeOf(now time.Time) Time { return DateTimeOf(now).Time() }

// Neg returns -d, every field negated.
func (d Duration) Neg() Duration {
	return Duration{Seconds: -d.Seconds, Microseconds: -d.Microseconds, Months: -d.Months}
}

// Add returns d + o, field by field (NebulaGraph does not normalise).
func (d Duration) Add(o Duration) Duration {
	return Duration{Seconds: d.Seconds + o.Seconds, Microseconds: d.Microseconds + o.Microseconds, Months: d.Months + o.Months}
}

// Sub returns d - o, field by field.
func (d Duration) Sub(o Duration) Duration { return d.Add(o.Neg()) }

// Years returns the whole years in the months part.
func (d Duration) Years() int64 { return int64(d.Months) / 12 }

// MonthsOfYear returns the months part modulo a year.
func (d Duration) MonthsOfYear() int64 { return int64(d.Months) % 12 }

// Days returns the whole days in the seconds part (truncated toward zero).
func (d Duration) Days() int64 { return d.Seconds / secondsPerDay }

// Hours returns the hours of the seconds part modulo a day.
func (d Duration) Hours() int64 { return d.Seconds % secondsPerDay / secondsPerHour }

// Minutes returns the minutes of the seconds part modulo an hour.
func (d Duration) Minutes() int64 { return d.Seconds % secondsPerHour / 60 }

// SecondsOfMinute returns the seconds part modulo a minute.
func (d Duration) SecondsOfMinute() int64 { return d.Seconds % 60 }

// Calendar validation errors, worded as NebulaGraph's TimeUtils.

// ValidateYear checks that year fits a Date.
func ValidateYear(year int64) error {
	if year < math.MinInt16 || year > math.MaxInt16 {
		return fmt.Errorf("Out of range year `%d'.", year)
	}
	return nil
}

// ValidateDate checks the month and the day of the month of d.
func ValidateDate(d Date) error {
	if d.Month < 1 || d.Month > 12 {
		return fmt.Errorf("Invalid month number.`%s' is not a valid date.", d)
	}
	if d.Day < 1 || int(d.Day) > DaysInMonth(int64(d.Year), int(d.Month)) {
		return fmt.Errorf("`%s' is not a valid date.", d)
	}
	return nil
}

// ValidateTime checks the ranges of t's fields.
func ValidateTime(t Time) error {
	switch {
	case t.Hour < 0 || t.Hour >= 24:
		return fmt.Errorf("Invalid hour number %d.", t.Hour)
	case t.Minute < 0 || t.Minute >= 60:
		return fmt.Errorf("Invalid minute number %d.", t.Minute)
	case t.Sec < 0 || t.Sec >= 60:
		return fmt.Errorf("Invalid second number %d.", t.Sec)
	case t.Microsec < 0 || t.Microsec >= microsPerSec:
		return fmt.Errorf("Invalid microsecond number %d.", t.Microsec)
	}
	return nil
}

// ValidateDateTime checks both parts of dt.
func ValidateDateTime(dt DateTime) error {
	if err := ValidateDate(dt.Date()); err != nil {
		return err
	}
	return ValidateTime(dt.Time())
}

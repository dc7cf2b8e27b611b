package value

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"
	_ "time/tzdata" // zone names in date/time text must resolve on hosts without a zoneinfo tree
)

// The text forms date(), time(), datetime() and timestamp() accept are those
// of NebulaGraph's datetime grammar (src/common/time/parser):
//
//	date      YYYY[-MM[-DD]]
//	time      hh[:mm[:ss[.ffffff]]] [zone]
//	datetime  date [(T|' ') time [zone]]
//	zone      (+|-)hh:mm [ '[' Area/City ']' ] | '[' Area/City ']'
//
// Missing month and day default to 1, missing clock fields to 0; fractional
// seconds round to microseconds. A zone converts the value to UTC; text
// without a zone is local time at the caller's offset. Named zones use their
// standard (non-DST) offset, as NebulaGraph's boost time-zone database does,
// and an explicit offset must agree with the name.

type dtTok uint8

const (
	tokEOF dtTok = iota
	tokInt
	tokFrac // digits '.' digits
	tokT
	tokColon
	tokSpace
	tokPlus
	tokMinus
	tokZone
	tokBad
)

type dtToken struct {
	kind dtTok
	pos  int
	n    int64
	f    float64
	s    string
}

type dtParser struct {
	in   string
	toks []dtToken
	i    int
}

func (p *dtParser) errNear(pos int) error {
	rest := p.in[min(pos, len(p.in)):]
	if len(rest) > 8 {
		rest = rest[:8]
	}
	if rest == "" {
		return fmt.Errorf("syntax error at end of input `%s'", p.in)
	}
	return fmt.Errorf("syntax error near `%s'", rest)
}

func (p *dtParser) scan() error {
	s := p.in
	for i := 0; i < len(s); {
		c := s[i]
		t := dtToken{pos: i}
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
				k := j + 1
				for k < len(s) && s[k] >= '0' && s[k] <= '9' {
					k++
				}
				f, err := strconv.ParseFloat(s[i:k], 64)
				if err != nil {
					return fmt.Errorf("Invalid double value: `%s'", s[i:k])
				}
				t.kind, t.f, i = tokFrac, f, k
				break
			}
			u, err := strconv.ParseUint(s[i:j], 10, 64)
			if err != nil {
				return fmt.Errorf("Invalid integer: `%s'", s[i:j])
			}
			t.kind, t.n, i = tokInt, int64(u), j
		case c == 'T':
			t.kind, i = tokT, i+1
		case c == ':':
			t.kind, i = tokColon, i+1
		case c == ' ':
			t.kind, i = tokSpace, i+1
		case c == '+':
			t.kind, i = tokPlus, i+1
		case c == '-':
			t.kind, i = tokMinus, i+1
		case c == '[':
			j := i + 1
			for j < len(s) && s[j] != ']' {
				j++
			}
			if j == len(s) || j == i+1 {
				t.kind, i = tokBad, i+1
				break
			}
			t.kind, t.s, i = tokZone, s[i+1:j], j+1
		default:
			t.kind, i = tokBad, i+1
		}
		p.toks = append(p.toks, t)
	}
	p.toks = append(p.toks, dtToken{kind: tokEOF, pos: len(s)})
	return nil
}

func (p *dtParser) peek() dtToken { return p.toks[p.i] }

func (p *dtParser) accept(k dtTok) (dtToken, bool) {
	t := p.toks[p.i]
	if t.kind != k {
		return t, false
	}
	p.i++
	return t, true
}

func (p *dtParser) expect(k dtTok) (dtToken, error) {
	t, ok := p.accept(k)
	if !ok {
		return t, p.errNear(t.pos)
	}
	return t, nil
}

func (p *dtParser) end() error {
	if t := p.peek(); t.kind != tokEOF {
		return p.errNear(t.pos)
	}
	return nil
}

// date: INT [- INT [- INT]]
func (p *dtParser) date() (Date, error) {
	y, err := p.expect(tokInt)
	if err != nil {
		return Date{}, err
	}
	m, d := int64(1), int64(1)
	if _, ok := p.accept(tokMinus); ok {
		t, err := p.expect(tokInt)
		if err != nil {
			return Date{}, err
		}
		m = t.n
		if _, ok := p.accept(tokMinus); ok {
			t, err := p.expect(tokInt)
			if err != nil {
				return Date{}, err
			}
			d = t.n
		}
	}
	return makeDate(y.n, m, d)
}

func makeDate(y, m, d int64) (Date, error) {
	if err := ValidateYear(y); err != nil {
		return Date{}, err
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("Invalid month number.`%d-%02d-%02d' is not a valid date.", y, m, d)
	}
	if d < 1 || d > int64(DaysInMonth(y, int(m))) {
		return Date{}, fmt.Errorf("`%d-%02d-%02d' is not a valid date.", y, m, d)
	}
	return Date{Year: int16(y), Month: int8(m), Day: int8(d)}, nil
}

// clock: INT [: INT [: (INT|FRAC)]]
func (p *dtParser) clock() (Time, error) {
	h, err := p.expect(tokInt)
	if err != nil {
		return Time{}, err
	}
	var mi, s, us int64
	if _, ok := p.accept(tokColon); ok {
		t, err := p.expect(tokInt)
		if err != nil {
			return Time{}, err
		}
		mi = t.n
		if _, ok := p.accept(tokColon); ok {
			switch t := p.peek(); t.kind {
			case tokInt:
				p.i++
				s = t.n
			case tokFrac:
				p.i++
				whole, frac := math.Modf(t.f)
				s, us = int64(whole), int64(math.Round(frac*microsPerSec))
			default:
				return Time{}, p.errNear(t.pos)
			}
		}
	}
	return makeTime(h.n, mi, s, us)
}

func makeTime(h, m, s, us int64) (Time, error) {
	switch {
	case h < 0 || h >= 24:
		return Time{}, fmt.Errorf("Invalid hour number %d.", h)
	case m < 0 || m >= 60:
		return Time{}, fmt.Errorf("Invalid minute number %d.", m)
	case s < 0 || s >= 60:
		return Time{}, fmt.Errorf("Invalid second number %d.", s)
	case us < 0 || us >= microsPerSec:
		return Time{}, fmt.Errorf("Invalid microsecond number %d.", us)
	}
	return Time{Hour: int8(h), Minute: int8(m), Sec: int8(s), Microsec: int32(us)}, nil
}

// zone: [(+|-) INT : INT] [ZONE]; returns the offset east of UTC in seconds.
func (p *dtParser) zone() (offset int64, zoned bool, err error) {
	sign := int64(0)
	if _, ok := p.accept(tokPlus); ok {
		sign = 1
	} else if _, ok := p.accept(tokMinus); ok {
		sign = -1
	}
	if sign != 0 {
		h, err := p.expect(tokInt)
		if err != nil {
			return 0, false, err
		}
		if _, err := p.expect(tokColon); err != nil {
			return 0, false, err
		}
		m, err := p.expect(tokInt)
		if err != nil {
			return 0, false, err
		}
		t, err := makeTime(h.n, m.n, 0, 0)
		if err != nil {
			return 0, false, err
		}
		offset, zoned = sign*t.secondsOfDay(), true
	}
	if z, ok := p.accept(tokZone); ok {
		named, err := zoneOffset(z.s)
		if err != nil {
			return 0, false, err
		}
		if zoned && named != offset {
			return 0, false, errors.New("Mismatched timezone offset.")
		}
		offset, zoned = named, true
	}
	return offset, zoned, nil
}

var zoneCache sync.Map // zone name -> int64 standard offset

// zoneOffset returns the standard (non-DST) UTC offset of an IANA zone.
func zoneOffset(name string) (int64, error) {
	if off, ok := zoneCache.Load(name); ok {
		return off.(int64), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return 0, fmt.Errorf("Invalid timezone `%s'.", name)
	}
	var off int64
	for i, m := range [2]time.Month{time.January, time.July} {
		t := time.Date(2021, m, 1, 0, 0, 0, 0, loc)
		_, o := t.Zone()
		if i == 0 || !t.IsDST() {
			off = int64(o)
		}
		if !t.IsDST() {
			break
		}
	}
	zoneCache.Store(name, off)
	return off, nil
}

func newDTParser(s string) (*dtParser, error) {
	p := &dtParser{in: s}
	if err := p.scan(); err != nil {
		return nil, err
	}
	return p, nil
}

// ParseDate parses the text date() accepts: "2020", "2020-01", "2020-01-02".
// Errors are worded as NebulaGraph's.
func ParseDate(s string) (Date, error) {
	p, err := newDTParser(s)
	if err != nil {
		return Date{}, err
	}
	d, err := p.date()
	if err != nil {
		return Date{}, err
	}
	return d, p.end()
}

// ParseTime parses the text time() accepts, e.g. "12", "12:34",
// "12:34:56.123", "12:34:56+08:00", "12:34:56[Asia/Shanghai]", and returns it
// in UTC. Text without a zone is local time at localOffset seconds east of
// UTC (NebulaGraph's global timezone).
func ParseTime(s string, localOffset int64) (Time, error) {
	p, err := newDTParser(s)
	if err != nil {
		return Time{}, err
	}
	t, err := p.clock()
	if err != nil {
		return Time{}, err
	}
	off, zoned, err := p.zone()
	if err != nil {
		return Time{}, err
	}
	if err := p.end(); err != nil {
		return Time{}, err
	}
	if !zoned {
		off = localOffset
	}
	return t.Shift(-off), nil
}

// ParseDateTime parses the text datetime() and timestamp() accept, e.g.
// "2020-01-02", "2020-01-02T12:34:56", "2020-01-02 12:34:56.5-02:30", and
// returns it in UTC. Text without a zone is local time at localOffset seconds
// east of UTC.
func ParseDateTime(s string, localOffset int64) (DateTime, error) {
	p, err := newDTParser(s)
	if err != nil {
		return DateTime{}, err
	}
	d, err := p.date()
	if err != nil {
		return DateTime{}, err
	}
	var t Time
	off, zoned := int64(0), false
	if _, ok := p.accept(tokT); ok || p.peek().kind == tokSpace {
		if !ok {
			p.i++
		}
		if t, err = p.clock(); err != nil {
			return DateTime{}, err
		}
		if off, zoned, err = p.zone(); err != nil {
			return DateTime{}, err
		}
	}
	if err := p.end(); err != nil {
		return DateTime{}, err
	}
	if !zoned {
		off = localOffset
	}
	return NewDateTimeOf(d, t).Shift(-off), nil
}

// maxTimestamp is NebulaGraph's bound: what a Linux kernel can hold in
// nanoseconds.
const maxTimestamp = math.MaxInt64 / 1000000000

// Timestamp converts what timestamp() accepts to Unix seconds: an int as is,
// a datetime, or datetime text (local at localOffset unless it has a zone,
// and without fractional seconds). Errors are worded as NebulaGraph's.
func Timestamp(v Value, localOffset int64) (int64, error) {
	var ts int64
	switch v.kind {
	case KindString:
		dt, err := ParseDateTime(v.str, localOffset)
		if err != nil {
			return 0, err
		}
		if dt.Microsec != 0 {
			return 0, errors.New("The timestamp  only supports seconds unit.")
		}
		ts = dt.Unix()
	case KindInt:
		ts = v.num
	case KindDateTime:
		ts = v.DateTime().Unix()
	default:
		return 0, fmt.Errorf("Incorrect timestamp type: `%s'", v)
	}
	if ts < 0 || ts > maxTimestamp {
		return 0, fmt.Errorf("Incorrect timestamp value: `%s'", v)
	}
	return ts, nil
}

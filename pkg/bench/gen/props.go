package gen

import (
	"strconv"
	"time"
)

// Name parts: first names are prefix+suffix (len(firstPrefix) *
// len(firstSuffix) of them), so an index on firstName selects a few dozen
// persons per name at 100k vertices, as LDBC's does.
var (
	firstPrefix = []string{"Al", "Ber", "Car", "Dan", "El", "Fer", "Gi", "Ha", "Il", "Jo",
		"Ka", "Le", "Ma", "Ni", "Ol", "Pa", "Qui", "Ro", "Sa", "Te",
		"Ul", "Va", "Wil", "Xa", "Yo", "Ze", "Am", "Bo", "Ce", "Di",
		"Em", "Fa", "Go", "He", "Is", "Ja", "Ki", "Lu", "Mi", "No"}
	firstSuffix = []string{"a", "an", "ar", "bert", "da", "el", "en", "eo", "ia", "ic",
		"ie", "in", "io", "is", "ko", "la", "lo", "ma", "na", "ne",
		"o", "on", "or", "ra", "ri", "sa", "to", "us", "ya", "yn",
		"ette", "ina", "ald", "ard", "ella", "ik", "ux", "em", "ul", "ay",
		"ham", "ric", "son", "vin", "wen", "dre", "mir", "nia", "pha", "zo"}
	lastNames = []string{"Smith", "Müller", "García", "Rossi", "Nguyen", "Kim", "Silva", "Ivanov",
		"Khan", "Cohen", "Dubois", "Jansen", "Novak", "Kowalski", "Tanaka", "Wang",
		"Li", "Zhang", "Singh", "Kumar", "Ali", "Hansen", "Nielsen", "Popescu",
		"Horvat", "Yilmaz", "Öztürk", "Fernández", "López", "Martin", "Bernard", "Costa",
		"Ferrari", "Bianchi", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
		"Becker", "Hoffmann", "Sato", "Suzuki", "Takahashi", "Park", "Lee", "Choi",
		"Chen", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
		"O'Brien", "Murphy", "Kelly", "Walsh", "Andersson", "Johansson", "Karlsson", "Nilsson"}
	browsers = []string{"Firefox", "Chrome", "Internet Explorer", "Safari", "Opera"}
	genders  = []string{"male", "female"}
)

// Date ranges, in Unix seconds: birthdays 1980–2000, creation 2010–2013
// (LDBC SNB's simulation window).
var (
	birthFrom    = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	birthTo      = time.Date(2000, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
	creationFrom = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	creationTo   = time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02T15:04:05"
)

// person draws vertex id's properties from r.
func person(id int64, r *rng) Person {
	return Person{
		ID:           id,
		FirstName:    firstPrefix[r.intn(len(firstPrefix))] + firstSuffix[r.intn(len(firstSuffix))],
		LastName:     lastNames[r.intn(len(lastNames))],
		Gender:       genders[r.intn(len(genders))],
		Birthday:     time.Unix(birthFrom+int64(r.intn(int(birthTo-birthFrom))), 0).UTC().Format(dateLayout),
		CreationDate: creationDate(r),
		LocationIP:   ip(r),
		BrowserUsed:  browsers[r.intn(len(browsers))],
	}
}

func creationDate(r *rng) string {
	return time.Unix(creationFrom+int64(r.intn(int(creationTo-creationFrom))), 0).UTC().Format(dateTimeLayout)
}

func ip(r *rng) string {
	v := r.next()
	b := make([]byte, 0, 15)
	for i := 0; i < 4; i++ {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendUint(b, v>>(8*uint(i))&0xff, 10)
	}
	return string(b)
}

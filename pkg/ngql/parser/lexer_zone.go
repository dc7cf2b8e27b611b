package parser

// zoneScope lets a back-quoted zone name contain dots. NebulaGraph's
// scanner rejects '.' inside back quotes ("Don't allow DOT in label:")
// because a dot is property access; but the default zone of a host is named
// default_zone_<ip>_<port>, which cannot be written at all without dots.
// The scanner is context free, so it follows the statement's tokens: once a
// zone statement has reached the place where zone names start, a dot in a
// back-quoted name is part of the name. That place is after ZONE in
// ADD HOSTS ... INTO [NEW] ZONE, MERGE/DROP/DIVIDE/RENAME/DESC ZONE and
// ALTER SPACE ... ADD ZONE, and after ON in CREATE SPACE ... ON. None of
// those statements has a property access after that point, so every other
// statement keeps NebulaGraph's error.
type zoneScope struct {
	n     int // tokens seen in the current statement
	head  int // first token of the statement
	prev  int // the token before the current one
	space bool
	open  bool // zone names may follow
}

// saw records the token id handed to the parser.
func (z *zoneScope) saw(id int) {
	switch id {
	case SEMICOLON, PIPE, 0:
		*z = zoneScope{}
		return
	case START_EXPR:
		return
	}
	z.n++
	prev := z.prev
	z.prev = id
	switch z.n {
	case 1:
		z.head = id
		return
	case 2:
		z.space = z.head == KW_CREATE && id == KW_SPACE
	}
	switch {
	case id == KW_ZONE && zoneAfter(z.head, prev, z.n):
		z.open = true
	case id == KW_ON && z.space:
		z.open = true
	}
}

// dotsOK reports whether a back-quoted name scanned now may contain '.'.
func (z *zoneScope) dotsOK() bool { return z.open }

// zoneAfter reports whether ZONE as the n-th token, after prev, in a
// statement opened by head, is the ZONE of a zone statement rather than a
// name that happens to be spelled zone.
func zoneAfter(head, prev, n int) bool {
	switch head {
	case KW_MERGE, KW_DROP, KW_DIVIDE, KW_RENAME, KW_DESC, KW_DESCRIBE:
		return n == 2
	case KW_ADD: // ADD HOSTS ... INTO [NEW] ZONE
		return prev == KW_INTO || prev == KW_NEW
	case KW_ALTER: // ALTER SPACE s ADD ZONE
		return prev == KW_ADD
	}
	return false
}

package tck

import (
	"regexp"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// wantKind says which arm of want is meaningful.
type wantKind uint8

const (
	wantEmpty wantKind = iota
	wantNull
	wantBool
	wantInt
	wantFloat
	wantString
	wantList
	wantSet
	wantMap
	wantVertex
	wantEdge
	wantPath
	wantRegex
)

// want is one expected cell as the features write it. It differs from a wire
// value in that parts of a vertex, edge or path may be left out: a nil
// pointer or map means "not written", which relax comparison ignores and
// strict comparison treats as a mismatch, as NebulaGraph's runner does.
type want struct {
	kind  wantKind
	null  nebula.NullType
	b     bool
	i     int64
	f     float64
	s     string           // string, and the regex source for wantRegex
	items []*want          // list and set elements
	m     map[string]*want // map entries
	v     *wantVertexLit
	e     *wantEdgeLit
	p     *wantPathLit
	re    *regexp.Regexp
}

// wantVertexLit is `("vid" :tag{...}:tag2)`; vid and tags may be absent.
type wantVertexLit struct {
	vid  *want     // nil: not written
	tags []wantTag // nil: no tag written
}

// wantTag is `:name` or `:name{props}`.
type wantTag struct {
	name  string
	props map[string]*want // nil: not written
}

// wantEdgeLit is `[:name "src"->"dst" @rank {props}]` with every part
// optional. reverse records a `<-` arrow (type -1 in the reference runner).
type wantEdgeLit struct {
	name     *string
	src, dst *want
	rank     *int64
	props    map[string]*want
	reverse  bool
}

// wantPathLit is `<(a)-[:e@0{}]->(b)<-[:f]-(c)>`; steps is nil when only the
// start vertex is written.
type wantPathLit struct {
	src   wantVertexLit
	steps []wantStep
}

// wantStep is one hop of a path literal.
type wantStep struct {
	reverse bool
	name    *string
	rank    *int64
	props   map[string]*want
	dst     wantVertexLit
}

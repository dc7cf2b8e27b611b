package gen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// RDF output. Dgraph reads dgraph.rdf (N-Quads with Dgraph's facet syntax
// for the edge's creationDate, blank-node subjects, an xid-like "pid"
// predicate) with dgraph.schema; Cayley reads cayley.nq (plain N-Quads,
// IRI subjects <p123>). Plain N-Quads cannot carry an edge property and
// Gizmo cannot read a quad's label back, so a KNOWS edge is written twice
// for Cayley: as the direct quad <pS> <knows> <pD>, which multi-hop
// expansion follows, and reified as an edge node <kS_D> (<pS> <knowsEdge>
// <kS_D>, <kS_D> <dst> <pD>, <kS_D> <creationDate> "..."), which the last
// hop follows to return the edge's creationDate with the destination.
const (
	DgraphRDF    = "dgraph.rdf"
	DgraphSchema = "dgraph.schema"
	CayleyNQ     = "cayley.nq"
)

// RDFSink writes N-Quads for Dgraph and/or Cayley.
type RDFSink struct {
	dir            string
	dgraph, cayley *outFile
	buf            []byte
}

// NewRDFSink creates the Dgraph file when dgraph is set and the Cayley
// file when cayley is set.
func NewRDFSink(dir string, dgraph, cayley bool) (*RDFSink, error) {
	s := &RDFSink{dir: dir}
	var err error
	if dgraph {
		if s.dgraph, err = createOut(dir, DgraphRDF); err != nil {
			return nil, err
		}
	}
	if cayley {
		if s.cayley, err = createOut(dir, CayleyNQ); err != nil {
			s.dgraph.close()
			return nil, err
		}
	}
	return s, nil
}

// rdfEscaper escapes an N-Quads string literal.
var rdfEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)

func (s *RDFSink) node(b []byte, dgraph bool, id int64) []byte {
	if dgraph {
		b = append(b, "_:p"...)
		return strconv.AppendInt(b, id, 10)
	}
	b = append(b, "<p"...)
	b = strconv.AppendInt(b, id, 10)
	return append(b, '>')
}

// edgeNode is Cayley's node for the KNOWS edge k, <kSRC_DST> (the graph
// has at most one KNOWS edge per ordered pair, as PostgreSQL's primary key
// has).
func (s *RDFSink) edgeNode(b []byte, k *Knows) []byte {
	b = append(b, "<k"...)
	b = strconv.AppendInt(b, k.Src, 10)
	b = append(b, '_')
	b = strconv.AppendInt(b, k.Dst, 10)
	return append(b, '>')
}

func (s *RDFSink) literal(b []byte, dgraph bool, id int64, pred, val, typ string) []byte {
	b = s.node(b, dgraph, id)
	b = append(b, " <"...)
	b = append(b, pred...)
	b = append(b, "> \""...)
	b = append(b, rdfEscaper.Replace(val)...)
	b = append(b, '"')
	if typ != "" {
		b = append(b, "^^<"...)
		b = append(b, typ...)
		b = append(b, '>')
	}
	return append(b, " .\n"...)
}

// Person implements Sink.
func (s *RDFSink) Person(p *Person) error {
	for _, o := range []struct {
		f      *outFile
		dgraph bool
	}{{s.dgraph, true}, {s.cayley, false}} {
		if o.f == nil {
			continue
		}
		b := s.buf[:0]
		if o.dgraph {
			b = s.node(b, true, p.ID)
			b = append(b, " <dgraph.type> \"Person\" .\n"...)
		}
		b = s.literal(b, o.dgraph, p.ID, "pid", strconv.FormatInt(p.ID, 10), "xs:int")
		b = s.literal(b, o.dgraph, p.ID, "firstName", p.FirstName, "")
		b = s.literal(b, o.dgraph, p.ID, "lastName", p.LastName, "")
		b = s.literal(b, o.dgraph, p.ID, "gender", p.Gender, "")
		b = s.literal(b, o.dgraph, p.ID, "birthday", p.Birthday, "xs:date")
		b = s.literal(b, o.dgraph, p.ID, "creationDate", p.CreationDate, "xs:dateTime")
		b = s.literal(b, o.dgraph, p.ID, "locationIP", p.LocationIP, "")
		b = s.literal(b, o.dgraph, p.ID, "browserUsed", p.BrowserUsed, "")
		s.buf = b
		if _, err := o.f.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// Knows implements Sink.
func (s *RDFSink) Knows(k *Knows) error {
	if s.dgraph != nil {
		b := s.node(s.buf[:0], true, k.Src)
		b = append(b, " <knows> "...)
		b = s.node(b, true, k.Dst)
		b = append(b, " (creationDate="...)
		b = append(b, k.CreationDate...)
		b = append(b, ") .\n"...)
		s.buf = b
		if _, err := s.dgraph.Write(b); err != nil {
			return err
		}
	}
	if s.cayley != nil {
		b := s.node(s.buf[:0], false, k.Src)
		b = append(b, " <knows> "...)
		b = s.node(b, false, k.Dst)
		b = append(b, " .\n"...)
		b = s.node(b, false, k.Src)
		b = append(b, " <knowsEdge> "...)
		b = s.edgeNode(b, k)
		b = append(b, " .\n"...)
		b = s.edgeNode(b, k)
		b = append(b, " <dst> "...)
		b = s.node(b, false, k.Dst)
		b = append(b, " .\n"...)
		b = s.edgeNode(b, k)
		b = append(b, " <creationDate> \""...)
		b = append(b, rdfEscaper.Replace(k.CreationDate)...)
		b = append(b, "\" .\n"...)
		s.buf = b
		if _, err := s.cayley.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// dgraphSchema indexes what the queries start from: the person id and the
// first name; knows is reversed-free ([uid]) like our out-edge expansion.
const dgraphSchema = `pid: int @index(int) .
firstName: string @index(exact) .
lastName: string .
gender: string .
birthday: datetime .
creationDate: datetime .
locationIP: string .
browserUsed: string .
knows: [uid] .
type Person {
  pid
  firstName
  lastName
  gender
  birthday
  creationDate
  locationIP
  browserUsed
  knows
}
`

// Close implements Sink.
func (s *RDFSink) Close(sum *Summary) error {
	if err := errors.Join(s.dgraph.close(), s.cayley.close()); err != nil {
		return fmt.Errorf("write rdf: %w", err)
	}
	if s.dgraph != nil && sum != nil {
		if err := os.WriteFile(filepath.Join(s.dir, DgraphSchema), []byte(dgraphSchema), 0o644); err != nil {
			return fmt.Errorf("write dgraph schema: %w", err)
		}
	}
	return nil
}

package parser

import "testing"

// Typical statements of about 200 bytes.
const (
	benchGo = `GO 2 STEPS FROM "Tim Duncan", "Tony Parker" OVER like, serve ` +
		`WHERE like.likeness > 90 AND $$.player.age >= 30 ` +
		`YIELD DISTINCT like._dst AS id, $$.player.name AS name, $^.player.age AS age | ORDER BY $-.age DESC | LIMIT 10`
	benchMatch = `MATCH p = (v:player{name: "Tim Duncan"})-[e:like|serve*1..3]->(n:player) ` +
		`WHERE n.player.age > 30 AND id(v) != id(n) ` +
		`RETURN n.player.name AS name, count(*) AS c, collect(e) AS es ORDER BY c DESC SKIP 1 LIMIT 5`
)

func benchmarkParse(b *testing.B, q string) {
	b.SetBytes(int64(len(q)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseGo(b *testing.B) { benchmarkParse(b, benchGo) }

func BenchmarkParseMatch(b *testing.B) { benchmarkParse(b, benchMatch) }

func BenchmarkPrintGo(b *testing.B) {
	seq, err := Parse(benchGo)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = seq.String()
	}
}

package exec

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/value"
)

// TestJobsOnCluster runs jobs end to end on an in-process cluster: STATS
// and SHOW STATS, an index rebuild that makes rows written before the
// index visible to LOOKUP, SHOW JOB(S), STOP and RECOVER of finished
// jobs, SHOW TAG INDEX STATUS and CLEAR SPACE.
func TestJobsOnCluster(t *testing.T) {
	c := startGraphCluster(t)
	s := c.session()
	run := func(q string) *value.DataSet {
		t.Helper()
		res, err := c.exec(s, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res.Data
	}
	fails := func(q, want string) {
		t.Helper()
		if _, err := c.exec(s, q); err == nil || err.Error() != want {
			t.Fatalf("%s: %v, want %q", q, err, want)
		}
	}
	table := func(q string) string {
		t.Helper()
		res, err := c.exec(s, q)
		return renderGraph(res, err, true)
	}
	submit := func(q string) int64 {
		t.Helper()
		ds := run(q)
		if len(ds.ColNames) != 1 || ds.ColNames[0] != "New Job Id" || len(ds.Rows) != 1 {
			t.Fatalf("%s: %+v", q, ds)
		}
		return ds.Rows[0].Values[0].Int()
	}
	// wait returns SHOW JOB's rows once the job finished.
	wait := func(id int64) []value.Row {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			ds := run(fmt.Sprintf("SHOW JOB %d", id))
			if ds.Rows[0].Values[2].Str() == "FINISHED" {
				return ds.Rows
			}
			if time.Now().After(deadline) {
				t.Fatalf("job %d: %s", id, table(fmt.Sprintf("SHOW JOB %d", id)))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	fails("SHOW JOBS", "SemanticError: Space was not chosen.")
	run("CREATE SPACE jobs(partition_num=3, replica_factor=1, vid_type=FIXED_STRING(8))")
	if err := c.sync(); err != nil {
		t.Fatal(err)
	}
	run("USE jobs; CREATE TAG player(name string, age int); CREATE EDGE like(likeness int)")
	if err := c.sync(); err != nil {
		t.Fatal(err)
	}
	var vs, es []string
	for i := range 10 {
		vs = append(vs, fmt.Sprintf(`"v%d":("p%d", %d)`, i, i, 20+i))
		if i > 0 {
			es = append(es, fmt.Sprintf(`"v%d"->"v%d":(%d)`, i-1, i, i))
		}
	}
	run("INSERT VERTEX player(name, age) VALUES " + strings.Join(vs, ", "))
	run("INSERT EDGE like(likeness) VALUES " + strings.Join(es, ", "))

	fails("SHOW STATS", "There is no any stats info to show, please execute `submit job stats' firstly!")
	stats := submit("SUBMIT JOB STATS")
	rows := wait(stats)
	job, summary := rows[0].Values, rows[len(rows)-1].Values
	if job[0].Int() != stats || job[1].Str() != "STATS" || job[3].Kind() != value.KindDateTime ||
		job[4].Kind() != value.KindDateTime || job[5].Str() != "SUCCEEDED" {
		t.Fatalf("job row %v", job)
	}
	tasks := len(rows) - 2
	if tasks < 1 || tasks > 3 || summary[0].Str() != fmt.Sprintf("Total:%d", tasks) ||
		summary[1].Str() != fmt.Sprintf("Succeeded:%d", tasks) || summary[2].Str() != "Failed:0" || summary[3].Str() != "In Progress:0" {
		t.Fatalf("SHOW JOB %d:\n%s", stats, table(fmt.Sprintf("SHOW JOB %d", stats)))
	}
	for _, r := range rows[1 : len(rows)-1] {
		if r.Values[1].Str() != "127.0.0.1" || r.Values[2].Str() != "FINISHED" || r.Values[5].Str() != "SUCCEEDED" {
			t.Fatalf("task row %v", r.Values)
		}
	}
	want := `Type | Name | Count
"Tag" | "player" | 10
"Edge" | "like" | 9
"Space" | "vertices" | 10
"Space" | "edges" | 9`
	if got := table("SHOW STATS"); got != want {
		t.Fatalf("SHOW STATS:\n%s\nwant:\n%s", got, want)
	}

	// An index created after the rows is empty until rebuilt.
	run("CREATE TAG INDEX player_age ON player(age)")
	if err := c.sync(); err != nil {
		t.Fatal(err)
	}
	lookup := "LOOKUP ON player WHERE player.age >= 20 YIELD id(vertex) AS id"
	if n := len(run(lookup).Rows); n != 0 {
		t.Fatalf("%d rows through an index not rebuilt", n)
	}
	fails("REBUILD TAG INDEX nope", "SemanticError: Index nope not found in space jobs")
	fails("REBUILD EDGE INDEX", "SemanticError: Space `jobs' without indexes")
	rebuild := submit("REBUILD TAG INDEX player_age")
	wait(rebuild)
	if n := len(run(lookup).Rows); n != 10 {
		t.Fatalf("%d rows through the rebuilt index, want 10", n)
	}
	if got, want := table("SHOW TAG INDEX STATUS"), "Name | Index Status\n\"player_age\" | \"FINISHED\""; got != want {
		t.Fatalf("SHOW TAG INDEX STATUS:\n%s", got)
	}
	ds := run("SHOW JOBS")
	if len(ds.Rows) != 2 || ds.Rows[0].Values[0].Int() != rebuild || ds.Rows[0].Values[1].Str() != "REBUILD_TAG_INDEX" ||
		ds.Rows[1].Values[0].Int() != stats || ds.Rows[1].Values[2].Str() != "FINISHED" {
		t.Fatalf("SHOW JOBS:\n%s", table("SHOW JOBS"))
	}
	fails(fmt.Sprintf("STOP JOB %d", stats), "Finished job or failed job can not be stopped, please start another job instead")
	fails("SHOW JOB 999", "Job not existed in chosen space!")
	if got := table("RECOVER JOB"); got != "Recovered job num\n0" {
		t.Fatalf("RECOVER JOB: %s", got)
	}

	// CLEAR SPACE drops the data and the index entries, keeps the schema.
	run("CLEAR SPACE jobs")
	wait(submit("SUBMIT JOB STATS"))
	want = `Type | Name | Count
"Tag" | "player" | 0
"Edge" | "like" | 0
"Space" | "vertices" | 0
"Space" | "edges" | 0`
	if got := table("SHOW STATS"); got != want {
		t.Fatalf("SHOW STATS after CLEAR SPACE:\n%s", got)
	}
	if n := len(run(lookup).Rows); n != 0 {
		t.Fatalf("%d rows through the index after CLEAR SPACE", n)
	}
	run(`INSERT VERTEX player(name, age) VALUES "v1":("p1", 21)`)
	if n := len(run(lookup).Rows); n != 1 {
		t.Fatalf("%d rows after inserting into the cleared space, want 1", n)
	}
}

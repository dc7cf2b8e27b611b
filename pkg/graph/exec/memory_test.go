package exec

import (
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// A large table's size is estimated from a sample of its rows; on rows of
// a similar size it stays close to the exact sum.
func TestTableBytesSampled(t *testing.T) {
	ds := &value.DataSet{}
	var exact int64
	for i := range 10 * exactRows {
		vals := []value.Value{value.NewInt(int64(i)), value.NewString(strings.Repeat("x", 10+i%7))}
		ds.Rows = append(ds.Rows, value.Row{Values: vals})
		exact += rowSize
		for _, v := range vals {
			exact += valueBytes(v)
		}
	}
	got := tableBytes(ds)
	if diff := float64(got-exact) / float64(exact); diff < -0.02 || diff > 0.02 {
		t.Fatalf("estimate %d, exact %d (%.1f%% off)", got, exact, 100*diff)
	}
	small := &value.DataSet{Rows: ds.Rows[:exactRows]}
	var exactSmall int64
	for _, r := range small.Rows {
		exactSmall += rowSize
		for _, v := range r.Values {
			exactSmall += valueBytes(v)
		}
	}
	if got := tableBytes(small); got != exactSmall {
		t.Fatalf("small table: %d, exact %d", got, exactSmall)
	}
}

// Command bench is NovaGraph's load tool. `bench run` sends one or more
// scenarios (GO 1/2/3 STEPS, FETCH, LOOKUP, MATCH, FIND SHORTEST PATH,
// single and batched INSERT) from N concurrent clients for a fixed time
// after a warm-up, to NovaGraph through nebula-go or to a peer (PostgreSQL,
// Dgraph), and reports QPS, latency percentiles, errors and rows/s as a
// table and as JSON; --start-local first starts an in-process cluster and
// loads a generated graph into it. `bench floor` measures the machine's
// floors; `bench table` turns result files into the comparison table.
// The work is done by pkg/bench/load and pkg/bench/floor.
package main

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/gctune"
)

func main() {
	// The load tool's clients decode answers of up to hundreds of megabytes
	// (a GO 3 STEPS through nebula-go); freed lazily, that memory is not
	// faulted in again for every query, which would be the tool's own time
	// in every system's latency (gctune.LazyFree).
	gctune.LazyFree()
	root := &cobra.Command{
		Use:          "bench",
		Short:        "NovaGraph load tool and benchmark comparison",
		SilenceUsage: true,
	}
	root.AddCommand(runCommand(), floorCommand(), tableCommand())
	if err := root.ExecuteContext(context.Background()); err != nil {
		os.Exit(1)
	}
}

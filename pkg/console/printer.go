package console

import (
	"fmt"
	"io"
	"strings"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// timestampLayout is the layout of the line nebula-console prints after
// every response: time.RFC1123 in local time.
const timestampLayout = time.RFC1123

// failed reports whether rs is an error response. A partial success still
// carries data and is shown as a result with a warning.
func failed(rs *nebula.ResultSet) bool { return !rs.IsSucceed() && !rs.IsPartialSucceed() }

// errorLine is nebula-console's error line: "[ERROR (-1004)]: SyntaxError: ...".
func errorLine(rs *nebula.ResultSet) string {
	return fmt.Sprintf("[ERROR (%d)]: %s", rs.GetErrorCode(), rs.GetErrorMsg())
}

// view is how results are shown.
type view struct {
	format Format
	// planTable shows EXPLAIN and PROFILE plans as nebula-console's table
	// instead of a tree.
	planTable bool
}

// printResult writes one response in the human formats (table, vertical)
// as nebula-console lays it out: the error line, or the data followed by
// "Got N rows (time spent server/wall)" ("Empty set" without rows,
// "Execution succeeded" for statements without a result), warnings, the
// plan of EXPLAIN and PROFILE, and a blank line. wall is the round trip
// measured by the client; the server's own latency comes from rs.
func printResult(w io.Writer, rs *nebula.ResultSet, v view, wall time.Duration) error {
	var b strings.Builder
	if failed(rs) {
		b.WriteString(errorLine(rs))
		b.WriteString("\n\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	server := time.Duration(rs.GetLatency()) * time.Microsecond
	if rs.IsSetData() {
		var err error
		if v.format == FormatVertical {
			err = RenderVertical(&b, rs)
		} else {
			err = RenderTable(&b, rs)
		}
		if err != nil {
			return err
		}
		if n := rs.GetRowSize(); n > 0 {
			fmt.Fprintf(&b, "Got %d rows (time spent %v/%v)\n", n, server, wall)
		} else {
			fmt.Fprintf(&b, "Empty set (time spent %v/%v)\n", server, wall)
		}
	} else {
		fmt.Fprintf(&b, "Execution succeeded (time spent %v/%v)\n", server, wall)
	}
	if rs.IsPartialSucceed() {
		b.WriteString("\n[WARNING]: Got partial result.")
	}
	if rs.IsSetComment() {
		fmt.Fprintf(&b, "\n[WARNING]: %s", rs.GetComment())
	}
	if rs.IsSetPlanDesc() {
		p := rs.GetPlanDesc()
		fmt.Fprintf(&b, "\nExecution Plan (optimize time %d us)\n\n", p.GetOptimizeTimeInUs())
		var err error
		switch {
		case strings.HasPrefix(strings.ToLower(string(p.GetFormat())), "dot"):
			b.WriteString(DotGraph(p))
		case v.planTable:
			err = RenderPlanTable(&b, rs)
		default:
			err = RenderPlanTree(&b, p)
		}
		if err != nil {
			return err
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// printMachine writes one response in the machine formats. CSV carries
// data only, so a failed statement's error line goes to errw instead.
func printMachine(w, errw io.Writer, rs *nebula.ResultSet, format Format) error {
	if format == FormatJSON {
		return RenderJSON(w, rs)
	}
	if failed(rs) {
		_, err := fmt.Fprintln(errw, errorLine(rs))
		return err
	}
	if !rs.IsSetData() {
		return nil
	}
	return RenderCSV(w, rs)
}

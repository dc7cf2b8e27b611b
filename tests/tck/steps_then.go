package tck

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	messages "github.com/cucumber/messages/go/v21"
	client "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

func executionSuccessful(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	_, err := s.requireSuccess()
	return err
}

func resultEmpty(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	rs, err := s.requireSuccess()
	if err != nil {
		return err
	}
	if n := len(rs.GetRows()); n != 0 {
		return fmt.Errorf("%d rows, expected none\nResponse: %s", n, printResult(rs))
	}
	return nil
}

func resultShouldBe(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	c := comparator{order: args[1] == "order", strict: args[2] == "", mode: modeEqual}
	return s.compareResult(c, args[3], arg)
}

func resultContains(s *scenarioRun, args []string, arg *messages.PickleStepArgument) error {
	return s.compareResult(comparator{strict: true, mode: modeContains}, args[1], arg)
}

func resultNotContains(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	return s.compareResult(comparator{strict: true, mode: modeNotContains}, "", arg)
}

// listVariable is a cell naming a list defined by `define some list
// variables`.
var listVariable = regexp.MustCompile(`^<\[(\w+)\]>$`)

// expectedTable parses a result table: the header row names the columns and
// every other cell is a value literal. hashed lists the columns whose
// non-null values stand for their hash.
func (s *scenarioRun) expectedTable(arg *messages.PickleStepArgument, hashed string) ([]string, [][]*want, error) {
	rows, err := dataTable(arg)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, errors.New("the expected table has no header")
	}
	var hashCols []int
	for _, h := range strings.Split(hashed, ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		n, err := strconv.Atoi(h)
		if err != nil || n < 0 || n >= len(rows[0]) {
			return nil, nil, fmt.Errorf("bad hashed column %q", h)
		}
		hashCols = append(hashCols, n)
	}
	out := make([][]*want, 0, len(rows)-1)
	for i, r := range rows[1:] {
		wr := make([]*want, len(r))
		for j, cell := range r {
			if m := listVariable.FindStringSubmatch(cell); m != nil {
				v, ok := s.vars[m[1]]
				if !ok {
					return nil, nil, fmt.Errorf("row %d: undefined variable %s", i+1, cell)
				}
				cell = v
			}
			w, err := parseCell(cell)
			if err != nil {
				return nil, nil, fmt.Errorf("expected row %d column %d %q: %w", i+1, j, cell, err)
			}
			wr[j] = w
		}
		for _, c := range hashCols {
			w := wr[c]
			switch w.kind {
			case wantNull, wantEmpty:
			case wantString:
				wr[c] = &want{kind: wantInt, i: murmurHash2([]byte(w.s))}
			default:
				return nil, nil, fmt.Errorf("row %d: hashed column %d holds %s, not a string", i+1, c, printWant(w))
			}
		}
		out = append(out, wr)
	}
	return rows[0], out, nil
}

func (s *scenarioRun) compareResult(c comparator, hashed string, arg *messages.PickleStepArgument) error {
	rs, err := s.requireSuccess()
	if err != nil {
		return err
	}
	cols, rows, err := s.expectedTable(arg, hashed)
	if err != nil {
		return err
	}
	if !rs.IsSetData() {
		return fmt.Errorf("fail to exec: %s: the response has no data set, expected %d columns", s.ngql, len(cols))
	}
	c.intVid = s.space != nil && s.space.intVid()
	var got [][]byte
	for _, name := range rs.GetColNames() {
		got = append(got, []byte(name))
	}
	mm := c.compare(got, rs.GetRows(), cols, rows)
	if mm == nil {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nFail to exec: %s\nResponse: %s\nExpected: %s", mm.reason, s.ngql, printResult(rs), printExpected(cols, rows))
	if mm.row >= 0 && mm.row < len(rows) {
		fmt.Fprintf(&b, "\nNotFoundRow: %d: |%s|", mm.row, printWantRow(rows[mm.row]))
	}
	return errors.New(b.String())
}

func printResult(rs *client.ResultSet) string {
	var cols [][]byte
	for _, c := range rs.GetColNames() {
		cols = append(cols, []byte(c))
	}
	return printDataSet(cols, rs.GetRows())
}

func printExpected(cols []string, rows [][]*want) string {
	var b strings.Builder
	b.WriteString("|" + strings.Join(cols, "|") + "|")
	for i, r := range rows {
		fmt.Fprintf(&b, "\n%d: |%s|", i, printWantRow(r))
	}
	return b.String()
}

func printWantRow(r []*want) string {
	cells := make([]string, len(r))
	for i, w := range r {
		cells[i] = printWant(w)
	}
	return strings.Join(cells, "|")
}

// errorRaised checks the error class and message. As in the reference, an
// E_EXECUTION_ERROR response must be expected as ExecutionError and its
// message must start with the expected text; any other error's message must
// start with "<Class>: <text>".
func errorRaised(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	rs, err := s.requireResult()
	if err != nil {
		return err
	}
	if rs.IsSucceed() {
		return fmt.Errorf("response should be failed: ngql: %s", s.ngql)
	}
	class := strings.TrimSpace(args[2])
	msg := strings.TrimSpace(args[5])
	got := rs.GetErrorMsg()
	expect := class + ": " + msg
	if rs.GetErrorCode() == client.ErrorCode(nebula.ErrorCode_E_EXECUTION_ERROR) {
		if class != "ExecutionError" {
			return fmt.Errorf("error code mismatch: got E_EXECUTION_ERROR %q, expected a %s, ngql: %s", got, class, s.ngql)
		}
		expect = msg
	}
	if !strings.HasPrefix(got, expect) {
		return fmt.Errorf("could not find %q in %q (code %d) when execute query: %q", expect, got, rs.GetErrorCode(), s.ngql)
	}
	return nil
}

func executionPlan(s *scenarioRun, _ []string, arg *messages.PickleStepArgument) error {
	rs, err := s.requireSuccess()
	if err != nil {
		return err
	}
	rows, err := dataTable(arg)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errors.New("the expected plan has no header")
	}
	if err := diffPlan(rs.GetPlanDesc(), expectedPlan{cols: rows[0], rows: rows[1:]}); err != nil {
		return fmt.Errorf("plan of %s: %w", s.ngql, err)
	}
	return nil
}

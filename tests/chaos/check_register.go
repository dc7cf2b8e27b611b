package chaos

import (
	"fmt"
	"math"
	"time"

	"github.com/anishathalye/porcupine"
)

// The register model: every key is an int register, created with value 0
// before the history starts. Reads return it, writes set it, a CAS sets it
// to Value iff it holds Old.

type regInput struct {
	key   int64
	kind  Kind
	value int64
	old   int64
}

type regOutput struct {
	unknown bool // the operation may or may not have taken effect
	found   bool
	got     int64
	swapped bool
}

// RegisterModel is the porcupine model of the register workload,
// partitioned by key.
var RegisterModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[int64][]porcupine.Operation{}
		var keys []int64
		for _, op := range history {
			k := op.Input.(regInput).key
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], op)
		}
		out := make([][]porcupine.Operation, 0, len(keys))
		for _, k := range keys {
			out = append(out, byKey[k])
		}
		return out
	},
	Init: func() any { return int64(0) },
	Step: func(state, input, output any) (bool, any) {
		s, in, out := state.(int64), input.(regInput), output.(regOutput)
		switch in.kind {
		case Read:
			return out.found && out.got == s, s
		case Write:
			return true, in.value
		case CAS:
			if out.unknown {
				// Either it ran (and then acted on s) or it never did, in
				// which case porcupine may place it last, where it is moot.
				if s == in.old {
					return true, in.value
				}
				return true, s
			}
			if out.swapped {
				return s == in.old, in.value
			}
			return s != in.old, s
		}
		return false, s
	},
	DescribeOperation: func(input, output any) string {
		in, out := input.(regInput), output.(regOutput)
		res := ""
		switch {
		case out.unknown:
			res = " -> ?"
		case in.kind == Read && !out.found:
			res = " -> absent"
		case in.kind == Read:
			res = fmt.Sprintf(" -> %d", out.got)
		case in.kind == CAS:
			res = fmt.Sprintf(" -> %v", out.swapped)
		}
		switch in.kind {
		case Write:
			return fmt.Sprintf("write(%d)%s", in.value, res)
		case CAS:
			return fmt.Sprintf("cas(%d, %d)%s", in.old, in.value, res)
		}
		return "read()" + res
	},
	DescribeState: func(state any) string { return fmt.Sprint(state.(int64)) },
}

// RegisterCheck is the verdict on a register history.
type RegisterCheck struct {
	Ops    int // operations checked (failed reads and certain failures are left out)
	Result porcupine.CheckResult
	Info   porcupine.LinearizationInfo
}

// Linearizable says "yes", "no" or "unknown" (the checker timed out).
func (r RegisterCheck) Linearizable() string {
	switch r.Result {
	case porcupine.Ok:
		return "yes"
	case porcupine.Illegal:
		return "no"
	}
	return "unknown"
}

// RegisterOps converts the register operations of ops for porcupine.
// Operations that certainly did not run, and reads that failed, are left
// out; a write or CAS with an unknown outcome is given an infinite return
// time, so it may take effect at any point after its call.
func RegisterOps(ops []Op) []porcupine.Operation {
	var out []porcupine.Operation
	for _, op := range ops {
		if op.Kind != Read && op.Kind != Write && op.Kind != CAS {
			continue
		}
		if op.Outcome == Fail || (op.Kind == Read && op.Outcome != OK) {
			continue
		}
		pop := porcupine.Operation{
			ClientId: op.Client,
			Input:    regInput{key: op.Key, kind: op.Kind, value: op.Value, old: op.Old},
			Call:     int64(op.Call),
			Output:   regOutput{found: op.Found, got: op.Got, swapped: op.Swapped},
			Return:   int64(op.Return),
		}
		if op.Outcome == Unknown {
			pop.Output = regOutput{unknown: true}
			pop.Return = math.MaxInt64
		}
		out = append(out, pop)
	}
	return out
}

// CheckRegister checks the register operations of ops for linearizability,
// giving up after timeout.
func CheckRegister(ops []Op, timeout time.Duration) RegisterCheck {
	pops := RegisterOps(ops)
	res, info := porcupine.CheckOperationsVerbose(RegisterModel, pops, timeout)
	return RegisterCheck{Ops: len(pops), Result: res, Info: info}
}

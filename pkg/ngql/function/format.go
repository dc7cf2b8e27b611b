package function

import (
	"math"
	"strconv"
)

// NebulaGraph prints numbers two ways, and builtins show both: toString()
// and concat_ws() use Value::toString (folly's shortest round-tripping
// digits, value.FormatFloat), concat() streams the double through
// std::ostream (six significant digits, like printf's %g).

// formatStream prints f as `std::ostream << double` does with the default
// flags: %g with six significant digits.
func formatStream(f float64) string {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

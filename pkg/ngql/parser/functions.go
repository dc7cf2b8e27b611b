package parser

import "strings"

// arity is the accepted argument count range of a function; max < 0 means
// no upper bound.
type arity struct{ min, max int }

// builtinFunctions are NebulaGraph's scalar functions (FunctionManager) with
// their arities, keyed by lower-case name: NebulaGraph resolves function
// names case-insensitively and reports a call to anything else, or with an
// argument count outside the range, as "Unknown function" at parse time.
// Aggregates are listed in aggregateFunctions.
var builtinFunctions = map[string]arity{
	// math
	"abs": {1, 1}, "floor": {1, 1}, "ceil": {1, 1}, "round": {1, 3},
	"sqrt": {1, 1}, "cbrt": {1, 1}, "hypot": {2, 2}, "pow": {2, 2},
	"exp": {1, 1}, "exp2": {1, 1}, "log": {1, 1}, "log2": {1, 1},
	"log10": {1, 1}, "sin": {1, 1}, "asin": {1, 1}, "cos": {1, 1},
	"acos": {1, 1}, "tan": {1, 1}, "atan": {1, 1}, "radians": {1, 1},
	"degrees": {1, 1}, "sign": {1, 1}, "e": {0, 0}, "pi": {0, 0},
	"rand": {0, 0}, "rand32": {0, 2}, "rand64": {0, 2},
	"bit_and": {2, 2}, "bit_or": {2, 2}, "bit_xor": {2, 2},
	// strings
	"strcasecmp": {2, 2}, "lower": {1, 1}, "tolower": {1, 1},
	"upper": {1, 1}, "toupper": {1, 1}, "length": {1, 1}, "trim": {1, 1},
	"ltrim": {1, 1}, "rtrim": {1, 1}, "left": {2, 2}, "right": {2, 2},
	"replace": {3, 3}, "reverse": {1, 1}, "split": {2, 2}, "lpad": {3, 3},
	"rpad": {3, 3}, "substr": {2, 3}, "substring": {2, 3},
	"concat": {1, -1}, "concat_ws": {2, -1}, "extract": {2, 2},
	"json_extract": {1, 1}, "md5": {1, 1},
	// conversion
	"tostring": {1, 1}, "toboolean": {1, 1}, "tofloat": {1, 1},
	"tointeger": {1, 1}, "toset": {1, 1}, "hash": {1, 1},
	// time
	"now": {0, 0}, "date": {0, 1}, "time": {0, 1}, "datetime": {0, 1},
	"timestamp": {0, 1}, "duration": {1, 1},
	// containers
	"size": {1, 1}, "range": {2, 3}, "head": {1, 1}, "last": {1, 1},
	"tail": {1, 1}, "coalesce": {1, -1}, "keys": {1, 1}, "erase": {2, 2},
	"setadd": {2, 2},
	// graph
	"id": {1, 1}, "tags": {1, 1}, "labels": {1, 1}, "properties": {1, 1},
	"type": {1, 1}, "typeid": {1, 1}, "src": {1, 1}, "dst": {1, 1},
	"rank": {1, 1}, "startnode": {1, 1}, "endnode": {1, 1},
	"nodes": {1, 1}, "relationships": {1, 1}, "reversepath": {1, 1},
	"hassameedgeinpath": {1, 1}, "hassamevertexinpath": {1, 1},
	"is_edge": {1, 1}, "none_direct_src": {1, 1}, "none_direct_dst": {1, 2},
	"datasetrowcol": {3, 3}, "_nodeid": {2, 2}, "_edge": {2, 2}, "_any": {1, -1},
	// full-text search relevance of a LOOKUP ... WHERE ES_QUERY(...) row
	"score": {0, 0},
	// geography
	"st_point": {2, 2}, "st_geogfromtext": {1, 1}, "st_astext": {1, 1},
	"st_centroid": {1, 1}, "st_isvalid": {1, 1}, "st_intersects": {2, 2},
	"st_covers": {2, 2}, "st_coveredby": {2, 2}, "st_dwithin": {3, 4},
	"st_distance": {2, 2}, "s2_cellidfrompoint": {1, 2},
	"s2_coveringcellids": {1, 5},
	// miscellaneous built-ins of NebulaGraph's function manager
	"udf_is_in": {2, -1}, "near": {2, 2}, "cos_similarity": {2, -1},
}

// aggregateFunctions are NebulaGraph's aggregate functions (upper case, as
// AggFunctionManager keys them). A call of one of these names with exactly
// one argument is an Aggregate.
var aggregateFunctions = map[string]bool{
	"COUNT": true, "SUM": true, "AVG": true, "MAX": true, "MIN": true,
	"STD": true, "BIT_AND": true, "BIT_OR": true, "BIT_XOR": true,
	"COLLECT": true, "COLLECT_SET": true,
}

// randomFunctions may not appear inside an aggregate's argument.
var randomFunctions = map[string]bool{"rand": true, "rand32": true, "rand64": true}

// BuiltinFunction reports whether name (in any case) is a scalar function
// of NebulaGraph that accepts nargs arguments. It is the default of
// Config.Function. NB: pkg/ngql/function implements the functions; graphd
// may pass a Config.Function backed by function.Lookup so that the two can
// never disagree, at the price of "Unknown function" errors for builtins not
// implemented yet.
func BuiltinFunction(name string, nargs int) bool {
	a, ok := builtinFunctions[strings.ToLower(name)]
	return ok && nargs >= a.min && (a.max < 0 || nargs <= a.max)
}

// IsAggregate reports whether name (in any case) is an aggregate function.
func IsAggregate(name string) bool { return aggregateFunctions[strings.ToUpper(name)] }

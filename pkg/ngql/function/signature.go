package function

import (
	"fmt"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// signature is one accepted list of argument kinds and the kind it returns.
type signature struct {
	args []value.Kind
	ret  value.Kind
}

// Short names keep the table below readable.
const (
	kE  = value.KindEmpty
	kN  = value.KindNull
	kB  = value.KindBool
	kI  = value.KindInt
	kF  = value.KindFloat
	kS  = value.KindString
	kD  = value.KindDate
	kT  = value.KindTime
	kDT = value.KindDateTime
	kV  = value.KindVertex
	kEd = value.KindEdge
	kP  = value.KindPath
	kL  = value.KindList
	kM  = value.KindMap
	kSt = value.KindSet
	kDS = value.KindDataSet
	kG  = value.KindGeography
	kDu = value.KindDuration
)

func sig(ret value.Kind, args ...value.Kind) signature { return signature{args: args, ret: ret} }

// variadicReturn gives the return kind of the functions whose signatures
// are not enumerated; EMPTY means "unknown until run".
var variadicReturn = map[string]value.Kind{
	"concat":         kS,
	"concat_ws":      kS,
	"cos_similarity": kF,
	"coalesce":       kE,
	"_any":           kE,
}

// signatures is NebulaGraph's table of argument kinds each function
// accepts, which the validator uses to deduce types and to reject calls.
// NB: it is narrower than the bodies: toBoolean(1) passes the table's
// check only because NULL/EMPTY arguments are let through, and functions
// missing here (id, src, dst, ...) are typed at validation by other means.
var signatures = map[string][]signature{
	"abs":        {sig(kI, kI), sig(kF, kF)},
	"bit_and":    {sig(kI, kI, kI)},
	"bit_or":     {sig(kI, kI, kI)},
	"bit_xor":    {sig(kI, kI, kI)},
	"floor":      {sig(kF, kI), sig(kF, kF)},
	"ceil":       {sig(kF, kI), sig(kF, kF)},
	"round":      {sig(kF, kI), sig(kF, kI, kI), sig(kF, kI, kI, kS), sig(kF, kF), sig(kF, kF, kI), sig(kF, kF, kI, kS)},
	"sqrt":       {sig(kF, kI), sig(kF, kF)},
	"cbrt":       {sig(kF, kI), sig(kF, kF)},
	"hypot":      {sig(kF, kI, kI), sig(kF, kI, kF), sig(kF, kF, kI), sig(kF, kF, kF)},
	"pow":        {sig(kI, kI, kI), sig(kF, kI, kF), sig(kF, kF, kI), sig(kF, kF, kF)},
	"e":          {sig(kF)},
	"exp":        {sig(kF, kI), sig(kF, kF)},
	"exp2":       {sig(kF, kI), sig(kF, kF)},
	"log":        {sig(kF, kI), sig(kF, kF)},
	"log2":       {sig(kF, kI), sig(kF, kF)},
	"log10":      {sig(kF, kI), sig(kF, kF)},
	"pi":         {sig(kF)},
	"radians":    {sig(kF, kI), sig(kF, kF)},
	"sin":        {sig(kF, kI), sig(kF, kF)},
	"cos":        {sig(kF, kI), sig(kF, kF)},
	"asin":       {sig(kF, kI), sig(kF, kF)},
	"acos":       {sig(kF, kI), sig(kF, kF)},
	"tan":        {sig(kF, kI), sig(kF, kF)},
	"atan":       {sig(kF, kI), sig(kF, kF)},
	"sign":       {sig(kI, kI), sig(kI, kF)},
	"rand":       {sig(kF)},
	"rand32":     {sig(kI), sig(kI, kI), sig(kI, kI, kI)},
	"rand64":     {sig(kI), sig(kI, kI), sig(kI, kI, kI)},
	"now":        {sig(kI)},
	"strcasecmp": {sig(kS, kS, kS)},
	"lower":      {sig(kS, kS)},
	"tolower":    {sig(kS, kS)},
	"upper":      {sig(kS, kS)},
	"toupper":    {sig(kS, kS)},
	"length":     {sig(kI, kS), sig(kI, kP)},
	"trim":       {sig(kS, kS)},
	"ltrim":      {sig(kS, kS)},
	"rtrim":      {sig(kS, kS)},
	"left":       {sig(kS, kS, kI)},
	"right":      {sig(kS, kS, kI)},
	"replace": {sig(kS, kS, kS, kS), sig(kL, kL, kS, kS), sig(kL, kL, kI, kI), sig(kL, kL, kF, kF),
		sig(kSt, kSt, kS, kS), sig(kSt, kSt, kI, kI), sig(kSt, kSt, kF, kF)},
	"erase": {sig(kL, kL, kS), sig(kL, kL, kI), sig(kL, kL, kF),
		sig(kSt, kSt, kS), sig(kSt, kSt, kI), sig(kSt, kSt, kF)},
	"setadd":    {sig(kSt, kSt, kS), sig(kSt, kSt, kI), sig(kSt, kSt, kF)},
	"reverse":   {sig(kS, kS), sig(kL, kL)},
	"split":     {sig(kL, kS, kS)},
	"lpad":      {sig(kS, kS, kI, kS)},
	"rpad":      {sig(kS, kS, kI, kS)},
	"substr":    {sig(kS, kS, kI, kI), sig(kS, kS, kI)},
	"substring": {sig(kS, kS, kI, kI), sig(kS, kS, kI)},
	"tostring":  {sig(kS, kI), sig(kS, kF), sig(kS, kS), sig(kS, kB), sig(kS, kD), sig(kS, kT), sig(kS, kDT)},
	// The conversions take any scalar in NebulaGraph 3.8; the ones they
	// cannot convert (toBoolean(1), toFloat(true)) evaluate to BAD_TYPE,
	// which constant folding reports as "Type error `toBoolean(1)'".
	"st_point":           {sig(kG, kI, kI), sig(kG, kI, kF), sig(kG, kF, kI), sig(kG, kF, kF)},
	"st_geogfromtext":    {sig(kG, kS)},
	"st_astext":          {sig(kS, kG)},
	"st_isvalid":         {sig(kB, kG)},
	"st_centroid":        {sig(kG, kG)},
	"st_intersects":      {sig(kB, kG, kG)},
	"st_covers":          {sig(kB, kG, kG)},
	"st_coveredby":       {sig(kB, kG, kG)},
	"st_dwithin":         {sig(kB, kG, kG, kF), sig(kB, kG, kG, kI), sig(kB, kG, kG, kF, kB), sig(kB, kG, kG, kI, kB)},
	"st_distance":        {sig(kF, kG, kG)},
	"s2_cellidfrompoint": {sig(kI, kG), sig(kI, kG, kI)},
	"s2_coveringcellids": {sig(kL, kG), sig(kL, kG, kI), sig(kL, kG, kI, kI), sig(kL, kG, kI, kI, kI),
		sig(kL, kG, kI, kI, kI, kF), sig(kL, kG, kI, kI, kI, kI)},
	"toboolean": {sig(kB, kS), sig(kB, kB), sig(kB, kI), sig(kB, kF)},
	"tofloat":   {sig(kF, kS), sig(kF, kF), sig(kF, kI), sig(kF, kB)},
	"tointeger": {sig(kI, kS), sig(kI, kF), sig(kI, kI), sig(kI, kB)},
	"toset":     {sig(kSt, kL), sig(kSt, kSt)},
	"hash": {sig(kI, kI), sig(kI, kF), sig(kI, kS), sig(kI, kN), sig(kI, kE), sig(kI, kB), sig(kI, kD),
		sig(kI, kDT), sig(kI, kP), sig(kI, kV), sig(kI, kEd), sig(kI, kL)},
	"size":                {sig(kI, kS), sig(kN, kN), sig(kE, kE), sig(kI, kL), sig(kI, kM), sig(kI, kSt), sig(kI, kDS)},
	"time":                {sig(kT), sig(kT, kS), sig(kT, kM)},
	"date":                {sig(kD), sig(kD, kS), sig(kD, kM)},
	"datetime":            {sig(kDT), sig(kDT, kS), sig(kDT, kM), sig(kDT, kI)},
	"timestamp":           {sig(kI), sig(kI, kS), sig(kI, kI), sig(kI, kDT)},
	"tags":                {sig(kL, kV)},
	"labels":              {sig(kL, kV)},
	"properties":          {sig(kM, kV), sig(kM, kEd), sig(kM, kM)},
	"type":                {sig(kS, kEd)},
	"typeid":              {sig(kI, kEd)},
	"rank":                {sig(kI, kEd)},
	"startnode":           {sig(kV, kEd), sig(kV, kP)},
	"endnode":             {sig(kV, kEd), sig(kV, kP)},
	"keys":                {sig(kL, kV), sig(kL, kEd), sig(kL, kM)},
	"nodes":               {sig(kL, kP)},
	"tail":                {sig(kL, kL)},
	"relationships":       {sig(kL, kP)},
	"head":                {sig(kE, kL)},
	"last":                {sig(kE, kL)},
	"range":               {sig(kL, kI, kI), sig(kL, kI, kI, kI)},
	"hassameedgeinpath":   {sig(kB, kP)},
	"hassamevertexinpath": {sig(kB, kP)},
	"reversepath":         {sig(kP, kP)},
	"datasetrowcol":       {sig(kE, kDS, kI, kI), sig(kE, kDS, kI, kS)},
	"is_edge":             {sig(kB, kEd)},
	"duration":            {sig(kDu, kS), sig(kDu, kM)},
	"extract":             {sig(kL, kS, kS)},
	"_nodeid":             {sig(kI, kP, kI)},
	"_edge":               {sig(kEd, kP, kI)},
	"json_extract":        {sig(kM, kS)},
	"md5":                 {sig(kS, kS)},
}

// ReturnType deduces the kind a call of name with arguments of the given
// kinds returns, as NebulaGraph's validator does. EMPTY means the kind is
// only known at run time. If no signature matches but an argument is NULL
// or EMPTY, that argument's kind is the answer (the call will propagate
// it). Errors: "Function `name' not defined" (name as given, wrapping
// ErrNotDefined) for a function the table lacks, and "Parameter's type
// error" (wrapping ErrParamType).
func ReturnType(name string, args []value.Kind) (value.Kind, error) {
	lower := strings.ToLower(name)
	if k, ok := variadicReturn[lower]; ok {
		return k, nil
	}
	sigs, ok := signatures[lower]
	if !ok {
		return 0, &lookupError{fmt.Sprintf("Function `%s' not defined", name), ErrNotDefined}
	}
	for _, s := range sigs {
		if slices.Equal(s.args, args) {
			return s.ret, nil
		}
	}
	for _, k := range args {
		if k == kE || k == kN {
			return k, nil
		}
	}
	return 0, &lookupError{"Parameter's type error", ErrParamType}
}

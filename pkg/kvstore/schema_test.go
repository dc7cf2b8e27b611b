package kvstore

import (
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// TestPropertyTypesMatchThrift keeps PropertyType's numbers and names equal
// to the thrift enum meta ships them as.
func TestPropertyTypesMatchThrift(t *testing.T) {
	for typ, name := range typeNames {
		got, err := common.PropertyTypeFromString(name)
		if err != nil {
			t.Errorf("%s: not a thrift PropertyType: %v", name, err)
			continue
		}
		if int32(got) != int32(typ) {
			t.Errorf("%s: thrift %d, kvstore %d", name, got, typ)
		}
		if typ.String() != name {
			t.Errorf("%d: String() = %q, want %q", typ, typ.String(), name)
		}
	}
	for i := range int32(64) {
		if name := common.PropertyType(i).String(); name != "<UNSET>" && PropertyType(i).String() != name {
			t.Errorf("thrift PropertyType %d (%s) missing", i, name)
		}
	}
	if got := PropertyType(77).String(); got != "PropertyType(77)" {
		t.Errorf("unknown type prints %q", got)
	}
}

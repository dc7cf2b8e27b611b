package console

import "strings"

// nameCache holds the schema names Tab completion offers: spaces, and the
// current space's tags and edge types. It is refilled on the first Tab
// after the space changes or a DDL statement runs, not on every Tab.
type nameCache struct {
	valid bool
	space string
	names []string
}

// ddlWords start the statements after which the cached names may be stale.
var ddlWords = map[string]bool{"CREATE": true, "DROP": true, "ALTER": true, "CLEAR": true}

// noteStatement invalidates the cache after DDL or a change of space.
func (n *nameCache) noteStatement(stmt, space string) {
	fields := strings.Fields(stmt)
	if space != n.space || (len(fields) > 0 && ddlWords[strings.ToUpper(fields[0])]) {
		n.valid = false
	}
}

// schemaNames returns the cached names, asking graphd for them if needed.
// Errors (no storage yet, no permission) just leave names out.
func (c *Console) schemaNames() []string {
	if c.names.valid && c.names.space == c.space {
		return c.names.names
	}
	var names []string
	queries := []string{"SHOW SPACES"}
	if c.space != "" {
		queries = append(queries, "SHOW TAGS", "SHOW EDGES")
	}
	for _, q := range queries {
		rs, err := c.sess.ExecuteWithParameter(q, nil)
		if err != nil || failed(rs) {
			continue
		}
		for i := 0; i < rs.GetRowSize(); i++ {
			rec, err := rs.GetRowValuesByIndex(i)
			if err != nil {
				continue
			}
			if v, err := rec.GetValueByIndex(0); err == nil {
				if s, err := v.AsString(); err == nil {
					names = append(names, s)
				}
			}
		}
	}
	c.names = nameCache{valid: true, space: c.space, names: names}
	return names
}

// Complete serves Tab in the line editor (liner's WordCompleter): nGQL
// keywords, console commands, and the schema names of the connected graphd.
func (c *Console) Complete(line string, pos int) (head string, completions []string, tail string) {
	return Complete(line, pos, c.schemaNames())
}

package console

import (
	"sort"
	"strings"
	"unicode"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// keywords is every nGQL keyword in upper case, sorted.
var keywords = func() []string {
	out := make([]string, 0, len(ast.Keywords))
	for k := range ast.Keywords {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}()

// commandWords are the console-side commands offered at the start of a line.
var commandWords = []string{":csv", ":dot", ":exit", ":param", ":params", ":play", ":quit", ":repeat", ":sleep"}

// Complete finds completions for the word that ends at byte offset pos of
// line, in the shape liner's WordCompleter wants: line[:pos] minus the word
// (head), the candidates for the word, and line[pos:] (tail). A word is a
// run of letters, digits and '_'; at the start of the line a leading ':'
// belongs to it and console commands are offered. Keywords follow the case
// of what was typed (all lower case typed: lower case offered); names are
// matched case-insensitively and offered as they are spelled. The result
// is sorted regardless of case and free of duplicates.
func Complete(line string, pos int, names []string) (head string, completions []string, tail string) {
	if pos < 0 || pos > len(line) {
		pos = len(line)
	}
	start := pos
	for start > 0 {
		r := rune(line[start-1])
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || r >= 0x80 {
			start--
			continue
		}
		break
	}
	if start > 0 && line[start-1] == ':' && strings.TrimSpace(line[:start-1]) == "" {
		start--
	}
	word := line[start:pos]
	head, tail = line[:start], line[pos:]
	if word == "" {
		return head, nil, tail
	}
	low := strings.ToLower(word)
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			completions = append(completions, c)
		}
	}
	if strings.HasPrefix(word, ":") {
		for _, c := range commandWords {
			if strings.HasPrefix(c, low) {
				add(c)
			}
		}
		return head, completions, tail
	}
	lower := word == low
	for _, k := range keywords {
		if strings.HasPrefix(k, strings.ToUpper(word)) {
			if lower {
				add(strings.ToLower(k))
			} else {
				add(k)
			}
		}
	}
	for _, n := range names {
		if strings.HasPrefix(strings.ToLower(n), low) {
			add(n)
		}
	}
	sort.Slice(completions, func(i, j int) bool {
		a, b := strings.ToLower(completions[i]), strings.ToLower(completions[j])
		if a != b {
			return a < b
		}
		return completions[i] < completions[j]
	})
	return head, completions, tail
}

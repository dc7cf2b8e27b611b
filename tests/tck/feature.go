package tck

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
)

// feature is one parsed .feature file.
type feature struct {
	path      string // root/relative path, e.g. "tck/yield/return.feature"
	name      string
	scenarios []scenarioDef
}

// scenarioDef is one runnable scenario: a plain scenario or one Examples row
// of an outline, with the Background steps in front.
type scenarioDef struct {
	id    string // unique key in the baseline: "<feature path>: <name>[ [row N]][ #K]"
	name  string
	line  int
	skip  bool // tagged @skip, on the scenario, its examples or the feature
	steps []*messages.PickleStep
}

// featureRoot is a directory of features and the prefix its paths get.
type featureRoot struct {
	prefix string
	dir    string
}

// loadFeatures parses every .feature file under the roots whose path
// matches one of the globs (all when globs is empty).
func loadFeatures(roots []featureRoot, globs []string) ([]*feature, error) {
	var out []*feature
	for _, root := range roots {
		var files []string
		err := filepath.WalkDir(root.dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".feature") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list features in %s: %w", root.dir, err)
		}
		sort.Strings(files)
		for _, f := range files {
			rel, err := filepath.Rel(root.dir, f)
			if err != nil {
				return nil, err
			}
			rel = filepath.ToSlash(rel)
			display := root.prefix + "/" + rel
			if !matchAny(globs, display, rel) {
				continue
			}
			feat, err := parseFeatureFile(f, display)
			if err != nil {
				return nil, err
			}
			out = append(out, feat)
		}
	}
	return out, nil
}

func matchAny(globs []string, names ...string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		for _, n := range names {
			if ok, _ := path.Match(g, n); ok {
				return true
			}
		}
	}
	return false
}

func parseFeatureFile(file, display string) (*feature, error) {
	in, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("open feature: %w", err)
	}
	defer in.Close()
	return parseFeature(in, display)
}

func parseFeature(in io.Reader, display string) (*feature, error) {
	ids := &messages.Incrementing{}
	doc, err := gherkin.ParseGherkinDocument(in, ids.NewId)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", display, err)
	}
	if doc.Feature == nil {
		return &feature{path: display}, nil
	}
	applyFeatureExamples(doc.Feature, ids.NewId)
	feat := &feature{path: display, name: doc.Feature.Name}
	lines, rows := astIndex(doc.Feature)
	values := exampleValues(doc.Feature)
	seen := map[string]int{}
	for _, p := range gherkin.Pickles(*doc, display, ids.NewId) {
		sd := scenarioDef{name: p.Name, steps: p.Steps}
		for _, t := range p.Tags {
			if t.Name == "@skip" {
				sd.skip = true
			}
		}
		key := display + ": " + p.Name
		if len(p.AstNodeIds) > 0 {
			sd.line = lines[p.AstNodeIds[len(p.AstNodeIds)-1]]
		}
		if len(p.AstNodeIds) > 1 {
			key += " [row " + strconv.Itoa(rows[p.AstNodeIds[1]]) + "]"
			substituteBackground(sd.steps, values[p.AstNodeIds[1]])
		}
		seen[key]++
		if n := seen[key]; n > 1 {
			key += " #" + strconv.Itoa(n)
		}
		sd.id = key
		feat.scenarios = append(feat.scenarios, sd)
	}
	return feat, nil
}

// astIndex maps scenario and example-row ids to their line, and example-row
// ids to their 1-based position among the rows of their outline.
func astIndex(f *messages.Feature) (lines, rows map[string]int) {
	lines, rows = map[string]int{}, map[string]int{}
	var scenario func(s *messages.Scenario)
	scenario = func(s *messages.Scenario) {
		lines[s.Id] = int(s.Location.Line)
		n := 0
		for _, ex := range s.Examples {
			for _, r := range ex.TableBody {
				n++
				lines[r.Id] = int(r.Location.Line)
				rows[r.Id] = n
			}
		}
	}
	for _, c := range f.Children {
		if c.Scenario != nil {
			scenario(c.Scenario)
		}
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					scenario(rc.Scenario)
				}
			}
		}
	}
	return lines, rows
}

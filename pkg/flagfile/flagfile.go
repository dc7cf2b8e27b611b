// Package flagfile reads NebulaGraph-style configuration files into a pflag
// set, so that a nebula-graphd.conf works with our daemons unchanged.
//
// The format is gflags': one "--name=value" per line; blank lines and lines
// starting with '#' are ignored; "--name" alone sets a boolean to true.
// Flags given on the command line win over the file.
package flagfile

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// Apply reads path and sets every flag of fs that it names and that the
// command line did not set. Flags fs does not define are returned in unknown
// (NebulaGraph config files carry many that do not apply to us) rather than
// failing; a malformed line or a bad value is an error naming the line.
func Apply(fs *pflag.FlagSet, path string) (unknown []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open flagfile: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.HasPrefix(line, "-") {
			return unknown, fmt.Errorf("%s:%d: want --name=value, got %q", path, n, line)
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(line, "-"), "=")
		name = strings.TrimSpace(name)
		fl := fs.Lookup(name)
		if fl == nil {
			unknown = append(unknown, name)
			continue
		}
		if fl.Changed {
			continue
		}
		if !hasVal {
			if fl.Value.Type() != "bool" {
				return unknown, fmt.Errorf("%s:%d: flag --%s needs a value", path, n, name)
			}
			val = "true"
		}
		if err := fs.Set(name, strings.TrimSpace(val)); err != nil {
			return unknown, fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return unknown, fmt.Errorf("read flagfile: %w", err)
	}
	return unknown, nil
}

// Values returns every flag of fs as name -> value, for /flags.
func Values(fs *pflag.FlagSet) map[string]string {
	out := make(map[string]string)
	fs.VisitAll(func(f *pflag.Flag) { out[f.Name] = f.Value.String() })
	return out
}

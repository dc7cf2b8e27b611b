package deploy

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// flagSources are the files beside cmd/<daemon>/main.go that define a
// daemon's flags (graph.Config.BindFlags).
var flagSources = map[string][]string{"graphd": {"pkg/graph/config_flags.go"}}

// daemonFlags reads the flag names a daemon defines from its sources: the
// first string argument of each fs.<Type>Var or fs.Var call.
func daemonFlags(t *testing.T, daemon string) map[string]bool {
	t.Helper()
	re := regexp.MustCompile(`fs\.\w*Var\([^"]*"([a-z0-9_]+)"`)
	out := map[string]bool{}
	for _, f := range append([]string{filepath.Join("cmd", daemon, "main.go")}, flagSources[daemon]...) {
		src, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			out[m[1]] = true
		}
	}
	if len(out) < 5 {
		t.Fatalf("%s: found only %d flags in main.go", daemon, len(out))
	}
	return out
}

var daemons = []string{"metad", "storaged", "graphd"}

// checkCommand checks a container command line that runs a daemon: every
// --flag must be one the daemon has. It returns the daemon run, or "".
func checkCommand(t *testing.T, where string, cmd []string, flags map[string]map[string]bool) string {
	t.Helper()
	if len(cmd) == 0 {
		t.Errorf("%s: no command", where)
		return ""
	}
	daemon := filepath.Base(cmd[0])
	known, ok := flags[daemon]
	if !ok {
		return daemon
	}
	for _, arg := range cmd[1:] {
		if !strings.HasPrefix(arg, "--") {
			t.Errorf("%s: argument %q is not a --flag", where, arg)
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !known[name] {
			t.Errorf("%s: %s has no flag --%s", where, daemon, name)
		}
	}
	return daemon
}

func allFlags(t *testing.T) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, d := range daemons {
		out[d] = daemonFlags(t, d)
	}
	return out
}

func TestConfFiles(t *testing.T) {
	flags := allFlags(t)
	for _, d := range daemons {
		path := filepath.Join("conf", d+".conf")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			name, _, hasValue := strings.Cut(strings.TrimPrefix(line, "--"), "=")
			if !strings.HasPrefix(line, "--") || !hasValue {
				t.Errorf("%s:%d: want --name=value, got %q", path, n+1, line)
			} else if !flags[d][name] {
				t.Errorf("%s:%d: %s has no flag --%s", path, n+1, d, name)
			}
		}
	}
}

// composeFile is the part of a compose file checked here.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Command     []string          `yaml:"command"`
		Entrypoint  []string          `yaml:"entrypoint"`
		Networks    yaml.Node         `yaml:"networks"`
		Volumes     []string          `yaml:"volumes"`
		DependsOn   yaml.Node         `yaml:"depends_on"`
		Labels      map[string]string `yaml:"labels"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
	Volumes  map[string]any `yaml:"volumes"`
	Networks map[string]any `yaml:"networks"`
}

func readCompose(t *testing.T, path string) composeFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f composeFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// networksOf lists a service's networks, given as a list or a map.
func networksOf(n yaml.Node) []string {
	var out []string
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			out = append(out, c.Value)
		}
	case yaml.MappingNode:
		for i := 0; i < len(n.Content); i += 2 {
			out = append(out, n.Content[i].Value)
		}
	}
	return out
}

// flagValue returns the value of --name in cmd.
func flagValue(cmd []string, name string) string {
	for _, a := range cmd {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

func TestComposeFiles(t *testing.T) {
	flags := allFlags(t)
	for _, tc := range []struct {
		file      string
		rooms     int
		wantNames []string
	}{
		{"docker-compose.yml", 1, []string{"metad0", "storaged0", "graphd", "add-hosts", "console"}},
		{"docker-compose.3rooms.yml", 3, []string{"metad1", "metad2", "metad3", "storaged1", "storaged2", "storaged3",
			"graphd1", "graphd2", "graphd3", "add-hosts"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f := readCompose(t, tc.file)
			for _, n := range tc.wantNames {
				if _, ok := f.Services[n]; !ok {
					t.Errorf("no service %s", n)
				}
			}
			count := map[string]int{}
			var metaAddrs []string
			for name, s := range f.Services {
				if s.Image != "${IMAGE:-novagraph:latest}" {
					t.Errorf("%s: image %q, want the locally built ${IMAGE:-novagraph:latest}", name, s.Image)
				}
				cmd := s.Command
				if len(cmd) == 0 {
					cmd = s.Entrypoint
				}
				daemon := checkCommand(t, tc.file+": "+name, cmd, flags)
				if daemon == "console" {
					continue
				}
				count[daemon]++
				if !slices.Contains(cmd, "--flagfile=/etc/novagraph/"+daemon+".conf") {
					t.Errorf("%s: does not read /etc/novagraph/%s.conf", name, daemon)
				}
				if a := flagValue(cmd, "meta_server_addrs"); a == "" {
					t.Errorf("%s: no --meta_server_addrs", name)
				} else {
					metaAddrs = append(metaAddrs, a)
				}
				if flagValue(cmd, "local_ip") == "" {
					t.Errorf("%s: no --local_ip", name)
				}
				if daemon != "graphd" && len(s.Volumes) == 0 {
					t.Errorf("%s: keeps its data in no volume", name)
				}
				if daemon == "graphd" && (s.Healthcheck == nil || !slices.Contains(s.Healthcheck.Test, "/usr/local/bin/console")) {
					t.Errorf("%s: no console healthcheck", name)
				}
			}
			for _, d := range daemons {
				if count[d] != tc.rooms {
					t.Errorf("%d %s, want %d", count[d], d, tc.rooms)
				}
			}
			// Every daemon knows every metad.
			for _, a := range metaAddrs {
				if got := len(strings.Split(a, ",")); a != metaAddrs[0] || got != tc.rooms {
					t.Errorf("--meta_server_addrs=%s: want the same %d metads everywhere", a, tc.rooms)
				}
			}
			if _, ok := f.Services["add-hosts"]; ok {
				cmd := strings.Join(f.Services["add-hosts"].Command, " ")
				if got := strings.Count(cmd, "ADD HOSTS"); got != tc.rooms {
					t.Errorf("add-hosts registers %d hosts, want %d: %s", got, tc.rooms, cmd)
				}
			}
		})
	}
	f := readCompose(t, "docker-compose.3rooms.yml")
	for r := 1; r <= 3; r++ {
		room := "room" + string(rune('0'+r))
		for _, d := range daemons {
			name := d + string(rune('0'+r))
			if got := f.Services[name].Labels["io.novagraph.room"]; got != room {
				t.Errorf("%s: room label %q, want %s", name, got, room)
			}
		}
		if nets := networksOf(f.Services["graphd"+string(rune('0'+r))].Networks); !slices.Contains(nets, room) || !slices.Contains(nets, "wan") {
			t.Errorf("graphd%d: networks %v, want %s and wan", r, nets, room)
		}
		if !strings.Contains(strings.Join(f.Services["add-hosts"].Command, " "), "INTO NEW ZONE "+room) {
			t.Errorf("add-hosts puts no storaged into zone %s", room)
		}
	}
}

// k8sObject is the part of a Kubernetes object checked here.
type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		ClusterIP   string           `yaml:"clusterIP"`
		Selector    yaml.Node        `yaml:"selector"`
		ServiceName string           `yaml:"serviceName"`
		Replicas    int              `yaml:"replicas"`
		MaxUnavail  any              `yaml:"maxUnavailable"`
		MinAvail    any              `yaml:"minAvailable"`
		Ports       []map[string]any `yaml:"ports"`
		Claims      []k8sObject      `yaml:"volumeClaimTemplates"`
		Template    k8sPodTemplate   `yaml:"template"`
	} `yaml:"spec"`
}

type k8sPodTemplate struct {
	Metadata struct {
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		Containers []struct {
			Name           string   `yaml:"name"`
			Command        []string `yaml:"command"`
			ReadinessProbe *struct {
				HTTPGet *struct {
					Path string `yaml:"path"`
					Port any    `yaml:"port"`
				} `yaml:"httpGet"`
			} `yaml:"readinessProbe"`
		} `yaml:"containers"`
	} `yaml:"spec"`
}

// selectorLabels reads a Service's selector or a workload's matchLabels.
func selectorLabels(n yaml.Node) map[string]string {
	var m map[string]any
	_ = n.Decode(&m)
	if ml, ok := m["matchLabels"].(map[string]any); ok {
		m = ml
	}
	out := map[string]string{}
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

func matches(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

func TestKubernetesManifests(t *testing.T) {
	flags := allFlags(t)
	var objs []k8sObject
	files, _ := filepath.Glob("k8s/*.yaml")
	for _, file := range files {
		if filepath.Base(file) == "kustomization.yaml" {
			continue
		}
		fh, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(fh)
		for {
			var o k8sObject
			if err := dec.Decode(&o); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			objs = append(objs, o)
		}
		fh.Close()
	}
	find := func(kind, name string) *k8sObject {
		for i := range objs {
			if objs[i].Kind == kind && objs[i].Metadata.Name == name {
				return &objs[i]
			}
		}
		t.Errorf("no %s %s", kind, name)
		return nil
	}
	workloads := map[string]string{
		"novagraph-metad": "StatefulSet", "novagraph-storaged": "StatefulSet", "novagraph-graphd": "Deployment",
	}
	for name, kind := range workloads {
		w, svc, pdb := find(kind, name), find("Service", name), find("PodDisruptionBudget", name)
		if w == nil || svc == nil || pdb == nil {
			continue
		}
		pod := w.Spec.Template.Metadata.Labels
		if !matches(selectorLabels(w.Spec.Selector), pod) {
			t.Errorf("%s: selector does not match its pods' labels", name)
		}
		if !matches(selectorLabels(svc.Spec.Selector), pod) {
			t.Errorf("Service %s selects none of its pods", name)
		}
		if !matches(selectorLabels(pdb.Spec.Selector), pod) {
			t.Errorf("PodDisruptionBudget %s selects none of its pods", name)
		}
		if pdb.Spec.MaxUnavail == nil && pdb.Spec.MinAvail == nil {
			t.Errorf("PodDisruptionBudget %s bounds nothing", name)
		}
		if kind == "StatefulSet" {
			if w.Spec.ServiceName != name || svc.Spec.ClusterIP != "None" {
				t.Errorf("%s: stable identities need a headless Service named in serviceName", name)
			}
			if len(w.Spec.Claims) == 0 {
				t.Errorf("%s: no volumeClaimTemplates", name)
			}
		}
		for _, c := range w.Spec.Template.Spec.Containers {
			where := "k8s " + name + "/" + c.Name
			checkCommand(t, where, c.Command, flags)
			if p := c.ReadinessProbe; p == nil || p.HTTPGet == nil || p.HTTPGet.Path != "/status" {
				t.Errorf("%s: no readiness probe on /status", where)
			}
		}
	}
	if job := find("Job", "novagraph-add-hosts"); job != nil {
		cmd := strings.Join(job.Spec.Template.Spec.Containers[0].Command, " ")
		if strings.Count(cmd, "ADD HOSTS") != 3 {
			t.Errorf("add-hosts Job registers %d hosts, want 3", strings.Count(cmd, "ADD HOSTS"))
		}
	}
}

// exportedSeries lists the Prometheus family names NovaGraph's packages
// define (Name: "..." options and NewDesc names).
func exportedSeries(t *testing.T) map[string]bool {
	t.Helper()
	re := regexp.MustCompile(`(?:Name:\s*|NewDesc\()"((?:graphd|storaged|metad)_[a-z0-9_]+)"`)
	out := map[string]bool{}
	err := filepath.WalkDir(filepath.Join("..", "pkg"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGrafanaDashboard(t *testing.T) {
	b, err := os.ReadFile("grafana/novagraph.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Title  string `json:"title"`
		Panels []struct {
			Type    string `json:"type"`
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatal(err)
	}
	series := exportedSeries(t)
	re := regexp.MustCompile(`\b(?:graphd|storaged|metad)_[a-z0-9_]+`)
	seen := map[string]bool{}
	graphs := 0
	for _, p := range dash.Panels {
		if p.Type == "row" {
			continue
		}
		graphs++
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			for _, name := range re.FindAllString(tg.Expr, -1) {
				base := name
				for _, suf := range []string{"_bucket", "_count", "_sum"} {
					if b, ok := strings.CutSuffix(name, suf); ok && series[b] {
						base = b
					}
				}
				if !series[base] {
					t.Errorf("panel %q plots %s, which no daemon exports", p.Title, name)
				}
				seen[base] = true
			}
		}
	}
	if graphs < 20 {
		t.Errorf("%d graphs, want the overview of every daemon", graphs)
	}
	for _, must := range []string{"graphd_query_latency_seconds", "graphd_num_query_errors_total", "graphd_num_active_sessions",
		"storaged_raft_leader_parts", "storaged_raft_commit_latency_seconds", "storaged_engine_stat", "metad_is_leader"} {
		if !seen[must] {
			t.Errorf("the dashboard does not plot %s", must)
		}
	}
}

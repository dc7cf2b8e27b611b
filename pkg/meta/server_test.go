package meta

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"defaults", func(*Config) {}, ""},
		{"listed", func(c *Config) { c.MetaServerAddrs = "127.0.0.1:9559, 127.0.0.2:9559" }, ""},
		{"not listed", func(c *Config) { c.MetaServerAddrs = "127.0.0.2:9559,127.0.0.3:9559" }, "does not list this metad"},
		{"bad address", func(c *Config) { c.MetaServerAddrs = "127.0.0.1" }, "meta_server_addrs"},
		{"port", func(c *Config) { c.Port = 65535 }, "out of range"},
		{"data path", func(c *Config) { c.DataPath = "" }, "data_path"},
		{"heartbeat", func(c *Config) { c.HeartbeatInterval = 0 }, "heartbeat_interval_secs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.mod(&cfg)
			err := cfg.Validate()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Validate: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestHTTPStatusFlagsMetrics(t *testing.T) {
	tc := newCluster(t, 1, func(cfg *Config) {
		cfg.Flags = func() map[string]string { return map[string]string{"port": "9559", "data_path": "x"} }
	})
	tc.leader()
	base := "http://" + tc.nodes[0].srv.HTTPAddr().String()
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", path, resp.Status)
		}
		return string(b)
	}
	var status map[string]string
	if err := json.Unmarshal([]byte(get("/status")), &status); err != nil || status["status"] != "running" || status["version"] != Version {
		t.Fatalf("/status: %v %v", status, err)
	}
	if got := get("/flags"); got != "data_path=x\nport=9559\n" {
		t.Fatalf("/flags: %q", got)
	}
	if got := get("/flags?format=json"); !strings.Contains(got, `{"name":"port","value":"9559"}`) {
		t.Fatalf("/flags?format=json: %s", got)
	}
	if got := get("/metrics"); !strings.Contains(got, "metad_is_leader 1") || !strings.Contains(got, "metad_catalog_version") {
		t.Fatalf("/metrics lacks metad's series:\n%s", got)
	}
}

package console

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeCert writes a self-signed certificate and its key as PEM files.
func writeCert(t *testing.T, dir string) (certPath, keyPath string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "graphd"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, DNSNames: []string{"graphd"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certPath, keyPath
}

func TestTLSConfig(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeCert(t, dir)
	tc, err := TLSConfig(Config{Addr: "graphd", SSLRootCAPath: cert, SSLCertPath: cert, SSLPrivateKeyPath: key})
	if err != nil {
		t.Fatal(err)
	}
	if tc.ServerName != "graphd" || tc.RootCAs == nil || len(tc.Certificates) != 1 || tc.InsecureSkipVerify {
		t.Errorf("config %+v", tc)
	}
	tc, err = TLSConfig(Config{Addr: "h", SSLInsecureSkipVerify: true})
	if err != nil || tc.RootCAs != nil || len(tc.Certificates) != 0 || !tc.InsecureSkipVerify {
		t.Errorf("system roots: %+v %v", tc, err)
	}
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{SSLRootCAPath: filepath.Join(dir, "missing")}, "read ssl_root_ca_path"},
		{Config{SSLRootCAPath: garbage}, "holds no PEM certificate"},
		{Config{SSLCertPath: cert, SSLPrivateKeyPath: garbage}, "load client certificate"},
	} {
		if _, err := TLSConfig(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v", tc.cfg, err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Addr: "127.0.0.1", Port: 9669, User: "root"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Addr = "" }, "argument addr is empty"},
		{func(c *Config) { c.Port = 0 }, "argument port 0 is out of range"},
		{func(c *Config) { c.Port = 70000 }, "argument port 70000 is out of range"},
		{func(c *Config) { c.User = "" }, "argument username is empty"},
		{func(c *Config) { c.Timeout = -1 }, "argument timeout is negative"},
		{func(c *Config) { c.Eval, c.File = "x", "y" }, "arguments -e and -f exclude each other"},
		{func(c *Config) { c.SSLCertPath = "c" }, "arguments ssl_cert_path and ssl_private_key_path go together"},
	} {
		c := ok
		tc.mod(&c)
		if err := c.Validate(); err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

func TestRunFlagErrors(t *testing.T) {
	var errOut strings.Builder
	code := Run(context.Background(), Config{Addr: "127.0.0.1", Port: 1, User: "root", Stderr: &errOut})
	if code != ExitFailed || errOut.String() != "Error: argument password is empty\n" {
		t.Errorf("code %d stderr %q", code, errOut.String())
	}
	errOut.Reset()
	code = Run(context.Background(), Config{Addr: "127.0.0.1", Port: 1, User: "root", Stderr: &errOut,
		ReadPassword: func() (string, error) { return "", os.ErrDeadlineExceeded }})
	if code != ExitFailed || !strings.Contains(errOut.String(), "i/o timeout") {
		t.Errorf("code %d stderr %q", code, errOut.String())
	}
	errOut.Reset()
	dir := t.TempDir()
	cert, _ := writeCert(t, dir)
	code = Run(context.Background(), Config{Addr: "127.0.0.1", Port: 1, User: "root", Password: "x", Stderr: &errOut,
		EnableSSL: true, SSLRootCAPath: cert, SSLCertPath: cert, SSLPrivateKeyPath: filepath.Join(dir, "nokey")})
	if code != ExitFailed || !strings.Contains(errOut.String(), "load client certificate") {
		t.Errorf("code %d stderr %q", code, errOut.String())
	}
}

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// selfSigned writes a self-signed certificate for 127.0.0.1, usable as
// its own root, as server certificate and as client certificate.
func selfSigned(t *testing.T, dir string) (tls.Certificate, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "novagraph test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certPath, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return pair, certPath, keyPath
}

// tlsProxy terminates TLS (demanding a client certificate signed by the
// same root) and forwards the plain bytes to graphd at backend. It stops
// when the test ends.
func tlsProxy(t *testing.T, pair tls.Certificate, backend int) int {
	t.Helper()
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: roots,
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	track := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(backend))
			if err != nil {
				c.Close()
				continue
			}
			track(c)
			track(b)
			wg.Add(2)
			go func() { defer wg.Done(); io.Copy(b, c); b.Close() }()
			go func() { defer wg.Done(); io.Copy(c, b); c.Close() }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().(*net.TCPAddr).Port
}

// TestTLS connects through TLS with the ssl flags: mutual TLS with a
// private root, and the failures when the server cannot be verified or the
// client has no certificate.
func TestTLS(t *testing.T) {
	graphd := startGraphd(t)
	pair, cert, key := selfSigned(t, t.TempDir())
	port := tlsProxy(t, pair, graphd)

	r := runConsole(t, port, "", "-enable_ssl", "-ssl_root_ca_path", cert, "-ssl_cert_path", cert,
		"-ssl_private_key_path", key, "-e", "YIELD 1 AS over_tls")
	if r.code != 0 || !strings.Contains(r.out, "| over_tls |") {
		t.Fatalf("mutual TLS: code %d stderr %q\n%s", r.code, r.errOut, r.out)
	}
	r = runConsole(t, port, "", "-enable_ssl", "-ssl_insecure_skip_verify", "-ssl_cert_path", cert,
		"-ssl_private_key_path", key, "-e", "YIELD 2 AS unverified")
	if r.code != 0 || !strings.Contains(r.out, "| unverified |") {
		t.Errorf("insecure: code %d stderr %q\n%s", r.code, r.errOut, r.out)
	}
	r = runConsole(t, port, "", "-enable_ssl", "-ssl_cert_path", cert, "-ssl_private_key_path", key, "-e", "YIELD 1")
	if r.code != 1 || !strings.Contains(r.errOut, "Fail to initialize the connection pool") || !strings.Contains(r.errOut, "certificate") {
		t.Errorf("unknown root: code %d stderr %q", r.code, r.errOut)
	}
	r = runConsole(t, port, "", "-enable_ssl", "-ssl_root_ca_path", cert, "-t", "3000", "-e", "YIELD 1")
	if r.code != 1 || !strings.Contains(r.errOut, "certificate required") {
		t.Errorf("no client certificate: code %d stderr %q", r.code, r.errOut)
	}
}

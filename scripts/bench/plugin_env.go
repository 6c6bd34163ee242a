package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/vault/sdk/helper/pluginutil"
	sdkplugin "github.com/hashicorp/vault/sdk/plugin"
)

// pluginEnv is this process's environment plus what Vault and go-plugin add for a v5 plugin
// (reference/vault-plugin-protocol.md §1.3); withGoPlugin adds go-plugin's own variables, which
// its client sets itself in mode rpc.
func pluginEnv(withGoPlugin bool) []string {
	cookie := sdkplugin.HandshakeConfig.MagicCookieKey
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, cookie+"=") {
			env = append(env, kv)
		}
	}
	env = append(env, pluginutil.PluginVaultVersionEnv+"=1.19.0", pluginutil.PluginMetadataModeEnv+"=false",
		pluginutil.PluginAutoMTLSEnv+"=true")
	if withGoPlugin {
		env = append(env, cookie+"="+sdkplugin.HandshakeConfig.MagicCookieValue,
			"PLUGIN_PROTOCOL_VERSIONS=5", "PLUGIN_MIN_PORT=10000", "PLUGIN_MAX_PORT=25000",
			"PLUGIN_CLIENT_CERT="+clientCertPEM())
	}
	return env
}

var certPEM string

// clientCertPEM is a one-off self-signed client certificate, shaped like go-plugin's AutoMTLS one.
func clientCertPEM() string {
	if certPEM != "" {
		return certPEM
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	certPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	return certPEM
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	_, err = io.Copy(h, f)
	return h.Sum(nil), err
}

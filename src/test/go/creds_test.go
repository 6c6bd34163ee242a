package conformance

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// simInfo is the simulator's start-up JSON line.
type simInfo struct {
	URL      string `json:"url"`
	APIToken string `json:"api_token"`
}

// credsEnv holds what the creds flow needs besides the plugin.
type credsEnv struct {
	sim        simInfo
	sidecarURL string
	caPEM      string
	certPEM    string
	keyPEM     string
	http       *http.Client
}

func loadCredsEnv(t *testing.T) credsEnv {
	t.Helper()
	pluginCmd(t)
	var missing []string
	for _, k := range []string{EnvSidecarURL, EnvCertsDir, EnvSimJSON} {
		if os.Getenv(k) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		t.Skipf("creds flow needs a running sidecar and simulator: %s not set", strings.Join(missing, ", "))
	}
	e := credsEnv{sidecarURL: os.Getenv(EnvSidecarURL), sim: parseSimJSON(t, os.Getenv(EnvSimJSON))}
	dir := os.Getenv(EnvCertsDir)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", EnvCertsDir, err)
		}
		return string(b)
	}
	e.caPEM, e.certPEM, e.keyPEM = read("ca.pem"), read("plugin.pem"), read("plugin-key.pem")

	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	pool.AppendCertsFromPEM([]byte(e.caPEM))
	e.http = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	return e
}

// parseSimJSON accepts the JSON line itself or a file holding it (the last
// line starting with "{" wins, so a log file works too).
func parseSimJSON(t *testing.T, v string) simInfo {
	t.Helper()
	line := simJSONLine(t, v)
	var s simInfo
	if err := json.Unmarshal([]byte(line), &s); err != nil || s.URL == "" || s.APIToken == "" {
		t.Fatalf("%s must hold a JSON object with url and api_token (err %v): %q", EnvSimJSON, err, line)
	}
	s.URL = strings.TrimRight(s.URL, "/")
	return s
}

// rawSimJSON is the simulator's start-up line named by $DVB_SIM_JSON (the line or a file holding it).
func rawSimJSON(t *testing.T) string {
	t.Helper()
	return simJSONLine(t, os.Getenv(EnvSimJSON))
}

func simJSONLine(t *testing.T, v string) string {
	t.Helper()
	line := strings.TrimSpace(v)
	if !strings.HasPrefix(line, "{") {
		b, err := os.ReadFile(v)
		if err != nil {
			t.Fatalf("%s is neither a JSON line nor a readable file: %v", EnvSimJSON, err)
		}
		line = ""
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if l := strings.TrimSpace(sc.Text()); strings.HasPrefix(l, "{") {
				line = l
			}
		}
	}
	return line
}

// lookup calls the simulator's token lookup authenticated by the token itself.
func (e credsEnv) lookup(t *testing.T, token string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"token": token})
	req, err := http.NewRequest(http.MethodPost, e.sim.URL+"/api/v2/apiTokens/lookup", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Api-Token "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatalf("simulator lookup: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (e credsEnv) configData(envURL string) map[string]any {
	return map[string]any{
		"environment_url":         envURL,
		"auth_mode":               "api_token",
		"api_token":               e.sim.APIToken,
		"allow_http_loopback":     true,
		"sidecar_url":             e.sidecarURL,
		"sidecar_ca_pem":          e.caPEM,
		"sidecar_client_cert_pem": e.certPEM,
		"sidecar_client_key_pem":  e.keyPEM,
	}
}

// TestCredsFlow runs config → role → creds → renew → revoke against a running
// sidecar and simulator, playing Vault's expiration manager for the lease.
func TestCredsFlow(t *testing.T) {
	env := loadCredsEnv(t)
	m := MountPlugin(t)

	req, resp, err := m.Write(t, "config", env.configData(env.sim.URL))
	resp = MustOK(t, "write config", req, resp, err)
	env.assertNoSecrets(t, "config write response", resp)

	req, resp, err = m.Read(t, "config")
	resp = MustOK(t, "read config", req, resp, err)
	if resp == nil || len(resp.Data) == 0 {
		t.Fatalf("read config returned no data")
	}
	env.assertNoSecrets(t, "config read", resp)
	t.Logf("config read returns fields %v", keys(resp.Data))

	req, resp, err = m.Write(t, "roles/ci", map[string]any{"scopes": "metrics.read,logs.read", "ttl": "1h", "max_ttl": "2h"})
	MustOK(t, "write roles/ci", req, resp, err)

	req, resp, err = m.List(t, "roles/")
	resp = MustOK(t, "list roles/", req, resp, err)
	if !slices.Contains(listKeys(resp), "ci") {
		t.Fatalf("list roles/ does not contain ci: %v", resp.Data)
	}

	// Mint: Vault registers the lease with its own issue time.
	req, resp, err = m.Read(t, "creds/ci")
	creds := MustOK(t, "read creds/ci", req, resp, err)
	issueTime := time.Now()
	if creds == nil || creds.Secret == nil {
		t.Fatalf("creds/ci returned no Secret (Vault would create no lease): %s", describe(creds, nil))
	}
	if creds.Secret.TTL != time.Hour {
		t.Errorf("creds Secret TTL = %s, want the role ttl 1h", creds.Secret.TTL)
	}
	if !creds.Secret.Renewable {
		t.Errorf("creds Secret is not renewable")
	}
	if len(creds.Secret.InternalData) == 0 {
		t.Errorf("creds Secret has no internal data (revoke needs it)")
	}
	for _, k := range []string{"token", "token_id", "token_name", "scopes", "expires_at", "role"} {
		if v, ok := creds.Data[k]; !ok || v == nil || v == "" {
			t.Errorf("creds data lacks %q: keys %v", k, keys(creds.Data))
		}
	}
	if creds.Data["role"] != "ci" {
		t.Errorf("creds role = %v, want ci", creds.Data["role"])
	}
	token, _ := creds.Data["token"].(string)
	if token == "" {
		t.Fatalf("creds token is not a string: %T", creds.Data["token"])
	}
	hardEnd := issueTime.Add(2 * time.Hour) // role max_ttl
	if exp, err := time.Parse(time.RFC3339, fmt.Sprint(creds.Data["expires_at"])); err != nil {
		t.Errorf("expires_at %v is not RFC 3339: %v", creds.Data["expires_at"], err)
	} else if exp.Before(issueTime.Add(time.Hour-time.Minute)) || exp.After(hardEnd.Add(15*time.Minute)) {
		t.Errorf("expires_at %s is outside [issue+1h, issue+max_ttl+15m] (issue %s)", exp, issueTime.Format(time.RFC3339))
	}
	granted, _, err := framework.CalculateTTL(m.System, 0, creds.Secret.TTL, 0, creds.Secret.MaxTTL, 0, issueTime)
	if err != nil || granted != time.Hour {
		t.Errorf("Vault would grant the lease %s (err %v), want 1h", granted, err)
	}
	stored := *creds.Secret
	stored.TTL = granted
	lease := &storedLease{path: "creds/ci", issueTime: issueTime, data: creds.Data, secret: &stored}

	if code := env.lookup(t, token); code != http.StatusOK {
		t.Fatalf("minted token does not authenticate at the simulator: lookup status %d", code)
	}

	origInternal := creds.Secret.InternalData
	t.Run("renew_30m", func(t *testing.T) {
		resp := lease.renew(t, m, 30*time.Minute)
		assertEchoed(t, origInternal, resp.Secret.InternalData)
		remaining := time.Until(hardEnd)
		if resp.Secret.TTL > remaining+5*time.Second {
			t.Errorf("renew TTL %s exceeds the time left to the hard end (%s)", resp.Secret.TTL, remaining.Round(time.Second))
		}
		if !resp.Secret.Renewable {
			t.Errorf("renew well before the hard end answered renewable=false")
		}
	})

	t.Run("renew_cannot_pass_hard_end", func(t *testing.T) {
		resp := lease.renew(t, m, 5*time.Hour)
		assertEchoed(t, origInternal, resp.Secret.InternalData)
		if remaining := time.Until(hardEnd); lease.secret.TTL > remaining+5*time.Second {
			t.Errorf("Vault would extend the lease to %s, past the hard end (%s left): the renew reply must carry MaxTTL <= role max_ttl (got TTL %s, MaxTTL %s)",
				lease.secret.TTL, remaining.Round(time.Second), resp.Secret.TTL, resp.Secret.MaxTTL)
		}
	})

	req = m.Request(logical.RevokeOperation, lease.path, lease.data)
	req.Secret = lease.vaultSecret()
	resp, err = m.Do(t, req)
	MustOK(t, "revoke", req, resp, err)

	if code := env.lookup(t, token); code != http.StatusUnauthorized {
		t.Errorf("revoked token still answers lookup with %d, want 401", code)
	}

	req = m.Request(logical.RevokeOperation, lease.path, lease.data)
	req.Secret = lease.vaultSecret()
	resp, err = m.Do(t, req)
	MustOK(t, "second revoke (must be idempotent)", req, resp, err)

	t.Run("unknown_role", func(t *testing.T) {
		req, resp, err := m.Read(t, "creds/nope")
		expectUserError(t, req, resp, err, "nope", "role")
	})

	t.Run("ttl_above_max_ttl", func(t *testing.T) {
		req, resp, err := m.Write(t, "roles/bad", map[string]any{"scopes": "metrics.read", "ttl": "3h", "max_ttl": "1h"})
		expectUserError(t, req, resp, err, "ttl")
		req, resp, err = m.List(t, "roles/")
		resp = MustOK(t, "list roles/ after the rejected write", req, resp, err)
		if slices.Contains(listKeys(resp), "bad") {
			t.Errorf("the rejected role was stored anyway: %v", listKeys(resp))
		}
	})

	t.Run("bad_environment_url", func(t *testing.T) {
		req, resp, err := m.Write(t, "config", env.configData("not a url"))
		expectUserError(t, req, resp, err, "environment_url")
		req, resp, err = m.Read(t, "config")
		resp = MustOK(t, "read config after the rejected write", req, resp, err)
		if got := fmt.Sprint(resp.Data["environment_url"]); got != env.sim.URL && got != env.sim.URL+"/" {
			t.Errorf("the rejected config replaced the stored one: environment_url = %q", got)
		}
	})
}

// storedLease is what Vault's expiration manager keeps for a lease.
type storedLease struct {
	path      string
	issueTime time.Time
	data      map[string]any
	secret    *logical.Secret
}

// vaultSecret is the stored secret as Vault sends it on renew/revoke:
// original issue time, lease id cleared.
func (l *storedLease) vaultSecret() *logical.Secret {
	s := *l.secret
	s.IssueTime = l.issueTime
	s.LeaseID = ""
	return &s
}

// renew plays expiration.Renew: send the stored data and secret with the
// increment, compute the granted TTL, then replace the stored secret and data
// with the reply (as Vault does).
func (l *storedLease) renew(t *testing.T, m *Mount, increment time.Duration) *logical.Response {
	t.Helper()
	s := l.vaultSecret()
	s.Increment = increment
	req := m.Request(logical.RenewOperation, l.path, l.data)
	req.Secret = s
	resp, err := m.Do(t, req)
	resp = MustOK(t, "renew", req, resp, err)
	if resp == nil || resp.Secret == nil {
		t.Fatalf("renew reply carries no Secret (Vault silently keeps the old lease): %s", describe(resp, nil))
	}
	granted, warnings, err := framework.CalculateTTL(m.System, increment, resp.Secret.TTL, 0, resp.Secret.MaxTTL, 0, l.issueTime)
	if err != nil {
		t.Fatalf("Vault would reject this renew: %v", err)
	}
	t.Logf("renew +%s: plugin TTL %s MaxTTL %s renewable %v -> Vault grants %s %v",
		increment, resp.Secret.TTL, resp.Secret.MaxTTL, resp.Secret.Renewable, granted.Round(time.Second), warnings)
	stored := *resp.Secret
	stored.TTL = granted
	l.data = resp.Data
	l.secret = &stored
	return resp
}

// assertEchoed checks that every internal-data entry of the lease survives the renew.
func assertEchoed(t *testing.T, orig, got map[string]any) {
	t.Helper()
	for k, v := range orig {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("renew reply lost or changed internal_data[%q]: %v -> %v (Vault keeps only what the reply returns)", k, v, got[k])
		}
	}
}

// expectUserError asserts a 4xx outcome whose message names one of words.
func expectUserError(t *testing.T, req *logical.Request, resp *logical.Response, err error, words ...string) {
	t.Helper()
	code := Status(req, resp, err)
	if code < 400 || code >= 500 {
		t.Fatalf("expected a 4xx error, got status %d: %s", code, describe(resp, err))
	}
	msg := ""
	if resp != nil && resp.IsError() {
		msg = fmt.Sprint(resp.Data["error"])
	} else if err != nil {
		msg = err.Error()
	}
	for _, w := range words {
		if strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
			t.Logf("status %d: %s", code, msg)
			return
		}
	}
	t.Errorf("status %d, but the message %q names none of %v", code, msg, words)
}

// assertNoSecrets fails if the response carries the API token or the client key.
func (e credsEnv) assertNoSecrets(t *testing.T, what string, resp *logical.Response) {
	t.Helper()
	if resp == nil {
		return
	}
	b, _ := json.Marshal(resp.Data)
	s := string(b)
	if strings.Contains(s, e.sim.APIToken) {
		t.Errorf("%s contains the API token", what)
	}
	if strings.Contains(s, "PRIVATE KEY") {
		t.Errorf("%s contains a private key PEM", what)
	}
	for _, l := range lines(e.keyPEM) {
		if len(l) >= 32 && !strings.HasPrefix(l, "-----") && strings.Contains(s, l) {
			t.Errorf("%s contains part of the client key", what)
			break
		}
	}
}

func listKeys(resp *logical.Response) []string {
	if resp == nil {
		return nil
	}
	switch ks := resp.Data["keys"].(type) {
	case []string:
		return ks
	case []any:
		out := make([]string, 0, len(ks))
		for _, k := range ks {
			out = append(out, fmt.Sprint(k))
		}
		return out
	}
	return nil
}

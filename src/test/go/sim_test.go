package conformance

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

// simDo calls the simulator. With auth it sends the minter's API token (the
// start-up JSON's api_token); the /_sim/ control routes need none. It returns
// the status and the decoded JSON body (nil if the body is empty or not JSON).
func (e credsEnv) simDo(t *testing.T, method, path string, body any, auth bool) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.sim.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth {
		req.Header.Set("Authorization", "Api-Token "+e.sim.APIToken)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatalf("simulator %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// createSimToken creates a token directly at the simulator with the minter's
// credential (as if a mint had reached Dynatrace) and returns its id and secret.
func (e credsEnv) createSimToken(t *testing.T, name string) (id, secret string) {
	t.Helper()
	code, out := e.simDo(t, http.MethodPost, "/api/v2/apiTokens", map[string]any{
		"name":           name,
		"scopes":         []string{"metrics.read"},
		"expirationDate": time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339),
	}, true)
	id, _ = out["id"].(string)
	secret, _ = out["token"].(string)
	if code != http.StatusCreated || id == "" || secret == "" {
		t.Fatalf("create token %q at the simulator: status %d body %v", name, code, out)
	}
	return id, secret
}

// simTokenStatus is GET /api/v2/apiTokens/{id} with the minter's token: 200 live, 404 deleted.
func (e credsEnv) simTokenStatus(t *testing.T, id string) int {
	t.Helper()
	code, _ := e.simDo(t, http.MethodGet, "/api/v2/apiTokens/"+id, nil, true)
	return code
}

// deleteSimToken deletes a token directly at the simulator (expects 204).
func (e credsEnv) deleteSimToken(t *testing.T, id string) {
	t.Helper()
	if code, out := e.simDo(t, http.MethodDelete, "/api/v2/apiTokens/"+id, nil, true); code != http.StatusNoContent {
		t.Fatalf("delete token %s at the simulator: status %d %v", id, code, out)
	}
}

// setFault arms the simulator's fault switch (POST /_sim/faults); it is
// cleared when the test ends.
func (e credsEnv) setFault(t *testing.T, spec map[string]any) {
	t.Helper()
	t.Cleanup(func() { e.clearFault(t) })
	if code, out := e.simDo(t, http.MethodPost, "/_sim/faults", spec, false); code != http.StatusOK {
		t.Fatalf("set simulator fault %v: status %d %v", spec, code, out)
	}
}

func (e credsEnv) clearFault(t *testing.T) {
	t.Helper()
	if code, _ := e.simDo(t, http.MethodDelete, "/_sim/faults", nil, false); code != http.StatusNoContent {
		t.Errorf("clear simulator fault: status %d", code)
	}
}

// simCounter reads one counter of GET /_sim/state.
func (e credsEnv) simCounter(t *testing.T, name string) float64 {
	t.Helper()
	code, out := e.simDo(t, http.MethodGet, "/_sim/state", nil, false)
	counters, _ := out["counters"].(map[string]any)
	v, ok := counters[name].(float64)
	if code != http.StatusOK || !ok {
		t.Fatalf("simulator state has no counter %q: status %d counters %v", name, code, counters)
	}
	return v
}

// configure writes the mount's config (pointing at the sidecar and simulator)
// and a role with the given ttl/max_ttl.
func (e credsEnv) configure(t *testing.T, m *Mount, role, ttl, maxTTL string) {
	t.Helper()
	req, resp, err := m.Write(t, "config", e.configData(e.sim.URL))
	MustOK(t, "write config on "+m.Point, req, resp, err)
	req, resp, err = m.Write(t, "roles/"+role, map[string]any{"scopes": "metrics.read,logs.read", "ttl": ttl, "max_ttl": maxTTL})
	MustOK(t, "write roles/"+role+" on "+m.Point, req, resp, err)
}

// mint reads creds/<role> and returns the response and the lease Vault would store.
func mint(t *testing.T, m *Mount, role string) (*logical.Response, *storedLease) {
	t.Helper()
	req, resp, err := m.Read(t, "creds/"+role)
	creds := MustOK(t, "read creds/"+role+" on "+m.Point, req, resp, err)
	issued := time.Now()
	if creds == nil || creds.Secret == nil {
		t.Fatalf("creds/%s on %s returned no Secret: %s", role, m.Point, describe(creds, nil))
	}
	if tok, _ := creds.Data["token"].(string); tok == "" {
		t.Fatalf("creds/%s on %s returned no token: %v", role, m.Point, keys(creds.Data))
	}
	stored := *creds.Secret
	return creds, &storedLease{path: "creds/" + role, issueTime: issued, data: creds.Data, secret: &stored}
}

// revoke sends the revoke Vault's expiration manager sends for the lease.
func (l *storedLease) revoke(t *testing.T, m *Mount) (*logical.Request, *logical.Response, error) {
	t.Helper()
	req := m.Request(logical.RevokeOperation, l.path, l.data)
	req.Secret = l.vaultSecret()
	resp, err := m.Do(t, req)
	return req, resp, err
}

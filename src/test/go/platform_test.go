package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

// accountInfo is the account part of the simulator's start-up line.
type accountInfo struct {
	EnvironmentID       string `json:"environment_id"`
	SSOURL              string `json:"sso_url"`
	AccountUUID         string `json:"account_uuid"`
	AccountClientID     string `json:"account_client_id"`
	AccountClientSecret string `json:"account_client_secret"`
}

// ingest posts one log line with a platform token as Bearer on the simulator's platform proxy.
func (e credsEnv) ingest(t *testing.T, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.sim.URL+"/platform/classic/environment-api/v2/logs/ingest",
		bytes.NewReader([]byte(`[{"content":"conformance"}]`)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatalf("simulator ingest: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// platformExpiry is the simulator's Dynatrace expiry of a platform token (zero: gone).
func (e credsEnv) platformExpiry(t *testing.T, tokenID string) time.Time {
	t.Helper()
	resp, err := e.http.Get(e.sim.URL + "/_sim/state")
	if err != nil {
		t.Fatalf("simulator state: %v", err)
	}
	defer resp.Body.Close()
	var state struct {
		PlatformTokens []struct {
			ID             string `json:"id"`
			ExpirationDate string `json:"expiration_date"`
		} `json:"platform_tokens"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&state); err != nil {
		t.Fatalf("simulator state: %v", err)
	}
	for _, p := range state.PlatformTokens {
		if p.ID == tokenID {
			at, err := time.Parse(time.RFC3339, p.ExpirationDate)
			if err != nil {
				t.Fatalf("expiration_date %q: %v", p.ExpirationDate, err)
			}
			return at
		}
	}
	return time.Time{}
}

// TestPlatformCredsFlow: a platform role mints a dt0s16 token that authenticates, a renew moves
// its Dynatrace expiry with the lease (never past the hard end), and revoke deletes it.
func TestPlatformCredsFlow(t *testing.T) {
	env := loadCredsEnv(t)
	var acct accountInfo
	if err := json.Unmarshal([]byte(rawSimJSON(t)), &acct); err != nil || acct.AccountUUID == "" {
		t.Fatalf("the simulator's start-up line has no account side: %v", err)
	}
	m := MountPlugin(t)
	cfg := env.configData(env.sim.URL)
	for k, v := range map[string]any{"account_uuid": acct.AccountUUID, "account_client_id": acct.AccountClientID,
		"account_client_secret": acct.AccountClientSecret, "account_api_url": env.sim.URL,
		"environment_id": acct.EnvironmentID, "sso_url": acct.SSOURL} {
		cfg[k] = v
	}
	req, resp, err := m.Write(t, "config", cfg)
	resp = MustOK(t, "write config with the account side", req, resp, err)
	env.assertNoSecrets(t, "config write response", resp)
	req, resp, err = m.Read(t, "config")
	resp = MustOK(t, "read config", req, resp, err)
	if strings.Contains(fmt.Sprint(resp.Data), acct.AccountClientSecret) {
		t.Fatalf("config read shows the account client secret")
	}

	req, resp, err = m.Write(t, "roles/logs", map[string]any{"token_type": "platform",
		"scopes": "storage:logs:write", "ttl": "10m", "max_ttl": "1h"})
	MustOK(t, "write platform role", req, resp, err)

	req, resp, err = m.Read(t, "creds/logs")
	creds := MustOK(t, "read creds/logs", req, resp, err)
	issueTime := time.Now()
	if creds == nil || creds.Secret == nil {
		t.Fatalf("creds/logs returned no Secret: %s", describe(creds, nil))
	}
	token, _ := creds.Data["token"].(string)
	tokenID, _ := creds.Data["token_id"].(string)
	if !strings.HasPrefix(token, "dt0s16.") || !strings.HasPrefix(token, tokenID+".") {
		t.Fatalf("creds token %q / token_id %q are not a dt0s16 platform token and its id", redact(token), tokenID)
	}
	if creds.Data["token_type"] != "platform" {
		t.Errorf("creds token_type = %v, want platform", creds.Data["token_type"])
	}
	if code := env.ingest(t, token); code != http.StatusNoContent {
		t.Fatalf("the platform token does not work as Bearer: ingest status %d", code)
	}
	first := env.platformExpiry(t, tokenID)
	if first.Before(issueTime.Add(10*time.Minute)) || first.After(issueTime.Add(20*time.Minute)) {
		t.Errorf("Dynatrace expiry %s does not follow the 10m lease (issued %s)", first, issueTime.Format(time.RFC3339))
	}

	stored := *creds.Secret
	stored.TTL = 10 * time.Minute
	lease := &storedLease{path: "creds/logs", issueTime: issueTime, data: creds.Data, secret: &stored}
	lease.renew(t, m, 30*time.Minute)
	moved := env.platformExpiry(t, tokenID)
	if !moved.After(first.Add(15 * time.Minute)) {
		t.Errorf("a 30m renewal did not move the Dynatrace expiry (before %s, after %s)", first, moved)
	}
	lease.renew(t, m, 5*time.Hour)
	if capped := env.platformExpiry(t, tokenID); capped.After(issueTime.Add(time.Hour + 15*time.Minute)) {
		t.Errorf("a renewal moved the Dynatrace expiry to %s, past the hard end (issue + 1h) plus skew", capped)
	}

	req = m.Request(logical.RevokeOperation, lease.path, lease.data)
	req.Secret = lease.vaultSecret()
	resp, err = m.Do(t, req)
	MustOK(t, "revoke", req, resp, err)
	if code := env.ingest(t, token); code != http.StatusUnauthorized {
		t.Errorf("the revoked platform token answers %d, want 401", code)
	}
	if !env.platformExpiry(t, tokenID).IsZero() {
		t.Errorf("the revoked platform token is still in the account's list")
	}
}

func redact(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

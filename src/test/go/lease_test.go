package conformance

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// slack absorbs the time between our clock reads and the plugin's.
const slack = 3 * time.Second

// TestRenewEcho renews a lease the way Vault's expiration manager does
// (stored data and Secret with its InternalData, LeaseOptions TTL/IssueTime/
// Increment) and checks the plugin's renew rules (TokenSecret/RenewTerms):
// internal data echoed unchanged, TTL = min(increment or role ttl, time to the
// hard end), MaxTTL = hard end − issue time, renewable only while a later
// renew could still extend the lease, and an error once the hard end passed.
func TestRenewEcho(t *testing.T) {
	env := loadCredsEnv(t)
	m := MountPlugin(t)
	env.configure(t, m, "ci", "1h", "2h")
	creds, lease := mint(t, m, "ci")
	t.Cleanup(func() { lease.revoke(t, m) })
	lease.secret.TTL = time.Hour // what Vault stored at creation
	orig := maps.Clone(creds.Secret.InternalData)
	hardEnd := internalHardEnd(t, orig)
	if d := hardEnd.Sub(lease.issueTime.Add(2 * time.Hour)); d < -slack || d > slack {
		t.Fatalf("internal hard_end %s is not issue time + role max_ttl 2h (%s)", hardEnd, lease.issueTime.Add(2*time.Hour))
	}

	// renew sends one renew for a lease issued at issue, with internal data
	// internal, and checks what every reply must satisfy.
	renew := func(t *testing.T, internal map[string]any, issue time.Time, increment time.Duration) *logical.Secret {
		t.Helper()
		s := *lease.secret
		s.InternalData = maps.Clone(internal)
		s.IssueTime = issue
		s.Increment = increment
		s.LeaseID = ""
		req := m.Request(logical.RenewOperation, lease.path, lease.data)
		req.Secret = &s
		resp, err := m.Do(t, req)
		resp = MustOK(t, fmt.Sprintf("renew +%s", increment), req, resp, err)
		if resp == nil || resp.Secret == nil {
			t.Fatalf("renew reply has no Secret: %s", describe(resp, nil))
		}
		got := resp.Secret
		if !reflect.DeepEqual(got.InternalData, internal) {
			t.Errorf("renew changed the internal data:\n sent %v\n got  %v", internal, got.InternalData)
		}
		if !reflect.DeepEqual(resp.Data, lease.data) {
			t.Errorf("renew reply data %v differs from the stored data %v (Vault stores the reply's data)", keys(resp.Data), keys(lease.data))
		}
		end := internalHardEnd(t, internal)
		if left := time.Until(end); got.TTL > left+slack {
			t.Errorf("renew TTL %s goes past the hard end (%s left)", got.TTL, left.Round(time.Second))
		}
		if want := end.Sub(issue); absDur(got.MaxTTL-want) > slack {
			t.Errorf("renew MaxTTL = %s, want hard end − issue time = %s", got.MaxTTL, want.Round(time.Second))
		}
		granted, _, err := framework.CalculateTTL(m.System, increment, got.TTL, 0, got.MaxTTL, 0, issue)
		if err != nil {
			t.Errorf("Vault rejects this renew reply: %v", err)
		} else if time.Now().Add(granted).After(end.Add(slack)) {
			t.Errorf("Vault would grant %s, ending past the hard end %s", granted, end)
		}
		t.Logf("renew +%s: TTL %s MaxTTL %s renewable %v", increment, got.TTL, got.MaxTTL.Round(time.Second), got.Renewable)
		return got
	}

	t.Run("increment_within_hard_end", func(t *testing.T) {
		s := renew(t, orig, lease.issueTime, 30*time.Minute)
		if absDur(s.TTL-30*time.Minute) > slack {
			t.Errorf("TTL = %s, want the increment 30m", s.TTL)
		}
		if !s.Renewable {
			t.Errorf("renewable=false although the lease can still be extended")
		}
	})

	t.Run("no_increment_uses_role_ttl", func(t *testing.T) {
		s := renew(t, orig, lease.issueTime, 0)
		if absDur(s.TTL-time.Hour) > slack {
			t.Errorf("TTL = %s, want the role ttl 1h", s.TTL)
		}
		if !s.Renewable {
			t.Errorf("renewable=false although the lease can still be extended")
		}
	})

	t.Run("increment_beyond_hard_end", func(t *testing.T) {
		s := renew(t, orig, lease.issueTime, 5*time.Hour)
		if left := time.Until(hardEnd); absDur(s.TTL-left) > slack {
			t.Errorf("TTL = %s, want exactly the time left to the hard end (%s)", s.TTL, left.Round(time.Second))
		}
		if s.Renewable {
			t.Errorf("renewable=true although the TTL already reaches the hard end")
		}
	})

	// A lease issued almost max_ttl ago: Vault sends the original issue time
	// and the internal data it stored then.
	oldIssue := time.Now().Add(-2*time.Hour + 40*time.Second).Truncate(time.Second)
	oldInternal := maps.Clone(orig)
	oldInternal["hard_end"] = float64(oldIssue.Add(2 * time.Hour).Unix())

	t.Run("old_lease_near_hard_end", func(t *testing.T) {
		s := renew(t, oldInternal, oldIssue, 0)
		if s.TTL > 40*time.Second+slack || s.TTL <= 0 {
			t.Errorf("TTL = %s, want the ~40s left to the hard end", s.TTL)
		}
		if s.Renewable {
			t.Errorf("renewable=true although no renew can extend the lease any more")
		}
	})

	t.Run("old_lease_large_increment", func(t *testing.T) {
		s := renew(t, oldInternal, oldIssue, time.Hour)
		if s.Renewable || s.TTL > 40*time.Second+slack {
			t.Errorf("renew past the hard end: TTL %s renewable %v, want ≤ 40s and false", s.TTL, s.Renewable)
		}
	})

	t.Run("past_hard_end_is_refused", func(t *testing.T) {
		past := maps.Clone(orig)
		issue := time.Now().Add(-3 * time.Hour)
		past["hard_end"] = float64(issue.Add(2 * time.Hour).Unix())
		s := *lease.secret
		s.InternalData, s.IssueTime, s.Increment, s.LeaseID = past, issue, time.Hour, ""
		req := m.Request(logical.RenewOperation, lease.path, lease.data)
		req.Secret = &s
		resp, err := m.Do(t, req)
		if err == nil && (resp == nil || !resp.IsError()) {
			t.Fatalf("renew of a lease past its hard end succeeded: %s", describe(resp, err))
		}
		t.Logf("status %d: %s", Status(req, resp, err), describe(resp, err))
	})
}

// TestRevokeClassification checks what Vault's expiration manager sees from
// a revoke: a token already gone upstream is a success; an upstream outage is
// an ordinary (retried) error — never ErrUnrecoverable, ErrUnsupportedOperation,
// ErrUnsupportedPath or ErrInvalidRequest (Vault's errIsUnrecoverable marks the
// lease irrevocable at once for those) and not a 4xx; after the outage the
// retried revoke succeeds.
func TestRevokeClassification(t *testing.T) {
	env := loadCredsEnv(t)
	m := MountPlugin(t)
	env.configure(t, m, "ci", "1h", "2h")

	t.Run("already_deleted_upstream", func(t *testing.T) {
		creds, lease := mint(t, m, "ci")
		id, _ := creds.Data["token_id"].(string)
		env.deleteSimToken(t, id)
		req, resp, err := lease.revoke(t, m)
		MustOK(t, "revoke of a lease whose token is already deleted", req, resp, err)
		// The inventory entry goes once the revoke's reply is on its way: wait for it, bounded.
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			req, resp, err := m.Read(t, "tokens/"+id)
			if !(err == nil && resp != nil && len(resp.Data) > 0 && !resp.IsError()) {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("tokens/%s still lists the revoked token 15 s after the revoke: status %d %v", id, Status(req, resp, err), resp.Data)
				break
			}
		}
	})

	for _, fault := range []struct {
		name string
		spec map[string]any
		// counter is the /_sim/state counter the fault increments
		counter string
	}{
		{"server_error_503", map[string]any{"mode": "server_error", "status": 503, "count": -1}, "server_errors"},
		{"rate_limited_429", map[string]any{"mode": "rate_limit", "count": -1, "retry_after_s": 1}, "rate_limited"},
		{"connection_dropped", map[string]any{"mode": "outage", "count": -1}, "outages"},
	} {
		t.Run("dynatrace_unavailable_then_back/"+fault.name, func(t *testing.T) {
			creds, lease := mint(t, m, "ci")
			id, _ := creds.Data["token_id"].(string)
			token, _ := creds.Data["token"].(string)
			before := env.simCounter(t, fault.counter)
			spec := maps.Clone(fault.spec)
			spec["path_prefix"] = "/api/v2/apiTokens/" + id // only this token's DELETE (and GET)
			env.setFault(t, spec)

			started := time.Now()
			req, resp, err := lease.revoke(t, m)
			t.Logf("revoke during the fault after %s: status %d %s", time.Since(started).Round(time.Millisecond), Status(req, resp, err), describe(resp, err))
			if err == nil && (resp == nil || !resp.IsError()) {
				t.Fatalf("revoke succeeded although Dynatrace failed the DELETE (Vault would drop the lease and leak the token)")
			}
			for _, sentinel := range []error{logical.ErrUnrecoverable, logical.ErrUnsupportedOperation, logical.ErrUnsupportedPath, logical.ErrInvalidRequest} {
				if errors.Is(err, sentinel) {
					t.Errorf("revoke error is %q: Vault marks the lease irrevocable at once instead of retrying", sentinel)
				}
			}
			if code := Status(req, resp, err); code < 500 {
				t.Errorf("revoke during an upstream failure answered %d, want a 5xx (a temporary failure, not a bad request)", code)
			}
			if n := env.simCounter(t, fault.counter); n <= before {
				t.Errorf("the simulator fault never fired (%s %v -> %v): the revoke did not reach /api/v2/apiTokens/%s", fault.counter, before, n, id)
			}
			if code := env.lookup(t, token); code != http.StatusOK {
				t.Errorf("token lookup during the fault = %d, want 200 (the token must still exist)", code)
			}

			env.clearFault(t)
			req, resp, err = lease.revoke(t, m)
			MustOK(t, "revoke retried after the fault", req, resp, err)
			if code := env.simTokenStatus(t, id); code != http.StatusNotFound {
				t.Errorf("token %s still exists after the retried revoke (GET %d)", id, code)
			}
			if code := env.lookup(t, token); code != http.StatusUnauthorized {
				t.Errorf("token still authenticates after the retried revoke (%d)", code)
			}
		})
	}
}

func internalHardEnd(t *testing.T, internal map[string]any) time.Time {
	t.Helper()
	switch v := internal["hard_end"].(type) {
	case float64:
		return time.Unix(int64(v), 0)
	case int64:
		return time.Unix(v, 0)
	case string:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(n, 0)
		}
	}
	t.Fatalf("internal data has no usable hard_end: %T %v", internal["hard_end"], internal["hard_end"])
	return time.Time{}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

package conformance

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestMultiplexedMounts mounts the plugin twice on one process, the way
// Vault's catalog multiplexes a plugin that answers MultiplexingSupport with
// true: one go-plugin client and gRPC connection, a Setup per mount with its
// own broker id and storage, and a distinct multiplex_id on every call.
func TestMultiplexedMounts(t *testing.T) {
	env := loadCredsEnv(t)
	a := MountPlugin(t)
	if !a.Multiplexed {
		t.Fatalf("plugin answered MultiplexingSupport with false: Vault would start one process per mount")
	}
	b := a.Plugin.AddMount(t, "dynatrace-b/")
	if a.MultiplexID == b.MultiplexID {
		t.Fatalf("both mounts got multiplex_id %q", a.MultiplexID)
	}
	if a.PID != b.PID || a.Client != b.Client {
		t.Fatalf("the two mounts are not on one plugin client (pids %d, %d)", a.PID, b.PID)
	}
	assertOnlyPluginProcess(t, a.PID)

	// Config and a role on A only.
	env.configure(t, a, "ci", "1h", "2h")

	t.Run("b_sees_nothing_of_a", func(t *testing.T) {
		req, resp, err := b.Read(t, "config")
		if err != nil || (resp != nil && !resp.IsError() && len(resp.Data) > 0) {
			t.Errorf("mount B reads a config although only A has one: status %d %s", Status(req, resp, err), describe(resp, err))
		}
		req, resp, err = b.List(t, "roles/")
		if err != nil && Status(req, resp, err) != http.StatusNotFound {
			t.Errorf("list roles/ on B: %s", describe(resp, err))
		}
		if ks := listKeys(resp); len(ks) != 0 {
			t.Errorf("mount B lists roles %v that were written on A", ks)
		}
		req, resp, err = b.Read(t, "creds/ci")
		if code := Status(req, resp, err); code < 400 || code >= 500 {
			t.Errorf("creds/ci on B (role only on A) answered %d, want a 4xx: %s", code, describe(resp, err))
		}
		ctx := context.Background()
		if ks, err := b.Storage.List(ctx, ""); err != nil || len(ks) != 0 {
			t.Errorf("mount B's storage holds %v (err %v): the writes on A went to B's storage", ks, err)
		}
		if e, err := a.Storage.Get(ctx, "config"); err != nil || e == nil {
			t.Errorf("mount A's storage has no config entry after the write on A (err %v)", err)
		}
	})

	// B gets its own config and a differently named role.
	env.configure(t, b, "cb", "1h", "2h")
	t.Run("a_sees_nothing_of_b", func(t *testing.T) {
		req, resp, err := a.List(t, "roles/")
		resp = MustOK(t, "list roles/ on A", req, resp, err)
		if ks := listKeys(resp); !slices.Equal(ks, []string{"ci"}) {
			t.Errorf("mount A lists roles %v, want only [ci]", ks)
		}
		req, resp, err = a.Read(t, "creds/cb")
		if code := Status(req, resp, err); code < 400 || code >= 500 {
			t.Errorf("creds/cb on A (role only on B) answered %d, want a 4xx: %s", code, describe(resp, err))
		}
	})

	credsA, leaseA := mint(t, a, "ci")
	credsB, leaseB := mint(t, b, "cb")
	tokA, _ := credsA.Data["token"].(string)
	tokB, _ := credsB.Data["token"].(string)
	idA, _ := credsA.Data["token_id"].(string)
	idB, _ := credsB.Data["token_id"].(string)
	if tokA == tokB || idA == idB {
		t.Fatalf("both mounts returned the same token")
	}
	for _, c := range []struct {
		m     *Mount
		token string
		name  any
		slug  string
	}{{a, tokA, credsA.Data["token_name"], namePrefix(t, a) + "dynatrace-ci-"}, {b, tokB, credsB.Data["token_name"], namePrefix(t, b) + "dynatrace-b-cb-"}} {
		if code := env.lookup(t, c.token); code != http.StatusOK {
			t.Errorf("token minted on %s does not authenticate at the simulator: %d", c.m.Point, code)
		}
		if n, _ := c.name.(string); !strings.HasPrefix(n, c.slug) {
			t.Errorf("token minted on %s is named %q, want prefix %q (the mount point must reach the right instance)", c.m.Point, n, c.slug)
		}
	}
	// Each mount's name prefix is its own: neither starts the other's token names.
	if pa, pb := namePrefix(t, a), namePrefix(t, b); pa == pb || strings.HasPrefix(pb, pa) || strings.HasPrefix(pa, pb) {
		t.Errorf("mount prefixes %q and %q are not distinct; tidy on one mount could claim the other's tokens", pa, pb)
	}
	// Each mount's token inventory lists only its own token.
	for _, c := range []struct {
		m          *Mount
		own, other string
	}{{a, idA, idB}, {b, idB, idA}} {
		req, resp, err := c.m.List(t, "tokens/")
		resp = MustOK(t, "list tokens/ on "+c.m.Point, req, resp, err)
		ks := listKeys(resp)
		if !slices.Contains(ks, c.own) || slices.Contains(ks, c.other) {
			t.Errorf("tokens/ on %s lists %v, want its own %s and not %s", c.m.Point, ks, c.own, c.other)
		}
	}
	assertOnlyPluginProcess(t, a.PID)

	// Revoke A's lease, then unmount A (Cleanup on its multiplex_id only):
	// the process and mount B must keep working.
	req, resp, err := leaseA.revoke(t, a)
	MustOK(t, "revoke A's lease on A", req, resp, err)
	if code := env.lookup(t, tokA); code != http.StatusUnauthorized {
		t.Errorf("A's token still answers lookup with %d after its revoke", code)
	}
	if code := env.lookup(t, tokB); code != http.StatusOK {
		t.Errorf("revoking A's lease broke B's token: lookup %d", code)
	}
	within(t, CallTimeout, "Cleanup of mount A", func() { a.Backend.Cleanup(context.Background()) })
	if !alive(a.PID) {
		t.Fatalf("Cleanup of mount A ended the process that still serves mount B")
	}
	req, resp, err = b.Read(t, "config")
	resp = MustOK(t, "read config on B after A's Cleanup", req, resp, err)
	if resp == nil || len(resp.Data) == 0 {
		t.Errorf("mount B lost its config when A was cleaned up")
	}
	req, resp, err = leaseB.revoke(t, b)
	MustOK(t, "revoke B's lease on B after A's Cleanup", req, resp, err)
	if code := env.lookup(t, tokB); code != http.StatusUnauthorized {
		t.Errorf("B's token still answers lookup with %d after its revoke", code)
	}
	if a.PID != b.PID || !alive(b.PID) {
		t.Errorf("mount B is no longer served by pid %d", a.PID)
	}
}

// assertOnlyPluginProcess checks that the test process has exactly one live
// child, the plugin: a second mount must not have started another process.
func assertOnlyPluginProcess(t *testing.T, pid int) {
	t.Helper()
	var live []int
	for _, c := range descendantsOf(os.Getpid()) {
		if alive(c) && !slices.Contains(descendantsOf(pid), c) {
			live = append(live, c)
		}
	}
	if !slices.Equal(live, []int{pid}) {
		t.Errorf("live processes started by the test: %v, want only the plugin %d", live, pid)
	}
}

// namePrefix reads the mount's unique token-name prefix from its config.
func namePrefix(t *testing.T, m *Mount) string {
	t.Helper()
	req, resp, err := m.Read(t, "config")
	resp = MustOK(t, "read config on "+m.Point, req, resp, err)
	p, _ := resp.Data["token_name_prefix"].(string)
	if !strings.HasPrefix(p, "vault-") || !strings.HasSuffix(p, "-") {
		t.Fatalf("config on %s shows token_name_prefix %q, want vault-<id>-", m.Point, p)
	}
	return p
}

package conformance

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// walMinAge is the plugin's WAL rollback minimum age (framework default).
const walMinAge = 10 * time.Minute

// TestWALRollback leaves mint journal entries in the mount's storage as a
// crashed mint would (framework WAL format, kind "mint", data token_name)
// and sends the rollback Vault's rollback manager sends every minute
// (logical.RollbackRequest: path "", empty data; vault/sdk's framework reads
// only the "immediate" key, there is no min_age key).
func TestWALRollback(t *testing.T) {
	env := loadCredsEnv(t)
	m := MountPlugin(t)
	env.configure(t, m, "ci", "1h", "2h")
	ctx := context.Background()

	prefix := namePrefix(t, m)
	name := func() string { return prefix + "dynatrace-ci-" + nonce8() }
	oldName, youngName := name(), name()
	oldID, oldSecret := env.createSimToken(t, oldName)
	youngID, _ := env.createSimToken(t, youngName)
	decoyID, _ := env.createSimToken(t, oldName+"-other") // similar name, never in a journal
	t.Cleanup(func() {
		for _, id := range []string{youngID, decoyID, oldID} {
			env.simDo(t, http.MethodDelete, "/api/v2/apiTokens/"+id, nil, true) // best effort
		}
	})

	oldWAL := putWALAt(t, m.Storage, "mint", mintJournalData(oldName), time.Now().Add(-walMinAge-5*time.Minute))
	ghostWAL := putWALAt(t, m.Storage, "mint", mintJournalData(name()), time.Now().Add(-walMinAge-time.Minute)) // token never created
	youngWAL, err := framework.PutWAL(ctx, m.Storage, "mint", mintJournalData(youngName))                       // created now, as a mint in flight
	if err != nil {
		t.Fatal(err)
	}

	req := logical.RollbackRequest("")
	resp, err := m.Do(t, req)
	if err != nil || (resp != nil && resp.IsError()) {
		t.Fatalf("rollback with entries to roll back failed: %s", describe(resp, err))
	}

	if code := env.simTokenStatus(t, oldID); code != http.StatusNotFound {
		t.Errorf("token %q of the old WAL entry is still at the simulator (GET %d), want deleted", oldName, code)
	}
	if code := env.lookup(t, oldSecret); code != http.StatusUnauthorized {
		t.Errorf("token %q of the old WAL entry still authenticates (%d)", oldName, code)
	}
	if e, err := framework.GetWAL(ctx, m.Storage, oldWAL); err != nil || e != nil {
		t.Errorf("old WAL entry %s still in storage after its rollback (err %v): %+v", oldWAL, err, e)
	}
	if e, err := framework.GetWAL(ctx, m.Storage, ghostWAL); err != nil || e != nil {
		t.Errorf("old WAL entry %s naming a token that does not exist was kept (err %v): nothing is left to undo, it must be deleted", ghostWAL, err)
	}
	if e, err := framework.GetWAL(ctx, m.Storage, youngWAL); err != nil || e == nil {
		t.Errorf("young WAL entry %s was removed (err %v): entries younger than %s belong to mints that may still be running", youngWAL, err, walMinAge)
	} else if e.Kind != "mint" {
		t.Errorf("young WAL entry changed: %+v", e)
	}
	if code := env.simTokenStatus(t, youngID); code != http.StatusOK {
		t.Errorf("token %q of the young WAL entry was deleted (GET %d)", youngName, code)
	}
	if code := env.simTokenStatus(t, decoyID); code != http.StatusOK {
		t.Errorf("token %q, whose name only starts with a journaled name, was deleted (GET %d)", oldName+"-other", code)
	}
	if ids, _ := framework.ListWAL(ctx, m.Storage); !slices.Equal(ids, []string{youngWAL}) {
		t.Errorf("WAL after rollback = %v, want only the young entry %s", ids, youngWAL)
	}

	t.Run("second_rollback_keeps_young_entry", func(t *testing.T) {
		resp, err := m.Do(t, logical.RollbackRequest(""))
		if err != nil || (resp != nil && resp.IsError()) {
			t.Fatalf("second rollback failed: %s", describe(resp, err))
		}
		if e, _ := framework.GetWAL(ctx, m.Storage, youngWAL); e == nil {
			t.Errorf("young WAL entry removed by the second rollback")
		}
		if code := env.simTokenStatus(t, youngID); code != http.StatusOK {
			t.Errorf("young token deleted by the second rollback (GET %d)", code)
		}
	})

	t.Run("no_config_keeps_entry", func(t *testing.T) {
		// A second mount on the same process, never configured: the token
		// cannot be looked for yet, so the entry must stay for a later rollback.
		bare := m.Plugin.AddMount(t, "dynatrace-bare/")
		bareName := "vault-dynatrace-bare-ci-" + nonce8()
		bareID, _ := env.createSimToken(t, bareName)
		t.Cleanup(func() { env.simDo(t, http.MethodDelete, "/api/v2/apiTokens/"+bareID, nil, true) })
		wal := putWALAt(t, bare.Storage, "mint", mintJournalData(bareName), time.Now().Add(-walMinAge-5*time.Minute))
		resp, err := bare.Do(t, logical.RollbackRequest(""))
		if err != nil && !errors.Is(err, logical.ErrUnsupportedOperation) {
			t.Logf("rollback without config: %s", describe(resp, err))
		}
		if e, _ := framework.GetWAL(ctx, bare.Storage, wal); e == nil {
			t.Errorf("WAL entry dropped by a rollback on an unconfigured mount: its token %q can never be cleaned up now", bareName)
		}
		if code := env.simTokenStatus(t, bareID); code != http.StatusOK {
			t.Errorf("token %q deleted by a mount without config (GET %d)", bareName, code)
		}
	})

	t.Run("immediate_ignores_age", func(t *testing.T) {
		// vault/sdk's framework: the presence of data key "immediate" rolls back every entry.
		resp, err := m.Do(t, m.Request(logical.RollbackOperation, "", map[string]any{"immediate": true}))
		if err != nil || (resp != nil && resp.IsError()) {
			t.Fatalf("immediate rollback failed: %s", describe(resp, err))
		}
		if e, _ := framework.GetWAL(ctx, m.Storage, youngWAL); e != nil {
			t.Errorf("immediate rollback kept the young WAL entry")
		}
		if code := env.simTokenStatus(t, youngID); code != http.StatusNotFound {
			t.Errorf("immediate rollback left the young token (GET %d)", code)
		}
	})
}

// mintJournalData is the data of the plugin's mint journal entry (WalMintJournal).
func mintJournalData(tokenName string) map[string]any {
	return map[string]any{
		"token_name": tokenName,
		"role":       "ci",
		"expiration": time.Now().Add(2*time.Hour + time.Minute).UTC().Format(time.RFC3339),
	}
}

// putWALAt writes a WAL entry exactly as framework.PutWAL encodes it
// (framework.WALEntry JSON at wal/<uuid>), with the given creation time.
func putWALAt(t *testing.T, s logical.Storage, kind string, data any, created time.Time) string {
	t.Helper()
	value, err := json.Marshal(&framework.WALEntry{Kind: kind, Data: data, CreatedAt: created.UTC().Unix()})
	if err != nil {
		t.Fatal(err)
	}
	id := newUUID()
	if err := s.Put(context.Background(), &logical.StorageEntry{Key: framework.WALPrefix + id, Value: value}); err != nil {
		t.Fatal(err)
	}
	return id
}

// nonce8 is eight random base32 characters, like the plugin's token-name nonce.
func nonce8() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[b[i]%32]
	}
	return string(b)
}

// TestRollbackKeepsAnsweredMint: the plugin removes a mint's journal entry
// after it has replied (its inventory entry, written before the reply, is the
// commit record). The entry must be gone shortly after a successful read, and
// an entry a crash left behind for a token whose lease was answered must be
// dropped by the rollback without deleting the token.
func TestRollbackKeepsAnsweredMint(t *testing.T) {
	env := loadCredsEnv(t)
	m := MountPlugin(t)
	env.configure(t, m, "ci", "1h", "2h")
	ctx := context.Background()

	req, resp, err := m.Read(t, "creds/ci")
	creds := MustOK(t, "read creds/ci", req, resp, err)
	name, _ := creds.Data["token_name"].(string)
	id, _ := creds.Data["token_id"].(string)
	if name == "" || id == "" {
		t.Fatalf("creds lacks token_name/token_id: %v", keys(creds.Data))
	}
	t.Cleanup(func() { env.simDo(t, http.MethodDelete, "/api/v2/apiTokens/"+id, nil, true) })

	// The settle runs after the reply: wait for it, bounded.
	deadline := time.Now().Add(15 * time.Second)
	for {
		ids, err := framework.ListWAL(ctx, m.Storage)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the mint's journal entry is still in storage 15 s after its reply: %v", ids)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// As if the plugin had crashed after the reply, before removing the entry.
	wal := putWALAt(t, m.Storage, "mint", mintJournalData(name), time.Now().Add(-walMinAge-5*time.Minute))
	resp, err = m.Do(t, logical.RollbackRequest(""))
	if err != nil || (resp != nil && resp.IsError()) {
		t.Fatalf("rollback failed: %s", describe(resp, err))
	}
	if e, err := framework.GetWAL(ctx, m.Storage, wal); err != nil || e != nil {
		t.Errorf("the leftover entry of an answered mint was kept (err %v): %+v", err, e)
	}
	if code := env.simTokenStatus(t, id); code != http.StatusOK {
		t.Errorf("the rollback deleted token %s whose lease was answered (GET %d); it must stay", id, code)
	}
}

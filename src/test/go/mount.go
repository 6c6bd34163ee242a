package conformance

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

// Mount-level settings the harness plays as Vault.
const (
	MountPoint      = "dynatrace/"
	MountType       = "dynatrace"
	DefaultLeaseTTL = time.Hour
	MaxLeaseTTL     = 24 * time.Hour
)

// Mount is a plugin backend set up the way Vault mounts a secrets engine.
type Mount struct {
	*Plugin
	// Backend and MultiplexID are this mount's own (they shadow the plugin's
	// first backend when several mounts share one multiplexed process).
	Backend      logical.Backend
	MultiplexID  string
	Point        string // mount point, e.g. "dynatrace/"
	Storage      *logical.InmemStorage
	System       logical.StaticSystemView
	UUID         string
	Accessor     string
	Type         logical.BackendType
	SpecialPaths *logical.Paths
}

// SystemView is the static system view Vault's mount would offer.
func SystemView() logical.StaticSystemView {
	return logical.StaticSystemView{
		DefaultLeaseTTLVal: DefaultLeaseTTL,
		MaxLeaseTTLVal:     MaxLeaseTTL,
		VersionString:      VaultVersion,
		PluginEnvironment:  &logical.PluginEnvironment{VaultVersion: VaultVersion},
	}
}

// MountPlugin launches the plugin and mounts it: Setup (full BackendConfig),
// Type, SpecialPaths, Initialize — Vault's order at mount and unseal.
func MountPlugin(t testing.TB) *Mount {
	t.Helper()
	p := Launch(t)
	return p.mountBackend(t, p.Backend, p.MultiplexID, MountPoint)
}

// AddMount mounts one more secrets engine on the same (multiplexed) plugin
// process at point, with its own storage, UUID and multiplex_id, as Vault
// does for a second `secrets enable` of the same plugin.
func (p *Plugin) AddMount(t testing.TB, point string) *Mount {
	t.Helper()
	backend, id := p.Dispense(t)
	return p.mountBackend(t, backend, id, point)
}

func (p *Plugin) mountBackend(t testing.TB, backend logical.Backend, muxID, point string) *Mount {
	t.Helper()
	m := &Mount{
		Plugin:      p,
		Backend:     backend,
		MultiplexID: muxID,
		Point:       point,
		Storage:     &logical.InmemStorage{},
		System:      SystemView(),
		UUID:        newUUID(),
		Accessor:    "dynatrace_" + RandomHex(4),
	}
	cfg := &logical.BackendConfig{
		StorageView: m.Storage,
		Logger:      TestLogger(t, "vault.backend"),
		System:      m.System,
		Config:      map[string]string{"plugin_name": "dynatrace", "plugin_type": "secret"},
		BackendUUID: m.UUID,
	}
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	if err := m.Backend.Setup(ctx, cfg); err != nil {
		t.Fatalf("Setup with a full BackendConfig failed: %v", err)
	}
	within(t, CallTimeout, "Type", func() { m.Type = m.Backend.Type() })
	within(t, CallTimeout, "SpecialPaths", func() { m.SpecialPaths = m.Backend.SpecialPaths() })
	if err := m.Backend.Initialize(ctx, &logical.InitializationRequest{Storage: m.Storage}); err != nil {
		t.Fatalf("Initialize failed (Vault fails the mount): %v", err)
	}
	return m
}

// Request builds a request the way Vault's router hands it to a mount.
func (m *Mount) Request(op logical.Operation, path string, data map[string]any) *logical.Request {
	return &logical.Request{
		ID:            newUUID(),
		Operation:     op,
		Path:          path,
		Data:          data,
		Storage:       m.Storage,
		MountPoint:    m.Point,
		MountType:     MountType,
		MountAccessor: m.Accessor,
		ClientToken:   RandomHex(32), // Vault sends a salted hash, never the token
		DisplayName:   "token",
	}
}

// Do sends req to the backend with a deadline, as Vault's request handler does.
func (m *Mount) Do(t testing.TB, req *logical.Request) (*logical.Response, error) {
	t.Helper()
	if req.Storage == nil {
		req.Storage = m.Storage
	}
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	return m.Backend.HandleRequest(ctx, req)
}

// Read, List and Write mirror `vault read|list|write`.
func (m *Mount) Read(t testing.TB, path string) (*logical.Request, *logical.Response, error) {
	t.Helper()
	req := m.Request(logical.ReadOperation, path, nil)
	resp, err := m.Do(t, req)
	return req, resp, err
}

func (m *Mount) List(t testing.TB, path string) (*logical.Request, *logical.Response, error) {
	t.Helper()
	req := m.Request(logical.ListOperation, path, nil)
	resp, err := m.Do(t, req)
	return req, resp, err
}

// Write runs the existence check first and then sends create or update,
// exactly as Vault's request handler decides it for a POST/PUT.
func (m *Mount) Write(t testing.TB, path string, data map[string]any) (*logical.Request, *logical.Response, error) {
	t.Helper()
	req := m.Request(logical.UpdateOperation, path, data)
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	found, exists, err := m.Backend.HandleExistenceCheck(ctx, req)
	switch {
	case errors.Is(err, logical.ErrUnsupportedPath):
		// no existence check for this path: stays an update
	case err != nil:
		return req, nil, fmt.Errorf("existence check: %w", err)
	case found && !exists:
		req.Operation = logical.CreateOperation
	}
	resp, err := m.Do(t, req)
	return req, resp, err
}

// Status is the HTTP status Vault would answer with for this outcome
// (RespondErrorCommon, then AdjustErrorStatusCode as Vault's RespondError
// does, so a CodedError keeps its code).
func Status(req *logical.Request, resp *logical.Response, err error) int {
	code, err := logical.RespondErrorCommon(req, resp, err)
	if code == 0 {
		return 200
	}
	if err != nil {
		logical.AdjustErrorStatusCode(&code, err)
	}
	return code
}

// MustOK fails the test unless the outcome is a success.
func MustOK(t testing.TB, what string, req *logical.Request, resp *logical.Response, err error) *logical.Response {
	t.Helper()
	if err != nil || (resp != nil && resp.IsError()) {
		t.Fatalf("%s: expected success, got status %d: %s", what, Status(req, resp, err), describe(resp, err))
	}
	return resp
}

func newUUID() string {
	h := RandomHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

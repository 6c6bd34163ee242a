package conformance

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	goplugin "github.com/hashicorp/go-plugin"
	version "github.com/hashicorp/go-version"
	"github.com/hashicorp/vault/sdk/logical"
	sdkplugin "github.com/hashicorp/vault/sdk/plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// versionPattern is the form Vault's catalog can look up later: "" or v-prefixed semver.
var versionPattern = regexp.MustCompile(`^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$`)

// TestRegistrationProbe replays `vault plugin register`: start, Setup with an
// empty BackendConfig (no storage, no system view, no config), ask the
// version, kill without Cleanup.
func TestRegistrationProbe(t *testing.T) {
	p := Launch(t)

	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	if err := p.Backend.Setup(ctx, &logical.BackendConfig{}); err != nil {
		t.Fatalf("Setup with an empty BackendConfig must succeed (registration probe): %v", err)
	}

	// The sdk client hides version errors (and would log them through the nil
	// logger of the probe's empty config), so look at the raw RPC first.
	raw, err := logical.NewPluginVersionClient(p.Conn).Version(ctx, &logical.Empty{}) // with multiplex_id, as Vault sends it
	switch {
	case status.Code(err) == codes.Unimplemented:
		t.Log("PluginVersion is unimplemented: Vault records no version")
	case err != nil:
		t.Fatalf("PluginVersion RPC failed (must succeed or be Unimplemented): %v", err)
	default:
		t.Logf("raw PluginVersion reply: %q", raw.GetPluginVersion())
	}

	var got logical.PluginVersion
	within(t, CallTimeout, "PluginVersion", func() { got = p.Versioner(t).PluginVersion() })
	if got.Version != "" {
		if !versionPattern.MatchString(got.Version) {
			t.Fatalf("plugin version %q must be \"\" or vX.Y.Z (Vault stores it verbatim and later looks it up v-prefixed)", got.Version)
		}
		sv, err := version.NewSemver(got.Version)
		if err != nil || "v"+sv.String() != got.Version {
			t.Fatalf("plugin version %q is not in Vault's canonical form (parsed %v, err %v)", got.Version, sv, err)
		}
	}
	t.Logf("plugin reports version %q", got.Version)

	p.Client.Kill()
	assertGone(t, p.PID, nil, 5*time.Second)
}

// TestMissingCookieFailsStart checks that the command refuses to run without
// Vault's backend magic cookie — Vault's type probe (`-dev-plugin-dir`) relies
// on it to tell a secrets engine from a database plugin.
func TestMissingCookieFailsStart(t *testing.T) {
	command := pluginCmd(t)

	t.Run("direct_exec", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, command)
		cmd.Env = vaultEnv()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("command without the cookie kept running for %s (must exit at once)", StartTimeout)
		}
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			t.Fatalf("command without the cookie must exit non-zero, got err=%v", err)
		}
		t.Logf("exit code %d; stderr:\n%s", exitErr.ExitCode(), stderr.String())
		if stdout.Len() != 0 {
			t.Errorf("stdout must stay empty without the cookie, got %q", stdout.String())
		}
		errLines := lines(stderr.String())
		if len(errLines) > 10 {
			t.Errorf("stderr should carry at most a short error, got %d lines", len(errLines))
		}
		if strings.Contains(stderr.String(), "Exception in thread") || strings.Contains(stderr.String(), "\tat ") {
			t.Errorf("stderr carries a Java stack trace instead of a plain error")
		}
	})

	t.Run("wrong_cookie_value", func(t *testing.T) {
		cfg := ClientConfig(t, command, TestLogger(t, "vault"))
		cfg.HandshakeConfig.MagicCookieValue = "not-the-vault-cookie"
		expectStartFailure(t, cfg)
	})

	t.Run("database_type_probe", func(t *testing.T) {
		// What Vault tries first for a type-less registration: the database cookie, versions 5 and 6.
		cfg := ClientConfig(t, command, TestLogger(t, "vault"))
		cfg.HandshakeConfig = goplugin.HandshakeConfig{
			MagicCookieKey:   "VAULT_DATABASE_PLUGIN",
			MagicCookieValue: "926a0820-aea2-be28-51d6-83cdf00e8edb",
		}
		cfg.VersionedPlugins = map[int]goplugin.PluginSet{
			5: {"database": &sdkplugin.GRPCBackendPlugin{}},
			6: {"database": &sdkplugin.GRPCBackendPlugin{}},
		}
		expectStartFailure(t, cfg)
	})
}

func expectStartFailure(t *testing.T, cfg *goplugin.ClientConfig) {
	t.Helper()
	client := goplugin.NewClient(cfg)
	defer client.Kill()
	started := time.Now()
	_, err := client.Start()
	if err == nil {
		t.Fatalf("go-plugin Start succeeded although the cookie was %s=%q", cfg.MagicCookieKey, cfg.MagicCookieValue)
	}
	t.Logf("Start failed after %s as expected: %v", time.Since(started).Round(time.Millisecond), err)
	if cfg.Cmd.Process != nil {
		assertGone(t, cfg.Cmd.Process.Pid, nil, 5*time.Second)
	}
}

// TestMountLifecycle mounts the plugin as Vault does and checks type, special
// paths, help/OpenAPI and Cleanup, then kills it.
func TestMountLifecycle(t *testing.T) {
	m := MountPlugin(t)

	if m.Type != logical.TypeLogical {
		t.Errorf("Type = %v, want %v (1)", m.Type, logical.TypeLogical)
	}
	if m.SpecialPaths == nil {
		t.Errorf("SpecialPaths returned nil (RPC failed or no paths message)")
	} else {
		t.Logf("special paths: root=%v unauthenticated=%v local=%v seal_wrap=%v",
			m.SpecialPaths.Root, m.SpecialPaths.Unauthenticated, m.SpecialPaths.LocalStorage, m.SpecialPaths.SealWrapStorage)
		if sw := m.SpecialPaths.SealWrapStorage; len(sw) > 0 && !containsPrefix(sw, "config") {
			t.Errorf("seal_wrap_storage %v should protect the config entry", sw)
		}
	}

	t.Run("help_root", func(t *testing.T) {
		req := m.Request(logical.HelpOperation, "", map[string]any{"requestResponsePrefix": MountType})
		resp, err := m.Do(t, req)
		resp = MustOK(t, "help for the mount root", req, resp, err)
		checkHelp(t, resp)
		paths := openAPIPaths(t, resp)
		for _, want := range []string{"config", "roles/", "creds/"} {
			if !anyKeyContains(paths, want) {
				t.Errorf("root OpenAPI document lists no path containing %q: %v", want, keys(paths))
			}
		}
	})

	t.Run("help_role_path", func(t *testing.T) {
		req := m.Request(logical.HelpOperation, "roles/x", nil)
		resp, err := m.Do(t, req)
		resp = MustOK(t, "help for roles/x", req, resp, err)
		checkHelp(t, resp)
		if paths := openAPIPaths(t, resp); len(paths) == 0 {
			t.Errorf("OpenAPI document for roles/x has no paths")
		}
	})

	pid := m.PID
	descendants := descendantsOf(pid)
	within(t, CallTimeout, "Cleanup (blocks forever if the plugin never dialed Vault's broker)", func() {
		m.Backend.Cleanup(context.Background()) // Cleanup RPC, broker server stop, then process kill
	})
	m.Client.Kill()
	assertGone(t, pid, descendants, 5*time.Second)
}

// TestRollbackAndPeriodic sends the mount-root rollback Vault's rollback
// manager sends every minute.
func TestRollbackAndPeriodic(t *testing.T) {
	m := MountPlugin(t)
	for name, req := range map[string]*logical.Request{
		"empty_data": logical.RollbackRequest(""),
		"null_data":  {Operation: logical.RollbackOperation, Path: ""},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := m.Do(t, req)
			if err != nil && !errors.Is(err, logical.ErrUnsupportedOperation) {
				t.Fatalf("rollback must succeed or be unsupported: %s", describe(resp, err))
			}
			if err == nil && resp != nil && resp.IsError() {
				t.Fatalf("rollback answered with an error response: %s", describe(resp, err))
			}
		})
	}
}

// TestKillStopsProcess checks that go-plugin's Kill (broker close,
// GRPCController.Shutdown, 2 s grace, SIGKILL) leaves no process behind, and
// that the SIGKILL go-plugin falls back to (on the PID it started) leaves no
// orphan either — a launcher script must exec java, not fork it.
func TestKillStopsProcess(t *testing.T) {
	pluginCmd(t)
	t.Run("graceful_kill", func(t *testing.T) {
		m := MountPlugin(t)
		pid, descendants := inspectProcess(t, m.Plugin)
		started := time.Now()
		m.Client.Kill()
		t.Logf("Kill returned after %s", time.Since(started).Round(time.Millisecond))
		if !m.Client.Exited() {
			t.Errorf("go-plugin does not report the process as exited")
		}
		assertGone(t, pid, descendants, 5*time.Second)

		ps := m.Cmd.ProcessState
		if ps == nil {
			t.Fatalf("no process state after Kill")
		}
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			t.Fatalf("plugin did not exit within 2 s of GRPCController.Shutdown; go-plugin had to SIGKILL it (%v)", ps)
		}
		t.Logf("plugin exited by itself: %v", ps)
	})

	t.Run("sigkill_leaves_no_orphans", func(t *testing.T) {
		m := MountPlugin(t)
		pid, descendants := inspectProcess(t, m.Plugin)
		t.Cleanup(func() { // do not leave an orphan of ours running when the check fails
			for _, d := range descendants {
				if alive(d) {
					_ = syscall.Kill(d, syscall.SIGKILL)
				}
			}
		})
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatalf("SIGKILL %d: %v", pid, err)
		}
		assertGone(t, pid, descendants, 5*time.Second)
	})
}

// inspectProcess returns the plugin PID and its descendants, failing if the
// command left a child process running (the JVM must be the process Vault started).
func inspectProcess(t *testing.T, p *Plugin) (int, []int) {
	t.Helper()
	if p.PID <= 0 {
		t.Fatalf("no pid from ReattachConfig")
	}
	if comm, err := os.ReadFile("/proc/" + itoa(p.PID) + "/comm"); err == nil {
		t.Logf("plugin process %d is %q", p.PID, strings.TrimSpace(string(comm)))
	}
	descendants := descendantsOf(p.PID)
	if len(descendants) > 0 {
		t.Errorf("plugin process %d has child processes %v: go-plugin kills only the PID it started, so a launcher must exec java instead of forking it", p.PID, descendants)
	}
	return p.PID, descendants
}

// TestServerGoneStopsPlugin checks that the plugin does not outlive the server that started it:
// the launcher runs under a shell standing in for Vault, the shell is SIGKILLed (as a crashed
// server would be, with no Kill and no Shutdown), and the JVM must exit by itself — also while
// the dead shell is a zombie that go-plugin has not reaped.
func TestServerGoneStopsPlugin(t *testing.T) {
	command := pluginCmd(t)
	cfg := ClientConfig(t, command, TestLogger(t, "vault"))
	// The shell plays the server: the plugin is its child, and the handshake passes through its stdout.
	cfg.Cmd = exec.Command("sh", "-c", `"$0" & wait`, command)
	cfg.Cmd.Env = vaultEnv()
	cfg.SecureConfig = nil
	client := goplugin.NewClient(cfg)
	if _, err := client.Client(); err != nil {
		client.Kill()
		t.Fatalf("start through the stand-in server: %v", err)
	}
	server := cfg.Cmd.Process.Pid
	plugins := descendantsOf(server)
	if len(plugins) == 0 {
		client.Kill()
		t.Fatalf("no plugin process under the stand-in server %d", server)
	}
	t.Cleanup(func() {
		for _, p := range plugins {
			if alive(p) {
				_ = syscall.Kill(p, syscall.SIGKILL)
			}
		}
	})
	if err := syscall.Kill(server, syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL the stand-in server %d: %v", server, err)
	}
	assertGone(t, plugins[0], plugins[1:], 15*time.Second)
}

// Package conformance drives an external Vault secrets-engine plugin through
// HashiCorp's own host-side code (go-plugin with AutoMTLS and the vault/sdk
// gRPC backend client), the way a Vault server launches and talks to it.
package conformance

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/vault/sdk/helper/pluginutil"
	"github.com/hashicorp/vault/sdk/logical"
	sdkplugin "github.com/hashicorp/vault/sdk/plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// Environment variables read by the harness.
const (
	EnvPluginCmd  = "DVB_PLUGIN_CMD"  // absolute path of the plugin command (the launcher script)
	EnvLogLevel   = "DVB_LOG_LEVEL"   // hclog level for the host-side logger (default debug)
	EnvSidecarURL = "DVB_SIDECAR_URL" // sidecar base URL (creds flow only)
	EnvCertsDir   = "DVB_CERTS_DIR"   // directory with ca.pem, plugin.pem, plugin-key.pem (creds flow only)
	EnvSimJSON    = "DVB_SIM_JSON"    // simulator JSON line, inline or a file holding it (creds flow only)
)

// VaultVersion is what the harness claims to be in VAULT_VERSION and the system view.
const VaultVersion = "1.21.0"

// Timeouts that bound every step; a hung plugin fails the test instead of the run.
const (
	StartTimeout = 60 * time.Second // go-plugin's default, which Vault keeps
	CallTimeout  = 30 * time.Second
)

// pluginCmd returns DVB_PLUGIN_CMD or skips the test.
func pluginCmd(t testing.TB) string {
	t.Helper()
	p := os.Getenv(EnvPluginCmd)
	if p == "" {
		t.Skipf("%s is not set: point it at the plugin launcher (e.g. <repo>/vault-config/plugins/dynatrace-plugin)", EnvPluginCmd)
	}
	if !strings.HasPrefix(p, "/") {
		t.Fatalf("%s must be an absolute path (Vault always runs an absolute command), got %q", EnvPluginCmd, p)
	}
	return p
}

// vaultEnv returns the environment Vault gives a v5 plugin binary: its own
// process environment (so JAVA_HOME, PATH, TMPDIR pass through), then the SDK
// variables. go-plugin appends the magic cookie and its own variables on Start.
func vaultEnv() []string {
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		// Never leak a cookie from the outer environment into the child.
		if strings.HasPrefix(kv, sdkplugin.HandshakeConfig.MagicCookieKey+"=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		pluginutil.PluginVaultVersionEnv+"="+VaultVersion,
		pluginutil.PluginMetadataModeEnv+"=false",
		pluginutil.PluginAutoMTLSEnv+"=true",
	)
}

// fileSHA256 hashes the command file, as Vault's catalog does at registration.
func fileSHA256(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open plugin command: %v", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatalf("hash plugin command: %v", err)
	}
	return h.Sum(nil)
}

// ClientConfig builds the go-plugin client configuration Vault uses for a
// v5 backend plugin binary (pluginutil's runConfig, minus the catalog).
func ClientConfig(t testing.TB, command string, logger hclog.Logger) *goplugin.ClientConfig {
	cmd := exec.Command(command)
	cmd.Env = vaultEnv()
	return &goplugin.ClientConfig{
		HandshakeConfig:  sdkplugin.HandshakeConfig,
		VersionedPlugins: sdkplugin.PluginSet,
		Cmd:              cmd,
		SecureConfig:     &goplugin.SecureConfig{Checksum: fileSHA256(t, command), Hash: sha256.New()},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		AutoMTLS:         true,
		SkipHostEnv:      true, // the host env is already in cmd.Env, as Vault does it
		StartTimeout:     StartTimeout,
		Logger:           logger,
	}
}

// Plugin is one running plugin process and the backend Vault would see.
type Plugin struct {
	Client      *goplugin.Client
	Cmd         *exec.Cmd
	PID         int
	Multiplexed bool
	MultiplexID string
	// Backend is sdk/plugin's gRPC backend client (wrapped like Vault's
	// BackendPluginClientV5); every call carries multiplex_id metadata.
	Backend logical.Backend
	// Conn is the plugin connection as Vault's catalog uses it: every call
	// carries the multiplex_id metadata.
	Conn grpc.ClientConnInterface

	rpc  goplugin.ClientProtocol
	raw  *grpc.ClientConn
	mu   sync.Mutex
	refs int // dispensed backends not yet closed; the last Close kills the process
}

// Launch starts the plugin command like Vault: go-plugin handshake with
// AutoMTLS, the multiplexing probe, then dispensing "backend" through a
// connection that adds multiplex_id metadata to every call. The process is
// killed when the test ends.
func Launch(t testing.TB) *Plugin {
	t.Helper()
	return LaunchCommand(t, pluginCmd(t))
}

// LaunchCommand is Launch for an explicit command path.
func LaunchCommand(t testing.TB, command string) *Plugin {
	t.Helper()
	logger := TestLogger(t, "vault")
	cfg := ClientConfig(t, command, logger)
	client := goplugin.NewClient(cfg)
	t.Cleanup(client.Kill)

	started := time.Now()
	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("go-plugin start/handshake failed after %s: %v", time.Since(started).Round(time.Millisecond), err)
	}
	t.Logf("handshake done in %s, protocol %s, app version %d",
		time.Since(started).Round(time.Millisecond), client.Protocol(), client.NegotiatedVersion())

	grpcClient, ok := rpc.(*goplugin.GRPCClient)
	if !ok {
		t.Fatalf("expected a gRPC plugin client, got %T", rpc)
	}
	p := &Plugin{Client: client, Cmd: cfg.Cmd, rpc: rpc, raw: grpcClient.Conn}
	if rc := client.ReattachConfig(); rc != nil {
		p.PID = rc.Pid
	}

	// Vault asks every plugin whether it multiplexes; Unimplemented means no,
	// any other error aborts the plugin start.
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	p.Multiplexed, err = pluginutil.MultiplexingSupported(ctx, grpcClient.Conn, "dynatrace")
	if err != nil {
		t.Fatalf("MultiplexingSupport probe failed (Vault would refuse the plugin): %v", err)
	}
	t.Logf("plugin pid %d, multiplexing supported: %v", p.PID, p.Multiplexed)

	p.Backend, p.MultiplexID = p.Dispense(t)
	p.Conn = &muxConn{cc: grpcClient.Conn, id: p.MultiplexID}
	return p
}

// Dispense returns one more backend client on this plugin process, as Vault's
// catalog hands out for every further mount of a multiplexed plugin: the
// same go-plugin client and gRPC connection, a fresh multiplex_id on every
// call. Closing the backend (its Cleanup) kills the process only when it is
// the last one open, like the catalog's reference count.
func (p *Plugin) Dispense(t testing.TB) (logical.Backend, string) {
	t.Helper()
	id := randomID(10)
	mux := &muxConn{cc: p.raw, id: id}
	p.mu.Lock()
	p.refs++
	p.mu.Unlock()
	backend, err := sdkplugin.Dispense(p.rpc, &muxPluginClient{ClientProtocol: p.rpc, plugin: p, conn: mux})
	if err != nil {
		t.Fatalf("dispense backend: %v", err)
	}
	return backend, id
}

// Versioner returns the backend as a logical.PluginVersioner.
func (p *Plugin) Versioner(t testing.TB) logical.PluginVersioner {
	t.Helper()
	v, ok := p.Backend.(logical.PluginVersioner)
	if !ok {
		t.Fatalf("dispensed backend %T does not implement logical.PluginVersioner", p.Backend)
	}
	return v
}

// muxConn adds the multiplex_id metadata Vault's catalog puts on every call.
type muxConn struct {
	cc *grpc.ClientConn
	id string
}

func (m *muxConn) ctx(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx, pluginutil.MultiplexingCtxKey, m.id)
}

func (m *muxConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	return m.cc.Invoke(m.ctx(ctx), method, args, reply, opts...)
}

func (m *muxConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return m.cc.NewStream(m.ctx(ctx), desc, method, opts...)
}

// muxPluginClient is the pluginutil.PluginClient Vault's catalog hands to
// sdk/plugin.Dispense; Close kills the process when the last user closes, as Vault does.
type muxPluginClient struct {
	goplugin.ClientProtocol
	plugin *Plugin
	conn   *muxConn
	once   sync.Once
}

func (c *muxPluginClient) Conn() grpc.ClientConnInterface { return c.conn }
func (c *muxPluginClient) Reload() error                  { return nil }
func (c *muxPluginClient) Close() error {
	c.once.Do(func() {
		c.plugin.mu.Lock()
		c.plugin.refs--
		last := c.plugin.refs <= 0
		c.plugin.mu.Unlock()
		if last {
			c.plugin.Client.Kill()
		}
	})
	return nil
}

func randomID(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// RandomHex returns n random bytes as hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// TestLogger returns an hclog logger writing to the test log until the test
// ends (go-plugin goroutines may still log after that; those lines are dropped).
func TestLogger(t testing.TB, name string) hclog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.close) // registered first, so it runs after the Kill cleanups
	level := hclog.LevelFromString(os.Getenv(EnvLogLevel))
	if level == hclog.NoLevel {
		level = hclog.Debug
	}
	return hclog.New(&hclog.LoggerOptions{Name: name, Output: w, Level: level})
}

type testWriter struct {
	mu     sync.Mutex
	t      testing.TB
	closed bool
	buf    bytes.Buffer
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return len(p), nil
	}
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil { // incomplete line: keep it for the next write
			w.buf.Reset()
			w.buf.WriteString(line)
			break
		}
		w.t.Log(strings.TrimRight(line, "\r\n"))
	}
	return len(p), nil
}

func (w *testWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if rest := w.buf.String(); rest != "" {
		w.t.Log(rest)
	}
	w.closed = true
}

// within runs fn and fails the test if it does not return in d — several
// sdk client calls (Type, SpecialPaths, Cleanup) have no deadline of their own.
func within(t testing.TB, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %s", what, d)
	}
}

// lines splits s into non-empty trimmed lines.
func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// describe renders a response/error pair for failure messages.
func describe(resp *logical.Response, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "err=%q ", err.Error())
	}
	if resp != nil {
		fmt.Fprintf(&b, "data=%v secret=%v warnings=%v", resp.Data, resp.Secret != nil, resp.Warnings)
	} else {
		b.WriteString("resp=nil")
	}
	return b.String()
}

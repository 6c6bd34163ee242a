package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/vault/sdk/helper/pluginutil"
	sdkplugin "github.com/hashicorp/vault/sdk/plugin"
)

// LaunchResult is one program's launch figures over all runs.
type LaunchResult struct {
	Name        string    `json:"name"`
	Mode        string    `json:"mode"`
	Runs        []float64 `json:"runs_ms"`
	MedianMs    float64   `json:"median_ms"`
	RSSAtMiB    float64   `json:"rss_at_handshake_mib"`
	RSSLaterMiB float64   `json:"rss_later_mib"`
	ThreadsLate int       `json:"threads_later"`
	SettleS     float64   `json:"settle_s"`
}

// runLaunch starts each -target N times, round-robin so that load on the machine falls on all
// of them alike, with the environment Vault gives a v5 plugin, and times either the first stdout
// line (mode line) or go-plugin's own start plus a Ping (mode rpc). One result line per target.
func runLaunch(args []string) error {
	fs := flag.NewFlagSet("launch", flag.ExitOnError)
	key := fs.String("key", "launch", "result key prefix (KEY.NAME)")
	n := fs.Int("n", 5, "runs per target")
	mode := fs.String("mode", "line", "line: exec to the handshake line, RSS then and after -settle; rpc: go-plugin Client()+Ping")
	settle := fs.Duration("settle", 2*time.Second, "RSS is read again this long after the handshake (mode line)")
	logPath := fs.String("log", "/dev/null", "append the children's stderr here")
	var targets headerFlags
	fs.Var(&targets, "target", "NAME=COMMAND [ARGS...] (split at spaces; repeatable)")
	_ = fs.Parse(args)
	logf, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	results := make([]LaunchResult, len(targets))
	rssAt, rssLater := make([][]float64, len(targets)), make([][]float64, len(targets))
	for i := 0; i < *n; i++ {
		for t, spec := range targets {
			name, command, _ := strings.Cut(spec, "=")
			argv := strings.Fields(command)
			res := &results[t]
			res.Name, res.Mode, res.SettleS = name, *mode, settle.Seconds()
			var ms, at, later float64
			if *mode == "rpc" {
				ms, err = launchRPC(argv, logf)
			} else {
				ms, at, later, res.ThreadsLate, err = launchLine(argv, *settle, logf)
				rssAt[t], rssLater[t] = append(rssAt[t], at), append(rssLater[t], later)
			}
			if err != nil {
				return fmt.Errorf("%s run %d: %w", name, i+1, err)
			}
			res.Runs = append(res.Runs, ms)
		}
	}
	for t := range results {
		res := &results[t]
		res.MedianMs = median(res.Runs)
		if len(rssAt[t]) > 0 {
			res.RSSAtMiB, res.RSSLaterMiB = median(rssAt[t]), median(rssLater[t])
		}
		if err := emit(*key+"."+res.Name, res); err != nil {
			return err
		}
	}
	return nil
}

// launchLine times exec → first stdout line and reads VmRSS then and settle later.
func launchLine(argv []string, settle time.Duration, logf io.Writer) (ms, rssAt, rssLater float64, threads int, err error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // none outlives a killed benchtool
	cmd.Env = pluginEnv(true)
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		return
	}
	start := time.Now()
	if err = cmd.Start(); err != nil {
		return
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, r) // keep the pipe drained, as go-plugin does
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(60 * time.Second):
		err = fmt.Errorf("no handshake line within 60 s")
		return
	}
	ms = float64(time.Since(start)) / float64(time.Millisecond)
	if strings.Count(line, "|") < 4 {
		err = fmt.Errorf("first stdout line is not a handshake: %q", strings.TrimSpace(line))
		return
	}
	pid := cmd.Process.Pid
	rssAt, _ = procStatus(pid, "VmRSS")
	time.Sleep(settle) // a measurement interval, not a readiness wait
	rssLater, _ = procStatus(pid, "VmRSS")
	t, _ := procStatus(pid, "Threads")
	threads = int(t)
	return
}

// launchRPC runs HashiCorp's own client as Vault does (AutoMTLS, checksum) and pings the plugin:
// the time until a plugin answers its first gRPC call.
func launchRPC(argv []string, logf io.Writer) (float64, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.Env = pluginEnv(false)
	sum, err := fileSHA256(argv[0])
	if err != nil {
		return 0, err
	}
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig:  sdkplugin.HandshakeConfig,
		VersionedPlugins: sdkplugin.PluginSet,
		Cmd:              cmd,
		SecureConfig:     &goplugin.SecureConfig{Checksum: sum, Hash: sha256.New()},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		AutoMTLS:         true,
		SkipHostEnv:      true,
		Logger:           hclog.New(&hclog.LoggerOptions{Output: logf, Level: hclog.Warn}),
	})
	defer client.Kill()
	start := time.Now()
	rpc, err := client.Client()
	if err != nil {
		return 0, err
	}
	if err := rpc.Ping(); err != nil {
		return 0, err
	}
	return float64(time.Since(start)) / float64(time.Millisecond), nil
}

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

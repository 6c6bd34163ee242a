package main

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
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
	ClassesLate int       `json:"classes_later,omitempty"`
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
	jstat := fs.String("jstat", "", "jstat binary: count a JVM's loaded classes after -settle (mode line)")
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
				var classes int
				ms, at, later, res.ThreadsLate, classes, err = launchLine(argv, *settle, *jstat, logf)
				res.ClassesLate = max(res.ClassesLate, classes)
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
func launchLine(argv []string, settle time.Duration, jstat string, logf io.Writer) (ms, rssAt, rssLater float64, threads, classes int, err error) {
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
	if jstat != "" {
		classes = loadedClasses(jstat, pid)
	}
	return
}

// loadedClasses asks jstat (which reads the JVM's perf-data file, no attach) how many classes
// the JVM has loaded; 0 when it is no JVM or has no perf data.
func loadedClasses(jstat string, pid int) int {
	out, err := exec.Command(jstat, "-class", strconv.Itoa(pid)).Output()
	if err != nil {
		return 0
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(strings.Fields(lines[len(lines)-1])[0]) // first column: Loaded
	return n
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

package conformance

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	sdkplugin "github.com/hashicorp/vault/sdk/plugin"
)

// TestLauncherArchivePinning installs the plugin afresh (scripts/install-plugin.sh, with its
// class-data training run) and checks the launcher's promises about the archive and the jar: the
// pinned archive is used; one made for another java, a missing one, a changed one (even with its
// mtime put back) or a stale one (the JVM's own check) is not, and the plugin starts all the same;
// a jar changed in place with its size and mtime kept is refused.
func TestLauncherArchivePinning(t *testing.T) {
	jar := launcherValue(t, pluginCmd(t), "DVB_JAR")
	dir := t.TempDir()
	install := exec.Command("bash", filepath.Join("..", "..", "..", "scripts", "install-plugin.sh"), filepath.Join(dir, "plugins"), jar)
	install.Stderr = &bytes.Buffer{}
	if out, err := install.Output(); err != nil || len(strings.TrimSpace(string(out))) != 64 {
		t.Fatalf("install-plugin.sh: %v, stdout %q, stderr %s", err, out, install.Stderr)
	}
	launcher := filepath.Join(dir, "plugins", "dynatrace-plugin")
	archive, installedJar := launcherValue(t, launcher, "DVB_ARCHIVE"), launcherValue(t, launcher, "DVB_JAR")
	if launcherValue(t, launcher, "DVB_ARCHIVE_SHA256") == "" {
		t.Fatalf("the install made no class-data archive (see %s)", filepath.Join(dir, "dynatrace-vault-bridge-lib"))
	}

	// JDK 17-24 (cds): the archive sits on a static base archive, pinned the same way.
	base := ""
	if launcherValue(t, launcher, "DVB_ARCHIVE_KIND") == "cds" {
		base = launcherValue(t, launcher, "DVB_BASE_ARCHIVE")
		if launcherValue(t, launcher, "DVB_BASE_ARCHIVE_SHA256") == "" {
			t.Fatalf("the install made no base archive (see %s)", filepath.Join(dir, "dynatrace-vault-bridge-lib"))
		}
	}

	t.Run("pinned_archive_is_used", func(t *testing.T) {
		p := LaunchCommand(t, launcher) // the full go-plugin start, as Vault does it
		if !mapped(t, p.PID, archive) {
			t.Fatalf("the JVM did not map %s", archive)
		}
		if base != "" && !mapped(t, p.PID, base) {
			t.Fatalf("the JVM did not map %s", base)
		}
		if base != "" && runtime.GOARCH == "amd64" {
			// Mapped where install-plugin.sh drew its address ([16 TB, 80 TB)), not relocated
			// (the JVM's relocation maps it near the top of the address space, above 80 TB).
			lo, hi := mappedRange(t, p.PID, base)
			if lo < 0x100000000000 || hi > 0x500000000000+0x200000000 {
				t.Fatalf("%s mapped at %#x-%#x, not at its install-time address", base, lo, hi)
			}
		}
	})
	t.Run("archive_for_another_java_is_skipped", func(t *testing.T) {
		home := filepath.Join(t.TempDir(), "jdk")
		writeFile(t, filepath.Join(home, "bin", "java"), "#!/bin/sh\nexec "+launcherValue(t, launcher, "DVB_JAVA")+" \"$@\"\n", 0o755)
		start(t, launcher, "archive skipped: it was made for", false, archive, "JAVA_HOME="+home)
	})
	// Each pinned archive file (the base one only where the JDK makes two): missing or changed, skipped.
	files := []struct{ label, path string }{{"archive", archive}}
	if base != "" {
		files = append(files, struct{ label, path string }{"base_archive", base})
	}
	for _, f := range files {
		t.Run("missing_"+f.label+"_is_skipped", func(t *testing.T) {
			moveAside(t, f.path)
			start(t, launcher, "is missing", false, archive)
		})
		t.Run("changed_"+f.label+"_is_skipped_even_with_its_mtime_kept", func(t *testing.T) {
			restore := flipByteKeepingMtime(t, f.path)
			defer restore()
			start(t, launcher, "is not the one installed", false, archive)
		})
	}
	t.Run("stale_archive_never_breaks_the_start", func(t *testing.T) {
		// A jar with a new mtime is still the pinned jar (its hash is), but the JVM no longer
		// accepts the archive made for it: the plugin starts without, whatever the JVM says.
		info, err := os.Stat(installedJar)
		if err != nil {
			t.Fatal(err)
		}
		later := info.ModTime().Add(time.Hour)
		if err := os.Chtimes(installedJar, later, later); err != nil {
			t.Fatal(err)
		}
		defer os.Chtimes(installedJar, info.ModTime(), info.ModTime())
		start(t, launcher, "", false, archive)
	})
	t.Run("jar_changed_in_place_is_refused", func(t *testing.T) {
		restore := flipByteKeepingMtime(t, installedJar)
		defer restore()
		cmd := exec.Command(launcher)
		cmd.Env = append(vaultEnv(), sdkplugin.HandshakeConfig.MagicCookieKey+"="+sdkplugin.HandshakeConfig.MagicCookieValue)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "refusing to start") {
			t.Fatalf("a changed jar must be refused; got err %v, output %s", err, out)
		}
	})
}

// launcherValue reads NAME="value" from an installed launcher.
func launcherValue(t testing.TB, launcher, name string) string {
	t.Helper()
	text, err := os.ReadFile(launcher)
	if err != nil {
		t.Fatalf("read launcher: %v", err)
	}
	m := regexp.MustCompile(`(?m)^` + name + `="([^"]*)"$`).FindSubmatch(text)
	if m == nil {
		t.Fatalf("%s has no %s=", launcher, name)
	}
	return string(m[1])
}

// start runs the launcher as Vault would (a fresh AutoMTLS client certificate) until its handshake
// line, then checks that stderr holds warning (when not "") and whether archive is mapped.
func start(t *testing.T, launcher, warning string, wantMapped bool, archive string, env ...string) {
	t.Helper()
	cmd := exec.Command(launcher)
	cmd.Env = append(append(vaultEnv(),
		sdkplugin.HandshakeConfig.MagicCookieKey+"="+sdkplugin.HandshakeConfig.MagicCookieValue,
		"PLUGIN_PROTOCOL_VERSIONS=5", "PLUGIN_CLIENT_CERT="+clientCertPEM(t)), env...)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
	}()
	select {
	case l := <-line:
		if !strings.HasPrefix(l, "1|5|") {
			t.Fatalf("no handshake, got %q; stderr:\n%s", l, stderr.String())
		}
	case <-time.After(StartTimeout):
		t.Fatalf("no handshake within %s; stderr:\n%s", StartTimeout, stderr.String())
	}
	if warning != "" && !strings.Contains(stderr.String(), warning) {
		t.Errorf("stderr lacks %q:\n%s", warning, stderr.String())
	}
	if archive != "" && mapped(t, cmd.Process.Pid, archive) != wantMapped {
		t.Errorf("archive %s mapped: %v, want %v", archive, !wantMapped, wantMapped)
	}
}

// mapped reports whether process pid has file mapped (Linux /proc).
func mapped(t testing.TB, pid int, file string) bool {
	t.Helper()
	maps, err := os.ReadFile("/proc/" + itoa(pid) + "/maps")
	if err != nil {
		t.Fatalf("read maps of %d: %v", pid, err)
	}
	return bytes.Contains(maps, []byte(" "+file+"\n"))
}

// mappedRange is the lowest start and highest end address of file's mappings in process pid.
func mappedRange(t testing.TB, pid int, file string) (lo, hi uint64) {
	t.Helper()
	maps, err := os.ReadFile("/proc/" + itoa(pid) + "/maps")
	if err != nil {
		t.Fatalf("read maps of %d: %v", pid, err)
	}
	for _, line := range strings.Split(string(maps), "\n") {
		if !strings.HasSuffix(line, " "+file) {
			continue
		}
		var a, b uint64
		if _, err := fmt.Sscanf(line, "%x-%x", &a, &b); err != nil {
			t.Fatalf("maps line %q: %v", line, err)
		}
		if lo == 0 || a < lo {
			lo = a
		}
		if b > hi {
			hi = b
		}
	}
	if lo == 0 {
		t.Fatalf("%s is not mapped in %d", file, pid)
	}
	return lo, hi
}

// flipByteKeepingMtime changes one byte of path in place (same inode, size and mtime, as an
// attacker hiding a change would) and returns a function that puts the original back.
func flipByteKeepingMtime(t testing.TB, path string) func() {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	changed := append([]byte(nil), orig...)
	changed[len(changed)/2] ^= 0xff
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(changed[len(changed)/2:len(changed)/2+1], int64(len(changed)/2)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	return func() {
		writeFile(t, path, string(orig), info.Mode().Perm())
		_ = os.Chtimes(path, info.ModTime(), info.ModTime())
	}
}

// moveAside renames path away for the rest of the test and back at its end.
func moveAside(t testing.TB, path string) {
	t.Helper()
	if err := os.Rename(path, path+".aside"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Rename(path+".aside", path) })
}

// writeFile replaces path by a new file (renamed into place, as install-plugin.sh does).
func writeFile(t testing.TB, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".new", []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
}

// clientCertPEM is a one-off certificate of the kind go-plugin passes in PLUGIN_CLIENT_CERT.
func clientCertPEM(t testing.TB) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageKeyAgreement | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// syncBuffer is a bytes.Buffer safe for exec's copying goroutine and the test reading it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

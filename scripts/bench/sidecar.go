package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// SidecarResult holds the sidecar's own figures with the plugin out of the loop.
type SidecarResult struct {
	Name        string `json:"name"`
	Concurrency int    `json:"concurrency"`
	MintSeq     Stats  `json:"mint_seq"`
	MintPar     Stats  `json:"mint_par"`
	DeletePar   Stats  `json:"delete_par"`
	FirstError  string `json:"first_error,omitempty"`
}

// runSidecar opens a connection at the sidecar like the plugin does, mints tokens sequentially
// and from -c clients, then deletes every token it minted from -c clients.
func runSidecar(args []string) error {
	fs := flag.NewFlagSet("sidecar", flag.ExitOnError)
	base := fs.String("url", "", "sidecar base URL")
	key := fs.String("key", "sidecar", "result key")
	envURL := fs.String("environment-url", "", "Dynatrace (simulator) URL; the minter token is read from $DVB_BENCH_API_TOKEN")
	nSeq := fs.Int("n-seq", 200, "sequential mints measured")
	nPar := fs.Int("n", 1000, "parallel mints measured (and then deleted)")
	warmup := fs.Int("warmup", 50, "mints (and deletes) before measuring")
	conc := fs.Int("c", 8, "parallel clients")
	tlsFlags := addTLSFlags(fs)
	_ = fs.Parse(args)
	client, err := tlsFlags.client(*conc)
	if err != nil {
		return err
	}
	s := &sidecarSession{client: client, conn: *base + "/v1/connections/bench-" + randomHex(6)}
	if err := s.open(*envURL, os.Getenv("DVB_BENCH_API_TOKEN")); err != nil {
		return err
	}
	res := SidecarResult{Name: "sidecar", Concurrency: *conc}
	record := func(first string) {
		if res.FirstError == "" {
			res.FirstError = first
		}
	}
	_, _, first, _ := parallel(*warmup, 1, s.mint)
	record(first)
	_, _, first, _ = parallel(len(s.pending()), 1, s.deleteNext)
	record(first)
	samples, errs, first, wall := parallel(*nSeq, 1, s.mint)
	record(first)
	res.MintSeq = summarise(samples, errs, wall)
	samples, errs, first, wall = parallel(*nPar, *conc, s.mint)
	record(first)
	res.MintPar = summarise(samples, errs, wall)
	samples, errs, first, wall = parallel(len(s.pending()), *conc, s.deleteNext)
	record(first)
	res.DeletePar = summarise(samples, errs, wall)
	return emit(*key, res)
}

// sidecarSession is one connection at the sidecar and the tokens minted on it but not yet deleted.
type sidecarSession struct {
	client      *http.Client
	conn        string
	fingerprint string
	counter     atomic.Int64
	mu          sync.Mutex
	ids         []string
}

func (s *sidecarSession) open(envURL, apiToken string) error {
	body, _ := json.Marshal(map[string]string{"environment_url": envURL, "auth_mode": "api_token", "api_token": apiToken})
	var info struct {
		Fingerprint string `json:"settings_fingerprint"`
	}
	if _, err := s.call("PUT", s.conn, body, 200, &info); err != nil {
		return fmt.Errorf("open connection: %w", err)
	}
	s.fingerprint = info.Fingerprint
	return nil
}

func (s *sidecarSession) mint() (time.Duration, error) {
	i := s.counter.Add(1)
	name := fmt.Sprintf("bench-sidecar-%d-%s", i, randomHex(4))
	body, _ := json.Marshal(map[string]any{
		"name": name, "scopes": []string{"metrics.read"}, "personal_access_token": false,
		"expiration_date": time.Now().UTC().Add(time.Hour).Format(time.RFC3339),
		"lease":           map[string]string{"mount": "bench/", "role": "bench"},
	})
	var minted struct {
		ID string `json:"token_id"`
	}
	took, err := s.call("POST", s.conn+"/tokens", body, 201, &minted)
	if err == nil {
		s.mu.Lock()
		s.ids = append(s.ids, minted.ID)
		s.mu.Unlock()
	}
	return took, err
}

// deleteNext revokes one pending token, as a lease revocation does.
func (s *sidecarSession) deleteNext() (time.Duration, error) {
	s.mu.Lock()
	if len(s.ids) == 0 {
		s.mu.Unlock()
		return 0, fmt.Errorf("no token left to delete")
	}
	id := s.ids[len(s.ids)-1]
	s.ids = s.ids[:len(s.ids)-1]
	s.mu.Unlock()
	body := []byte(`{"lease":{"mount":"bench/","role":"bench"},"reason":"bench"}`)
	return s.call("DELETE", s.conn+"/tokens/"+id, body, 200, nil)
}

func (s *sidecarSession) pending() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ids...)
}

func (s *sidecarSession) call(method, url string, body []byte, want int, out any) (time.Duration, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if s.fingerprint != "" {
		req.Header.Set("X-DVB-Settings-Fingerprint", s.fingerprint)
	}
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	payload, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != want {
		return took, fmt.Errorf("%s %s: HTTP %d: %.200s", method, url, resp.StatusCode, payload)
	}
	if out != nil {
		return took, json.Unmarshal(payload, out)
	}
	return took, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

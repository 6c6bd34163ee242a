package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// headerFlags collects repeated -H "Name: value" flags.
type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, ", ") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }

// HTTPResult is one load run: the latency summary of the measured requests.
type HTTPResult struct {
	Concurrency int    `json:"concurrency"`
	Warmup      int    `json:"warmup"`
	FirstError  string `json:"first_error,omitempty"`
	Stats
}

// runHTTP sends the same request (its body may carry a {{i}} counter) -warmup times, then -n
// times from -c keep-alive clients, and summarises the measured ones. With several -target
// KEY=URL it goes round-robin over them, one request at a time, so that whatever else loads the
// machine falls on every target alike; each target gets its own result line.
func runHTTP(args []string) error {
	fs := flag.NewFlagSet("http", flag.ExitOnError)
	key := fs.String("key", "http", "result key (single -url)")
	url := fs.String("url", "", "request URL (or -target)")
	method := fs.String("method", "GET", "HTTP method")
	body := fs.String("body", "", "request body; {{i}} is replaced by a unique counter")
	n := fs.Int("n", 500, "measured requests (per target)")
	warmup := fs.Int("warmup", 50, "requests before measuring (per target, not counted)")
	conc := fs.Int("c", 1, "parallel clients (single -url only)")
	expect := fs.Int("expect", 0, "expected status (0: any 2xx)")
	var headers, targets headerFlags
	fs.Var(&headers, "H", "header \"Name: value\" (repeatable; $VAR expands from the environment)")
	fs.Var(&targets, "target", "KEY=URL, measured round-robin with the other targets (repeatable)")
	tlsFlags := addTLSFlags(fs)
	_ = fs.Parse(args)
	if len(targets) == 0 {
		targets = headerFlags{*key + "=" + *url}
	}
	if len(targets) > 1 && *conc != 1 {
		return fmt.Errorf("http: several targets are measured sequentially; drop -c")
	}
	client, err := tlsFlags.client(*conc)
	if err != nil {
		return err
	}
	var counter atomic.Int64
	do := func(url string) (time.Duration, error) {
		b := strings.ReplaceAll(*body, "{{i}}", strconv.FormatInt(counter.Add(1), 10))
		req, err := http.NewRequest(*method, url, bytes.NewBufferString(b))
		if err != nil {
			return 0, err
		}
		for _, h := range headers {
			k, v, _ := strings.Cut(h, ":")
			// $NAME in a value comes from the environment, so tokens stay off the command line.
			req.Header.Set(strings.TrimSpace(k), os.ExpandEnv(strings.TrimSpace(v)))
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		payload, _ := io.ReadAll(resp.Body) // read to the end so the connection is reused
		resp.Body.Close()
		took := time.Since(start)
		if (*expect != 0 && resp.StatusCode != *expect) || (*expect == 0 && resp.StatusCode/100 != 2) {
			return took, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, payload)
		}
		return took, nil
	}
	if len(targets) == 1 {
		k, u, _ := strings.Cut(targets[0], "=")
		return emit(k, measureOne(u, *warmup, *n, *conc, do))
	}
	return measureRoundRobin(targets, *warmup, *n, do)
}

// measureOne warms up sequentially, then measures n requests from c clients.
func measureOne(url string, warmup, n, c int, do func(string) (time.Duration, error)) HTTPResult {
	res := HTTPResult{Concurrency: c, Warmup: warmup}
	for i := 0; i < warmup; i++ {
		if _, err := do(url); err != nil && res.FirstError == "" {
			res.FirstError = "warm-up: " + err.Error()
		}
	}
	samples, errs, first, wall := parallel(n, c, func() (time.Duration, error) { return do(url) })
	if res.FirstError == "" {
		res.FirstError = first
	}
	res.Stats = summarise(samples, errs, wall)
	return res
}

// measureRoundRobin sends one request to each target in turn; a target's rate is its requests
// per second of its own summed latency (what one sequential client would see).
func measureRoundRobin(targets []string, warmup, n int, do func(string) (time.Duration, error)) error {
	results := make([]HTTPResult, len(targets))
	samples := make([][]time.Duration, len(targets))
	busy := make([]time.Duration, len(targets))
	for round := 0; round < warmup+n; round++ {
		for t, spec := range targets {
			_, url, _ := strings.Cut(spec, "=")
			d, err := do(url)
			switch {
			case err != nil:
				if results[t].FirstError == "" {
					results[t].FirstError = err.Error()
				}
				if round >= warmup {
					results[t].Errors++
				}
			case round >= warmup:
				samples[t], busy[t] = append(samples[t], d), busy[t]+d
			}
		}
	}
	for t, spec := range targets {
		k, _, _ := strings.Cut(spec, "=")
		errs := results[t].Errors
		results[t].Concurrency, results[t].Warmup = 1, warmup
		results[t].Stats = summarise(samples[t], errs, busy[t])
		if err := emit(k, results[t]); err != nil {
			return err
		}
	}
	return nil
}

// parallel runs fn n times over c workers; failed calls are counted, not sampled.
func parallel(n, c int, fn func() (time.Duration, error)) ([]time.Duration, int, string, time.Duration) {
	var mu sync.Mutex
	var samples []time.Duration
	var errs int
	var first string
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				d, err := fn()
				mu.Lock()
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				} else {
					samples = append(samples, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return samples, errs, first, time.Since(start)
}

// tlsOptions are the optional mTLS flags shared by the http and sidecar subcommands.
type tlsOptions struct{ ca, cert, key *string }

func addTLSFlags(fs *flag.FlagSet) tlsOptions {
	return tlsOptions{
		ca:   fs.String("tls-ca", "", "CA bundle (PEM) to trust"),
		cert: fs.String("tls-cert", "", "client certificate (PEM)"),
		key:  fs.String("tls-key", "", "client key (PEM)"),
	}
}

// client is a keep-alive client with room for c idle connections to one host.
func (o tlsOptions) client(c int) (*http.Client, error) {
	tr := &http.Transport{MaxIdleConns: c * 2, MaxIdleConnsPerHost: c * 2, IdleConnTimeout: time.Minute}
	if *o.ca != "" || *o.cert != "" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if *o.ca != "" {
			pem, err := os.ReadFile(*o.ca)
			if err != nil {
				return nil, err
			}
			cfg.RootCAs = x509.NewCertPool()
			cfg.RootCAs.AppendCertsFromPEM(pem)
		}
		if *o.cert != "" {
			pair, err := tls.LoadX509KeyPair(*o.cert, *o.key)
			if err != nil {
				return nil, err
			}
			cfg.Certificates = []tls.Certificate{pair}
		}
		tr.TLSClientConfig = cfg
	}
	return &http.Client{Transport: tr, Timeout: 120 * time.Second}, nil
}

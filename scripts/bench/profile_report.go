package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// window is what bench_window prints: telemetry deltas over one measured run.
type window struct {
	Requests int `json:"requests"`
	Vault    map[string]struct {
		PerReq   float64 `json:"per_req"`
		MsPerReq float64 `json:"ms_per_req"`
		MeanMs   float64 `json:"mean_ms"`
	} `json:"vault"`
	SidecarMintMeanMs *float64                   `json:"sidecar_mint_mean_ms"`
	CPUMsPerReq       map[string]float64         `json:"cpu_ms_per_req"`
	CPUByThread       map[string][][]interface{} `json:"cpu_ms_per_req_by_thread"`
}

// jfrSummary is what bench_jfr_summary prints.
type jfrSummary struct {
	Mints     int `json:"mints"`
	Processes map[string]struct {
		FsyncsPerMint float64         `json:"fsyncs_per_mint"`
		FsyncMeanMs   *float64        `json:"fsync_mean_ms"`
		TLSHandshakes int             `json:"tls_handshakes"`
		GCPauses      int             `json:"gc_pauses"`
		GCMsPerMint   float64         `json:"gc_ms_per_mint"`
		CPUSamples    int             `json:"cpu_samples"`
		ByLeafPackage [][]interface{} `json:"by_leaf_package"`
		ByOwnFrame    [][]interface{} `json:"by_own_frame"`
		ByThread      [][]interface{} `json:"by_thread"`
		FsyncByFile   map[string]struct {
			PerMint float64 `json:"per_mint"`
			P50Ms   float64 `json:"p50_ms"`
			MeanMs  float64 `json:"mean_ms"`
		} `json:"fsync_by_file"`
	} `json:"processes"`
}

func opt(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// vaultMs is a timer's ms per request in the window (NaN when it did not tick).
func (w window) vaultMs(k string) float64 {
	if v, ok := w.Vault[k]; ok {
		return v.MsPerReq
	}
	return math.NaN()
}

func (w window) vaultMean(k string) float64 {
	if v, ok := w.Vault[k]; ok {
		return v.MeanMs
	}
	return math.NaN()
}

// printReadsInside shows the read figures as Vault's router sees them (no HTTP, no client).
func printReadsInside(r results) {
	var w window
	if !r.get("reads", &w) || w.Requests == 0 {
		return
	}
	ours, kv, builtin := w.vaultMean("route_read_dynatrace_"), w.vaultMean("route_read_kv_go_"), w.vaultMean("route_read_kv_builtin_")
	fmt.Printf("  inside Vault (router → mount and back, mean): ours %s, Go kv %s, built-in kv %s; ours÷Go %s\n",
		cell(ours, "ms"), cell(kv, "ms"), cell(builtin, "ms"), ratio(ours, kv))
	fmt.Printf("  CPU ms per read (from /proc): plugin %.2f, Go kv %.2f, server %.2f (per request of all three)\n",
		3*w.CPUMsPerReq["plugin"], 3*w.CPUMsPerReq["kv"], w.CPUMsPerReq["server"])
}

// printProfile breaks a sequential mint's mean time down along the call path; each figure comes
// from its own instrument, so the "rest" lines are differences of means: estimates, not a trace.
func printProfile(r results) {
	var w window
	if !r.get("mints", &w) || w.Requests == 0 {
		return
	}
	var j jfrSummary
	r.get("jfr", &j)
	client, handle, route := r.num("mint.seq", "mean_ms"), w.vaultMs("core_handle_request"), w.vaultMs("route_read_dynatrace_")
	sidecar, sim := opt(w.SidecarMintMeanMs), r.num("mint.sim", "mean_ms")
	fsync, fsyncLabel := math.NaN(), "lease-log fsyncs (needs the JFR profile run)"
	if s, ok := j.Processes["sidecar"]; ok {
		fsync = s.FsyncsPerMint * opt(s.FsyncMeanMs)
		fsyncLabel = fmt.Sprintf("lease-log fsyncs (JFR: %.1f per mint × %s)", s.FsyncsPerMint, cell(opt(s.FsyncMeanMs), "ms"))
	}
	line := func(indent int, label string, ms float64) {
		fmt.Printf("  %-72s %9s\n", strings.Repeat("  ", indent)+label, cell(ms, "ms"))
	}
	fmt.Printf("\n== Where a mint's time goes (means over the %d sequential mints above; rests are differences)\n", w.Requests)
	line(0, fmt.Sprintf("client → Vault → client (benchtool; p50 %s)", cell(r.num("mint.seq", "p50_ms"), "ms")), client)
	line(1, "Vault's request handling (vault.core.handle_request)", handle)
	line(2, "token check (vault.core.check_token)", w.vaultMs("core_check_token"))
	line(2, "router → plugin and back (vault.route.read.dynatrace-)", route)
	line(3, "the sidecar's mint (its own operation timer)", sidecar)
	line(4, "Dynatrace's part: the same mint at the simulator (mean)", sim)
	line(4, fsyncLabel, fsync)
	line(4, "rest of the sidecar", sidecar-sim-fsync)
	line(3, "plugin side: gRPC, storage over the broker, HTTPS to the sidecar, work", route-sidecar)
	line(2, "lease registration (vault.expire.register)", w.vaultMs("expire_register"))
	line(2, "rest of Vault's handling", handle-route-w.vaultMs("core_check_token")-w.vaultMs("expire_register"))
	line(1, "outside Vault's handler (HTTP, the client)", client-handle)
	var ops []string
	for _, k := range []string{"barrier_get", "barrier_put", "barrier_delete", "barrier_list"} {
		if v, ok := w.Vault[k]; ok {
			ops = append(ops, fmt.Sprintf("%s %.1f (%.2f ms)", strings.TrimPrefix(k, "barrier_"), v.PerReq, v.MsPerReq))
		}
	}
	fmt.Printf("  storage (barrier) operations per mint, the plugin's and Vault's own: %s\n", strings.Join(ops, ", "))
	fmt.Printf("  one fsync of a small append in the sidecar's data directory (probe): p50 %s, p99 %s\n",
		cell(r.num("fsync", "p50_ms"), "ms"), cell(r.num("fsync", "p99_ms"), "ms"))
	fmt.Printf("  CPU ms per mint (from /proc): %s\n", cpuList(w.CPUMsPerReq))
	for _, proc := range []string{"plugin", "sidecar"} {
		fmt.Printf("      %s by thread: %s\n", proc, threadList(w.CPUByThread[proc]))
	}
	var p window
	if r.get("profile", &p) && p.Requests > 0 {
		fmt.Printf("  profile run (%d mints, JFR on): client mean %s, router → plugin %s, sidecar %s; CPU ms per mint: %s\n",
			p.Requests, cell(r.num("profile.mint", "mean_ms"), "ms"), cell(p.vaultMs("route_read_dynatrace_"), "ms"),
			cell(opt(p.SidecarMintMeanMs), "ms"), cpuList(p.CPUMsPerReq))
	}
	for _, proc := range []string{"plugin", "sidecar"} {
		s, ok := j.Processes[proc]
		if !ok {
			continue
		}
		fmt.Printf("  JFR %s over %d mints: fsyncs/mint %.2f (mean %s), TLS handshakes %d, GC pauses %d (%.2f ms/mint), %d CPU samples\n",
			proc, j.Mints, s.FsyncsPerMint, cell(opt(s.FsyncMeanMs), "ms"), s.TLSHandshakes, s.GCPauses, s.GCMsPerMint, s.CPUSamples)
		files := make([]string, 0, len(s.FsyncByFile))
		for f, v := range s.FsyncByFile {
			files = append(files, fmt.Sprintf("%s %.1f/mint (p50 %s, mean %s)", f, v.PerMint, cell(v.P50Ms, "ms"), cell(v.MeanMs, "ms")))
		}
		sort.Strings(files)
		if len(files) > 0 {
			fmt.Printf("      fsyncs by file: %s\n", strings.Join(files, ", "))
		}
		fmt.Printf("      by thread: %s\n", shares(s.ByThread))
		fmt.Printf("      by leaf package: %s\n", shares(s.ByLeafPackage))
		fmt.Printf("      by innermost io/dtvb frame: %s\n", shares(s.ByOwnFrame))
	}
}

func cpuList(m map[string]float64) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []string
	for _, k := range names {
		out = append(out, fmt.Sprintf("%s %.2f", k, m[k]))
	}
	return strings.Join(out, ", ")
}

func shares(rows [][]interface{}) string {
	var out []string
	for _, f := range rows {
		if len(f) == 2 {
			out = append(out, fmt.Sprintf("%v %v%%", f[0], f[1]))
		}
	}
	return strings.Join(out, ", ")
}

func threadList(rows [][]interface{}) string {
	var out []string
	for _, f := range rows {
		if len(f) == 2 {
			out = append(out, fmt.Sprintf("%v %v", f[0], f[1]))
		}
	}
	return strings.Join(out, ", ")
}

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
	SidecarMintMeanMs *float64 `json:"sidecar_mint_mean_ms"`
	Sidecar           map[string]struct {
		PerReq float64 `json:"per_req"`
		MeanMs float64 `json:"mean_ms"`
	} `json:"sidecar"`
	CPUMsPerReq map[string]float64         `json:"cpu_ms_per_req"`
	CPUByThread map[string][][]interface{} `json:"cpu_ms_per_req_by_thread"`
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

// printRevokeInside splits one revocation of the sync revoke-prefix, which Vault runs one lease
// after the other, along the same path as a mint.
func printRevokeInside(r results) {
	var w window
	if !r.get("revokes", &w) || w.Requests == 0 {
		return
	}
	del := math.NaN()
	if d, ok := w.Sidecar["revoke.ok"]; ok {
		del = d.MeanMs
	}
	common := w.vaultMean("expire_revoke_common")
	fmt.Printf("  per lease (means): Vault's revocation %s (1 s ÷ that = %s), router → plugin %s, the sidecar's revoke (its timer) %s\n",
		cell(common, "ms"), cell(1000/common, "/s"), cell(w.vaultMean("route_revoke_dynatrace_"), "ms"), cell(del, "ms"))
	fmt.Printf("  storage (barrier) operations per revocation: %s; CPU ms per revocation: %s\n", barrierOps(w), cpuList(w.CPUMsPerReq))
}

func barrierOps(w window) string {
	var ops []string
	for _, k := range []string{"barrier_get", "barrier_put", "barrier_delete", "barrier_list"} {
		if v, ok := w.Vault[k]; ok {
			ops = append(ops, fmt.Sprintf("%s %.1f (%.2f ms)", strings.TrimPrefix(k, "barrier_"), v.PerReq, v.MsPerReq))
		}
	}
	return strings.Join(ops, ", ")
}

// printProfile breaks a sequential mint's mean time down along the call path; each figure comes
// from its own instrument, so the "rest" lines are differences of means: estimates, not a trace.
func printProfile(r results) {
	var w, p window
	if !r.get("mints", &w) || w.Requests == 0 {
		return
	}
	var j jfrSummary
	r.get("jfr", &j)
	profiled := r.get("profile", &p) && p.Requests > 0
	fsync, fsyncLabel := math.NaN(), "lease-log fsyncs (JFR, profile run only)"
	if s, ok := j.Processes["sidecar"]; ok {
		fsync = s.FsyncsPerMint * opt(s.FsyncMeanMs)
		fsyncLabel = fmt.Sprintf("lease-log fsyncs (JFR: %.1f per mint × mean %s)", s.FsyncsPerMint, cell(opt(s.FsyncMeanMs), "ms"))
	}
	sim := r.num("mint.sim", "mean_ms")
	// column computes every row of the tree for one window; fsyncs are known only under JFR.
	column := func(w window, clientKey string, fsync float64) []float64 {
		client, handle, route := r.num(clientKey, "mean_ms"), w.vaultMs("core_handle_request"), w.vaultMs("route_read_dynatrace_")
		sidecar, check, reg := opt(w.SidecarMintMeanMs), w.vaultMs("core_check_token"), w.vaultMs("expire_register")
		rest := sidecar - sim
		if !math.IsNaN(fsync) {
			rest -= fsync
		}
		return []float64{client, handle, check, route, sidecar, sim, fsync, rest, route - sidecar, reg,
			handle - route - check - reg, client - handle}
	}
	a := column(w, "mint.seq", math.NaN())
	b := []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(),
		math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	if profiled {
		b = column(p, "profile.mint", fsync)
	}
	labels := []string{
		"client → Vault → client (benchtool)", "  Vault's request handling (vault.core.handle_request)",
		"    token check (vault.core.check_token)", "    router → plugin and back (vault.route.read.dynatrace-)",
		"      the sidecar's mint (its own operation timer)", "        Dynatrace's part: the same mint at the simulator",
		"        " + fsyncLabel, "        rest of the sidecar (with the fsyncs where those are —)",
		"      plugin side: gRPC, storage over the broker, HTTPS to the sidecar, work",
		"    lease registration (vault.expire.register)", "    rest of Vault's handling", "  outside Vault's handler (HTTP, the client)"}
	fmt.Printf("\n== Where a mint's time goes (means per sequential mint; each from its own instrument, rests are differences)\n")
	fmt.Printf("  %-76s %12s %14s\n", "", fmt.Sprintf("%d mints", w.Requests), fmt.Sprintf("%d under JFR", p.Requests))
	for k, l := range labels {
		fmt.Printf("  %-76s %12s %14s\n", l, cell(a[k], "ms"), cell(b[k], "ms"))
	}
	fmt.Printf("  p50 of the same mints: %s and %s\n", cell(r.num("mint.seq", "p50_ms"), "ms"), cell(r.num("profile.mint", "p50_ms"), "ms"))
	fmt.Printf("  storage (barrier) operations per mint, the plugin's and Vault's own: %s\n", barrierOps(w))
	fmt.Printf("  one fsync of a small append in the sidecar's data directory (probe): p50 %s, p99 %s\n",
		cell(r.num("fsync", "p50_ms"), "ms"), cell(r.num("fsync", "p99_ms"), "ms"))
	fmt.Printf("  CPU ms per mint (from /proc): %s\n", cpuList(w.CPUMsPerReq))
	for _, proc := range []string{"plugin", "sidecar"} {
		fmt.Printf("      %s by thread: %s\n", proc, threadList(w.CPUByThread[proc]))
	}
	if profiled {
		fmt.Printf("  CPU ms per mint under JFR: %s\n", cpuList(p.CPUMsPerReq))
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

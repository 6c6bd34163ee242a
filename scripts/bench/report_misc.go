package main

import (
	"fmt"
	"math"
	"sort"
)

func printMachine(r results) {
	var m map[string]string
	if !r.get("machine", &m) {
		return
	}
	fmt.Println("== Machine")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("  %-10s %s\n", k, m[k])
	}
	var e struct {
		Seconds float64 `json:"seconds"`
		Load    string  `json:"load"`
	}
	if r.get("elapsed", &e) {
		fmt.Printf("  %-10s %.0f s; load average at the end %s\n", "run", e.Seconds, e.Load)
	}
}

// mintCount is every mint through Vault before rss.minted: warm-up, sequential and parallel.
func mintCount(r results) float64 {
	sum := 0.0
	for _, k := range []string{"mint.warmup", "mint.seq", "mint.par"} {
		if n := r.num(k, "n") + r.num(k, "errors"); !math.IsNaN(n) {
			sum += n
		}
	}
	return sum
}

func printRSS(r results) {
	var before, minted, after map[string]float64
	if !r.get("rss.before", &before) || !r.get("rss.minted", &minted) || !r.get("rss.after", &after) {
		return
	}
	fmt.Printf("\n== RSS of every process (MiB, VmRSS): idle after config → after %.0f mints through Vault → after the revoke and the sidecar-alone run\n", mintCount(r))
	names := make([]string, 0, len(before))
	for k := range before {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Printf("  %-12s %8.1f → %8.1f → %8.1f\n", k, before[k], minted[k], after[k])
	}
	var jb, ja map[string]map[string]float64
	if r.get("jvm.before", &jb) && r.get("jvm.after", &ja) {
		fmt.Println("  JVM memory (MiB, jstat -gc; idle after config → after everything): heap committed/used, metaspace committed/used")
		for _, k := range []string{"plugin", "sidecar", "simulator"} {
			b, a := jb[k], ja[k]
			if b == nil || a == nil {
				continue
			}
			fmt.Printf("  %-12s heap %.0f/%.0f → %.0f/%.0f, metaspace %.0f/%.0f → %.0f/%.0f\n", k,
				b["heap_committed"], b["heap_used"], a["heap_committed"], a["heap_used"],
				b["metaspace_committed"], b["metaspace_used"], a["metaspace_committed"], a["metaspace_used"])
		}
	}
}

// printCPUBound is the mint rate the machine's cores allow at the CPU every process spends per
// sequential mint: what the parallel figure can reach at best.
func printCPUBound(r results) {
	var w window
	if !r.get("mints", &w) || w.Requests == 0 {
		return
	}
	total := 0.0
	for _, v := range w.CPUMsPerReq {
		total += v
	}
	var m map[string]string
	cores := 0.0
	if r.get("machine", &m) {
		fmt.Sscan(m["nproc"], &cores)
	}
	if total > 0 && cores > 0 {
		fmt.Printf("  CPU per mint, all processes: %.1f ms → at most %.0f mints/s on %.0f cores (measured with %.0f clients: %s)\n",
			total, 1000*cores/total, cores, r.num("mint.par", "concurrency"), cell(r.num("mint.par", "per_s"), "/s"))
	}
}

func printLeaseLog(r results) {
	var lines []string
	if !r.get("leaselog", &lines) {
		return
	}
	fmt.Println("\n== Lease log (java -jar … lease-log bench, as printed)")
	for _, l := range lines {
		fmt.Println("  " + l)
	}
}

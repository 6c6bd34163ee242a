package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
)

// results maps a key (first word of each line of the results file) to its JSON value.
type results map[string]json.RawMessage

func loadResults(path string) (results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := results{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), " "); ok {
			r[k] = json.RawMessage(v)
		}
	}
	return r, sc.Err()
}

// get decodes one key into out; a missing or broken key leaves out zero and reports false.
func (r results) get(key string, out any) bool {
	raw, ok := r[key]
	return ok && json.Unmarshal(raw, out) == nil
}

// num reads a number at a dotted path, NaN when absent.
func (r results) num(key, path string) float64 {
	var v any
	if !r.get(key, &v) {
		return math.NaN()
	}
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return math.NaN()
		}
		v = m[p]
	}
	if f, ok := v.(float64); ok {
		return f
	}
	return math.NaN()
}

// runReport prints the side-by-side table, the per-process RSS and the lease log's own output.
func runReport(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: benchtool report RESULTS_FILE")
	}
	r, err := loadResults(args[0])
	if err != nil {
		return err
	}
	printMachine(r)
	printSideBySide(r)
	printServer(r)
	printSidecar(r)
	printRSS(r)
	printProfile(r)
	printCPUBound(r)
	printLeaseLog(r)
	return nil
}

// cell formats a number with a unit, "—" when absent.
func cell(v float64, unit string) string {
	if math.IsNaN(v) {
		return "—"
	}
	switch {
	case unit == "/s" || math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

const rowFmt = "  %-52s %17s %12s %12s %9s %10s\n"

func row(label string, ours, goV, floor float64, unit string) {
	fmt.Printf(rowFmt, label, cell(ours, unit), cell(goV, unit), cell(floor, unit), ratio(ours, goV), ratio(ours, floor))
}

func printSideBySide(r results) {
	if _, ok := r["launch.ours"]; !ok {
		return
	}
	fmt.Println("\n== Plugin start, side by side (ours ÷ Go, ours ÷ floor)")
	fmt.Printf(rowFmt, "figure", "ours", "Go kv", "plain JVM", "ours÷Go", "ours÷floor")
	var lo LaunchResult
	r.get("launch.ours", &lo)
	row(fmt.Sprintf("launch → handshake line (median of %d)", len(lo.Runs)),
		r.num("launch.ours", "median_ms"), r.num("launch.go", "median_ms"), r.num("launch.floor", "median_ms"), "ms")
	row("launch → first gRPC answer (go-plugin Client+Ping)",
		r.num("rpc.ours", "median_ms"), r.num("rpc.go", "median_ms"), math.NaN(), "ms")
	row("RSS at handshake", r.num("launch.ours", "rss_at_handshake_mib"), r.num("launch.go", "rss_at_handshake_mib"),
		r.num("launch.floor", "rss_at_handshake_mib"), "MiB")
	row(fmt.Sprintf("RSS %.0f s after handshake", lo.SettleS), r.num("launch.ours", "rss_later_mib"),
		r.num("launch.go", "rss_later_mib"), r.num("launch.floor", "rss_later_mib"), "MiB")
	fmt.Printf("  runs (ms): ours %v, Go %v, floor %v\n", runs(r, "launch.ours"), runs(r, "launch.go"), runs(r, "launch.floor"))
	fmt.Printf("  threads %.0f s after: ours %.0f, Go %.0f, floor %.0f; classes loaded then (jstat): ours %.0f, floor %.0f\n", lo.SettleS,
		r.num("launch.ours", "threads_later"), r.num("launch.go", "threads_later"), r.num("launch.floor", "threads_later"),
		r.num("launch.ours", "classes_later"), r.num("launch.floor", "classes_later"))
	fmt.Printf("  inside ours: the launcher before it execs java (jar check of the %.0f MiB jar by its install stamp) takes %s\n",
		r.num("launch.jarcheck", "jar_mib"), cell(r.num("launch.jarcheck", "median_ms"), "ms"))
}

func runs(r results, key string) []int {
	var l LaunchResult
	r.get(key, &l)
	out := make([]int, len(l.Runs))
	for i, v := range l.Runs {
		out[i] = int(math.Round(v))
	}
	return out
}

func printServer(r results) {
	if _, ok := r["rss.before"]; !ok {
		return
	}
	fmt.Println("\n== In a dev server (Vault's HTTP API, keep-alive client)")
	fmt.Printf(rowFmt, "figure", "ours", "Go kv", "built-in kv", "ours÷Go", "ours÷b-in")
	row("plugin RSS idle after config", r.num("rss.before", "plugin"), r.num("rss.before", "kv"), math.NaN(), "MiB")
	row(fmt.Sprintf("plugin RSS after %.0f mints (kv: after its reads)", mintCount(r)), r.num("rss.minted", "plugin"),
		r.num("rss.minted", "kv"), math.NaN(), "MiB")
	for _, q := range []string{"p50", "p99"} {
		row(fmt.Sprintf("read one stored object, %s (%.0f sequential)", q, r.num("read.ours", "n")),
			r.num("read.ours", q+"_ms"), r.num("read.kv", q+"_ms"), r.num("read.builtin", q+"_ms"), "ms")
	}
	printReadsInside(r)
	fmt.Println()
	fmt.Printf(rowFmt, "figure", "through Vault", "simulator", "overhead", "", "")
	seq50, sim50 := r.num("mint.seq", "p50_ms"), r.num("mint.sim", "p50_ms")
	fmt.Printf(rowFmt, fmt.Sprintf("creds mint p50, sequential (%.0f)", r.num("mint.seq", "n")),
		cell(seq50, "ms"), cell(sim50, "ms"), cell(seq50-sim50, "ms"), "", "")
	fmt.Printf(rowFmt, "creds mint p99, sequential", cell(r.num("mint.seq", "p99_ms"), "ms"),
		cell(r.num("mint.sim", "p99_ms"), "ms"), "", "", "")
	c := r.num("mint.par", "concurrency")
	fmt.Printf(rowFmt, fmt.Sprintf("creds mints, %.0f parallel: rate (%.0f mints)", c, r.num("mint.par", "n")),
		cell(r.num("mint.par", "per_s"), "/s"), cell(r.num("mint.simpar", "per_s"), "/s"), "", "", "")
	fmt.Printf(rowFmt, fmt.Sprintf("creds mints, %.0f parallel: p50 / p99", c),
		cell(r.num("mint.par", "p50_ms"), "ms")+" / "+cell(r.num("mint.par", "p99_ms"), "ms"),
		cell(r.num("mint.simpar", "p50_ms"), "ms"), "", "", "")
	fmt.Printf(rowFmt, fmt.Sprintf("revoke-prefix sync of %.0f leases: time, rate", r.num("revoke", "leases")),
		cell(r.num("revoke", "seconds"), "s"), cell(r.num("revoke", "per_s"), "/s"), "", "", "")
	fmt.Printf("  live tokens of the mount at the simulator: %.0f before the revoke, %.0f after it returned (%.0f after %.1f s more)\n",
		r.num("revoke", "live_before"), r.num("revoke", "live_at_return"), r.num("revoke", "live_after"), r.num("revoke", "polled_s"))
	printRevokeInside(r)
	if _, ok := r["revoke.queued"]; ok {
		fmt.Printf(rowFmt, fmt.Sprintf("revoke-prefix queued (CLI default) of %.0f leases", r.num("revoke.queued", "leases")),
			cell(r.num("revoke.queued", "seconds"), "s"), cell(r.num("revoke.queued", "per_s"), "/s"), "", "", "")
		fmt.Printf("  until no lease is left in Vault and no token alive at the simulator: %.0f leases and %.0f tokens left at the end\n",
			r.num("revoke.queued", "leases_left"), r.num("revoke.queued", "live_after"))
	}
	for _, k := range []string{"read.ours", "read.kv", "read.builtin", "mint.seq", "mint.par", "mint.sim", "mint.simpar"} {
		var h HTTPResult
		if r.get(k, &h) && (h.Errors > 0 || h.FirstError != "") {
			fmt.Printf("  %s: %d errors, first: %s\n", k, h.Errors, h.FirstError)
		}
	}
}

func printSidecar(r results) {
	var s SidecarResult
	if !r.get("sidecar", &s) {
		return
	}
	fmt.Println("\n== The sidecar alone (mTLS, plugin client certificate, against the simulator)")
	fmt.Printf("  mint sequential: p50 %s, p99 %s (%d)\n", cell(s.MintSeq.P50, "ms"), cell(s.MintSeq.P99, "ms"), s.MintSeq.N)
	fmt.Printf("  mints, %d parallel: %s, p50 %s (%d)\n", s.Concurrency, cell(s.MintPar.Rate, "/s"), cell(s.MintPar.P50, "ms"), s.MintPar.N)
	fmt.Printf("  deletes, %d parallel: %s, p50 %s (%d)\n", s.Concurrency, cell(s.DeletePar.Rate, "/s"), cell(s.DeletePar.P50, "ms"), s.DeletePar.N)
	if s.FirstError != "" {
		fmt.Printf("  errors: mint %d/%d, delete %d; first: %s\n", s.MintSeq.Errors, s.MintPar.Errors, s.DeletePar.Errors, s.FirstError)
	}
}

// Command benchtool holds the measuring parts of scripts/bench.sh: plugin launches timed to the
// handshake line, a keep-alive HTTP load client, the sidecar driven alone, and the report that
// puts every figure side by side. Each subcommand prints "KEY JSON" lines on stdout, which
// bench.sh appends to a results file for `benchtool report`.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "launch":
		err = runLaunch(args)
	case "http":
		err = runHTTP(args)
	case "sidecar":
		err = runSidecar(args)
	case "report":
		err = runReport(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: benchtool launch|http|sidecar|report [flags]   (-h on each)")
	os.Exit(2)
}

// emit prints one result as "KEY JSON" on one line, the results file's format.
func emit(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Println(key, string(b))
	return err
}

// Stats summarises latency samples in milliseconds.
type Stats struct {
	N      int     `json:"n"`
	P50    float64 `json:"p50_ms"`
	P90    float64 `json:"p90_ms"`
	P99    float64 `json:"p99_ms"`
	Mean   float64 `json:"mean_ms"`
	Min    float64 `json:"min_ms"`
	Max    float64 `json:"max_ms"`
	Errors int     `json:"errors"`
	Wall   float64 `json:"wall_s"`
	Rate   float64 `json:"per_s"`
}

// summarise sorts the samples; the rate is successful samples per second of wall time.
func summarise(samples []time.Duration, errors int, wall time.Duration) Stats {
	ms := make([]float64, len(samples))
	sum := 0.0
	for i, d := range samples {
		ms[i] = float64(d) / float64(time.Millisecond)
		sum += ms[i]
	}
	sort.Float64s(ms)
	s := Stats{N: len(ms), Errors: errors, Wall: wall.Seconds()}
	if len(ms) == 0 {
		return s
	}
	s.P50, s.P90, s.P99 = quantile(ms, 0.50), quantile(ms, 0.90), quantile(ms, 0.99)
	s.Mean, s.Min, s.Max = sum/float64(len(ms)), ms[0], ms[len(ms)-1]
	if wall > 0 {
		s.Rate = float64(len(ms)) / wall.Seconds()
	}
	return s
}

// quantile is the nearest-rank quantile of sorted values.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	if rank < 0 {
		rank = 0
	}
	return sorted[rank]
}

// median of unsorted values (a copy is sorted).
func median(v []float64) float64 {
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	return quantile(c, 0.5)
}

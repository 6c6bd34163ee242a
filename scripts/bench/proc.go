package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStatus reads one field of /proc/PID/status: VmRSS and other kB fields in MiB, counts as is.
func procStatus(pid int, field string) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != field {
			continue
		}
		parts := strings.Fields(v)
		if len(parts) == 0 {
			break
		}
		x, err := strconv.ParseFloat(parts[0], 64)
		if err != nil {
			return 0, err
		}
		if len(parts) > 1 && parts[1] == "kB" {
			x /= 1024
		}
		return x, nil
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

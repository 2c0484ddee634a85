//go:build !wasm

package perf

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// WrkResult is what wrk reported of a run.
type WrkResult struct {
	Requests       int64
	RequestsPerSec float64
	P50, P99       time.Duration
	// Non2xx counts the answers that were not 2xx or 3xx.
	Non2xx int64
	// SocketErrors is the sum of wrk's connect, read, write and timeout
	// errors, and SocketErrorLine the line that lists them.
	SocketErrors    int64
	SocketErrorLine string
}

// RunWrk runs wrk (the executable bin) against url with conns keep-alive
// connections on threads threads for d, with the latency distribution, and
// parses its report.
func RunWrk(ctx context.Context, bin, url string, header http.Header, conns, threads int, d time.Duration) (*WrkResult, error) {
	args := []string{
		"-c", strconv.Itoa(conns),
		"-t", strconv.Itoa(threads),
		"-d", fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds())),
		"--timeout", "10s",
		"--latency",
	}
	for k, vs := range header {
		for _, v := range vs {
			args = append(args, "-H", k+": "+v)
		}
	}
	args = append(args, url)
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("wrk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	r, err := ParseWrk(string(out))
	if err != nil {
		return nil, fmt.Errorf("wrk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return r, nil
}

// ParseWrk parses the report of wrk --latency.
func ParseWrk(out string) (*WrkResult, error) {
	r := &WrkResult{}
	var haveRPS, haveP99, haveRequests bool
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "50%":
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return nil, err
			}
			r.P50 = d
		case len(f) == 2 && f[0] == "99%":
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return nil, err
			}
			r.P99, haveP99 = d, true
		case strings.HasPrefix(line, "Requests/sec:") && len(f) == 2:
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return nil, fmt.Errorf("wrk: %q: %v", line, err)
			}
			r.RequestsPerSec, haveRPS = v, true
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			v, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("wrk: %q: %v", line, err)
			}
			r.Requests, haveRequests = v, true
		case strings.HasPrefix(line, "Non-2xx or 3xx responses:") && len(f) == 5:
			v, err := strconv.ParseInt(f[4], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("wrk: %q: %v", line, err)
			}
			r.Non2xx = v
		case strings.HasPrefix(line, "Socket errors:"):
			// Socket errors: connect 0, read 12, write 0, timeout 0
			r.SocketErrorLine = line
			rest := strings.TrimPrefix(line, "Socket errors:")
			for _, part := range strings.Split(rest, ",") {
				kv := strings.Fields(part)
				if len(kv) != 2 {
					return nil, fmt.Errorf("wrk: %q: cannot read the counts", line)
				}
				v, err := strconv.ParseInt(kv[1], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("wrk: %q: %v", line, err)
				}
				r.SocketErrors += v
			}
		}
	}
	if !haveRPS || !haveP99 || !haveRequests {
		return nil, fmt.Errorf("wrk: no Requests/sec, request count or 99%% latency in its report (run with --latency)")
	}
	return r, nil
}

// parseWrkDuration parses wrk's durations: 173.00us, 1.94ms, 4.24s, 1.00m.
func parseWrkDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"m", time.Minute}, {"s", time.Second}, {"h", time.Hour}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				break
			}
			return time.Duration(math.Round(v * float64(u.unit))), nil
		}
	}
	return 0, fmt.Errorf("wrk: cannot read the duration %q", s)
}

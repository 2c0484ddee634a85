//go:build !wasm

package perf

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Request is an HTTP request that Chromium sent to a server, read from its
// net log (--log-net-log): whoever made it (the page, the service worker,
// the browser), and whether it was a revalidation or not. Requests
// answered by the HTTP cache or the service worker's cache reach no server
// and are not Requests.
type Request struct {
	URL    string
	Method string
	// Time is when the request headers were sent.
	Time time.Time
	// Status is the status code of the response, 0 when none arrived.
	Status int
	// ContentLength and ContentEncoding are those of the response, -1 and
	// "" when it had none.
	ContentLength   int64
	ContentEncoding string
}

// netLog is the part of Chromium's net log file that ParseNetLog reads.
type netLog struct {
	Constants struct {
		LogEventTypes  map[string]int  `json:"logEventTypes"`
		LogSourceType  map[string]int  `json:"logSourceType"`
		TimeTickOffset json.RawMessage `json:"timeTickOffset"`
	} `json:"constants"`
	Events []struct {
		Type   int              `json:"type"`
		Time   string           `json:"time"`
		Source struct{ ID int } `json:"source"`
		Params json.RawMessage  `json:"params"`
	} `json:"events"`
}

// ParseNetLog returns the HTTP requests of a Chromium net log that reached
// a server, in the order they were sent.
func ParseNetLog(r io.Reader) ([]Request, error) {
	var nl netLog
	if err := json.NewDecoder(r).Decode(&nl); err != nil {
		return nil, fmt.Errorf("net log: %w", err)
	}
	types := nl.Constants.LogEventTypes
	start, ok := types["URL_REQUEST_START_JOB"]
	if !ok {
		return nil, fmt.Errorf("net log: no event type URL_REQUEST_START_JOB in its constants")
	}
	// The request headers as sent, over HTTP/1.1 or HTTP/2, and the
	// response headers as received.
	sent := map[int]bool{}
	for _, name := range []string{"HTTP_TRANSACTION_SEND_REQUEST_HEADERS", "HTTP_TRANSACTION_HTTP2_SEND_REQUEST_HEADERS"} {
		if t, ok := types[name]; ok {
			sent[t] = true
		}
	}
	received, ok := types["HTTP_TRANSACTION_READ_RESPONSE_HEADERS"]
	if len(sent) == 0 || !ok {
		return nil, fmt.Errorf("net log: no event types for HTTP request and response headers in its constants")
	}
	offset, err := strconv.ParseInt(strings.Trim(string(nl.Constants.TimeTickOffset), `"`), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("net log: timeTickOffset %s: %v", nl.Constants.TimeTickOffset, err)
	}

	type job struct{ url, method string }
	jobs := map[int]job{}    // by source: the request of its latest URL_REQUEST_START_JOB
	pending := map[int]int{} // by source: the index in reqs awaiting its response
	var reqs []Request
	for _, e := range nl.Events {
		switch {
		case e.Type == start:
			var p struct{ URL, Method string }
			if json.Unmarshal(e.Params, &p) == nil && p.URL != "" {
				jobs[e.Source.ID] = job{p.URL, p.Method}
			}
		case sent[e.Type]:
			j, ok := jobs[e.Source.ID]
			if !ok {
				continue
			}
			ticks, err := strconv.ParseInt(e.Time, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("net log: event time %q: %v", e.Time, err)
			}
			pending[e.Source.ID] = len(reqs)
			reqs = append(reqs, Request{
				URL:           j.url,
				Method:        j.method,
				Time:          time.UnixMilli(offset + ticks),
				ContentLength: -1,
			})
		case e.Type == received:
			i, ok := pending[e.Source.ID]
			if !ok {
				continue
			}
			delete(pending, e.Source.ID)
			var p struct{ Headers []string }
			if json.Unmarshal(e.Params, &p) != nil || len(p.Headers) == 0 {
				continue
			}
			// "HTTP/1.1 200 OK", then "Name: value" lines.
			if f := strings.Fields(p.Headers[0]); len(f) >= 2 {
				reqs[i].Status, _ = strconv.Atoi(f[1])
			}
			for _, h := range p.Headers[1:] {
				name, value, _ := strings.Cut(h, ":")
				value = strings.TrimSpace(value)
				switch strings.ToLower(name) {
				case "content-length":
					if n, err := strconv.ParseInt(value, 10, 64); err == nil {
						reqs[i].ContentLength = n
					}
				case "content-encoding":
					reqs[i].ContentEncoding = value
				}
			}
		}
	}
	slices.SortStableFunc(reqs, func(a, b Request) int { return a.Time.Compare(b.Time) })
	return reqs, nil
}

// Path returns the path and query of the request's URL, or the whole URL
// when it is of another origin than base.
func (r Request) Path(base string) string {
	if p, ok := strings.CutPrefix(r.URL, strings.TrimSuffix(base, "/")); ok && strings.HasPrefix(p, "/") {
		return p
	}
	return r.URL
}

// Loopback reports whether the request went to 127.0.0.1 or localhost.
func (r Request) Loopback() bool {
	u, err := url.Parse(r.URL)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "127.0.0.1" || h == "localhost" || h == "::1"
}

//go:build !wasm

package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/seqeralabs/policy-widget/cmd/internal/perf"
)

// Nginx is an nginx process that a test started with StartNginx.
type Nginx struct {
	// URL is where it listens, unix:PATH: a unix socket in its folder,
	// for Front.Forward.
	URL string
	// Dir holds its configuration, socket and logs.
	Dir string

	n        *perf.Nginx
	stopOnce sync.Once
}

// NginxPath returns the nginx executable: the environment variable NGINX,
// nginx in PATH, or /usr/sbin/nginx (not in a user's PATH on Debian). It
// calls t.Fatal when there is none.
func NginxPath(t testing.TB) string {
	t.Helper()
	name := os.Getenv("NGINX")
	if name == "" {
		name = "nginx"
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if name == "nginx" {
		if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
			return "/usr/sbin/nginx"
		}
	}
	t.Fatalf("browsertest: no nginx (looked for %s and /usr/sbin/nginx). Install the Debian package nginx-light "+
		"with 'make test' (it runs cmd/internal/browsertest/install-deps.sh) or 'sudo apt-get install nginx-light', "+
		"or set NGINX to the executable.", name)
	return ""
}

// listenDirectiveRE matches the listen directives of an nginx configuration.
var listenDirectiveRE = regexp.MustCompile(`(?m)^\s*listen\s+([^;\s]+)`)

// StartNginx runs nginx in the foreground, as one process, with a
// configuration whose http block holds http(listen): the test's server
// blocks, which must listen on listen, a unix socket in nginx's folder
// (unix:PATH), and nowhere else. Put a Front before it to reach it over
// HTTP: no port is looked for. Its pid file, logs and temporary files are
// in a folder of t.TempDir. It waits up to 10 seconds for nginx to accept
// connections; nginx stops when the test ends, and its error log goes to
// the test log when the test fails.
func StartNginx(t testing.TB, http func(listen string) string) *Nginx {
	t.Helper()
	bin := NginxPath(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	// nginx's worker may run as another user (nobody, when started as
	// root): it must be able to read what the test wrote, and the
	// socket's folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	listen := "unix:" + filepath.Join(dir, "nginx.sock")
	servers := http(listen)
	listens := listenDirectiveRE.FindAllStringSubmatch(servers, -1)
	if len(listens) == 0 {
		t.Fatal("browsertest: the nginx configuration has no listen directive")
	}
	for _, m := range listens {
		if m[1] != listen {
			t.Fatalf("browsertest: the nginx configuration listens on %s, not only on %s", m[1], listen)
		}
	}
	// One process (no master, no workers running as another user), so
	// that stopping it stops everything, and it reads what the test wrote.
	conf := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events {
	worker_connections 256;
}
http {
	access_log %[1]s/access.log;
	client_body_temp_path %[1]s/tmp/client_body;
	proxy_temp_path %[1]s/tmp/proxy;
	fastcgi_temp_path %[1]s/tmp/fastcgi;
	uwsgi_temp_path %[1]s/tmp/uwsgi;
	scgi_temp_path %[1]s/tmp/scgi;
	server_tokens off;

%[2]s
}
`, dir, servers)
	pn, err := perf.RunNginx(context.Background(), bin, dir, listen, conf)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	n := &Nginx{URL: listen, Dir: dir, n: pn}
	t.Cleanup(func() {
		n.Stop()
		if t.Failed() {
			t.Logf("nginx error log:\n%s%s", pn.Output(), n.ErrorLog())
		}
	})
	return n
}

// ErrorLog returns what nginx has written to its error log so far.
func (n *Nginx) ErrorLog() string {
	b, _ := os.ReadFile(filepath.Join(n.Dir, "error.log"))
	return string(b)
}

// Stop stops nginx (SIGTERM, its fast shutdown; killed after 10 seconds)
// and waits for it. Calls after the first do nothing.
func (n *Nginx) Stop() {
	n.stopOnce.Do(func() {
		if !n.n.Exited() {
			_ = n.n.Kill()
		}
	})
}

//go:build !wasm

package perf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// NginxFile is a file that nginx serves at one path, with fixed headers.
type NginxFile struct {
	// Path is the URL path, such as /privacy.
	Path string
	// Body is what nginx sends: the file is written once, and served with
	// sendfile.
	Body []byte
	// ContentType is the Content-Type of the response.
	ContentType string
	// ContentEncoding, when set, is sent as the Content-Encoding header:
	// Body is then already compressed (nginx-light has no brotli module).
	ContentEncoding string
}

// Nginx is an nginx process started by StartNginx.
type Nginx struct {
	// URL is the base URL, such as http://127.0.0.1:43123, or unix:PATH
	// for nginx on a unix socket.
	URL string
	// Dir is the temporary directory of its configuration, files and logs.
	Dir string

	cmd     *exec.Cmd
	out     *lockedBuffer
	exited  chan struct{}
	waitErr error
}

// nginxConf is the configuration of the baseline: one worker, sendfile,
// keep-alive connections kept for many requests (the Go server has no
// limit either), no compression on the fly, and everything (pid, logs,
// temporary files) in the temporary directory.
var nginxConf = template.Must(template.New("nginx.conf").Parse(`daemon off;
master_process on;
worker_processes 1;
pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/error.log warn;

events {
	worker_connections 4096;
}

http {
	access_log {{.Dir}}/access.log combined buffer=64k flush=1s;
	client_body_temp_path {{.Dir}}/tmp/client_body;
	proxy_temp_path {{.Dir}}/tmp/proxy;
	fastcgi_temp_path {{.Dir}}/tmp/fastcgi;
	uwsgi_temp_path {{.Dir}}/tmp/uwsgi;
	scgi_temp_path {{.Dir}}/tmp/scgi;

	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	server_tokens off;

	server {
		listen {{.Addr}};
{{range .Files}}
		location = {{.Path}} {
			alias {{$.Dir}}/root/{{.File}};
			default_type "{{.ContentType}}";
{{- if .ContentEncoding}}
			add_header Content-Encoding {{.ContentEncoding}};
			add_header Vary Accept-Encoding;
{{- end}}
		}
{{end}}
		location / {
			return 404;
		}
	}
}
`))

// StartNginx writes files and a configuration into a new temporary
// directory and runs nginx (the executable bin) on it in the foreground,
// listening on 127.0.0.1 only. Stop it with Stop, which also removes the
// directory.
func StartNginx(ctx context.Context, bin string, files []NginxFile) (*Nginx, error) {
	dir, err := os.MkdirTemp("", "perf-nginx-")
	if err != nil {
		return nil, err
	}
	n, err := startNginx(ctx, bin, dir, files)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return n, nil
}

func startNginx(ctx context.Context, bin, dir string, files []NginxFile) (*Nginx, error) {
	// nginx's worker may run as another user (nobody, when started as
	// root): it must be able to read the files.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	for _, d := range []string{"root", "tmp"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	type file struct {
		NginxFile
		File string
	}
	var conf struct {
		Dir, Addr string
		Files     []file
	}
	conf.Dir = dir
	var err error
	if conf.Addr, err = FreePort(); err != nil {
		return nil, err
	}
	for i, f := range files {
		if !strings.HasPrefix(f.Path, "/") || strings.ContainsAny(f.Path+f.ContentEncoding, " \t;{}\"'\\\n") || strings.ContainsAny(f.ContentType, "{}\"\\\n") {
			return nil, fmt.Errorf("nginx: bad file %q (%s, %s)", f.Path, f.ContentType, f.ContentEncoding)
		}
		name := fmt.Sprintf("file%d", i)
		if err := os.WriteFile(filepath.Join(dir, "root", name), f.Body, 0o644); err != nil {
			return nil, err
		}
		conf.Files = append(conf.Files, file{f, name})
	}
	var b bytes.Buffer
	if err := nginxConf.Execute(&b, conf); err != nil {
		return nil, err
	}
	return RunNginx(ctx, bin, dir, conf.Addr, b.String())
}

// RunNginx runs nginx (the executable bin) in the foreground on the
// configuration conf, written to dir/nginx.conf, with dir as its prefix
// and its error log in dir/error.log, and waits up to 10 seconds for it to
// accept connections on addr, a TCP address or unix:PATH (its URL is then
// unix:PATH). The benchmark's baseline and the tests' nginx (package
// browsertest) both start it here.
func RunNginx(ctx context.Context, bin, dir, addr, conf string) (*Nginx, error) {
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	url := "http://" + addr
	if strings.HasPrefix(addr, "unix:") {
		url = addr
	}
	n := &Nginx{URL: url, Dir: dir, out: &lockedBuffer{}, exited: make(chan struct{})}
	// -e: the error log before the configuration is read, which would
	// otherwise be /var/log/nginx/error.log.
	n.cmd = exec.Command(bin, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	n.cmd.Stdout, n.cmd.Stderr = n.out, n.out
	dieWithParent(n.cmd)
	if err := n.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting nginx: %w", err)
	}
	go func() {
		n.waitErr = n.cmd.Wait()
		close(n.exited)
	}()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-n.exited:
			cancel()
		case <-wctx.Done():
		}
	}()
	if err := WaitDial(wctx, addr, 10*time.Second); err != nil {
		n.stopProcess()
		return nil, fmt.Errorf("nginx did not start: %v\n%s%s", err, n.out.String(), n.ErrorLog())
	}
	return n, nil
}

// Output returns what nginx wrote to its standard output and error.
func (n *Nginx) Output() string { return n.out.String() }

// Exited reports whether the nginx process has exited.
func (n *Nginx) Exited() bool {
	select {
	case <-n.exited:
		return true
	default:
		return false
	}
}

// Kill stops nginx at once and waits for it, without removing its
// directory.
func (n *Nginx) Kill() error { return n.stopProcess() }

// ErrorLog returns nginx's error log.
func (n *Nginx) ErrorLog() string {
	b, _ := os.ReadFile(filepath.Join(n.Dir, "error.log"))
	return string(b)
}

// Stop stops nginx and removes its directory. It returns an error when
// nginx did not exit cleanly.
func (n *Nginx) Stop() error {
	err := n.stopProcess()
	if err != nil {
		err = fmt.Errorf("%w\n%s", err, n.ErrorLog())
	}
	os.RemoveAll(n.Dir)
	return err
}

func (n *Nginx) stopProcess() error {
	// SIGTERM is nginx's fast shutdown; SIGQUIT would wait for keep-alive
	// connections.
	return stopProcess("nginx", n.cmd, n.exited, &n.waitErr)
}

// NginxPath returns the nginx executable: name if it is a path or in PATH,
// or else /usr/sbin/nginx, which is not in a user's PATH on Debian.
func NginxPath(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err == nil {
		return p, nil
	}
	if name == "nginx" {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr == nil {
			return "/usr/sbin/nginx", nil
		}
	}
	return "", fmt.Errorf("no nginx (%v): install the Debian package nginx-light (make deps runs cmd/internal/browsertest/install-deps.sh)", err)
}

// NginxVersion returns the output of nginx -v, such as
// "nginx version: nginx/1.22.1".
func NginxVersion(bin string) string {
	out, err := exec.Command(bin, "-v").CombinedOutput()
	if err != nil {
		return "nginx (version unknown: " + err.Error() + ")"
	}
	return strings.TrimSpace(string(out))
}

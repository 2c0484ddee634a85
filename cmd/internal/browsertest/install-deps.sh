#!/usr/bin/env bash
# Installs what the browser tests need and a fresh machine lacks: Chromium
# (the Debian package chromium), the npm packages of package-lock.json
# (axe-core, TypeScript, React, esbuild) and Node.js, and what the benchmarks and the static-export test need: nginx
# (the Debian package nginx-light) and wrk. It does nothing when all are
# present, so it is safe to run before every test run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
	echo "install-deps: apt-get install $*"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# (a) Chromium, searched as browsertest.Chromium searches it.
have_chromium() {
	if [ -n "${CHROMIUM:-}" ]; then
		command -v "$CHROMIUM" >/dev/null 2>&1 && return 0
		echo "install-deps: CHROMIUM=$CHROMIUM is not an executable" >&2
		exit 1
	fi
	[ -x /usr/bin/chromium ] && return 0
	local name
	for name in chromium chromium-browser google-chrome; do
		command -v "$name" >/dev/null 2>&1 && return 0
	done
	return 1
}

if ! have_chromium; then
	if is_root; then
		apt_install chromium
	else
		echo "missing Debian package chromium: run 'sudo apt-get install chromium'" >&2
		exit 1
	fi
fi

# (b) nginx and wrk: the benchmarks' baselines (cmd/internal/perf), and the
# server of the static-export test (nginx). Both run their own nginx on
# 127.0.0.1: the package's service must not start (on port 80 of every
# interface), so a policy-rc.d forbids it during the install when the machine
# has none (Docker images have one).
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ "${#missing[@]}" -gt 0 ]; then
	if is_root; then
		if [ ! -e /usr/sbin/policy-rc.d ]; then
			printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
			chmod +x /usr/sbin/policy-rc.d
			trap 'rm -f /usr/sbin/policy-rc.d' EXIT
		fi
		apt_install "${missing[@]}"
	else
		echo "missing Debian packages ${missing[*]}: run 'sudo apt-get install ${missing[*]}'" >&2
		exit 1
	fi
fi

# (c) The npm packages at the versions that package-lock.json pins:
# axe-core, and TypeScript, React and esbuild for the tests of the embed's
# recipes. npm ci runs when node_modules was not installed from this very
# lock file (a copy of which it keeps as node_modules/.installed-lock.json).
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.installed-lock.json"; then
	if ! command -v npm >/dev/null 2>&1; then
		if is_root; then
			apt_install nodejs npm
		else
			echo "missing npm: run 'sudo apt-get install nodejs npm'" >&2
			exit 1
		fi
	fi
	echo "install-deps: npm ci in ${here}"
	(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	cp "$here/package-lock.json" "$here/node_modules/.installed-lock.json"
fi

# (d) Node.js: make vet runs node --check on the scripts, and the tests of
# the service worker run it in Node (they fail without it when CI is set).
if ! command -v node >/dev/null 2>&1; then
	if is_root; then
		apt_install nodejs
	else
		echo "missing Node.js: run 'sudo apt-get install nodejs'" >&2
		exit 1
	fi
fi

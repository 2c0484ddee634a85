//go:build !linux && !wasm

package server

import (
	"errors"
	"syscall"
)

// bodyFile is Linux's memory file of the fast lane's large bodies
// (sendfile_linux.go). Elsewhere the lane writes them with writev.
type bodyFile struct{}

func newBodyFile() (*bodyFile, error) { return nil, errors.New("no memory file here") }

func (f *bodyFile) add(b []byte) (int64, error) { return 0, errors.ErrUnsupported }

func (f *bodyFile) close() error { return nil }

func (f *bodyFile) sendfile(rc syscall.RawConn, head []byte, off int64, n int) (int, error) {
	return 0, errors.ErrUnsupported
}

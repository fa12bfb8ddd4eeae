//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package storage

import (
	"errors"
	"os"
	"syscall"
)

// flock takes an exclusive flock on f without waiting, and reports false
// when another open file holds it. flock, not fcntl: an fcntl lock belongs
// to the process and goes when any of its descriptors of the file closes
// (SQLite's own locks on the database are fcntl locks, on another file).
func flock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		default:
			return false, err
		}
	}
}

// Command measure runs a command and reports its wall time, CPU time (user
// plus system) and peak resident set size, read from the rusage the kernel
// returns when the child exits: what /usr/bin/time -v reports, without it.
//
//	go run ./bench/measure -- ./raqib once -config bench.yaml
//
// The report is one line on stderr, "measure: wall_s=1.234 cpu_s=2.345
// maxrss_kib=41234", after the command's own output; the exit status is the
// command's.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [--] COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintf(os.Stderr, "measure: %v\n", err)
		os.Exit(2)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "measure: no rusage on this system")
		os.Exit(2)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	// Linux reports ru_maxrss in KiB.
	fmt.Fprintf(os.Stderr, "measure: wall_s=%.3f cpu_s=%.3f maxrss_kib=%d\n", wall.Seconds(), cpu.Seconds(), ru.Maxrss)
	os.Exit(cmd.ProcessState.ExitCode())
}

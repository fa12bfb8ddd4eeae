package extract

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZCPU(t *testing.T) {
	e := newDefault(t)
	body, _ := os.ReadFile("testdata/corpus/01.txt")
	art := string(body)
	big := corpusText(t, 64<<10, true)
	for _, c := range []struct {
		name string
		text string
		n    int
	}{{"article", art, 3000}, {"64KiB", big, 150}} {
		for i := 0; i < 20; i++ {
			extractZZ(e, c.text)
		}
		start := cpuTime()
		for i := 0; i < c.n; i++ {
			extractZZ(e, c.text)
		}
		fmt.Printf("CPU %s %.1fµs\n", c.name, float64(cpuTime()-start)/float64(c.n)/1e3)
	}
}

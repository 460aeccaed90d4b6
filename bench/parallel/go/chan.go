// Buffered channel throughput between two goroutines on two Ps: the Go figure the shared channel is
// measured against (bench/parallel/run.mjs). Prints messages per second.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

func main() {
	runtime.GOMAXPROCS(2)
	n := 2000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	ch := make(chan int, 1024)
	done := make(chan int)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	go func() {
		s := 0
		for v := range ch {
			s += v
		}
		done <- s
	}()
	<-done
	fmt.Println(float64(n) / time.Since(start).Seconds())
}

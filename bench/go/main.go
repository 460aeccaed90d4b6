// The Go side of the benchmarks: the same programs as bench/cases/*.mjs, written as a Go programmer
// would. Usage: gobench <case> <n>; prints one JSON object with the case's metrics.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gobench <case> <n>")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var out map[string]float64
	switch os.Args[1] {
	case "pingpong":
		out = pingpong(n)
	case "buffered":
		out = buffered(n)
	case "goroutines":
		out = goroutines(n)
	case "mutex":
		out = mutex(n)
	case "select":
		out = selectThree(n)
	default:
		fmt.Fprintln(os.Stderr, "unknown case", os.Args[1])
		os.Exit(2)
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

func perSecond(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

func pingpong(n int) map[string]float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	d := time.Since(start)
	close(ping)
	<-pong
	return map[string]float64{"rate": perSecond(n, d)}
}

func buffered(n int) map[string]float64 {
	ch := make(chan int, 1024)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	d := time.Since(start)
	if sum != n*(n-1)/2 {
		panic("lost messages")
	}
	return map[string]float64{"rate": perSecond(n, d)}
}

// rss reads the resident set size from /proc, as Node's process.memoryUsage().rss does.
func rss() float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		panic(err)
	}
	pages, err := strconv.Atoi(strings.Fields(string(b))[1])
	if err != nil {
		panic(err)
	}
	return float64(pages * os.Getpagesize())
}

func goroutines(n int) map[string]float64 {
	release := make(chan struct{})
	var wg sync.WaitGroup
	runtime.GC()
	rss0 := rss()
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-release
		}()
	}
	spawn := time.Since(start)
	runtime.GC()
	rss1 := rss()
	start = time.Now()
	close(release)
	wg.Wait()
	return map[string]float64{
		"bytesPerGoroutine": (rss1 - rss0) / float64(n),
		"totalMs":           float64((spawn + time.Since(start)).Microseconds()) / 1000,
	}
}

func mutex(n int) map[string]float64 {
	var mu sync.Mutex
	guarded := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		mu.Lock()
		guarded++
		mu.Unlock()
	}
	d := time.Since(start)
	if guarded != n {
		panic("lost updates")
	}
	return map[string]float64{"rate": perSecond(n, d)}
}

func selectThree(n int) map[string]float64 {
	a, b, c := make(chan int), make(chan int), make(chan int)
	for _, ch := range []chan int{a, b, c} {
		go func(ch chan int) {
			for i := 0; i < n/3; i++ {
				ch <- 1
			}
		}(ch)
	}
	sum := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		select {
		case v := <-a:
			sum += v
		case v := <-b:
			sum += v
		case v := <-c:
			sum += v
		}
	}
	d := time.Since(start)
	if sum != n {
		panic("lost messages")
	}
	return map[string]float64{"rate": perSecond(n, d)}
}

// Package benchloop is what the two Go clients of the benchmark share: the
// environment they are configured by, the timed loop over goroutines and
// the result line the harness reads (see bench/README.md).
package benchloop

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Query is the GraphQL query every client sends.
const Query = "{ network { devices { ip } } }"

// Env is the environment variable name, or fallback when it is unset.
func Env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	if fallback == "" {
		fmt.Fprintf(os.Stderr, "bench: %s is not set\n", name)
		os.Exit(2)
	}
	return fallback
}

func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return fallback
}

// Run is one run's shape: BENCH_THREADS goroutines (and GOMAXPROCS), each
// making BENCH_WARMUP untimed calls, then its share of BENCH_CALLS.
type Run struct {
	Threads, CallsPerThread, Warmup int
	latencies                       []time.Duration
	cpu                             time.Duration // the process's CPU time in the timed loop
}

// cpuTime is the process's CPU time so far, all threads.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// FromEnv reads the run's shape and sets GOMAXPROCS to the thread count,
// plus BENCH_SPARE_PROCS (see bench/README.md: a P no goroutine holds keeps
// the runtime from taking back the P of a goroutine blocked in C).
func FromEnv() *Run {
	r := &Run{Threads: envInt("BENCH_THREADS", 1), Warmup: envInt("BENCH_WARMUP", 0)}
	if r.Threads < 1 {
		r.Threads = 1
	}
	r.CallsPerThread = envInt("BENCH_CALLS", 1000) / r.Threads
	r.latencies = make([]time.Duration, r.Threads*r.CallsPerThread)
	runtime.GOMAXPROCS(r.Threads + envInt("BENCH_SPARE_PROCS", 0))
	return r
}

// Loop runs call on every goroutine (warm-up, then all start together) and
// returns how many timed calls succeeded (0 when a warm-up call failed) and
// the timed loop's wall time.
func (r *Run) Loop(call func() error) (int, time.Duration) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ok := make([]int, r.Threads)
	failed := make([]error, r.Threads)
	ready.Add(r.Threads)
	done.Add(r.Threads)
	for t := 0; t < r.Threads; t++ {
		go func(t int) {
			defer done.Done()
			for i := 0; i < r.Warmup; i++ {
				if err := call(); err != nil && failed[t] == nil {
					failed[t] = err
				}
			}
			ready.Done()
			<-start
			lat := r.latencies[t*r.CallsPerThread : (t+1)*r.CallsPerThread]
			for i := range lat {
				begin := time.Now()
				err := call()
				lat[i] = time.Since(begin)
				if err == nil {
					ok[t]++
				} else if failed[t] == nil {
					failed[t] = err
				}
			}
		}(t)
	}
	ready.Wait()
	begin, cpu := time.Now(), cpuTime()
	close(start)
	done.Wait()
	elapsed := time.Since(begin)
	r.cpu = cpuTime() - cpu
	total := 0
	for t := range ok {
		total += ok[t]
		if failed[t] != nil {
			fmt.Fprintln(os.Stderr, "bench: call failed:", failed[t])
		}
	}
	return total, elapsed
}

// Report writes the latencies and the result line and exits: 0 only when
// every timed call succeeded.
func (r *Run) Report(ok int, loop, cold time.Duration) {
	if path := os.Getenv("BENCH_LAT_FILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		w := bufio.NewWriter(f)
		for _, d := range r.latencies {
			fmt.Fprintln(w, d.Nanoseconds())
		}
		w.Flush()
		f.Close()
	}
	fmt.Printf("BENCH calls=%d seconds=%.6f cold_ms=%.3f cpu_s=%.6f\n", ok, loop.Seconds(),
		float64(cold.Nanoseconds())/1e6, r.cpu.Seconds())
	if ok != len(r.latencies) {
		os.Exit(1)
	}
	os.Exit(0)
}

// Fail reports an error before the loop and exits.
func Fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "bench: %s: %v\n", what, err)
	os.Exit(1)
}

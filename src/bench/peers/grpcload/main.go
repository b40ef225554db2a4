// grpcload: a closed-loop gRPC load for peers.sh, one generator for every server. It sends the same
// serialized request (a ModelInferRequest made and checked by check_grpc.py) on every call and
// counts an answer as wrong unless it is byte for byte the answer that script verified against
// LightGBM, so a wrong number is an error, as with wrk and load.lua over REST. Messages stay bytes
// (a pass-through codec): no code is generated from the proto.
//
//	grpcload -addr 127.0.0.1:18501 -request R -expect A [-method M] [-c 64] [-connections 4] [-d 20s]
//
// Prints wrk's figure lines, which peers.sh reads: Requests/sec, 50% and 99% latency, wrong, errors.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
)

// bytesCodec sends and receives messages as they are on the wire.
type bytesCodec struct{}

func (bytesCodec) Marshal(v any) ([]byte, error) { return *v.(*[]byte), nil }
func (bytesCodec) Unmarshal(data []byte, v any) error {
	*v.(*[]byte) = append((*v.(*[]byte))[:0], data...)
	return nil
}
func (bytesCodec) Name() string { return "proto" }

var _ encoding.Codec = bytesCodec{}

type result struct {
	latencies     []time.Duration
	wrong, errors int
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18501", "host:port of the gRPC server")
	method := flag.String("method", "/inference.GRPCInferenceService/ModelInfer", "full method name")
	requestFile := flag.String("request", "", "the serialized request")
	expectFile := flag.String("expect", "", "the verified answer's bytes")
	calls := flag.Int("c", 64, "calls in flight")
	connections := flag.Int("connections", 4, "HTTP/2 connections the calls share")
	duration := flag.Duration("d", 20*time.Second, "how long to load")
	flag.Parse()
	request, err := os.ReadFile(*requestFile)
	check(err)
	expected, err := os.ReadFile(*expectFile)
	check(err)

	conns := make([]*grpc.ClientConn, *connections)
	for i := range conns {
		conns[i], err = grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.ForceCodec(bytesCodec{}), grpc.MaxCallRecvMsgSize(64<<20)))
		check(err)
		defer conns[i].Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	results := make([]result, *calls)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range results {
		wg.Add(1)
		go func(r *result, conn *grpc.ClientConn) {
			defer wg.Done()
			var answer []byte
			for ctx.Err() == nil {
				began := time.Now()
				callCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
				err := conn.Invoke(callCtx, *method, &request, &answer)
				done()
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run
				}
				r.latencies = append(r.latencies, time.Since(began))
				if err != nil {
					r.errors++
				} else if !bytes.Equal(answer, expected) {
					r.wrong++
				}
			}
		}(&results[i], conns[i%len(conns)])
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	wrong, errors := 0, 0
	for _, r := range results {
		all = append(all, r.latencies...)
		wrong += r.wrong
		errors += r.errors
	}
	slices.Sort(all)
	fmt.Printf("%d calls in %.2fs\n", len(all), elapsed.Seconds())
	fmt.Printf("     50%%   %.3fms\n", millis(percentile(all, 0.50)))
	fmt.Printf("     99%%   %.3fms\n", millis(percentile(all, 0.99)))
	fmt.Printf("Requests/sec: %.2f\n", float64(len(all))/elapsed.Seconds())
	fmt.Printf("wrong %d\n", wrong)
	fmt.Printf("errors %d\n", errors)
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "grpcload:", err)
		os.Exit(1)
	}
}

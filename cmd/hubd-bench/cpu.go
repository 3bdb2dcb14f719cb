package main

import (
	"time"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// cpuSample is the CPU time (user + system) used so far by the three parties that share the
// machine during a load: hubd-bench itself (the load generator), hubd, and PostgreSQL (see
// harness.PostgresCPU: exact however backends come and go).
type cpuSample struct {
	at                  time.Time
	bench, hubd, postgr time.Duration
	machine             time.Duration // every process's, from /proc/stat
}

// cpuShare is what each party used during a load, per request and in cores.
type cpuShare struct {
	HubdMsPerReq     float64 `json:"hubdMsPerReq"`
	BenchMsPerReq    float64 `json:"loadGeneratorMsPerReq"`
	PostgresMsPerReq float64 `json:"postgresMsPerReq"`
	HubdCores        float64 `json:"hubdCores"`
	BenchCores       float64 `json:"loadGeneratorCores"`
	PostgresCores    float64 `json:"postgresCores"`
	// OtherCores is what the rest of the machine used meanwhile: noise when it is not near 0.
	OtherCores float64 `json:"otherCores"`
}

// cpuNow samples the three parties. A party it cannot read counts as zero.
func (b *bench) cpuNow() cpuSample {
	s := cpuSample{at: time.Now()}
	s.bench = harness.SelfCPU()
	if b.serve != nil {
		s.hubd = harness.ProcessCPU(b.serve.PID())
	}
	s.postgr = harness.PostgresCPU(b.pgPID)
	s.machine = harness.MachineBusy()
	return s
}

// share is the use between two samples, divided over n requests (or transactions).
func share(from, to cpuSample, n int) cpuShare {
	wall := to.at.Sub(from.at).Seconds()
	per := func(d time.Duration) float64 {
		if n == 0 {
			return 0
		}
		return round2(float64(d) / 1e6 / float64(n))
	}
	cores := func(d time.Duration) float64 { return round2(d.Seconds() / wall) }
	h, bn, p := to.hubd-from.hubd, to.bench-from.bench, to.postgr-from.postgr
	other := max(0, to.machine-from.machine-h-bn-p)
	return cpuShare{HubdMsPerReq: per(h), BenchMsPerReq: per(bn), PostgresMsPerReq: per(p),
		HubdCores: cores(h), BenchCores: cores(bn), PostgresCores: cores(p), OtherCores: cores(other)}
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

package main

import (
	"time"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// cpuSnapshot is the CPU time (user + system) used so far by the parties sharing the machine.
type cpuSnapshot struct {
	at                   time.Time
	soak, hubd, postgres time.Duration
	busy                 time.Duration // every process's, from /proc/stat
}

// cpuUse is what each party used during the load, in cores (1.0 is one core all the time).
// Other is the rest of the machine: when it is not near 0, the figures share the cores with
// work that is not the soak's.
type cpuUse struct {
	Soak     float64 `json:"loadGeneratorCores"`
	Hubd     float64 `json:"hubdCores"`
	Postgres float64 `json:"postgresCores"`
	Other    float64 `json:"otherCores"`
	Idle     float64 `json:"idleCores"`
}

// takeCPU snapshots this process, hubd and PostgreSQL (see harness.PostgresCPU: exact
// however backends come and go). What cannot be read counts as zero.
func takeCPU(hubdPID, postmasterPID int) cpuSnapshot {
	return cpuSnapshot{at: time.Now(), busy: harness.MachineBusy(), soak: harness.SelfCPU(),
		hubd: harness.ProcessCPU(hubdPID), postgres: harness.PostgresCPU(postmasterPID)}
}

// use is the CPU used between two snapshots, over cores cores.
func use(from, to cpuSnapshot, cores int) cpuUse {
	wall := to.at.Sub(from.at).Seconds()
	if wall <= 0 {
		return cpuUse{}
	}
	c := func(d time.Duration) float64 { return round(d.Seconds()/wall, 2) }
	soak, hubd, pg, busy := to.soak-from.soak, to.hubd-from.hubd, to.postgres-from.postgres, to.busy-from.busy
	return cpuUse{Soak: c(soak), Hubd: c(hubd), Postgres: c(pg), Other: c(max(0, busy-soak-hubd-pg)),
		Idle: max(0, round(float64(cores)-busy.Seconds()/wall, 2))}
}

package postgres

import (
	"context"
	"fmt"
)

// rekeyNames runs RekeyHubNames on a connection of its own and logs what it did: how many keys
// it rewrote, and each conflict with both hubs' ids and names, so `hubd migrate up` and the log
// of `hubd serve` name what an operator has to resolve.
func (m *Migrator) rekeyNames() error {
	db, err := OpenLazy(m.dsn, PoolConfig{MaxOpenConns: 2}) // the lock's connection and the work's
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := RekeyHubNames(context.Background(), db)
	if err != nil {
		return fmt.Errorf("re-key hub names: %w", err)
	}
	if rep.Waited {
		m.log.Info("another process re-keyed the hub names meanwhile; this one waited for it")
		return nil
	}
	if rep.UpToDate {
		return nil
	}
	for _, c := range rep.Conflicts {
		m.log.Warn("hub name key conflict: the hub keeps its old name key until one of the two is renamed or deleted",
			"hub_id", c.HubID.String(), "hub_name", c.HubName,
			"holder_id", c.HolderID.String(), "holder_name", c.HolderName)
	}
	if rep.Rewritten > 0 || len(rep.Conflicts) > 0 {
		m.log.Info("re-keyed hub names", "scanned", rep.Scanned, "rewritten", rep.Rewritten,
			"conflicts", len(rep.Conflicts))
	}
	return nil
}

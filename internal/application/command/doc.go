// Package command holds the use cases that change hubs, one file each. Every use case checks the
// caller's rights, runs the change through hub.Repository.Update (so a failure writes nothing)
// and records the caller and the time in the hub's audit fields. They return the hub as stored.
package command

import (
	"errors"
	"time"

	"github.com/hubd/hubd/internal/domain/hub"
)

// Clock tells the time; tests pin it.
type Clock func() time.Time

// deps are what every command handler needs.
type deps struct {
	repo hub.Repository
	now  Clock
}

func newDeps(repo hub.Repository, now Clock) (deps, error) {
	if repo == nil || now == nil {
		return deps{}, errors.New("command: a repository and a clock are required")
	}
	return deps{repo: repo, now: now}, nil
}

// expect turns an optional If-Match version into repository options.
func expect(version int64) []hub.UpdateOption {
	if version == 0 {
		return nil
	}
	return []hub.UpdateOption{hub.ExpectVersion(version)}
}

package command_test

import (
	"testing"

	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// storedCount is how many hubs match cond in the database, read behind the commands' back.
func storedCount(t *testing.T, e *apptest.Env, cond hub.SearchCondition) int {
	t.Helper()
	page, err := e.Repo.Search(ctx, cond, apptest.Pageable(t, 0, 100))
	if err != nil {
		t.Fatalf("search %+v: %v", cond, err)
	}
	return len(page.Content)
}

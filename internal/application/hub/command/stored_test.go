package command_test

import (
	"testing"

	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// storedCount is how many hubs match cond in the database, read behind the commands' back.
func storedCount(t *testing.T, e *apptest.Env, cond hub.SearchCondition) int {
	t.Helper()
	p, err := paging.NewPageable(0, 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	page, err := e.Repo.Search(ctx, cond, p)
	if err != nil {
		t.Fatalf("search %+v: %v", cond, err)
	}
	return len(page.Content)
}

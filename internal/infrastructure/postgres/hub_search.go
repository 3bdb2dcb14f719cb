package postgres

import (
	"fmt"
	"strings"

	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres" // registers the "postgres" dialect
	"github.com/doug-martin/goqu/v9/exp"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// dialect renders $n placeholders; every dataset is Prepared, so no value is ever interpolated.
var dialect = goqu.Dialect("postgres")

// hubSortColumns is the whitelist of sortable properties. hubName sorts by the stored
// case-folded name in byte order, the same key its unique index and prefix search use.
var hubSortColumns = map[string]exp.IdentifierExpression{
	hub.SortByName:      goqu.C("name_key"),
	hub.SortByCreatedAt: goqu.C("created_at"),
	hub.SortByUpdatedAt: goqu.C("updated_at"),
}

// hubSearch is the filtered dataset of a condition, selecting every hub column and not yet
// ordered or limited: the common trunk of the content and the count query.
func hubSearch(cond hub.SearchCondition) *goqu.SelectDataset {
	cols := make([]any, len(hubColumnNames))
	for i, c := range hubColumnNames {
		cols[i] = goqu.C(c)
	}
	return dialect.From("hubs").Prepared(true).Select(cols...).Where(hubWhere(cond)...)
}

func hubWhere(cond hub.SearchCondition) []exp.Expression {
	// NOT is_deleted, not goqu's IS FALSE: only the former matches the partial indexes' predicate.
	where := []exp.Expression{goqu.L("NOT is_deleted")}
	if cond.Deleted {
		where[0] = goqu.L("is_deleted")
	}
	if cond.HubID != nil {
		where = append(where, goqu.C("hub_id").Eq(cond.HubID.String()))
	}
	if cond.NamePrefix != "" {
		// lower() on both sides, so PostgreSQL alone decides what "ignoring case" means.
		pattern := goqu.Func("lower", escapeLike(cond.NamePrefix)+"%")
		where = append(where, goqu.C("name_key").Like(pattern))
	}
	if cond.ManagerID != nil {
		where = append(where, goqu.C("hub_manager_id").Eq(cond.ManagerID.String()))
	}
	return where
}

// hubOrder maps a sort onto whitelisted columns and appends hub_id, in the direction of the last
// order, as the tie-breaker that makes the order total.
func hubOrder(sort paging.Sort) ([]exp.OrderedExpression, error) {
	order := make([]exp.OrderedExpression, 0, len(sort)+1)
	last := paging.Asc
	for _, o := range sort {
		col, ok := hubSortColumns[o.Property]
		if !ok {
			return nil, fmt.Errorf("%w: cannot sort by %q", paging.ErrInvalidPageable, o.Property)
		}
		order = append(order, ordered(col, o.Direction))
		last = o.Direction
	}
	return append(order, ordered(goqu.C("hub_id"), last)), nil
}

func ordered(col exp.IdentifierExpression, d paging.Direction) exp.OrderedExpression {
	if d == paging.Desc {
		return col.Desc()
	}
	return col.Asc()
}

// likeEscaper makes \, % and _ literal in a LIKE pattern (backslash is LIKE's default escape).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

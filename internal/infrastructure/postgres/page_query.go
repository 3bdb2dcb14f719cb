package postgres

import (
	"context"
	"fmt"

	"github.com/doug-martin/goqu/v9"
	"github.com/doug-martin/goqu/v9/exp"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/paging"
)

// queryPage is the reusable half of every paged search, for any aggregate: it branches one
// filtered dataset into a content query (order, limit, offset) and a count query (COUNT(*), no
// order) and lets paging.Of decide whether the count has to run at all. Row is the scanned row
// type, T the entity that toEntity makes of it.
func queryPage[Row, T any](ctx context.Context, q sqlx.QueryerContext, filtered *goqu.SelectDataset,
	order []exp.OrderedExpression, p paging.Pageable, toEntity func(*Row) (T, error),
) (paging.Page[T], error) {
	content := filtered.Order(order...).Limit(uint(p.Size)).Offset(uint(p.Offset()))
	items, err := queryAll(ctx, q, content, toEntity)
	if err != nil {
		return paging.Page[T]{}, err
	}
	count := func(ctx context.Context) (int64, error) {
		query, args, err := filtered.Select(goqu.COUNT(goqu.Star())).ToSQL()
		if err != nil {
			return 0, fmt.Errorf("build count query: %w", err)
		}
		var n int64
		if err := sqlx.GetContext(ctx, q, &n, query, args...); err != nil {
			return 0, fmt.Errorf("count: %w", mapError(err))
		}
		return n, nil
	}
	return paging.Of(ctx, items, p, count)
}

// queryAll runs a dataset and maps every row.
func queryAll[Row, T any](ctx context.Context, q sqlx.QueryerContext, ds *goqu.SelectDataset, toEntity func(*Row) (T, error)) ([]T, error) {
	query, args, err := ds.ToSQL()
	if err != nil {
		return nil, fmt.Errorf("build query: %w", err)
	}
	var rows []Row
	if err := sqlx.SelectContext(ctx, q, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("query: %w", mapError(err))
	}
	out := make([]T, len(rows))
	for i := range rows {
		if out[i], err = toEntity(&rows[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

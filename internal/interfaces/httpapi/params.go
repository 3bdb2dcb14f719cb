package httpapi

import (
	"errors"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// Names of the search parameters.
const (
	paramHubID     = "hubId"
	paramHubName   = "hubName"
	paramManagerID = "hubManagerId"
	paramIsDeleted = "isDeleted"
	paramPage      = "page"
	paramSize      = "size"
	paramSort      = "sort"
	paramQ         = "q"
	paramCount     = "count"
	paramCursor    = "cursor"
)

// maxPage keeps offsets inside what PostgreSQL and int64 hold with room to spare; a page that far
// is past the end of any real result and still answers 200 with the true totals.
const maxPage = 1<<31 - 1

// searchParams is a parsed, checked search request; cursor is the raw cursor parameter, which
// the handler decodes once it knows the fingerprint of the search.
type searchParams struct {
	cond     hub.SearchCondition
	pageable paging.Pageable
	cursor   string
}

// managerMe is the hubManagerId value that stands for the caller's own sub.
const managerMe = "me"

// parseSearch reads the query string strictly: an unknown parameter, a repeated one (but sort)
// or a bad value is a 400 that names its parameter. self is the caller's sub, which
// hubManagerId=me stands for.
func parseSearch(rawQuery string, self uuid.UUID) (searchParams, error) {
	q, err := strictQuery(rawQuery, searchQuery)
	if err != nil {
		return searchParams{}, err
	}
	var sp searchParams
	if sp.cond.HubID, err = optionalUUID(q, paramHubID); err != nil {
		return sp, err
	}
	if q.Get(paramManagerID) == managerMe {
		if self == uuid.Nil {
			return sp, badParam(paramManagerID, "is me, but the caller's token names no subject")
		}
		sp.cond.ManagerID = &self
	} else if sp.cond.ManagerID, err = optionalUUID(q, paramManagerID); err != nil {
		return sp, badParam(paramManagerID, "must be a UUID or me")
	}
	sp.cond.NamePrefix, sp.cond.NameContains = q.Get(paramHubName), q.Get(paramQ)
	// The condition's own rules (encoding, length, not only ignorable characters), each
	// reported against the parameter it names.
	var invalid *hub.ValidationError
	if err := sp.cond.Validate(); errors.As(err, &invalid) && len(invalid.Fields) > 0 {
		return sp, badParam(invalid.Fields[0].Field, invalid.Fields[0].Message)
	} else if err != nil {
		return sp, err
	}
	switch q.Get(paramIsDeleted) {
	case "", "false":
	case "true":
		sp.cond.Deleted = true
	default:
		return sp, badParam(paramIsDeleted, "must be true or false")
	}
	page, err := intParam(q, paramPage, 0, 0, maxPage)
	if err != nil {
		return sp, err
	}
	size, err := intParam(q, paramSize, paging.DefaultSize, 1, paging.MaxSize)
	if err != nil {
		return sp, err
	}
	sort, err := parseSort(q[paramSort])
	if err != nil {
		return sp, err
	}
	if sp.pageable, err = paging.NewPageable(page, size, sort); err != nil {
		return sp, err
	}
	if sp.pageable.Count, err = parseCount(q.Get(paramCount)); err != nil {
		return sp, err
	}
	if sp.cursor = q.Get(paramCursor); sp.cursor != "" && q.Has(paramPage) {
		return sp, badParam(paramCursor, "cannot be combined with page")
	}
	return sp, nil
}

func parseCount(s string) (paging.CountMode, error) {
	switch s {
	case "", "exact":
		return paging.CountExact, nil
	case "estimated":
		return paging.CountEstimated, nil
	case "none":
		return paging.CountNone, nil
	}
	return 0, badParam(paramCount, "must be exact, estimated or none")
}

func optionalUUID(q url.Values, name string) (*uuid.UUID, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	id, ok := parseUUID(s)
	if !ok {
		return nil, badParam(name, "must be a UUID")
	}
	return &id, nil
}

func intParam(q url.Values, name string, def, minV, maxV int) (int, error) {
	return intParamValue(q.Get(name), name, def, minV, maxV)
}

// parseSort reads sort=field or sort=field,asc|desc, repeatable, each field at most once.
func parseSort(values []string) (paging.Sort, error) {
	var sort paging.Sort
	seen := map[string]bool{}
	for _, v := range values {
		field, dir, hasDir := strings.Cut(v, ",")
		if !isSortable(field) {
			return nil, badParam(paramSort, "must name one of hubName, createdAt, updatedAt, optionally followed by ,asc or ,desc")
		}
		if seen[field] {
			return nil, badParam(paramSort, "names "+field+" more than once")
		}
		seen[field] = true
		o := paging.Order{Property: field}
		switch {
		case !hasDir || strings.EqualFold(dir, "asc"):
		case strings.EqualFold(dir, "desc"):
			o.Direction = paging.Desc
		default:
			return nil, badParam(paramSort, "direction must be asc or desc")
		}
		sort = append(sort, o)
	}
	return sort, nil
}

func isSortable(field string) bool {
	for _, p := range hub.SortableProperties {
		if p == field {
			return true
		}
	}
	return false
}

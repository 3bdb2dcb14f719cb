package httpapi

import (
	"errors"
	"net/url"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
)

// managerMe is the value of a manager filter that stands for the caller's own sub.
const managerMe = "me"

// ManagerFilter reads a manager filter (hubManagerId, companyManagerId): absent is nil, "me" the
// caller's sub self (a 400 when the token names no subject), else it must be a UUID.
func ManagerFilter(q url.Values, name string, self uuid.UUID) (*uuid.UUID, error) {
	if q.Get(name) == managerMe {
		if self == uuid.Nil {
			return nil, BadParam(name, "is me, but the caller's token names no subject")
		}
		return &self, nil
	}
	id, err := OptionalUUID(q, name)
	if err != nil {
		return nil, BadParam(name, "must be a UUID or me")
	}
	return id, nil
}

// ConditionError reports a search condition's own rules (encoding, length, not only ignorable
// characters) as the 400 of the parameter the first of them names; other errors pass as they
// are, nil as nil.
func ConditionError(err error) error {
	var invalid *kernel.ValidationError
	if errors.As(err, &invalid) && len(invalid.Fields) > 0 {
		return BadParam(invalid.Fields[0].Field, invalid.Fields[0].Message)
	}
	return err
}

// UUIDFilter is an optional UUID filter of a search and the condition's field it is read into.
type UUIDFilter struct {
	Name string
	Into **uuid.UUID
}

// ReadUUIDFilters reads each filter in turn (OptionalUUID); the first bad one is its 400.
func ReadUUIDFilters(q url.Values, filters ...UUIDFilter) error {
	for _, f := range filters {
		id, err := OptionalUUID(q, f.Name)
		if err != nil {
			return err
		}
		*f.Into = id
	}
	return nil
}

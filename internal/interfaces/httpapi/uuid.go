package httpapi

import "github.com/google/uuid"

// ParseUUID accepts only the canonical 36-character form; uuid.Parse would also take URNs,
// braces and bare hex, which the contract does not promise.
func ParseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

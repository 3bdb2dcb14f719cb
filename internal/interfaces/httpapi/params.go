package httpapi

import (
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// UUIDParam reads the path parameter name as a canonical UUID (ParseUUID); anything else is the
// contract's 400 that names the parameter.
func UUIDParam(c echo.Context, name string) (uuid.UUID, error) {
	id, ok := ParseUUID(c.Param(name))
	if !ok {
		return uuid.Nil, BadParam(name, "must be a UUID")
	}
	return id, nil
}

// IfMatch is the version the request's If-Match expects (IfMatchVersion): 0 for none.
func IfMatch(c echo.Context) int64 { return IfMatchVersion(c.Request().Header.Get("If-Match")) }

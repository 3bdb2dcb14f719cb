package httpapi_test

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"
)

// shipperJSON is the contract's shipper as a client reads it.
type shipperJSON struct {
	ShipperID   uuid.UUID  `json:"shipperId"`
	HubID       uuid.UUID  `json:"hubId"`
	ShipperType string     `json:"shipperType"`
	IsDeleted   bool       `json:"isDeleted"`
	Version     int64      `json:"version"`
	DeletedBy   *uuid.UUID `json:"deletedBy"`
}

func shipperBody(id, hubID uuid.UUID, ty string) string {
	return fmt.Sprintf(`{"shipperId":"%s","hubId":"%s","shipperType":"%s"}`, id, hubID, ty)
}

// createShipper registers the user id as a shipper as MASTER and returns it.
func (en *env) createShipper(id, hubID uuid.UUID, ty string) shipperJSON {
	en.t.Helper()
	return asMaster[shipperJSON](en, http.StatusCreated, "POST", "/api/v1/shippers", shipperBody(id, hubID, ty))
}

// assignmentJSON is the rotation's answer.
type assignmentJSON struct {
	Shipper    shipperJSON `json:"shipper"`
	AssignedAt string      `json:"assignedAt"`
}

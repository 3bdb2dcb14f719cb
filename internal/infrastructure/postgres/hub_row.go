package postgres

import (
	"database/sql"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
)

// hubColumnNames are the stored columns of a hub, in one place for the hand-written SQL and
// the goqu builder alike.
var hubColumnNames = []string{
	"hub_id", "hub_name", "hub_manager_id", "zip_code", "address1", "address2",
	"latitude", "longitude", "is_deleted", "version",
	"created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by",
}

var hubColumns = strings.Join(hubColumnNames, ", ")

// hubRow is a row of the hubs table. It is not the entity: toHub and rowOf map between them.
type hubRow struct {
	HubID     uuid.UUID       `db:"hub_id"`
	HubName   string          `db:"hub_name"`
	ManagerID uuid.NullUUID   `db:"hub_manager_id"`
	ZipCode   string          `db:"zip_code"`
	Address1  string          `db:"address1"`
	Address2  string          `db:"address2"`
	Latitude  sql.NullFloat64 `db:"latitude"`
	Longitude sql.NullFloat64 `db:"longitude"`
	IsDeleted bool            `db:"is_deleted"`
	Version   int64           `db:"version"`
	CreatedAt time.Time       `db:"created_at"`
	CreatedBy uuid.UUID       `db:"created_by"`
	UpdatedAt time.Time       `db:"updated_at"`
	UpdatedBy uuid.UUID       `db:"updated_by"`
	DeletedAt sql.NullTime    `db:"deleted_at"`
	DeletedBy uuid.NullUUID   `db:"deleted_by"`
	NameKey   string          `db:"name_key"` // read by searches only, for hubName cursors
}

func rowOf(h *hub.Hub) hubRow {
	s := h.Snapshot()
	r := hubRow{
		HubID: s.ID, HubName: s.Details.Name,
		ZipCode: s.Details.Address.ZipCode, Address1: s.Details.Address.Address1,
		Address2: s.Details.Address.Address2, IsDeleted: s.Deleted, Version: s.Version,
		CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy,
	}
	if s.Details.ManagerID != nil {
		r.ManagerID = uuid.NullUUID{UUID: *s.Details.ManagerID, Valid: true}
	}
	if loc := s.Details.Location; loc != nil {
		r.Latitude = sql.NullFloat64{Float64: loc.Latitude, Valid: true}
		r.Longitude = sql.NullFloat64{Float64: loc.Longitude, Valid: true}
	}
	if s.DeletedAt != nil {
		r.DeletedAt = sql.NullTime{Time: *s.DeletedAt, Valid: true}
	}
	if s.DeletedBy != nil {
		r.DeletedBy = uuid.NullUUID{UUID: *s.DeletedBy, Valid: true}
	}
	return r
}

func (r *hubRow) toHub() (*hub.Hub, error) {
	s := hub.Snapshot{
		ID: r.HubID,
		Details: hub.Details{
			Name:    r.HubName,
			Address: hub.Address{ZipCode: r.ZipCode, Address1: r.Address1, Address2: r.Address2},
		},
		Deleted: r.IsDeleted, Version: r.Version,
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy,
	}
	if r.ManagerID.Valid {
		id := r.ManagerID.UUID
		s.Details.ManagerID = &id
	}
	if r.Latitude.Valid && r.Longitude.Valid {
		s.Details.Location = &hub.Location{Latitude: r.Latitude.Float64, Longitude: r.Longitude.Float64}
	}
	if r.DeletedAt.Valid {
		t := r.DeletedAt.Time
		s.DeletedAt = &t
	}
	if r.DeletedBy.Valid {
		id := r.DeletedBy.UUID
		s.DeletedBy = &id
	}
	return hub.UnmarshalFromDatabase(s)
}

package hubstore

import (
	"strings"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// hubColumnNames are the stored columns of a hub, in one place for the hand-written SQL and
// the goqu builder alike.
var hubColumnNames = []string{
	"hub_id", "hub_name", "hub_manager_id", "zip_code", "address1", "address2",
	"latitude", "longitude", "is_deleted", "version",
	"created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by",
}

var hubColumns = strings.Join(hubColumnNames, ", ")

// hubWriteColumnNames are the columns a write sets: the stored columns and name_key, which hubd
// computes (names.Key) since PostgreSQL cannot.
var hubWriteColumnNames = append(append([]string{}, hubColumnNames...), "name_key")

// hubRow is a row of the hubs table. It is not the entity (rowOf and snapshot map between
// them), and no public format: events carry query.HubState.
type hubRow struct {
	HubID     uuid.UUID  `db:"hub_id"`
	HubName   string     `db:"hub_name"`
	ManagerID *uuid.UUID `db:"hub_manager_id"`
	ZipCode   string     `db:"zip_code"`
	Address1  string     `db:"address1"`
	Address2  string     `db:"address2"`
	Latitude  *float64   `db:"latitude"`
	Longitude *float64   `db:"longitude"`
	postgres.AuditRow
	NameKey string `db:"name_key"` // names.Key(HubName); read by searches for hubName cursors
}

func rowOf(s hub.Snapshot) hubRow {
	r := hubRow{
		HubID: s.ID, HubName: s.Details.Name, ManagerID: s.Details.ManagerID,
		ZipCode: s.Details.Address.ZipCode, Address1: s.Details.Address.Address1,
		Address2: s.Details.Address.Address2, AuditRow: postgres.AuditRowOf(s.Fields), NameKey: names.Key(s.Details.Name),
	}
	if loc := s.Details.Location; loc != nil {
		r.Latitude, r.Longitude = &loc.Latitude, &loc.Longitude
	}
	return r
}

func (r *hubRow) snapshot() hub.Snapshot {
	s := hub.Snapshot{
		ID: r.HubID,
		Details: hub.Details{
			Name: r.HubName, ManagerID: r.ManagerID,
			Address: hub.Address{ZipCode: r.ZipCode, Address1: r.Address1, Address2: r.Address2},
		},
		Fields: r.Fields(),
	}
	if r.Latitude != nil && r.Longitude != nil {
		s.Details.Location = &hub.Location{Latitude: *r.Latitude, Longitude: *r.Longitude}
	}
	return s
}

func (r *hubRow) toHub() (*hub.Hub, error) { return hub.UnmarshalFromDatabase(r.snapshot()) }

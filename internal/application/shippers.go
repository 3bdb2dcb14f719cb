package application

import (
	"errors"

	shippercommand "github.com/hubd/hubd/internal/application/shipper/command"
	shipperquery "github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// Shippers are the shipper's use cases (issue 12): four commands, the rotation, two queries.
type Shippers struct {
	Create  shippercommand.CreateShipperHandler
	Update  shippercommand.UpdateShipperHandler // PUT and PATCH
	Delete  shippercommand.DeleteShipperHandler
	Restore shippercommand.RestoreShipperHandler
	Assign  shippercommand.AssignShipperHandler
	Get     shipperquery.GetShipperHandler
	Search  shipperquery.SearchShippersHandler
}

// ShipperViews are the read models of the shipper queries.
type ShipperViews interface {
	shipperquery.ShipperViewReader
	shipperquery.ShipperViewSearcher
}

// ShipperStorage is the shipper's part of Storage: its repository, rotation, read models and
// the hubs as its commands hold them.
type ShipperStorage struct {
	Shippers     shipper.Repository
	ShipperViews ShipperViews
	Rotation     shipper.Rotation
	ShipperHubs  shippercommand.HubHolder
}

// newShippers wires the shipper's use cases.
func newShippers(s Storage, now shippercommand.Clock) (Shippers, error) {
	var (
		u    Shippers
		errs [7]error
	)
	d := shippercommand.Deps{Shippers: s.Shippers, Rotation: s.Rotation, Hubs: s.ShipperHubs, Tx: s.Tx, Now: now}
	u.Create, errs[0] = shippercommand.NewCreateShipperHandler(d)
	u.Update, errs[1] = shippercommand.NewUpdateShipperHandler(d)
	u.Delete, errs[2] = shippercommand.NewDeleteShipperHandler(d)
	u.Restore, errs[3] = shippercommand.NewRestoreShipperHandler(d)
	u.Assign, errs[4] = shippercommand.NewAssignShipperHandler(d)
	u.Get, errs[5] = shipperquery.NewGetShipperHandler(s.ShipperViews)
	u.Search, errs[6] = shipperquery.NewSearchShippersHandler(s.ShipperViews)
	return u, errors.Join(errs[:]...)
}

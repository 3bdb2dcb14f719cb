package application

import (
	"errors"

	"github.com/hubd/hubd/internal/application/readmodel"
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
	Get     readmodel.Get[shipperquery.ShipperView]
	Search  readmodel.Search[shipper.SearchCondition, shipperquery.ShipperView]
}

// ShipperViews are the read models of the shipper queries.
type ShipperViews = readmodel.Views[shipper.SearchCondition, shipperquery.ShipperView]

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
	u.Create, u.Update = shippercommand.CreateShipperHandler(d), shippercommand.UpdateShipperHandler(d)
	u.Delete, u.Restore = shippercommand.DeleteShipperHandler(d), shippercommand.RestoreShipperHandler(d)
	u.Assign = shippercommand.AssignShipperHandler(d)
	errs[0] = d.Check()
	u.Get, errs[5] = readmodel.NewGet[shipperquery.ShipperView]("shipper", s.ShipperViews, shipperquery.GetAccess)
	u.Search, errs[6] = readmodel.NewSearch[shipper.SearchCondition, shipperquery.ShipperView]("shipper", s.ShipperViews, shipperquery.SearchScope)
	return u, errors.Join(errs[:]...)
}

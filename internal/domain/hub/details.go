package hub

import (
	"math"
	"strconv"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/input"
)

// Limits of the contract, in characters (runes), not bytes: Korean names are three bytes a
// letter. They are the shared input rules' (package input), which companies follow too.
const (
	MaxNameLength     = input.MaxNameLength
	MaxAddress1Length = input.MaxAddress1Length
	MaxAddress2Length = input.MaxAddress2Length
	MaxZipCodeLength  = input.MaxZipCodeLength
)

// Address is where a hub is. Address1 is required; the others may be empty. It is the shared
// postal address (input.Address), a company's too.
type Address = input.Address

// Location is a point on the earth in WGS 84 degrees.
type Location struct {
	Latitude  float64
	Longitude float64
}

// Details are the parts of a hub its users choose: everything but identity, state and audit.
// New and Change take them whole, so a hub is never half-changed.
type Details struct {
	Name      string
	ManagerID *uuid.UUID // nil: no manager
	Address   Address
	Location  *Location // nil: unknown
}

// normalize returns the details as they will be stored (the name normalized, see checkName) or
// every rule they break.
func (d Details) normalize() (Details, error) {
	var v validator
	d.Name = checkName(&v, "hubName", d.Name)
	input.CheckAddress(&v.Validator, "address", d.Address)
	if d.ManagerID != nil && *d.ManagerID == uuid.Nil {
		v.add("hubManagerId", "must not be the nil UUID")
	}
	if d.Location != nil {
		checkRange(&v, "location.latitude", d.Location.Latitude, 90)
		checkRange(&v, "location.longitude", d.Location.Longitude, 180)
	}
	if err := v.err(); err != nil {
		return Details{}, err
	}
	return d.clone(), nil
}

// clone copies the pointed-to values so a caller keeping its Details cannot reach into a Hub.
func (d Details) clone() Details {
	if d.ManagerID != nil {
		id := *d.ManagerID
		d.ManagerID = &id
	}
	if d.Location != nil {
		loc := *d.Location
		d.Location = &loc
	}
	return d
}

func (d Details) equal(o Details) bool {
	return d.Name == o.Name && d.Address == o.Address &&
		equalPtr(d.ManagerID, o.ManagerID) && equalPtr(d.Location, o.Location)
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func checkRange(v *validator, field string, x, limit float64) {
	if math.IsNaN(x) || x < -limit || x > limit {
		v.add(field, "must be between -"+strconv.Itoa(int(limit))+" and "+strconv.Itoa(int(limit)))
	}
}

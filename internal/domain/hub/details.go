package hub

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits of the contract, in characters (runes), not bytes: Korean names are three bytes a letter.
const (
	MaxNameLength     = 100
	MaxAddress1Length = 200
	MaxAddress2Length = 200
	MaxZipCodeLength  = 10
)

// Address is where a hub is. Address1 is required; the others may be empty.
type Address struct {
	ZipCode  string
	Address1 string
	Address2 string
}

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
	checkLength(&v, "address.address1", d.Address.Address1, 1, MaxAddress1Length)
	checkLength(&v, "address.address2", d.Address.Address2, 0, MaxAddress2Length)
	checkLength(&v, "address.zipCode", d.Address.ZipCode, 0, MaxZipCodeLength)
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

func checkLength(v *validator, field, s string, minLen, maxLen int) {
	if !utf8.ValidString(s) {
		v.add(field, "must be valid UTF-8")
		return
	}
	switch {
	case minLen > 0 && strings.TrimSpace(s) == "":
		v.add(field, "is required")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		// PostgreSQL cannot store NUL, and no name or address needs a tab or a newline.
		v.add(field, "must not contain control characters")
	case utf8.RuneCountInString(s) > maxLen:
		v.add(field, "must be at most "+strconv.Itoa(maxLen)+" characters")
	}
}

func checkRange(v *validator, field string, x, limit float64) {
	if math.IsNaN(x) || x < -limit || x > limit {
		v.add(field, "must be between -"+strconv.Itoa(int(limit))+" and "+strconv.Itoa(int(limit)))
	}
}

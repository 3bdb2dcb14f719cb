// Package shipper is the Shipper aggregate: a person who carries parcels for a hub, either
// between hubs (SHIPPER_HUB) or from the hub to customers (SHIPPER_CUSTOMER). A shipper's id is
// its user id, given when it is registered, and it belongs to one hub at a time: moving it is a
// change of its hub. The package holds its rules, errors and events, its search condition with
// the plain-Go reference of every filter, its Repository port, and the rule and port of the fair
// rotation by which a hub hands out its shippers in turn (Turn, Rotation).
//
// The package depends on no driver, web framework or SQL builder; a test in internal/ keeps it so.
package shipper

package routeapi

import (
	"encoding/json"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// routeInput is the body of POST, PUT and PATCH: every field a client may send. Members are
// kept raw so that absent and null are told apart (PATCH is a JSON Merge Patch) and each is
// decoded strictly under its own name.
type routeInput struct {
	DepartureHubID  json.RawMessage `json:"departureHubId"`
	ArrivalHubID    json.RawMessage `json:"arrivalHubId"`
	DistanceKm      json.RawMessage `json:"distanceKm"`
	DurationMinutes json.RawMessage `json:"durationMinutes"`
}

// distance reads distanceKm: a JSON number (its range and decimals are the domain's to check).
func distance(raw json.RawMessage, f *httpapi.FieldErrors) *float64 {
	if raw == nil {
		return nil
	}
	var d float64
	if httpapi.IsNull(raw) || json.Unmarshal(raw, &d) != nil {
		f.Add("distanceKm", "must be a number")
		return nil
	}
	return &d
}

// duration reads durationMinutes: a JSON integer; out-of-range values are the domain's to
// refuse, but one beyond any int is refused here.
func duration(raw json.RawMessage, f *httpapi.FieldErrors) *int {
	if raw == nil {
		return nil
	}
	var n int64
	if httpapi.IsNull(raw) || json.Unmarshal(raw, &n) != nil || n < -1<<31 || n > 1<<31-1 {
		f.Add("durationMinutes", "must be an integer from "+itoa(route.MinDurationMinutes)+" to "+itoa(route.MaxDurationMinutes))
		return nil
	}
	v := int(n)
	return &v
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// create is the POST body as the caller's command: every member required.
func (in routeInput) create(actor access.Actor) (command.CreateRoute, error) {
	var f httpapi.FieldErrors
	c := command.CreateRoute{Actor: actor}
	dep, arr := f.UUID(in.DepartureHubID, "departureHubId"), f.UUID(in.ArrivalHubID, "arrivalHubId")
	km, mins := distance(in.DistanceKm, &f), duration(in.DurationMinutes, &f)
	f.Require("departureHubId", in.DepartureHubID)
	f.Require("arrivalHubId", in.ArrivalHubID)
	f.Require("distanceKm", in.DistanceKm)
	f.Require("durationMinutes", in.DurationMinutes)
	if err := f.Err(); err != nil {
		return c, err
	}
	c.DepartureHubID, c.ArrivalHubID = *dep, *arr
	c.Figures = route.Figures{DistanceKm: *km, DurationMinutes: *mins}
	return c, nil
}

// replace is the PUT body as the target's command: both figures required.
func (in routeInput) replace(t httpapi.Target) (command.UpdateRoute, error) {
	return in.update(t, false)
}

// patch is a JSON Merge Patch of the figures (either) as the target's command.
func (in routeInput) patch(t httpapi.Target) (command.UpdateRoute, error) { return in.update(t, true) }

// update is the PUT body or a merge patch as the target's command. The hubs may be repeated;
// the command refuses other ones.
func (in routeInput) update(t httpapi.Target, patch bool) (command.UpdateRoute, error) {
	var f httpapi.FieldErrors
	c := command.UpdateRoute{
		Actor: t.Actor, RouteID: t.ID, IfVersion: t.IfVersion,
		DepartureHubID:  f.UUID(in.DepartureHubID, "departureHubId"),
		ArrivalHubID:    f.UUID(in.ArrivalHubID, "arrivalHubId"),
		DistanceKm:      distance(in.DistanceKm, &f),
		DurationMinutes: duration(in.DurationMinutes, &f),
	}
	if !patch {
		f.Require("distanceKm", in.DistanceKm)
		f.Require("durationMinutes", in.DurationMinutes)
	}
	return c, f.Err()
}

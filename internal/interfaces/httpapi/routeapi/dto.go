package routeapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

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

func decodeRouteInput(body []byte) (routeInput, error) {
	var in *routeInput
	if err := httpapi.DecodeStrict(body, &in); err != nil {
		return routeInput{}, err
	}
	if in == nil {
		return routeInput{}, httpapi.BadBody("the body must be a JSON object")
	}
	return *in, nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// field errors of the body, gathered so a client learns every one at once.
type fields []httpapi.FieldError

func (f *fields) add(name, msg string) {
	*f = append(*f, httpapi.FieldError{Field: name, Message: msg})
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return httpapi.BadBody(f[0].Field+" "+f[0].Message, f...)
}

// hubID reads a hub id member: absent is nil, anything but a canonical UUID string an error.
func hubID(raw json.RawMessage, name string, f *fields) *uuid.UUID {
	if raw == nil {
		return nil
	}
	var s string
	if isNull(raw) || json.Unmarshal(raw, &s) != nil {
		f.add(name, "must be a UUID")
		return nil
	}
	id, ok := httpapi.ParseUUID(s)
	if !ok {
		f.add(name, "must be a UUID")
		return nil
	}
	return &id
}

// distance reads distanceKm: a JSON number (its range and decimals are the domain's to check).
func distance(raw json.RawMessage, f *fields) *float64 {
	if raw == nil {
		return nil
	}
	var d float64
	if isNull(raw) || json.Unmarshal(raw, &d) != nil {
		f.add("distanceKm", "must be a number")
		return nil
	}
	return &d
}

// duration reads durationMinutes: a JSON integer; out-of-range values are the domain's to
// refuse, but one beyond any int is refused here.
func duration(raw json.RawMessage, f *fields) *int {
	if raw == nil {
		return nil
	}
	var n int64
	if isNull(raw) || json.Unmarshal(raw, &n) != nil || n < -1<<31 || n > 1<<31-1 {
		f.add("durationMinutes", "must be an integer from "+itoa(route.MinDurationMinutes)+" to "+itoa(route.MaxDurationMinutes))
		return nil
	}
	v := int(n)
	return &v
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// create is the POST body as a command: every member required.
func (in routeInput) create() (command.CreateRoute, error) {
	var f fields
	var c command.CreateRoute
	dep, arr := hubID(in.DepartureHubID, "departureHubId", &f), hubID(in.ArrivalHubID, "arrivalHubId", &f)
	km, mins := distance(in.DistanceKm, &f), duration(in.DurationMinutes, &f)
	for _, m := range []struct {
		name string
		raw  json.RawMessage
	}{{"departureHubId", in.DepartureHubID}, {"arrivalHubId", in.ArrivalHubID}, {"distanceKm", in.DistanceKm}, {"durationMinutes", in.DurationMinutes}} {
		if m.raw == nil {
			f.add(m.name, "is required")
		}
	}
	if err := f.err(); err != nil {
		return c, err
	}
	c.DepartureHubID, c.ArrivalHubID = *dep, *arr
	c.Figures = route.Figures{DistanceKm: *km, DurationMinutes: *mins}
	return c, nil
}

// update is the PUT body (both figures required) or a merge patch (either) as a command. The
// hubs may be repeated; the command refuses other ones.
func (in routeInput) update(patch bool) (command.UpdateRoute, error) {
	var f fields
	c := command.UpdateRoute{
		DepartureHubID:  hubID(in.DepartureHubID, "departureHubId", &f),
		ArrivalHubID:    hubID(in.ArrivalHubID, "arrivalHubId", &f),
		DistanceKm:      distance(in.DistanceKm, &f),
		DurationMinutes: duration(in.DurationMinutes, &f),
	}
	if !patch {
		if in.DistanceKm == nil {
			f.add("distanceKm", "is required")
		}
		if in.DurationMinutes == nil {
			f.add("durationMinutes", "is required")
		}
	}
	return c, f.err()
}

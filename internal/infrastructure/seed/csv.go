package seed

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	seeddata "github.com/hubd/hubd/db/seed"
	"github.com/hubd/hubd/internal/domain/hub"
)

// header is the column layout Parse accepts. It is checked, not assumed, so a reordered or
// extended file fails loudly instead of loading addresses as names.
var header = []string{"hub_name", "address1", "latitude", "longitude"}

// KoreaHubs returns the 17 hubs of the embedded db/seed/korea-hubs.csv, in file order.
func KoreaHubs() ([]hub.Details, error) {
	return Parse(bytes.NewReader(seeddata.KoreaHubsCSV))
}

// Parse reads hubs in the korea-hubs.csv layout. Rows are not validated as hubs here: hub.New
// does that when they are created, with the domain's own rules and messages.
func Parse(r io.Reader) ([]hub.Details, error) {
	return readCSV(r, header, "", func(rec []string) ([]hub.Details, error) {
		d, err := detailsOf(rec)
		return []hub.Details{d}, err
	})
}

// readCSV reads r in the layout of header (what names it in errors: "" for the hubs',
// "routes " for the routes'), checked first, then each record into the rows row makes of it,
// appended in file order; an error names the record's line.
func readCSV[T any](r io.Reader, header []string, what string, row func(rec []string) ([]T, error)) ([]T, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	first, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("seed: empty CSV, expected a header")
	}
	if err != nil {
		return nil, fmt.Errorf("seed: read %sheader: %w", what, err)
	}
	first[0] = strings.TrimPrefix(first[0], "\ufeff") // spreadsheet exports add a BOM
	if !slices.Equal(first, header) {
		return nil, fmt.Errorf("seed: %sheader is %q, want %q", what, first, header)
	}
	var out []T
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		line, _ := cr.FieldPos(0)
		rows, err := row(rec)
		if err != nil {
			return nil, fmt.Errorf("seed: line %d: %w", line, err)
		}
		out = append(out, rows...)
	}
}

// detailsOf maps one record; the seed has no zip codes, second address lines or managers.
func detailsOf(rec []string) (hub.Details, error) {
	lat, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
	if err != nil {
		return hub.Details{}, fmt.Errorf("latitude %q: %w", rec[2], err)
	}
	lon, err := strconv.ParseFloat(strings.TrimSpace(rec[3]), 64)
	if err != nil {
		return hub.Details{}, fmt.Errorf("longitude %q: %w", rec[3], err)
	}
	return hub.Details{
		Name:     rec[0],
		Address:  hub.Address{Address1: rec[1]},
		Location: &hub.Location{Latitude: lat, Longitude: lon},
	}, nil
}

package seed_test

import (
	"context"
	"testing"

	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// TestSyntheticAddsShippersAndCompaniesAtLiveHubs seeds 2,000 hubs and checks the shippers and
// companies COPYed with them: as many as the result says, 2 or 3 shippers per live hub of the
// run and none at a deleted one, about one company per live hub, every company name key the
// one names.Key computes and unique among live companies, all by the seed actor at version 1,
// created after their hub.
func TestSyntheticAddsShippersAndCompaniesAtLiveHubs(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	res, err := seed.Synthetic(context.Background(), db.DB, 2000, seed.SyntheticOptions{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	live := res.Added - res.Deleted
	shippers := count(t, db, `SELECT count(*) FROM shippers`)
	if shippers != res.Shippers || shippers < 2*live || shippers > 3*live {
		t.Errorf("%d shippers (result %d) for %d live hubs, want 2 to 3 each", shippers, res.Shippers, live)
	}
	if n := count(t, db, `SELECT count(*) FROM hubs h WHERE NOT h.is_deleted AND
		(SELECT count(*) FROM shippers s WHERE s.hub_id = h.hub_id) NOT BETWEEN 2 AND 3`); n != 0 {
		t.Errorf("%d live hubs without 2 or 3 shippers", n)
	}
	companies := count(t, db, `SELECT count(*) FROM companies`)
	if companies != res.Companies || companies < live*8/10 || companies > live {
		t.Errorf("%d companies (result %d) for %d live hubs, want about one each", companies, res.Companies, live)
	}
	if n := count(t, db, `SELECT (SELECT count(*) FROM shippers s JOIN hubs h USING (hub_id) WHERE h.is_deleted OR s.is_deleted
		OR s.version <> 1 OR s.created_at < h.created_at OR s.updated_at <> s.created_at OR s.created_by <> '`+seed.ActorID.String()+`')
		+ (SELECT count(*) FROM companies c JOIN hubs h USING (hub_id) WHERE h.is_deleted OR c.is_deleted
		OR c.version <> 1 OR c.created_at < h.created_at OR c.created_by <> '`+seed.ActorID.String()+`' OR c.address1 = '')`); n != 0 {
		t.Errorf("%d shippers or companies at deleted hubs, deleted, changed, older than their hub or by another actor", n)
	}
	if n := count(t, db, `SELECT count(*) - count(DISTINCT name_key) FROM companies WHERE NOT is_deleted`); n != 0 {
		t.Errorf("%d live companies share a name key", n)
	}
	var pairs []struct{ Name, Key string }
	if err := db.Select(&pairs, `SELECT company_name AS name, name_key AS key FROM companies`); err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		if names.Key(p.Name) != p.Key {
			t.Fatalf("company %q has name key %q, names.Key gives %q", p.Name, p.Key, names.Key(p.Name))
		}
	}
}

package seed

import (
	"crypto/rand"
	"encoding/binary"
	"hash/fnv"
	"math"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/names"
)

// Shape of the generated data; see SyntheticOptions for what callers choose.
const (
	koreanNameShare  = 0.70 // the rest get Latin names and addresses
	managedShare     = 0.95 // hubs with a manager; the rest have none
	changedShare     = 0.55 // hubs updated at least once after creation (version ≥ 2)
	zipShare         = 0.97 // hubs with a zip code
	address2Share    = 0.45 // hubs with a second address line
	syntheticActors  = 12   // masters who created, updated and deleted the hubs
	syntheticHistory = 3 * 365 * 24 * time.Hour
	runTokenAlphabet = "abcdefghijkmnpqrstuvwxyz23456789" // no l/o/0/1: easy to read back
	runTokenLength   = 5
)

// The bounding box of South Korea, mainland and islands (Jeju to the south, Ulleungdo and Dokdo
// to the east), in degrees. Every generated location lies inside it.
const (
	koreaMinLat, koreaMaxLat = 33.1, 38.6
	koreaMinLon, koreaMaxLon = 124.6, 131.9
)

// syntheticRow is one row of the hubs table, in the order of syntheticColumns (name_key follows
// from name).
type syntheticRow struct {
	id                  uuid.UUID
	name                string
	manager             uuid.NullUUID
	zip, addr1, addr2   string
	lat, lon            float64
	deleted             bool
	version             int64
	createdAt           time.Time
	createdBy           uuid.UUID
	updatedAt           time.Time
	updatedBy           uuid.UUID
	deletedAt           time.Time // zero unless deleted
	deletedBy           uuid.NullUUID
	korean              bool // the name and address are in Korean
	regionIdx, distrIdx int
}

// syntheticColumns are the columns COPY fills: every stored column, name_key included, which
// hubd computes (names.Key) as the repository does.
var syntheticColumns = []string{
	"hub_id", "hub_name", "hub_manager_id", "zip_code", "address1", "address2",
	"latitude", "longitude", "is_deleted", "version",
	"created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by", "name_key",
}

// appendValues appends the row's values, in syntheticColumns order, as lib/pq's COPY encodes
// them: text for UUIDs, nil for NULL.
func (r *syntheticRow) appendValues(dst []any) []any {
	var manager, deletedAt, deletedBy any
	if r.manager.Valid {
		manager = r.manager.UUID.String()
	}
	if r.deleted {
		deletedAt, deletedBy = r.deletedAt, r.deletedBy.UUID.String()
	}
	return append(dst, r.id.String(), r.name, manager, r.zip, r.addr1, r.addr2,
		r.lat, r.lon, r.deleted, r.version,
		r.createdAt, r.createdBy.String(), r.updatedAt, r.updatedBy.String(), deletedAt, deletedBy,
		names.Key(r.name))
}

// generator holds what every batch of one Synthetic run shares: the run token, the pools of
// managers and actors, the time span. It is read-only once made, so concurrent batches share it.
// Everything but the ids and the run token in the names follows from the seed, the batch size
// and Now, so two runs with one seed load the same kind of hubs without colliding.
type generator struct {
	seed, idSeed uint64 // idSeed mixes in the run token: two runs never share ids
	token        string
	width        int // digits of the running number in names
	n            int // rows in the run
	start, now   time.Time
	managers     []uuid.UUID
	actors       []uuid.UUID
	deletedRatio float64
	cumWeights   []int // running sums of region weights, for a weighted draw
}

func newGenerator(o SyntheticOptions, n int, token string) *generator {
	h := fnv.New64a()
	h.Write([]byte(token))
	g := &generator{
		seed: uint64(o.Seed), idSeed: uint64(o.Seed) ^ h.Sum64(), //nolint:gosec // G115: the seed's 64 bits, whatever its sign
		token: token, width: max(6, len(strconv.Itoa(n))), n: n,
		now: o.Now, start: o.Now.Add(-syntheticHistory), deletedRatio: o.DeletedRatio,
	}
	pools := mrand.New(mrand.NewPCG(g.seed, 0x68756264_706f6f6c)) // "hubdpool"
	g.managers = randomUUIDs(pools, max(o.Managers, 0))
	g.actors = randomUUIDs(pools, syntheticActors)
	sum := 0
	for _, r := range regions {
		sum += r.weight
		g.cumWeights = append(g.cumWeights, sum)
	}
	return g
}

// batchGen makes the rows of one batch, from row index first on, with random sources of its
// own: a batch's rows do not depend on which worker makes them, or when.
type batchGen struct {
	*generator
	rng  *mrand.Rand // the hubs' contents
	ids  *mrand.Rand // the ids' random bits
	next int         // 0-based index in the run of the next row
}

func (g *generator) batch(first int) *batchGen {
	stream := uint64(first) //nolint:gosec // G115: a row index, never negative
	return &batchGen{generator: g, next: first,
		rng: mrand.New(mrand.NewPCG(g.seed, stream)),
		ids: mrand.New(mrand.NewPCG(g.idSeed, stream))}
}

// randomUUIDs returns n version-4 UUIDs drawn from rng, so they repeat with the seed.
func randomUUIDs(rng *mrand.Rand, n int) []uuid.UUID {
	ids := make([]uuid.UUID, n)
	for i := range ids {
		binary.BigEndian.PutUint64(ids[i][:8], rng.Uint64())
		binary.BigEndian.PutUint64(ids[i][8:], rng.Uint64())
		ids[i][6] = 0x40 | ids[i][6]&0x0f
		ids[i][8] = 0x80 | ids[i][8]&0x3f
	}
	return ids
}

// uuidV7At is a version-7 UUID (RFC 9562) for the millisecond of t with 74 random bits from rng:
// uuid.NewV7 can only stamp the present, and a hub created three years ago should have an id
// that sorts like one.
func uuidV7At(t time.Time, rng *mrand.Rand) uuid.UUID {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[8:], rng.Uint64())
	binary.BigEndian.PutUint64(u[:8], uint64(t.UnixMilli())<<16|rng.Uint64()&0xffff)
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u
}

// newRunToken is the random tag that keeps one run's names apart from every other run's.
func newRunToken() (string, error) {
	b := make([]byte, runTokenLength)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = runTokenAlphabet[int(b[i])%len(runTokenAlphabet)]
	}
	return string(b), nil
}

// row fills r with the next hub. Creation times rise through the run, spread evenly over the
// past three years, as they would in a table that grew with the business; ids follow them.
func (g *batchGen) row(r *syntheticRow) {
	i := g.next
	g.next++
	rng := g.rng
	*r = syntheticRow{}
	span := float64(g.now.Sub(g.start))
	r.createdAt = g.start.Add(time.Duration(span * (float64(i) + rng.Float64()) / float64(g.n))).Truncate(time.Microsecond)
	r.id = uuidV7At(r.createdAt, g.ids)
	r.createdBy = g.actor()
	r.version, r.updatedAt, r.updatedBy = 1, r.createdAt, r.createdBy
	if rng.Float64() < changedShare {
		r.version += 1 + int64(rng.IntN(5))
		r.updatedAt = between(rng, r.createdAt, g.now)
		r.updatedBy = g.actor()
	}
	if rng.Float64() < g.deletedRatio {
		by := g.actor()
		r.deleted, r.version = true, r.version+1
		r.deletedAt = between(rng, r.updatedAt, g.now)
		r.deletedBy = uuid.NullUUID{UUID: by, Valid: true}
		r.updatedAt, r.updatedBy = r.deletedAt, by
	}
	if len(g.managers) > 0 && rng.Float64() < managedShare {
		r.manager = uuid.NullUUID{UUID: g.managers[rng.IntN(len(g.managers))], Valid: true}
	}
	g.place(r, i+1)
}

// place gives r its name, address and location, in one region and district.
func (g *batchGen) place(r *syntheticRow, number int) {
	rng := g.rng
	r.regionIdx = g.region()
	reg := &regions[r.regionIdx]
	r.distrIdx = rng.IntN(len(reg.districts))
	d := reg.districts[r.distrIdx]
	r.korean = rng.Float64() < koreanNameShare
	kind := hubKinds[rng.IntN(len(hubKinds))]
	road := roadStems[rng.IntN(len(roadStems))]
	roadKind := roadKinds[rng.IntN(len(roadKinds))]
	houseNo := strconv.Itoa(1 + rng.IntN(999))
	if rng.IntN(4) == 0 {
		houseNo += "-" + strconv.Itoa(1+rng.IntN(60))
	}
	tag := g.token + "-" + zeroPad(number, g.width)
	if r.korean {
		r.name = join(reg.short, koStem(d.ko), kind[0], tag)
		r.addr1 = join(reg.full, d.ko, road[0]+roadKind[0], houseNo)
	} else {
		r.name = join(reg.roman, d.roman, kind[1], tag)
		r.addr1 = houseNo + " " + road[1] + roadKind[1] + ", " + romanDistrict(d) + ", " + reg.roman
	}
	if rng.Float64() < address2Share {
		line := secondLines[rng.IntN(len(secondLines))]
		r.addr2 = line[1]
		if r.korean {
			r.addr2 = line[0]
		}
	}
	if rng.Float64() < zipShare {
		r.zip = zeroPad(reg.zipLo+rng.IntN(reg.zipHi-reg.zipLo+1), 5)
	}
	r.lat = clamp(d.lat+(rng.Float64()*2-1)*0.05, koreaMinLat, koreaMaxLat)
	r.lon = clamp(d.lon+(rng.Float64()*2-1)*0.06, koreaMinLon, koreaMaxLon)
}

// region draws a region index with the regions' weights.
func (g *batchGen) region() int {
	x := g.rng.IntN(g.cumWeights[len(g.cumWeights)-1])
	for i, c := range g.cumWeights {
		if x < c {
			return i
		}
	}
	return len(g.cumWeights) - 1
}

func (g *batchGen) actor() uuid.UUID { return g.actors[g.rng.IntN(len(g.actors))] }

// between is a random instant in [from, to], to the microsecond PostgreSQL keeps.
func between(rng *mrand.Rand, from, to time.Time) time.Time {
	if !to.After(from) {
		return from
	}
	return from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)) + 1))).Truncate(time.Microsecond)
}

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

func join(parts ...string) string { return strings.Join(parts, " ") }

func zeroPad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

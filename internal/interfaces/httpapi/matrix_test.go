package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// permAction is one row of a permission matrix: a request that the fixture F names.
type permAction[F any] struct {
	name, method string
	path         func(F) string
	body         func(me uuid.UUID, f F) string // nil: no body
}

// permMatrix is an aggregate's permission table through HTTP: every action is run as every role
// on fresh records (fixture), the caller a fresh sub each time; the status must be want's, a
// 403 and a 404 the contract's problems, and a refused action (any 4xx) must leave the watched
// records as they were.
type permMatrix[F any] struct {
	actions  []permAction[F]
	want     map[access.Role][]int
	notFound string // the problem code of a 404
	// fixture makes the records of action i (named name) for the caller me.
	fixture func(en *env, me uuid.UUID, i int, name string) F
	// watched are the paths of the records a refused action must not change.
	watched func(F) []string
	// check, when set, asserts more of an answer.
	check func(t *testing.T, en *env, c permCase[F])
}

// permCase is one action run as one role: what a permMatrix's check is handed.
type permCase[F any] struct {
	role   access.Role
	me     uuid.UUID
	action permAction[F]
	f      F
	res    response
}

func (m permMatrix[F]) run(t *testing.T) {
	t.Helper()
	if len(m.want) != len(access.Roles) {
		t.Fatalf("the matrix has %d roles, the contract %d", len(m.want), len(access.Roles))
	}
	for _, role := range access.Roles {
		if len(m.want[role]) != len(m.actions) {
			t.Fatalf("%s: %d answers for %d actions", role, len(m.want[role]), len(m.actions))
		}
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			en := newEnv(t)
			for i, a := range m.actions {
				me := uuid.New()
				f := m.fixture(en, me, i, a.name)
				before := map[string]string{}
				for _, p := range m.watched(f) {
					before[p] = string(en.master("GET", p, "").Body)
				}
				body := ""
				if a.body != nil {
					body = a.body(me, f)
				}
				res := en.as(role, me, a.method, a.path(f), body)
				if res.Code != m.want[role][i] {
					t.Errorf("%s %s: %d, want %d: %s", role, a.name, res.Code, m.want[role][i], res.Body)
				}
				switch res.Code {
				case http.StatusForbidden:
					expectProblem(t, res, http.StatusForbidden, "FORBIDDEN")
				case http.StatusNotFound:
					expectProblem(t, res, http.StatusNotFound, m.notFound)
				}
				if res.Code >= 400 {
					for p, b := range before {
						if after := string(en.master("GET", p, "").Body); after != b {
							t.Errorf("%s %s: refused, but %s changed:\n%s\n%s", role, a.name, p, b, after)
						}
					}
				}
				if m.check != nil {
					m.check(t, en, permCase[F]{role: role, me: me, action: a, f: f, res: res})
				}
			}
		})
	}
}

// searchActions are every collection's two searches: path?query (query may be empty) and its
// deleted ones, path?isDeleted=true.
func searchActions[F any](path, query string) []permAction[F] {
	first := path
	if query != "" {
		first += "?" + query
	}
	return []permAction[F]{{"search", "GET", at[F](first), nil}, {"search deleted", "GET", at[F](path + "?isDeleted=true"), nil}}
}

// at is a fixed path of a permission matrix.
func at[F any](path string) func(F) string { return func(F) string { return path } }

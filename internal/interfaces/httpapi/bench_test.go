package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

// BenchmarkSearchHTTP is a search through the Echo instance on a real database: routing, the
// token check, query parsing, the use case, the repository, and the page JSON with its Link
// header. Each size is a page of that many hubs out of 120 matches, so the count runs too.
func BenchmarkSearchHTTP(b *testing.B) {
	en := newEnv(b)
	manager := uuid.MustParse("0f5e0000-0000-4000-8000-0000000000bb")
	for i := range 120 {
		en.createHub(fmt.Sprintf("서울 센터 %03d", i), &manager)
	}
	auth := "Bearer " + en.token(access.Master, masterID)
	for _, size := range []int{20, 100} {
		target := "/api/v1/hubs?" + url.Values{
			"hubName": {"서울"}, "sort": {"hubName"}, "size": {fmt.Sprint(size)},
		}.Encode()
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			b.ReportAllocs()
			pgtest.ReportCPU(b)
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				req.Header.Set("Authorization", auth)
				rec := httptest.NewRecorder()
				en.e.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// RateLimit is how many requests a caller may make: Rate a second on average, Burst at once.
// A zero Rate means no limit.
type RateLimit struct {
	Rate  float64
	Burst int
}

// anonymousKeyPrefix starts the budget key of a request without a valid token ("ip:" and the
// peer's address); verified callers are "sub:" and their token's subject.
const anonymousKeyPrefix = "ip:"

// limiter keeps one token bucket per caller, forgotten after a few idle minutes: verified
// callers and anonymous addresses draw from buckets of different sizes.
type limiter struct {
	verified, anonymous *bucketStore
}

// bucketStore is one kind of caller's buckets; nil sets no limit.
type bucketStore struct {
	store      *middleware.RateLimiterMemoryStore
	retryAfter string
}

func newLimiter(verified, anonymous RateLimit) *limiter {
	l := &limiter{verified: newBucketStore(verified), anonymous: newBucketStore(anonymous)}
	if l.verified == nil && l.anonymous == nil {
		return nil
	}
	return l
}

func newBucketStore(l RateLimit) *bucketStore {
	if l.Rate <= 0 {
		return nil
	}
	return &bucketStore{
		store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(l.Rate), Burst: max(l.Burst, 1), ExpiresIn: 3 * time.Minute,
		}),
		retryAfter: strconv.Itoa(int(math.Max(1, math.Ceil(1/l.Rate)))),
	}
}

// allow spends one request of key's budget, or answers why not. A key with the anonymous
// prefix spends from the anonymous buckets, any other from the verified callers'.
func (l *limiter) allow(c echo.Context, key string) error {
	if l == nil {
		return nil
	}
	b := l.verified
	if strings.HasPrefix(key, anonymousKeyPrefix) {
		b = l.anonymous
	}
	if b == nil {
		return nil
	}
	if ok, _ := b.store.Allow(key); ok {
		return nil
	}
	c.Response().Header().Set("Retry-After", b.retryAfter)
	return NewProblem(http.StatusTooManyRequests, CodeRateLimited, "too many requests; slow down")
}

// rateLimited limits an authenticated caller by the sub its verified token names, so a forged
// token cannot spend someone else's budget. It runs after authenticate.
func (s *server) rateLimited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.limits.allow(c, "sub:"+Actor(c).ID.String()); err != nil {
			return err
		}
		return next(c)
	}
}

// allowAnonymous spends from the budget of the client's address, the limit of every request
// that carries no valid token.
func (s *server) allowAnonymous(c echo.Context) error {
	return s.limits.allow(c, anonymousKeyPrefix+c.RealIP())
}

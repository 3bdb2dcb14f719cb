package httpapi

import (
	"math"
	"net/http"
	"strconv"
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

// limiter keeps one token bucket per caller, forgotten after a few idle minutes.
type limiter struct {
	store      *middleware.RateLimiterMemoryStore
	retryAfter string
}

func newLimiter(l RateLimit) *limiter {
	if l.Rate <= 0 {
		return nil
	}
	burst := max(l.Burst, 1)
	return &limiter{
		store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(l.Rate), Burst: burst, ExpiresIn: 3 * time.Minute,
		}),
		retryAfter: strconv.Itoa(int(math.Max(1, math.Ceil(1/l.Rate)))),
	}
}

// allow spends one request of key's budget, or answers why not.
func (l *limiter) allow(c echo.Context, key string) error {
	if l == nil {
		return nil
	}
	if ok, _ := l.store.Allow(key); ok {
		return nil
	}
	c.Response().Header().Set("Retry-After", l.retryAfter)
	return newProblem(http.StatusTooManyRequests, CodeRateLimited, "too many requests; slow down")
}

// rateLimited limits an authenticated caller by the sub its verified token names, so a forged
// token cannot spend someone else's budget. It runs after authenticate.
func (s *server) rateLimited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.limits.allow(c, "sub:"+actor(c).ID.String()); err != nil {
			return err
		}
		return next(c)
	}
}

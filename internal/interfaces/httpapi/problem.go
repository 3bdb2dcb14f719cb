package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/paging"
)

// Stable error codes of the contract. Clients branch on these, never on titles or details.
const (
	CodeInvalidParameter     = "INVALID_PARAMETER"
	CodeInvalidBody          = "INVALID_BODY"
	CodeUnsupportedMedia     = "UNSUPPORTED_MEDIA_TYPE"
	CodeUnauthenticated      = "UNAUTHENTICATED"
	CodeForbidden            = "FORBIDDEN"
	CodeHubNotFound          = "HUB_NOT_FOUND"
	CodeHubNameTaken         = "HUB_NAME_TAKEN"
	CodeHubNotDeleted        = "HUB_NOT_DELETED"
	CodeHubDeleted           = "HUB_DELETED"
	CodeVersionMismatch      = "VERSION_MISMATCH"
	CodeNotFound             = "NOT_FOUND"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeNotReady             = "NOT_READY"
	CodeUnavailable          = "SERVICE_UNAVAILABLE"
	CodeRateLimited          = "RATE_LIMITED"
	CodeIdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED"
	CodeIdempotencyInFlight  = "IDEMPOTENCY_KEY_IN_USE"
	CodeInternal             = "INTERNAL"
)

// ProblemContentType is RFC 9457's media type.
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem detail with the contract's code and field errors. It is also an
// error, so handlers return it like any other.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Code   string       `json:"code"`
	Detail string       `json:"detail,omitempty"`
	Errors []FieldError `json:"errors,omitempty"`
	// Databases is an extension member of /readyz's 503.
	Databases []DatabaseStatus `json:"databases,omitempty"`
	// holder is an extension member of a conflict over a unique value (HUB_NAME_TAKEN's
	// hubId): the property that names the live record holding it, and its id.
	holderProperty, holderID string
	// header holds response headers that belong to this problem: the 401's challenge, the
	// 412's current ETag.
	header http.Header
}

// FieldError names one bad field or parameter.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p *Problem) Error() string { return p.Code + ": " + p.Detail }

// NewProblem is a problem of the given status and code, with the detail and the fields it names.
func NewProblem(status int, code, detail string, fields ...FieldError) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code, Detail: detail, Errors: fields}
}

// withHeader adds a response header that the error handler sends with the problem.
func (p *Problem) withHeader(name, value string) *Problem {
	if p.header == nil {
		p.header = http.Header{}
	}
	p.header.Set(name, value)
	return p
}

// BadParam is a 400 naming one query parameter or header.
func BadParam(name, message string) *Problem {
	return NewProblem(http.StatusBadRequest, CodeInvalidParameter, name+" "+message, FieldError{Field: name, Message: message})
}

// BadBody is a 400 about the request body.
func BadBody(detail string, fields ...FieldError) *Problem {
	return NewProblem(http.StatusBadRequest, CodeInvalidBody, detail, fields...)
}

// problemOf maps any error to the problem the client sees. It is the only place where domain and
// application errors become statuses: an error that belongs to a kernel.Kind gets the kind's
// status, its own code, detail and fields, so a new aggregate's errors need no case here. The
// cases before it are errors that carry more than a sentinel does (a holder, a version, fields).
func problemOf(err error) *Problem {
	var p *Problem
	var ve *kernel.ValidationError
	var he *echo.HTTPError
	var ke *kernel.Error
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &ve):
		// The code of the sentinel the fields belong to: a body's (INVALID_BODY) or a query's
		// parameters' (INVALID_PARAMETER).
		p := BadBody(ve.Error(), fieldErrors(ve.Fields)...)
		if code := kernel.CodeOf(ve); code != "" {
			p.Code = code
		}
		return p
	case errors.Is(err, consistency.ErrInvalidToken):
		return BadParam(HeaderConsistencyToken, "is not a token this service issued")
	case errors.Is(err, paging.ErrInvalidPageable):
		return NewProblem(http.StatusBadRequest, CodeInvalidParameter, err.Error())
	case errors.As(err, &ke) && statusOfKind[ke.Kind()] != 0:
		return refined(NewProblem(statusOfKind[ke.Kind()], ke.Code(), ke.Detail(), fieldErrors(ke.Fields())...), err)
	case errors.Is(err, context.DeadlineExceeded):
		return NewProblem(http.StatusServiceUnavailable, CodeUnavailable, "the request took too long; try again")
	case errors.As(err, &he):
		return problemOfEcho(he)
	default:
		return NewProblem(http.StatusInternalServerError, CodeInternal, "something went wrong on our side; the request id helps us find it")
	}
}

// refined adds what an error richer than its sentinel tells (kernel.Detailer, Versioner,
// Holder) to the sentinel's problem. The command decided the caller may see and change the
// record before it compared versions, so a 412's current ETag tells nothing a GET would not.
func refined(p *Problem, err error) *Problem {
	var d kernel.Detailer
	if errors.As(err, &d) {
		p.Detail = d.Detail()
	}
	var v kernel.Versioner
	if errors.As(err, &v) {
		p = p.withHeader("ETag", ETag(v.CurrentVersion()))
	}
	var h kernel.Holder
	if errors.As(err, &h) {
		p.holderProperty, p.holderID = h.Holder()
	}
	return p
}

// MarshalJSON writes the problem's members, and the holder's id under its property when there
// is one.
func (p *Problem) MarshalJSON() ([]byte, error) {
	type plain Problem // without this method
	b, err := json.Marshal((*plain)(p))
	if err != nil || p.holderID == "" {
		return b, err
	}
	prop, _ := json.Marshal(p.holderProperty)
	id, _ := json.Marshal(p.holderID)
	b = append(append(append(append(b[:len(b)-1], ','), prop...), ':'), id...)
	return append(b, '}'), nil
}

// UnmarshalJSON reads a problem as MarshalJSON writes it, strictly: the members of Problem and,
// besides them, at most a holder's id (a member whose name ends in "Id"), which clients of the
// Go API read back with Holder.
func (p *Problem) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for k, v := range raw {
		if strings.HasSuffix(k, "Id") && p.holderProperty == "" {
			if err := json.Unmarshal(v, &p.holderID); err != nil {
				return fmt.Errorf("problem member %s: %w", k, err)
			}
			p.holderProperty = k
			delete(raw, k)
		}
	}
	rest, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	type plain Problem // without this method
	dec := json.NewDecoder(bytes.NewReader(rest))
	dec.DisallowUnknownFields()
	return dec.Decode((*plain)(p))
}

// Holder is the holder's id member of a conflict: its name (such as "hubId") and value.
func (p *Problem) Holder() (property, id string) { return p.holderProperty, p.holderID }

// statusOfKind is the HTTP status of each kind of domain failure. Internal has none: such an
// error is a 500 that tells nothing of itself.
var statusOfKind = map[kernel.Kind]int{
	kernel.Invalid:            http.StatusBadRequest,
	kernel.NotFound:           http.StatusNotFound,
	kernel.Conflict:           http.StatusConflict,
	kernel.FailedPrecondition: http.StatusPreconditionFailed,
	kernel.Forbidden:          http.StatusForbidden,
	kernel.Unavailable:        http.StatusServiceUnavailable,
	kernel.Unprocessable:      http.StatusUnprocessableEntity,
}

// fieldErrors turns the domain's field errors into the problem's.
func fieldErrors(in []kernel.FieldError) []FieldError {
	if len(in) == 0 {
		return nil
	}
	out := make([]FieldError, len(in))
	for i, f := range in {
		out[i] = FieldError{Field: f.Field, Message: f.Message}
	}
	return out
}

func problemOfEcho(he *echo.HTTPError) *Problem {
	switch he.Code {
	case http.StatusNotFound:
		return NewProblem(he.Code, CodeNotFound, "no such resource")
	case http.StatusMethodNotAllowed:
		return NewProblem(he.Code, CodeMethodNotAllowed, "method not allowed on this resource")
	case http.StatusUnauthorized:
		return NewProblem(he.Code, CodeUnauthenticated, "a valid bearer token is required")
	case http.StatusRequestEntityTooLarge:
		return BadBody("the body exceeds 1 MiB")
	case http.StatusUnsupportedMediaType:
		return NewProblem(he.Code, CodeUnsupportedMedia, "unsupported content type")
	}
	if he.Code >= 400 && he.Code < 500 {
		return NewProblem(he.Code, CodeInvalidParameter, http.StatusText(he.Code))
	}
	return NewProblem(http.StatusInternalServerError, CodeInternal, "something went wrong on our side; the request id helps us find it")
}

// errorHandler is Echo's HTTPErrorHandler: every error becomes problem+json, and a 5xx is
// logged with its cause while the client learns nothing of the internals. A 5xx that a handler
// answered on purpose (it returned the *Problem itself, as /readyz's 503 NOT_READY during an
// outage) is an expected answer, not a failure: the handler logs it at the level it deserves,
// and no ERROR line is added here.
func (s *server) errorHandler(err error, c echo.Context) {
	p := problemOf(err)
	var answered *Problem
	if ctxErr := c.Request().Context().Err(); ctxErr != nil && p.Status >= 500 {
		// The client went away or the request ran out of time: the driver reports it as a
		// canceled statement, but it is not our failure and must not page anyone.
		p = NewProblem(http.StatusServiceUnavailable, CodeUnavailable, "the request was canceled or took too long")
		s.log.InfoContext(c.Request().Context(), "request ended early",
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "cause", ctxErr.Error())
	} else if p.Status >= 500 && !errors.As(err, &answered) {
		s.log.ErrorContext(c.Request().Context(), "request failed",
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "error", err.Error())
	}
	if c.Response().Committed {
		return
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "1")
	}
	if p.Status == http.StatusUnauthorized {
		c.Response().Header().Set(headerWWWAuthenticate, bearerChallenge("", ""))
	}
	for name, values := range p.header {
		c.Response().Header()[name] = values
	}
	c.Response().Header().Set(echo.HeaderContentType, ProblemContentType)
	c.Response().WriteHeader(p.Status)
	if c.Request().Method == http.MethodHead {
		return
	}
	_ = jsonEncode(c.Response(), p)
}

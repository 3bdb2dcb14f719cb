package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/paging"
)

// The hub and page bodies are the hot path of every read: they are appended by hand, byte for
// byte what encoding/json makes of hubJSON and pageJSON through jsonEncode (no HTML escaping,
// a final newline), without reflection and the encoder's validation pass.
// TestHubJSONAppenderMatchesEncodingJSON holds the two together.

// bodyBuffers recycles response bodies; a page of 100 hubs is about 50 kB.
var bodyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeBody sends the body that appendBody writes, with status and the JSON content type.
func writeBody(c echo.Context, status int, appendBody func([]byte) []byte) error {
	bp := bodyBuffers.Get().(*[]byte)
	b := appendBody((*bp)[:0])
	b = append(b, '\n') // as json.Encoder ends every value
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	_, err := c.Response().Write(b)
	if cap(b) <= 1<<20 { // an outsized buffer goes to the garbage collector
		*bp = b
		bodyBuffers.Put(bp)
	}
	return err
}

// appendHubJSON appends the contract's hub (hubJSON) for a view.
func appendHubJSON(b []byte, v query.HubView) []byte {
	b = append(b, `{"hubId":`...)
	b = appendUUID(b, v.ID)
	b = append(b, `,"hubName":`...)
	b = appendJSONString(b, v.Name)
	b = append(b, `,"hubManagerId":`...)
	b = appendUUIDPtr(b, v.ManagerID)
	b = append(b, `,"address":{"zipCode":`...)
	b = appendJSONString(b, v.Address.ZipCode)
	b = append(b, `,"address1":`...)
	b = appendJSONString(b, v.Address.Address1)
	b = append(b, `,"address2":`...)
	b = appendJSONString(b, v.Address.Address2)
	b = append(b, `},"location":`...)
	if v.Location == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"latitude":`...)
		b = appendJSONFloat(b, v.Location.Latitude)
		b = append(b, `,"longitude":`...)
		b = appendJSONFloat(b, v.Location.Longitude)
		b = append(b, '}')
	}
	b = append(b, `,"isDeleted":`...)
	b = strconv.AppendBool(b, v.Deleted)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, v.Version, 10)
	b = append(b, `,"createdAt":`...)
	b = appendJSONTime(b, v.CreatedAt)
	b = append(b, `,"createdBy":`...)
	b = appendUUID(b, v.CreatedBy)
	b = append(b, `,"updatedAt":`...)
	b = appendJSONTime(b, v.UpdatedAt)
	b = append(b, `,"updatedBy":`...)
	b = appendUUID(b, v.UpdatedBy)
	b = append(b, `,"deletedAt":`...)
	if v.DeletedAt == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONTime(b, *v.DeletedAt)
	}
	b = append(b, `,"deletedBy":`...)
	b = appendUUIDPtr(b, v.DeletedBy)
	return append(b, '}')
}

// appendPageJSON appends the contract's page (pageJSON), each item by appendItem.
func appendPageJSON[T any](b []byte, p paging.Page[T], nextCursor string, appendItem func([]byte, T) []byte) []byte {
	b = append(b, `{"content":[`...)
	for i, v := range p.Content {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendItem(b, v)
	}
	b = append(b, `],"page":{"size":`...)
	b = strconv.AppendInt(b, int64(p.Size), 10)
	if !p.Keyset {
		b = append(b, `,"number":`...)
		b = strconv.AppendInt(b, int64(p.Number), 10)
	}
	if p.Total != paging.TotalUnknown {
		b = append(b, `,"totalElements":`...)
		b = strconv.AppendInt(b, p.TotalElements, 10)
		b = append(b, `,"totalPages":`...)
		b = strconv.AppendInt(b, int64(p.TotalPages()), 10)
		if p.Total == paging.TotalEstimate {
			b = append(b, `,"totalIsEstimate":true`...)
		}
	}
	b = append(b, `,"hasNext":`...)
	b = strconv.AppendBool(b, p.HasNext)
	if nextCursor != "" {
		b = append(b, `,"nextCursor":`...)
		b = appendJSONString(b, nextCursor)
	}
	return append(b, "}}"...)
}

const hexDigits = "0123456789abcdef"

// appendUUID appends the canonical form in quotes, as uuid.UUID's MarshalText.
func appendUUID(b []byte, id uuid.UUID) []byte {
	b = append(b, '"')
	for i, x := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[x>>4], hexDigits[x&0xf])
	}
	return append(b, '"')
}

func appendUUIDPtr(b []byte, id *uuid.UUID) []byte {
	if id == nil {
		return append(b, "null"...)
	}
	return appendUUID(b, *id)
}

// appendJSONTime appends t as time.Time's MarshalJSON does (RFC 3339 with the fraction it has).
func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendJSONFloat appends f as encoding/json does: ES6 number formatting. The domain keeps
// coordinates finite; NaN and infinities, which encoding/json refuses, are written as null.
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString appends s quoted as encoding/json does without HTML escaping: ", \ and
// control characters escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// writeHubBody sends one hub.
func writeHubBody(c echo.Context, status int, v query.HubView) error {
	return writeBody(c, status, func(b []byte) []byte { return appendHubJSON(b, v) })
}

// writeHubPage sends a page of hubs.
func writeHubPage(c echo.Context, p paging.Page[query.HubView], nextCursor string) error {
	return writeBody(c, http.StatusOK, func(b []byte) []byte { return appendPageJSON(b, p, nextCursor, appendHubJSON) })
}

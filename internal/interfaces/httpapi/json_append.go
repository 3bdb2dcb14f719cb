package httpapi

import (
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/domain/paging"
)

// The bodies of the reads are the hot path: an aggregate's item and the page around it are
// appended by hand, byte for byte what encoding/json makes of the item's JSON type and of the
// page through jsonEncode (no HTML escaping, a final newline), without reflection and the
// encoder's validation pass. Each aggregate's test holds its appender to encoding/json
// (hubapi's TestHubJSONAppenderMatchesEncodingJSON).

// bodyBuffers recycles response bodies; a page of 100 hubs is about 50 kB.
var bodyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// WriteBody sends the body that appendBody writes, with status and the JSON content type.
func WriteBody(c echo.Context, status int, appendBody func([]byte) []byte) error {
	bp := bodyBuffers.Get().(*[]byte)
	b := appendBody((*bp)[:0])
	b = append(b, '\n') // as json.Encoder ends every value
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	// The length, which net/http only works out for bodies under 2 kB: a page goes out as one
	// response with its headers, not in chunks, and through OneWriteListener in one write.
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
	err := writeResponse(c, status, b)
	if cap(b) <= 1<<20 { // an outsized buffer goes to the garbage collector
		*bp = b
		bodyBuffers.Put(bp)
	}
	return err
}

// AppendPageJSON appends the contract's page (pageJSON), each item by appendItem.
func AppendPageJSON[T any](b []byte, p paging.Page[T], nextCursor string, appendItem func([]byte, T) []byte) []byte {
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
		b = AppendJSONString(b, nextCursor)
	}
	return append(b, "}}"...)
}

const hexDigits = "0123456789abcdef"

// AppendUUID appends the canonical form in quotes, as uuid.UUID's MarshalText.
func AppendUUID(b []byte, id uuid.UUID) []byte {
	b = append(b, '"')
	for i, x := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[x>>4], hexDigits[x&0xf])
	}
	return append(b, '"')
}

// AppendUUIDPtr appends an optional UUID: null when absent.
func AppendUUIDPtr(b []byte, id *uuid.UUID) []byte {
	if id == nil {
		return append(b, "null"...)
	}
	return AppendUUID(b, *id)
}

// AppendJSONTime appends t as time.Time's MarshalJSON does (RFC 3339 with the fraction it has).
func AppendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// AppendJSONFloat appends f as encoding/json does: ES6 number formatting. The domain keeps
// coordinates finite; NaN and infinities, which encoding/json refuses, are written as null.
func AppendJSONFloat(b []byte, f float64) []byte {
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

// AppendJSONString appends s quoted as encoding/json does without HTML escaping: ", \ and
// control characters escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func AppendJSONString(b []byte, s string) []byte {
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
		// Leads E1 to EC but E2 (which U+2028 and U+2029 start with) before two continuation bytes
		// are always a valid rune to copy as it is: Hangul syllables, most CJK, without decoding.
		if c >= 0xE1 && c <= 0xEC && c != 0xE2 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
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

// Audit is what every aggregate's JSON ends with: its lifecycle and audit members.
type Audit struct {
	Deleted              bool
	Version              int64
	CreatedAt, UpdatedAt time.Time
	CreatedBy, UpdatedBy uuid.UUID
	DeletedAt            *time.Time
	DeletedBy            *uuid.UUID
}

// AppendAudit appends `,"isDeleted":…` through `"deletedBy":…`, as encoding/json writes them
// for every aggregate's state type.
func AppendAudit(b []byte, a Audit) []byte {
	b = append(b, `,"isDeleted":`...)
	b = strconv.AppendBool(b, a.Deleted)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, a.Version, 10)
	b = append(b, `,"createdAt":`...)
	b = AppendJSONTime(b, a.CreatedAt)
	b = append(b, `,"createdBy":`...)
	b = AppendUUID(b, a.CreatedBy)
	b = append(b, `,"updatedAt":`...)
	b = AppendJSONTime(b, a.UpdatedAt)
	b = append(b, `,"updatedBy":`...)
	b = AppendUUID(b, a.UpdatedBy)
	b = append(b, `,"deletedAt":`...)
	if a.DeletedAt == nil {
		b = append(b, "null"...)
	} else {
		b = AppendJSONTime(b, *a.DeletedAt)
	}
	b = append(b, `,"deletedBy":`...)
	return AppendUUIDPtr(b, a.DeletedBy)
}

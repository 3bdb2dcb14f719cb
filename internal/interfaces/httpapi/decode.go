package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// MaxBodyBytes is the largest request body accepted; a hub is well under a kilobyte.
const MaxBodyBytes = 1 << 20

// The media types of request bodies: JSON, and JSON Merge Patch for PATCH.
const (
	MediaJSON       = "application/json"
	MediaMergePatch = "application/merge-patch+json"
)

// ReadJSONBody checks the content type against allowed, reads at most MaxBodyBytes, and refuses
// bodies that are not UTF-8 (encoding/json would quietly turn bad bytes into U+FFFD).
func ReadJSONBody(c echo.Context, allowed ...string) ([]byte, error) {
	if err := checkContentType(c.Request().Header.Get(echo.HeaderContentType), allowed); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, BadBody(fmt.Sprintf("the body exceeds %d bytes", MaxBodyBytes))
	case err != nil:
		return nil, BadBody("the body could not be read")
	case !utf8.Valid(body):
		return nil, BadBody("the body is not valid UTF-8")
	}
	return body, nil
}

func checkContentType(header string, allowed []string) error {
	unsupported := NewProblem(http.StatusUnsupportedMediaType, CodeUnsupportedMedia,
		"Content-Type must be "+strings.Join(allowed, " or "))
	mediaType, params, err := mime.ParseMediaType(header)
	if err != nil {
		return unsupported
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return unsupported
	}
	for _, a := range allowed {
		if mediaType == a {
			return nil
		}
	}
	return unsupported
}

// DecodeStrict decodes exactly one JSON value into v: unknown fields (a key that is not exactly
// a field's name), a key given twice, a lone surrogate escape, wrong types, trailing data and
// syntax errors are 400s that name what is wrong. It is the one decoder of request bodies, so
// POST, PUT and PATCH are equally strict.
func DecodeStrict(body []byte, v any) error {
	if err := checkStrictJSON(body, reflect.TypeOf(v)); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return BadBody("the body holds more than one JSON value")
	}
	return nil
}

func jsonProblem(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var fieldErr *InvalidField
	switch {
	case errors.Is(err, io.EOF):
		return BadBody("the body is empty; a JSON object is required")
	case errors.As(err, &fieldErr):
		return BadBody(fieldErr.Error(), FieldError{Field: fieldErr.Field, Message: fieldErr.Message})
	case errors.As(err, &typeErr):
		field := excerpt(typeErr.Field)
		if field == "" {
			return BadBody("the body must be a JSON object")
		}
		msg := "must be " + jsonTypeName(typeErr.Type.Kind().String())
		return BadBody(field+" "+msg, FieldError{Field: field, Message: msg})
	case errors.As(err, &syntaxErr):
		return BadBody(fmt.Sprintf("malformed JSON at byte %d: %s", syntaxErr.Offset, syntaxErr.Error()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := excerpt(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`))
		return BadBody(field+" is not a known field", FieldError{Field: field, Message: "is not a known field"})
	default:
		return BadBody("malformed JSON: " + excerpt(err.Error()))
	}
}

func jsonTypeName(kind string) string {
	switch kind {
	case "float64", "float32", "int", "int64":
		return "a number"
	case "string":
		return "a string"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "a boolean"
	default:
		return "of another type"
	}
}

// InvalidField is a decoding error of one field that a custom unmarshaller found.
type InvalidField struct{ Field, Message string }

func (e *InvalidField) Error() string { return e.Field + " " + e.Message }

// DecodeNested decodes a nested object strictly, reporting problems as a fieldError under path.
func DecodeNested(b []byte, path string, v any) error {
	err := DecodeStrict(b, v)
	p, ok := err.(*Problem)
	if !ok || len(p.Errors) == 0 {
		if err != nil {
			return &InvalidField{Field: path, Message: "must be an object with the documented members"}
		}
		return nil
	}
	f := p.Errors[0]
	if !strings.HasPrefix(f.Field, path+".") {
		f.Field = path + "." + f.Field
	}
	return &InvalidField{Field: f.Field, Message: f.Message}
}

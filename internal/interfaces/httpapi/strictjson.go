package httpapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// encoding/json is lenient where the contract is strict: it matches object keys to fields in any
// case, keeps the last of two equal keys, and decodes a lone UTF-16 surrogate escape as U+FFFD.
// checkStrictJSON is a pass over the body before it is decoded that refuses all three; the
// names a struct allows are read from its json tags, once per type.

// checkStrictJSON checks body against the type it is about to be decoded into: every object key
// is exactly the json name of a field of the struct it lands in (maps and values that decode
// themselves take any key), no object repeats a key, and no string holds a lone surrogate
// escape. Malformed JSON is left to the decoder, which names it better.
func checkStrictJSON(body []byte, t reflect.Type) error {
	if !json.Valid(body) {
		return nil // the decoder refuses it, with the offset of the fault
	}
	sc := strictScanner{b: body}
	return sc.value(shapeOf(t))
}

// strictScanner walks a JSON text that json.Valid accepted, so it need not recheck the grammar
// (json.Valid also bounds the nesting, and so this recursion). path holds the keys down to the
// current value, for naming it in a problem.
type strictScanner struct {
	b    []byte
	i    int
	path []string
}

func (s *strictScanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *strictScanner) value(sh *shape) error {
	s.ws()
	switch s.b[s.i] {
	case '{':
		return s.object(sh)
	case '[':
		s.i++
		for s.ws(); s.b[s.i] != ']'; s.ws() {
			if err := s.value(sh.elemShape()); err != nil {
				return err
			}
			if s.ws(); s.b[s.i] == ',' {
				s.i++
			}
		}
		s.i++
		return nil
	case '"':
		_, _, err := s.str()
		return err
	}
	for s.i < len(s.b) { // a number, true, false or null
		switch s.b[s.i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return nil
		}
		s.i++
	}
	return nil
}

func (s *strictScanner) object(sh *shape) error {
	s.i++
	var buf [8]string
	seen := buf[:0]
	var seenSet map[string]struct{} // past a few keys, a set: a big object must not cost n²
	for s.ws(); s.b[s.i] != '}'; s.ws() {
		raw, escaped, err := s.str()
		if err != nil {
			return err
		}
		key, member, known := sh.member(raw, escaped)
		if !known {
			field, msg := s.field(key), "is not a known field"+lookAlike(key, sh.names)
			return BadBody(field+" "+msg, FieldError{Field: field, Message: msg})
		}
		dup := false
		if seenSet != nil {
			_, dup = seenSet[key]
			seenSet[key] = struct{}{}
		} else {
			dup = slices.Contains(seen, key)
			if seen = append(seen, key); len(seen) > 16 {
				seenSet = map[string]struct{}{}
				for _, k := range seen {
					seenSet[k] = struct{}{}
				}
			}
		}
		if dup {
			field := s.field(key)
			return BadBody(field+" is given more than once", FieldError{Field: field, Message: "is given more than once"})
		}
		s.ws()
		s.i++ // ':'
		s.path = append(s.path, key)
		if err := s.value(member); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		if s.ws(); s.b[s.i] == ',' {
			s.i++
		}
	}
	s.i++
	return nil
}

// field is the dotted path of key in the current object, each key cut to an excerpt.
func (s *strictScanner) field(key string) string {
	parts := make([]string, 0, len(s.path)+1)
	for _, k := range append(s.path, key) {
		parts = append(parts, excerpt(k))
	}
	return strings.Join(parts, ".")
}

// str reads the string at s.i, quotes included, and refuses a lone UTF-16 surrogate escape in
// it: encoding/json would quietly decode it as U+FFFD, as it would raw invalid UTF-8.
func (s *strictScanner) str() (raw []byte, escaped bool, err error) {
	start := s.i
	for s.i++; s.b[s.i] != '"'; {
		if s.b[s.i] != '\\' {
			s.i++
			continue
		}
		escaped = true
		if s.b[s.i+1] != 'u' {
			s.i += 2
			continue
		}
		r, _ := hex4(s.b[s.i+2:])
		switch {
		case r >= 0xD800 && r < 0xDC00: // a high half: its low half must follow at once
			if s.lowHalfAt(s.i + 6) {
				s.i += 12
				continue
			}
			return nil, false, loneSurrogateAt(s.i)
		case r >= 0xDC00 && r < 0xE000: // a low half without its high half
			return nil, false, loneSurrogateAt(s.i)
		}
		s.i += 6
	}
	s.i++
	return s.b[start:s.i], escaped, nil
}

// lowHalfAt tells whether a \u escape of a low surrogate half starts at j.
func (s *strictScanner) lowHalfAt(j int) bool {
	if j+6 > len(s.b) || s.b[j] != '\\' || s.b[j+1] != 'u' {
		return false
	}
	lo, ok := hex4(s.b[j+2:])
	return ok && lo >= 0xDC00 && lo < 0xE000
}

func loneSurrogateAt(off int) error {
	return BadBody(fmt.Sprintf("the body holds a lone UTF-16 surrogate escape at byte %d; "+
		"a character outside the BMP is a pair such as \\ud83d\\ude00", off))
}

// shape is what the strict pass knows of a Go type: a struct's members by exact json name, or
// the element type of a map, slice or array. A nil shape (an interface, a scalar, a type with
// its own UnmarshalJSON) takes any key; such a type checks its own members, through
// decodeStrict, when it decodes itself.
type shape struct {
	fields map[string]shapeField // a struct's members; nil for anything else
	names  []string              // the members in declaration order, for hints
	elem   reflect.Type          // a map's, slice's or array's element
}

type shapeField struct {
	name string
	t    reflect.Type
}

// member looks the raw key (quotes included) up: its text, the shape of its value, and whether
// the object takes it. A struct's member is found without copying the key.
func (s *shape) member(raw []byte, escaped bool) (key string, member *shape, known bool) {
	if s != nil && s.fields != nil && !escaped {
		if f, ok := s.fields[string(raw[1:len(raw)-1])]; ok {
			return f.name, shapeOf(f.t), true
		}
	}
	if escaped {
		_ = json.Unmarshal(raw, &key) // valid JSON, and free of lone surrogates
	} else {
		key = string(raw[1 : len(raw)-1])
	}
	switch {
	case s == nil:
		return key, nil, true
	case s.fields != nil:
		f, ok := s.fields[key]
		return key, shapeOf(f.t), ok
	}
	return key, s.elemShape(), true
}

func (s *shape) elemShape() *shape {
	if s == nil || s.elem == nil {
		return nil
	}
	return shapeOf(s.elem)
}

var (
	shapes          sync.Map // reflect.Type → *shape
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textType        = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func shapeOf(t reflect.Type) *shape {
	if t == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := shapes.Load(t); ok {
		return s.(*shape)
	}
	var s *shape
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(unmarshalerType) || pt.Implements(textType):
	case t.Kind() == reflect.Struct:
		s = &shape{fields: map[string]shapeField{}}
		addFields(s, t)
	case t.Kind() == reflect.Map, t.Kind() == reflect.Slice, t.Kind() == reflect.Array:
		s = &shape{elem: t.Elem()}
	}
	actual, _ := shapes.LoadOrStore(t, s)
	return actual.(*shape)
}

// addFields collects the members encoding/json decodes into: exported fields by their json
// name. A request type must not embed a struct without a json name: encoding/json would promote
// its fields by rules of depth, tags and ambiguity (a shallower field hides a deeper one, two at
// one depth hide each other) that this pass would have to repeat exactly, and no request type
// needs one. Such a type panics here, the first time a body is checked against it (every request
// type is, by the tests), rather than being checked by a rule encoding/json does not apply.
func addFields(s *shape, t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if ft := f.Type; f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				panic(fmt.Sprintf("httpapi: request type %v embeds struct %v without a json name; "+
					"the strict JSON pass does not promote embedded fields: name the field instead", t, f.Type))
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := s.fields[name]; !dup {
			s.names = append(s.names, name)
		}
		s.fields[name] = shapeField{name: name, t: f.Type}
	}
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"strings"
	"sync"

	"github.com/hubd/hubd/internal/domain/paging"
)

// cursorCodec turns repository cursors into the opaque strings clients see and back. A cursor
// is bound to the filters and sort it was made for (a fingerprint inside it) and signed with
// HMAC-SHA256, so a client can neither edit one nor carry it to another search; it carries the
// last row's sort keys, which the signature keeps honest too.
//
// Every keyset page signs its next cursor: the keyed HMACs are recycled (keying one hashes the
// key's two pads, more than signing a cursor does), and the payload is appended by hand, the
// bytes json.Marshal makes of cursorPayload (TestCursorEncodeMatchesJSONMarshal).
type cursorCodec struct {
	key  []byte
	macs *sync.Pool // of hash.Hash keyed with key; nil: keyed per call
}

func newCursorCodec(key []byte) cursorCodec {
	key = append([]byte(nil), key...)
	return cursorCodec{key: key, macs: &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}}
}

type cursorPayload struct {
	Keys        []string `json:"k"`
	Fingerprint string   `json:"f"`
}

var errBadCursor = errors.New("bad cursor")

// sigLen is the length of a cursor's signature: the first 16 bytes of the HMAC.
const sigLen = 16

func (c cursorCodec) encode(cur *paging.Cursor, fingerprint string) string {
	var scratch [256]byte
	payload := appendCursorPayload(scratch[:0], cur.Keys, fingerprint)
	enc := base64.RawURLEncoding
	out := make([]byte, 0, enc.EncodedLen(len(payload))+1+enc.EncodedLen(sigLen))
	out = enc.AppendEncode(out, payload)
	var sum [sha256.Size]byte
	sig := c.sign(sum[:0], out)
	out = append(out, '.')
	out = enc.AppendEncode(out, sig)
	return string(out)
}

// appendCursorPayload appends what json.Marshal makes of cursorPayload{keys, fingerprint}.
func appendCursorPayload(b []byte, keys []string, fingerprint string) []byte {
	b = append(b, `{"k":`...)
	if keys == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendMarshaledString(b, k)
		}
		b = append(b, ']')
	}
	b = append(b, `,"f":`...)
	b = appendMarshaledString(b, fingerprint)
	return append(b, '}')
}

// appendMarshaledString appends what json.Marshal makes of s: quoted as it is when s is
// printable ASCII that needs no escape (sort keys and fingerprints are, nearly always); anything
// else goes through json.Marshal itself (HTML escaping, invalid UTF-8, U+2028 and the rest).
func appendMarshaledString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func (c cursorCodec) decode(s, fingerprint string) (*paging.Cursor, error) {
	body, sig, ok := strings.Cut(s, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	var sum [sha256.Size]byte
	if !ok || err != nil || !hmac.Equal(mac, c.sign(sum[:0], []byte(body))) {
		return nil, errBadCursor
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return nil, errBadCursor
	}
	var p cursorPayload
	if err := json.Unmarshal(raw, &p); err != nil || p.Fingerprint != fingerprint || len(p.Keys) == 0 {
		return nil, errBadCursor
	}
	return &paging.Cursor{Keys: p.Keys}, nil
}

// sign appends the signature of body to b.
func (c cursorCodec) sign(b, body []byte) []byte {
	var h hash.Hash
	if c.macs != nil {
		h = c.macs.Get().(hash.Hash)
		defer c.macs.Put(h)
		h.Reset()
	} else {
		h = hmac.New(sha256.New, c.key)
	}
	h.Write(body)
	return h.Sum(b)[:len(b)+sigLen]
}

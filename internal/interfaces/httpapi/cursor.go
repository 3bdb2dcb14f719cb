package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/hubd/hubd/internal/domain/paging"
)

// cursorCodec turns repository cursors into the opaque strings clients see and back. A cursor
// is bound to the filters and sort it was made for (a fingerprint inside it) and signed with
// HMAC-SHA256, so a client can neither edit one nor carry it to another search; it carries the
// last row's sort keys, which the signature keeps honest too.
type cursorCodec struct{ key []byte }

type cursorPayload struct {
	Keys        []string `json:"k"`
	Fingerprint string   `json:"f"`
}

var errBadCursor = errors.New("bad cursor")

func (c cursorCodec) encode(cur *paging.Cursor, fingerprint string) string {
	payload, _ := json.Marshal(cursorPayload{Keys: cur.Keys, Fingerprint: fingerprint})
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(c.sign(body))
}

func (c cursorCodec) decode(s, fingerprint string) (*paging.Cursor, error) {
	body, sig, ok := strings.Cut(s, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || !hmac.Equal(mac, c.sign(body)) {
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

func (c cursorCodec) sign(body string) []byte {
	h := hmac.New(sha256.New, c.key)
	h.Write([]byte(body))
	return h.Sum(nil)[:16]
}

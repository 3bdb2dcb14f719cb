package postgres

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hubd/hubd/internal/application/consistency"
)

// lsn is a PostgreSQL WAL position, comparable as a number.
type lsn uint64

// parseLSN reads PostgreSQL's text form, "16/B374D848", and the position of a consistency token,
// which may carry a feed seq after it ("16/B374D848@42": see consistency.Token; the seq must be
// well formed too, the router reads only the position).
func parseLSN(s string) (lsn, error) {
	pos, _, err := consistency.Token(s).Split()
	if err != nil {
		return 0, fmt.Errorf("%w: %q", consistency.ErrInvalidToken, s)
	}
	hi, lo, ok := strings.Cut(pos, "/")
	if !ok || len(hi) == 0 || len(hi) > 8 || len(lo) == 0 || len(lo) > 8 {
		return 0, fmt.Errorf("%w: %q", consistency.ErrInvalidToken, s)
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("%w: %q", consistency.ErrInvalidToken, s)
	}
	return lsn(h<<32 | l), nil
}

func (l lsn) String() string { return fmt.Sprintf("%X/%X", uint64(l)>>32, uint64(l)&0xFFFFFFFF) }

// CheckToken refuses a consistency token whose position is not a WAL position (or whose seq is
// malformed), as every read with a token does: for readers that do not go through Store.Reader.
func CheckToken(t consistency.Token) error {
	_, err := parseLSN(string(t))
	return err
}

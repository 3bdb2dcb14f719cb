package httpapi

import (
	"strconv"
	"strings"
)

// ETag is the strong entity tag of a hub version: "3".
func ETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// IfMatchVersion reads If-Match into the version a change expects. No header or "*" expects
// nothing (0). A tag that can name no version of ours (weak, not a number, several tags) can
// never match, so it expects an impossible version and the change fails with 412.
func IfMatchVersion(header string) int64 {
	header = strings.TrimSpace(header)
	if header == "" || header == "*" {
		return 0
	}
	v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(header, `"`), `"`), 10, 64)
	if err != nil || v < 1 || !strings.HasPrefix(header, `"`) || !strings.HasSuffix(header, `"`) || len(header) < 3 {
		return -1
	}
	return v
}

// NoneMatch reports whether If-None-Match names the current tag (weak comparison, as RFC 9110
// asks for If-None-Match), so a GET may answer 304.
func NoneMatch(header, current string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == current {
			return true
		}
	}
	return false
}

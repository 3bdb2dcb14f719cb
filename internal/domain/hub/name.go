package hub

import "github.com/hubd/hubd/internal/domain/input"

// checkName applies the shared name rules (input.Name, on package names) to a hub's name and
// returns it as it is stored: NFC, white space trimmed and collapsed, at most MaxNameLength
// characters, not only invisible ones.
func checkName(v *validator, field, s string) string { return input.Name(&v.Validator, field, s) }

// Package readmodel holds what the read side of every aggregate shares: the audit members of
// the public JSON (Audit) and the generic query use cases (Get, Search), each parameterised by
// the aggregate's read-model port and keeping the aggregate's own access rule.
package readmodel

package kernel

// An error richer than its sentinel (it wraps one, so it has the sentinel's kind, code and
// fields) may tell a caller more by implementing these; the HTTP mapping asks every error for
// them, so an aggregate's richer errors need no case of their own there.

// Detailer is an error with a detail of its own for the caller, instead of its sentinel's.
type Detailer interface {
	error
	Detail() string
}

// Versioner is a failed precondition that knows the version the record is at (a version
// mismatch): the answer carries it as the current ETag.
type Versioner interface {
	error
	CurrentVersion() int64
}

// Holder is a conflict that names the live record holding what the change asked for (a unique
// name): the answer carries its id under property (such as "hubId"). An empty id names none.
type Holder interface {
	error
	Holder() (property, id string)
}

package postgres

// MapErrorForTest maps err as an aggregate's adapter would that declares noRows and constraints.
func MapErrorForTest(noRows error, constraints map[string]error, err error) error {
	return ErrorMap{NoRows: noRows, Constraints: constraints}.Map(err)
}

// MapSharedErrorForTest maps err as the shared plumbing (transactions, the outbox) does.
func MapSharedErrorForTest(err error) error { return mapError(err) }

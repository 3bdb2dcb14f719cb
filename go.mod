module github.com/hubd/hubd

go 1.26.8

require (
	github.com/doug-martin/goqu/v9 v9.19.0
	github.com/golang-migrate/migrate/v4 v4.20.1
	github.com/google/uuid v1.6.0
	github.com/jmoiron/sqlx v1.4.0
	github.com/lib/pq v1.10.9
)

require github.com/stretchr/objx v0.5.2 // indirect

// Package httpapi is hubd's REST interface on Echo v4: routes, request parsing, bearer-token
// authentication, problem+json errors and request logging. Echo stays inside this package so a
// later move to Echo v5 touches one folder.
package httpapi

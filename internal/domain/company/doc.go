// Package company is the Company aggregate: a business a hub serves, with a name unique among
// live companies (under the hub name's rules, package names), a postal address (the hub's
// rules, package input), its hub and an optional manager (a user of role COMPANY). The package
// holds its rules, errors and events, its search condition with the plain-Go reference of every
// filter, its Repository port, and the company manager's rule: their own company's name and
// address only (ManagerMayChange).
//
// The package depends on no driver, web framework or SQL builder; a test in internal/ keeps it so.
package company

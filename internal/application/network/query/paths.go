package query

import (
	"context"
	"strconv"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/network"
)

// FindPath asks for the shortest way from one live hub to another.
type FindPath struct {
	Actor    access.Actor
	From, To uuid.UUID
	By       network.By
}

// GetMatrix asks for the shortest totals between every ordered pair of live hubs, or, with From,
// for the one row from that hub to every live hub: n cells, served at any size of the network.
type GetMatrix struct {
	Actor access.Actor
	By    network.By
	From  *uuid.UUID
}

// ErrMatrixTooLarge refuses the matrix of a network with more live hubs than the projection's
// MaxMatrixHubs: its n² cells would be held and sent whole.
var ErrMatrixTooLarge = kernel.NewError(kernel.Conflict, "MATRIX_TOO_LARGE", "the network is too large for the matrix")

// MatrixTooLargeError is ErrMatrixTooLarge with the figures, for the caller.
type MatrixTooLargeError struct {
	Hubs, Max int
	Row       bool // a row (from=) was asked for
}

func (e *MatrixTooLargeError) Error() string { return ErrMatrixTooLarge.Error() + ": " + e.Detail() }

// Unwrap is the sentinel.
func (e *MatrixTooLargeError) Unwrap() error { return ErrMatrixTooLarge }

// Detail implements kernel.Detailer.
func (e *MatrixTooLargeError) Detail() string {
	what := "the matrix is served for at most "
	if e.Row {
		what = "a row of the matrix is served for at most "
	}
	return "the network has " + strconv.Itoa(e.Hubs) + " live hubs; " + what + strconv.Itoa(e.Max) + "; ask for paths instead"
}

// Path is the shortest way under q.By (network.Graph.Shortest: ties to fewer legs, then to the
// smaller sequence of hub ids). An unknown or deleted hub is hub.ErrNotFound; no way,
// network.ErrNoPath; every role but CUSTOMER may ask.
func (p *Projection) Path(ctx context.Context, q FindPath) (network.Path, error) {
	if !q.Actor.CanRead() {
		return network.Path{}, access.ErrForbidden
	}
	g, err := p.graph(ctx)
	if err != nil {
		return network.Path{}, err
	}
	return g.Shortest(q.From, q.To, q.By)
}

// Matrix is every row of shortest totals, or ErrMatrixTooLarge above MaxMatrixHubs live hubs;
// every role but CUSTOMER may ask.
func (p *Projection) Matrix(ctx context.Context, q GetMatrix) (network.Matrix, error) {
	if !q.Actor.CanRead() {
		return network.Matrix{}, access.ErrForbidden
	}
	g, err := p.graph(ctx)
	if err != nil {
		return network.Matrix{}, err
	}
	if q.From != nil {
		if n := g.NodeCount(); n > p.opts.MaxRowHubs {
			return network.Matrix{}, &MatrixTooLargeError{Hubs: n, Max: p.opts.MaxRowHubs, Row: true}
		}
		return matrixRow(g, *q.From, q.By)
	}
	if n := g.NodeCount(); n > p.opts.MaxMatrixHubs {
		return network.Matrix{}, &MatrixTooLargeError{Hubs: n, Max: p.opts.MaxMatrixHubs}
	}
	return g.Matrix(q.By), nil
}

// matrixRow is the matrix's row of from alone: its columns are every live hub, as in the matrix.
func matrixRow(g *network.Graph, from uuid.UUID, by network.By) (network.Matrix, error) {
	row, err := g.Row(from, by)
	if err != nil {
		return network.Matrix{}, err
	}
	dist, dur := make([]*float64, len(row)), make([]*int64, len(row))
	for i, t := range row {
		if t.Reachable {
			d, m := t.DistanceKm, t.DurationMinutes
			dist[i], dur[i] = &d, &m
		}
	}
	return network.Matrix{By: by, Hubs: g.Hubs(), DistanceKm: [][]*float64{dist}, DurationMinutes: [][]*int64{dur}}, nil
}

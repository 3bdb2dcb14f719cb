package hubapi

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const hubsPath = "/api/v1/hubs"

// API is the hub's HTTP interface: the routes of the contract's hub endpoints, over the hub's
// use cases.
type API struct {
	uc application.Hubs
}

// New is the hub module for httpapi.Config.Modules.
func New(uc application.Hubs) *API { return &API{uc: uc} }

// Routes implements httpapi.Module: each use case with how its query or command is made of the
// request.
func (a *API) Routes(r *httpapi.Routes) {
	hubs.Register(r, httpapi.Items[hub.SearchCondition, query.HubView]{
		Create:  a.createHub,
		Search:  a.uc.Search.Handle,
		Get:     a.uc.Get.Handle,
		Replace: a.replaceHub,
		Patch:   a.patchHub,
		Delete:  httpapi.DeleteBy(a.uc.Delete.Handle),
		Restore: a.uc.Restore.Handle,
	})
	r.POST("/hubs/batch-get", a.batchGetHubs, false)
	r.GET("/hubs/nearest", a.nearestHubs)
}

// hubs is the HTTP of the hub's endpoints.
var hubs = httpapi.Resource[hub.SearchCondition, query.HubView]{
	Param: "hubId", Path: hubsPath, Append: appendHubJSON,
	Key:  func(v query.HubView) (uuid.UUID, int64) { return v.ID, v.Version },
	Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
}

func (a *API) createHub(ctx context.Context, actor access.Actor, body []byte) (query.HubView, error) {
	d, err := decodeHubInput(body)
	if err != nil {
		return query.HubView{}, err
	}
	return a.uc.Create.Handle(ctx, command.CreateHub{Actor: actor, Details: d})
}

func (a *API) replaceHub(ctx context.Context, t httpapi.Target, body []byte) (query.HubView, error) {
	d, err := decodeHubInput(body)
	if err != nil {
		return query.HubView{}, err
	}
	return a.uc.Update.Handle(ctx, command.UpdateHub{Actor: t.Actor, HubID: t.ID, Details: d, IfVersion: t.IfVersion})
}

func (a *API) patchHub(ctx context.Context, t httpapi.Target, body []byte) (query.HubView, error) {
	patch, err := decodePatch(body)
	if err != nil {
		return query.HubView{}, err
	}
	return a.uc.Update.Patch(ctx, command.PatchHub{Actor: t.Actor, HubID: t.ID, Patch: patch, IfVersion: t.IfVersion})
}

func decodeHubInput(body []byte) (hub.Details, error) {
	var in hubInput
	if err := httpapi.DecodeStrict(body, &in); err != nil {
		return hub.Details{}, err
	}
	return in.details()
}

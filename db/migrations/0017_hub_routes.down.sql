DROP TABLE hub_routes;

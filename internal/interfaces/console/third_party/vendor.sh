#!/bin/sh
# vendor.sh refreshes this folder from npm at the pinned versions (`make web-vendor` runs it):
# each package in its own subfolder with its licence, its package.json (name, version, licence)
# and only the files the console uses; VERSIONS records each tarball's npm integrity. Then it
# remakes the console's outline of South Korea from world-atlas's TopoJSON. Needs npm and node.
set -eu

SWAGGER_UI_DIST=5.35.0 # /docs/ (embedded, served at /docs/vendor/swagger-ui/)
AXE_CORE=4.14.1        # the browser tests inject it; not embedded
WORLD_ATLAS=2.0.2      # the source of web/console/map/korea.json; only its licence is kept

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent --json swagger-ui-dist@$SWAGGER_UI_DIST axe-core@$AXE_CORE world-atlas@$WORLD_ATLAS >packed.json
for name in swagger-ui-dist axe-core world-atlas; do
	mkdir -p "$name" && tar -xzf "$name"-*.tgz -C "$name" --strip-components=1
done

# copy <package> <files…>: replace the package's kept files (the folder's own README and
# scripts stay).
copy() {
	pkg=$1
	shift
	mkdir -p "$here/$pkg"
	for f in "$@" package.json; do cp "$tmp/$pkg/$f" "$here/$pkg/$f"; done
}
copy swagger-ui-dist swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt
copy axe-core axe.min.js LICENSE
copy world-atlas LICENSE

node -e '
for (const p of JSON.parse(require("fs").readFileSync("packed.json", "utf8")))
  console.log(p.name + " " + p.version + " " + p.integrity);
' >"$here/VERSIONS"

map=$(cd "$here/../web/console/map" && pwd)
node "$here/world-atlas/mkkorea.mjs" "$tmp/world-atlas/countries-10m.json" "$map/korea.json"
cat "$here/VERSIONS"

// mkkorea.mjs makes the console's outline of South Korea (web/console/map/korea.json) from
// world-atlas's countries-10m.json (Natural Earth's 1:10m admin-0 countries, public domain: the
// 1:50m file drops the west coast's islands and Dokdo, and the 10m outline is still small), with no
// dependency: it decodes the country's arcs itself (delta-encoded, quantized by the topology's
// transform), rounds every coordinate to 4 decimals (about 10 m, far below what a 700-pixel map
// can show) and drops the points that rounding makes repeat. `make web-vendor` runs it.
//
//   node mkkorea.mjs <countries-10m.json> <korea.json>
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node mkkorea.mjs <countries-10m.json> <korea.json>');
  process.exit(2);
}
const SOUTH_KOREA = '410'; // ISO 3166-1 numeric, the id world-atlas gives each country

const topology = JSON.parse(readFileSync(input, 'utf8'));
const country = topology.objects.countries.geometries.find((g) => g.id === SOUTH_KOREA);
if (!country) throw new Error(`no country ${SOUTH_KOREA} in ${input}`);

const { scale, translate } = topology.transform;
const resolution = (input.match(/countries-(\d+m)\.json$/) || [])[1] || 'unknown';
const round = (v) => Math.round(v * 1e4) / 1e4;

// arcs[i] as absolute [lon, lat] points (the topology stores deltas of quantized integers).
const decoded = topology.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [round(x * scale[0] + translate[0]), round(y * scale[1] + translate[1])];
  });
});

// ring joins a ring's arcs; ~i is arc i reversed, and each arc repeats the last point of the one before.
function ring(indexes) {
  const points = [];
  for (const i of indexes) {
    const arc = i < 0 ? decoded[~i].slice().reverse() : decoded[i];
    for (const p of points.length ? arc.slice(1) : arc) {
      const last = points[points.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
    }
  }
  return points;
}

const polygons = (country.type === 'Polygon' ? [country.arcs] : country.arcs)
  .map((polygon) => polygon.map(ring))
  .filter((polygon) => polygon[0].length >= 4); // rounding may shrink a tiny islet to nothing

const lons = polygons.flat(2).map((p) => p[0]);
const lats = polygons.flat(2).map((p) => p[1]);
const geojson = {
  type: 'Feature',
  properties: {
    name: country.properties.name,
    source: `Natural Earth 1:${resolution} admin-0 countries (public domain), via the world-atlas npm package`,
  },
  bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
  geometry: { type: 'MultiPolygon', coordinates: polygons },
};
writeFileSync(output, JSON.stringify(geojson) + '\n');
console.log(`${output}: ${polygons.length} polygons, ${lons.length} points, bbox ${geojson.bbox.join(' ')}`);

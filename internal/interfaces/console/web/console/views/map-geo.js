// The map's geometry: a plain equirectangular projection of South Korea (longitudes shrunk by
// cos 36°, the country's middle latitude, so that shapes keep their proportions there), fitted
// into the SVG's view box, its inverse (a click back to a latitude and a longitude), and the
// outline (web/console/map/korea.json, Natural Earth via world-atlas) as an SVG path.

const K = Math.cos((36 * Math.PI) / 180);

// KOREA_BBOX is korea.json's bbox [west, south, east, north]: the map fits it whether or not
// the outline loads.
export const KOREA_BBOX = [124.6134, 33.198, 131.8639, 38.6251];

// fit answers {width, height, project([lon, lat]) → [x, y], invert([x, y]) → [lon, lat]} for a
// view box `width` wide whose height follows the bbox's proportions, with `pad` units around.
export function fit(bbox, width, pad) {
  const [west, south, east, north] = bbox;
  const scale = (width - 2 * pad) / ((east - west) * K);
  const height = Math.round((north - south) * scale + 2 * pad);
  return {
    width,
    height,
    project: ([lon, lat]) => [pad + (lon - west) * K * scale, pad + (north - lat) * scale],
    invert: ([x, y]) => [west + (x - pad) / (K * scale), north - (y - pad) / scale],
  };
}

// outlinePath is the SVG path data of a GeoJSON Feature or geometry (Polygon or MultiPolygon).
export function outlinePath(geojson, project) {
  const geometry = geojson.geometry || geojson;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      d += 'M' + ring.map((p) => project(p).map((v) => v.toFixed(1)).join(',')).join('L') + 'Z';
    }
  }
  return d;
}

// loadOutline fetches the outline next to the console (the page's policy allows 'self' only).
export async function loadOutline(signal) {
  const res = await fetch(new URL('../map/korea.json', import.meta.url), { signal });
  if (!res.ok) throw new Error(`korea.json: HTTP ${res.status}`);
  return res.json();
}

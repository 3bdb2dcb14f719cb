// The network map (#/map): South Korea's outline with every live hub that has a location as a
// point and every live route as a line (a route per direction, drawn a little apart so both
// show); hovering or focusing one shows its figures in #map-tooltip. Beside it the path finder
// (GET /api/v1/hub-paths, its legs drawn on the map and listed with the totals) and the nearest
// hubs (a click on the map, or the coordinate inputs: GET /api/v1/hubs/nearest). Everything it
// shows is the API's answer; the map only draws it. For MASTER and SERVER, who may read the event
// feed, it follows the hub and route events (each carries the new state) and redraws, as the hub
// list does: #view-map says data-live="stream" then, "off" otherwise.
import * as api from '../api.js';
import * as session from '../session.js';
import { status } from '../app.js';
import { t, number } from '../i18n.js';
import { fit, outlinePath, loadOutline, KOREA_BBOX } from './map-geo.js';
import { el, field, showErrors, clearErrors, problemText } from './hub-dom.js';
import { follow, mayFollow } from './live.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600; // view box units; the SVG scales to its column
const PAD = 14;
const SPREAD = 1.6; // how far the two directions of a connection are drawn apart
const NEAREST_LIMIT = 5;

export function render(main) {
  const abort = new AbortController();
  const signal = abort.signal;
  const view = el('section', { id: 'view-map', class: 'map-view', 'data-state': 'loading' });
  const geo = fit(KOREA_BBOX, WIDTH, PAD);
  const hubs = new Map(); // hubId → hub, deleted ones kept (their version) so an older read cannot revive them
  const routes = new Map(); // routeId → route, likewise
  const ui = layout(geo);
  view.append(ui.heading, ui.help, ui.layout);
  main.append(view);

  // failed shows an API error where everyone sees it (never a blank view).
  const failed = (err) => {
    if (err.name === 'AbortError') return;
    status(problemText(err));
  };

  const tip = tooltip(ui.canvas, ui.tooltip);
  ui.svg.addEventListener('pointerover', (ev) => tip.show(ev.target));
  ui.svg.addEventListener('pointerout', (ev) => tip.hide(ev.target));
  ui.svg.addEventListener('focusin', (ev) => tip.show(ev.target));
  ui.svg.addEventListener('focusout', (ev) => tip.hide(ev.target));
  view.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') tip.hide(); });

  // nearest: a click anywhere on the map asks for the hubs nearest to that point; a hub
  // point (click, Enter or Space) asks around the hub itself. A newer ask aborts the one before.
  const nearestRequest = api.latest(signal);
  const nearest = async (lat, lon) => {
    ui.nearestLat.value = String(round6(lat));
    ui.nearestLon.value = String(round6(lon));
    clearErrors(ui.nearestForm);
    drawProbe(ui.probeLayer, geo.project([lon, lat]));
    const mine = nearestRequest();
    try {
      const { data } = await api.get('hubs/nearest', { query: { latitude: lat, longitude: lon, limit: NEAREST_LIMIT }, signal: mine });
      if (!mine.aborted) showNearest(ui, data.content || [], lat, lon);
    } catch (err) {
      if (mine.aborted) return;
      // A 400 says beside the coordinate what is wrong with it; the rest goes to the status line.
      const placed = err.status === 400 && !showErrors(ui.nearestForm, err).length && ui.nearestForm.querySelector('[aria-invalid]');
      if (!placed) failed(err);
    }
  };
  ui.svg.addEventListener('click', (ev) => {
    const hub = hubs.get(ev.target.dataset?.hubId);
    if (hub?.location) { nearest(hub.location.latitude, hub.location.longitude); return; }
    const ctm = ui.svg.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    const [lon, lat] = geo.invert([p.x, p.y]);
    nearest(round4(lat), round4(lon));
  });
  ui.svg.addEventListener('keydown', (ev) => {
    const hub = hubs.get(ev.target.dataset?.hubId);
    if (!hub || (ev.key !== 'Enter' && ev.key !== ' ')) return;
    ev.preventDefault();
    nearest(hub.location.latitude, hub.location.longitude);
  });
  ui.nearestForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    nearest(Number(ui.nearestLat.value), Number(ui.nearestLon.value));
  });

  const pathRequest = api.latest(signal); // likewise for the path finder
  ui.pathForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const query = { from: ui.pathFrom.value, to: ui.pathTo.value, by: ui.pathBy.value };
    const mine = pathRequest();
    ui.pathSubmit.disabled = true;
    try {
      const { data } = await api.get('hub-paths', { query, signal: mine });
      if (!mine.aborted) showPath(ui, geo, hubs, data);
    } catch (err) {
      if (mine.aborted) return;
      if (err instanceof api.ApiError && (err.problem.code === 'NO_PATH' || err.problem.code === 'HUB_NOT_FOUND')) {
        clearPath(ui);
        ui.pathResult.append(el('p', { class: 'map-none' }, t(err.problem.code === 'NO_PATH' ? 'map.path.none' : 'map.path.hubGone')));
      } else {
        failed(err);
      }
    } finally {
      if (!mine.aborted) ui.pathSubmit.disabled = false;
    }
  });

  loadOutline(signal)
    .then((korea) => ui.land.setAttribute('d', outlinePath(korea, geo.project)))
    .catch(failed);

  // Live: the stream starts before the first read, so no change falls between the two; each
  // hub and route is kept at the highest version seen, whichever of them brought it.
  let ready = false;
  let pending = 0;
  const redraw = () => {
    if (!ready || pending) return;
    pending = requestAnimationFrame(() => { pending = 0; draw(ui, geo, hubs, routes); });
  };
  view.dataset.live = 'off'; // "stream" once the server has accepted the stream
  if (mayFollow(session.claims()?.role)) {
    // One stream for both kinds (a browser holds few connections to a server; the shipper and
    // company events it also brings are passed over).
    follow(view, {}, (ev) => {
      const [map, item, id] = ev.aggregateType === 'hub' ? [hubs, ev.hub, ev.hub?.hubId]
        : ev.aggregateType === 'hub-route' ? [routes, ev.route, ev.route?.routeId] : [];
      if (!item) return;
      touched?.add(id);
      if (keep(map, id, item)) redraw();
    }, {
      signal,
      reread: () => { if (ready) load(); }, // before the first read is done, that read is enough
      onError: (err) => { view.dataset.live = 'off'; failed(err); },
    });
  }

  // load reads every live hub and route and puts them in place of what the map holds, but for
  // what an event touched while it read (the event is as new as the read, or newer).
  // A newer load (a reconnect's reread) aborts the one before it: the newest owns touched, and
  // an older list never overwrites what a newer one and the events since put in place.
  let touched = null;
  const loading = api.latest(signal);
  const load = () => {
    const mine = new Set();
    touched = mine;
    const s = loading();
    return Promise.all([everything('hubs', s), everything('hub-routes', s)])
      .then(([hubList, routeList]) => {
        if (s.aborted) return;
        if (touched === mine) touched = null;
        replace(hubs, hubList, (h) => h.hubId, mine);
        replace(routes, routeList, (r) => r.routeId, mine);
        draw(ui, geo, hubs, routes);
        ready = true;
        view.dataset.state = 'ready';
      })
      .catch((err) => {
        if (s.aborted) return;
        view.dataset.state = 'error';
        failed(err);
      });
  };
  load();

  return () => { abort.abort(); cancelAnimationFrame(pending); };
}

// replace makes map hold list, keyed by idOf, keeping what it held under the touched ids where
// that is newer (keep's rule).
function replace(map, list, idOf, touched) {
  const fresh = new Map(list.map((x) => [idOf(x), x]));
  for (const id of touched) if (map.has(id)) keep(fresh, id, map.get(id));
  map.clear();
  for (const [id, x] of fresh) map.set(id, x);
}

// keep puts item under id unless what is there is newer; it answers whether it did.
function keep(map, id, item) {
  const had = map.get(id);
  if (had && had.version > item.version) return false;
  map.set(id, item);
  return true;
}

// everything reads every page of a search with the cursor (100 a page, the API's most).
async function everything(path, signal) {
  const items = [];
  let cursor;
  do {
    const { data } = await api.get(path, { query: { size: 100, cursor }, signal });
    items.push(...data.content);
    cursor = data.page?.nextCursor;
  } while (cursor);
  return items;
}

function layout(geo) {
  const heading = el('h1', {}, t('map.title'));
  const help = el('p', { class: 'map-help' }, t('map.help'));

  // the path finder
  const pathFrom = hubSelect('path-from');
  const pathTo = hubSelect('path-to');
  const pathBy = el('select', { id: 'path-by' },
    el('option', { value: 'distance' }, t('map.path.byDistance')),
    el('option', { value: 'duration' }, t('map.path.byDuration')));
  const pathSubmit = el('button', { id: 'path-submit', type: 'submit' }, t('map.path.submit'));
  const pathResult = el('div', { id: 'path-result', class: 'map-result', 'aria-live': 'polite' });
  const pathForm = el('form', { id: 'path-form', class: 'map-form', 'aria-labelledby': 'path-title' },
    el('h2', { id: 'path-title' }, t('map.path.title')),
    mapField('path-from', t('map.path.from'), pathFrom),
    mapField('path-to', t('map.path.to'), pathTo),
    mapField('path-by', t('map.path.by'), pathBy),
    el('div', { class: 'map-actions' }, pathSubmit));

  // the nearest hubs
  const coordinate = (id, min, max) => el('input', {
    id, type: 'number', step: 'any', min: String(min), max: String(max), required: '', inputmode: 'decimal',
  });
  const nearestLat = coordinate('nearest-lat', -90, 90);
  const nearestLon = coordinate('nearest-lon', -180, 180);
  const nearestForm = el('form', { id: 'nearest-form', class: 'map-form', 'aria-labelledby': 'nearest-title' },
    el('h2', { id: 'nearest-title' }, t('map.nearest.title')),
    el('p', { class: 'map-hint' }, t('map.nearest.help')),
    mapField('nearest-lat', t('map.nearest.lat'), nearestLat, 'latitude'),
    mapField('nearest-lon', t('map.nearest.lon'), nearestLon, 'longitude'),
    el('div', { class: 'map-actions' }, el('button', { id: 'nearest-submit', type: 'submit' }, t('map.nearest.submit'))));
  const nearestResult = el('div', { id: 'nearest-result', class: 'map-result', 'aria-live': 'polite' });

  // the map
  const svg = svgEl('svg', {
    id: 'map', viewBox: `0 0 ${geo.width} ${geo.height}`, role: 'group', 'aria-label': t('map.label'),
    'aria-describedby': 'map-caption',
  });
  const land = svgEl('path', { class: 'korea-outline', d: '' });
  const routeLayer = svgEl('g', { class: 'map-routes' });
  const pathLayer = svgEl('g', { class: 'map-path' });
  const hubLayer = svgEl('g', { class: 'map-hubs' });
  const probeLayer = svgEl('g', { class: 'map-probe' });
  svg.append(svgEl('title', {}, t('map.label')), land, routeLayer, pathLayer, hubLayer, probeLayer);
  const tip = el('div', { id: 'map-tooltip', class: 'map-tooltip', role: 'tooltip', hidden: '' });
  const canvas = el('div', { class: 'map-canvas' }, svg, tip);
  const caption = el('figcaption', { id: 'map-caption' }, t('common.loading'));
  const legend = el('ul', { class: 'map-legend', 'aria-label': t('map.legend') },
    ...['hub', 'route', 'path', 'nearest'].map((k) => el('li', {}, el('span', { class: `map-key map-key-${k}`, 'aria-hidden': 'true' }), t(`map.legend.${k}`))));
  const figure = el('figure', { class: 'map-figure' }, canvas, legend, caption);

  const panel = el('div', { class: 'map-panel' }, pathForm, pathResult, nearestForm, nearestResult);
  return {
    heading, help, layout: el('div', { class: 'map-layout' }, panel, figure),
    pathForm, pathFrom, pathTo, pathBy, pathSubmit, pathResult,
    nearestForm, nearestLat, nearestLon, nearestResult,
    svg, land, routeLayer, pathLayer, hubLayer, probeLayer, canvas, tooltip: tip, caption,
  };
}

function hubSelect(id) {
  return el('select', { id, required: '' }, el('option', { value: '' }, t('map.path.choose')));
}

// mapField is hub-dom's field stacked for the narrow panel: a label, its control and the place
// for the server's message about it (named by apiField, when the server may name it).
function mapField(id, label, control, apiField) {
  return field({ id, label, api: apiField, control, className: 'map-field' });
}

// draw (re)draws the live hubs and routes, and the path finder's hub choices, keeping what
// was chosen while it is still there.
function draw(ui, geo, all, routes) {
  const hubs = new Map([...all].filter(([, h]) => !h.isDeleted));
  const located = [...hubs.values()].filter((h) => h.location);
  const byName = [...hubs.values()].sort((a, b) => a.hubName.localeCompare(b.hubName, 'ko'));
  for (const select of [ui.pathFrom, ui.pathTo]) {
    const chosen = select.value;
    select.replaceChildren(select.options[0], ...byName.map((h) => el('option', { value: h.hubId }, h.hubName)));
    select.value = hubs.has(chosen) ? chosen : '';
  }

  const drawn = [];
  for (const r of routes.values()) {
    if (r.isDeleted) continue;
    const a = hubs.get(r.departureHubId);
    const b = hubs.get(r.arrivalHubId);
    if (!a?.location || !b?.location) continue;
    const [p, q] = apart(geo.project(lonLat(a)), geo.project(lonLat(b)), SPREAD);
    const text = t('map.route', {
      from: a.hubName, to: b.hubName, km: number(r.distanceKm), min: number(r.durationMinutes, 0),
    });
    drawn.push(svgEl('line', {
      class: 'route-line', 'data-route-id': r.routeId, x1: p[0], y1: p[1], x2: q[0], y2: q[1],
      tabindex: '0', role: 'img', 'aria-label': text, 'data-tip': text,
    }));
  }
  ui.routeLayer.replaceChildren(...drawn);

  let outside = 0;
  ui.hubLayer.replaceChildren(...located.map((h) => {
    const [x, y] = geo.project(lonLat(h));
    if (x < 0 || y < 0 || x > geo.width || y > geo.height) outside++;
    const text = t('map.hubTip', { name: h.hubName, address: h.address?.address1 || '' });
    return svgEl('circle', {
      class: 'hub-point', 'data-hub-id': h.hubId, cx: x.toFixed(1), cy: y.toFixed(1), r: '5.5',
      tabindex: '0', role: 'button', 'aria-label': t('map.hubButton', { name: h.hubName }), 'data-tip': text,
    });
  }));

  const notes = [t('map.caption', { hubs: number(located.length, 0), routes: number(drawn.length, 0) })];
  if (hubs.size > located.length) notes.push(t('map.noLocation', { n: number(hubs.size - located.length, 0) }));
  if (outside) notes.push(t('map.outside', { n: number(outside, 0) }));
  ui.caption.textContent = notes.join(' ');
}

function showPath(ui, geo, hubs, path) {
  clearPath(ui);
  const name = (id) => hubs.get(id)?.hubName ?? id;
  const legs = el('ol', { id: 'path-legs' });
  const lines = [];
  for (const leg of path.legs) {
    legs.append(el('li', { 'data-route-id': leg.routeId }, t('map.route', {
      from: name(leg.departureHubId), to: name(leg.arrivalHubId),
      km: number(leg.distanceKm), min: number(leg.durationMinutes, 0),
    })));
    const a = hubs.get(leg.departureHubId);
    const b = hubs.get(leg.arrivalHubId);
    if (!a?.location || !b?.location) continue;
    const [x1, y1] = geo.project(lonLat(a));
    const [x2, y2] = geo.project(lonLat(b));
    lines.push(svgEl('line', { class: 'path-leg', 'data-route-id': leg.routeId, x1, y1, x2, y2 }));
  }
  ui.pathLayer.replaceChildren(...lines);
  for (const id of path.hubs || []) ui.hubLayer.querySelector(`[data-hub-id="${id}"]`)?.classList.add('on-path');

  const km = el('strong', { id: 'path-total-km', 'data-value': String(path.totalDistanceKm) },
    `${number(path.totalDistanceKm)} km`);
  const min = el('strong', { id: 'path-total-min', 'data-value': String(path.totalDurationMinutes) },
    duration(path.totalDurationMinutes));
  ui.pathResult.append(
    el('h3', {}, t('map.path.result', { from: name(path.from), to: name(path.to), n: number(path.legs.length, 0) })),
    legs, // always there, empty when from = to
    ...(path.legs.length ? [] : [el('p', { class: 'map-none' }, t('map.path.same'))]),
    el('p', { class: 'map-totals' }, t('map.path.totalKm'), ' ', km, ' · ', t('map.path.totalMin'), ' ', min),
  );
}

function clearPath(ui) {
  ui.pathResult.replaceChildren();
  ui.pathLayer.replaceChildren();
  for (const c of ui.hubLayer.querySelectorAll('.on-path')) c.classList.remove('on-path');
}

function showNearest(ui, found, lat, lon) {
  for (const c of ui.hubLayer.querySelectorAll('.is-nearest')) c.classList.remove('is-nearest');
  const list = el('ol', { id: 'nearest-list' });
  for (const { hub, distanceKm } of found) {
    list.append(el('li', { 'data-hub-id': hub.hubId, 'data-distance-km': String(distanceKm) },
      el('a', { href: `#/hubs/${hub.hubId}` }, hub.hubName), ` · ${number(distanceKm)} km`));
    ui.hubLayer.querySelector(`[data-hub-id="${hub.hubId}"]`)?.classList.add('is-nearest');
  }
  ui.nearestResult.replaceChildren(
    el('h3', {}, t('map.nearest.from', { lat: number(lat, 4), lon: number(lon, 4) })),
    list,
    ...(found.length ? [] : [el('p', { class: 'map-none' }, t('map.nearest.none'))]),
  );
}

function drawProbe(layer, [x, y]) {
  layer.replaceChildren(svgEl('circle', { class: 'nearest-probe', cx: x.toFixed(1), cy: y.toFixed(1), r: '4' }));
}

// tooltip shows the figures of the element under the pointer or with the focus (its data-tip)
// next to it, inside the map's box.
function tooltip(canvas, box) {
  let owner = null;
  return {
    show(target) {
      const text = target?.dataset?.tip;
      if (!text) return;
      owner = target;
      box.textContent = text;
      box.hidden = false;
      const area = canvas.getBoundingClientRect();
      const r = target.getBoundingClientRect();
      const left = Math.min(r.left + r.width / 2 - area.left + 8, area.width - box.offsetWidth - 4);
      box.style.left = `${Math.max(4, left)}px`;
      const top = r.top - area.top - box.offsetHeight - 6;
      box.style.top = `${top < 4 ? r.bottom - area.top + 6 : top}px`;
    },
    hide(target) {
      if (target && target !== owner) return;
      owner = null;
      box.hidden = true;
    },
  };
}

// apart moves the segment p–q sideways (to its right) by d, so that the route back, whose
// right is the other side, shows beside it.
function apart(p, q, d) {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const len = Math.hypot(dx, dy) || 1;
  const ox = (-dy / len) * d;
  const oy = (dx / len) * d;
  const f = (v) => v.toFixed(1);
  return [[f(p[0] + ox), f(p[1] + oy)], [f(q[0] + ox), f(q[1] + oy)]];
}

function duration(minutes) {
  if (minutes < 60) return t('map.minutes', { n: number(minutes, 0) });
  return t('map.minutesLong', {
    n: number(minutes, 0), h: number(Math.floor(minutes / 60), 0), m: number(minutes % 60, 0),
  });
}

const lonLat = (h) => [h.location.longitude, h.location.latitude];
const round4 = (v) => Math.round(v * 1e4) / 1e4;
const round6 = (v) => Math.round(v * 1e6) / 1e6;

function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

// The console's only way to the server: the public API under /api/v1 (and /dev/token), with
// the bearer token of the session. Errors arrive as the contract's problem+json and are thrown
// as ApiError, carrying the problem (code, detail, errors[] of {field, message}). A 401 signs
// the person out and sends them to sign in with the server's reason.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.headers = headers;
  }
  // fieldErrors maps a field name to its messages.
  fieldErrors() {
    const out = {};
    for (const e of this.problem.errors || []) (out[e.field] ||= []).push(e.message);
    return out;
  }
}

let onUnauthenticated = () => {};
// whenUnauthenticated sets what a 401 does (app.js: back to sign in, with the reason).
export function whenUnauthenticated(fn) { onUnauthenticated = fn; }

// request sends one API call. path is below /api/v1 unless it starts with '/'; query is an
// object (arrays repeat the parameter); headers adds to the token and the JSON type.
// It answers {status, headers, data} for 2xx and 304, and throws ApiError otherwise.
export async function request(method, path, { query, body, headers = {}, signal } = {}) {
  let url = path.startsWith('/') ? path : '/api/v1/' + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
    }
    if ([...qs].length) url += '?' + qs;
  }
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  const tok = session.token();
  if (tok && !h.Authorization) h.Authorization = 'Bearer ' + tok;
  if (body !== undefined) h['Content-Type'] ||= 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'NETWORK', detail: String(err.message || err) });
  }
  const type = res.headers.get('Content-Type') || '';
  const data = res.status === 204 || res.status === 304 || method === 'HEAD' ? null
    : type.includes('json') ? await res.json() : await res.text();
  if (res.ok || res.status === 304) return { status: res.status, headers: res.headers, data };
  const err = new ApiError(res.status, typeof data === 'object' ? data : { detail: data }, res.headers);
  if (res.status === 401 && tok) {
    session.signOut();
    onUnauthenticated(err.problem.detail || err.message);
  }
  throw err;
}

export const get = (path, opts) => request('GET', path, opts);
export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body });
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body });
export const del = (path, opts) => request('DELETE', path, opts);

// ifMatch is the If-Match header for a version.
export const ifMatch = (version) => ({ 'If-Match': `"${version}"` });

// latest is for a request that a newer one supersedes (a search typed on, another point
// clicked): each call of the function it answers aborts the signal the call before gave and
// answers a new one, which the caller checks after its await (aborted: a newer answer draws).
// signal (the view's) aborts them all when the view goes.
export function latest(signal) {
  let ctl = null;
  signal?.addEventListener('abort', () => ctl?.abort());
  return () => {
    ctl?.abort();
    ctl = new AbortController();
    if (signal?.aborted) ctl.abort();
    return ctl.signal;
  };
}

// stream follows the event stream (GET /api/v1/hub-events/stream, SSE) with the bearer token,
// which EventSource cannot send: it reads the body with fetch and calls onEvent(event) for each
// event's JSON. It reconnects after a drop from the last seq it saw, until signal aborts.
// onError(err) hears a refusal (a 4xx such as 403 for roles that may not read the feed) and ends
// the stream; a 5xx or 429 is tried again, later each time (up to 30 s). onOpen({missed}) hears
// each (re)connection the server accepted: from then on no change is missed; missed is true when
// a reconnection could not resume where the last one ended (it started at after=now and saw no
// event), so changes in between may be unseen and the view should read its data again.
export async function stream(query, onEvent, { signal, onError = () => {}, onOpen = () => {} } = {}) {
  let after = query.after;
  let first = true;
  let wait = 1000;
  while (!signal?.aborted) {
    const missed = !first && after === 'now';
    first = false;
    try {
      const qs = new URLSearchParams({ ...query, ...(after !== undefined ? { after } : {}) });
      const res = await fetch('/api/v1/hub-events/stream?' + qs, {
        headers: { Authorization: 'Bearer ' + session.token(), Accept: 'text/event-stream' }, signal,
      });
      if (!res.ok) {
        const problem = await res.json().catch(() => ({}));
        if (signal?.aborted) return; // the view went away meanwhile: nobody to tell
        const err = new ApiError(res.status, problem, res.headers);
        if (res.status === 401) { session.signOut(); onUnauthenticated(problem.detail || err.message); }
        if (res.status < 500 && res.status !== 429) {
          onError(err);
          return;
        }
        throw err; // the server is busy or down for now: try again, later
      }
      wait = 1000;
      onOpen({ missed });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (!data) continue;
          const ev = JSON.parse(data);
          if (ev.seq !== undefined) after = ev.seq;
          onEvent(ev);
        }
      }
    } catch (err) {
      if (signal?.aborted) return;
    }
    await new Promise((r) => setTimeout(r, wait)); // dropped or refused for now: try again
    wait = Math.min(wait * 2, 30000);
  }
}

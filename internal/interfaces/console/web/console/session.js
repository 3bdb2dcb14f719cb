// The signed-in caller: the bearer token lives in this tab's session storage only (never in
// local storage, never in a cookie), with the role and sub read from its payload for the UI's
// own choices (which buttons to show); the API decides every right again.
const key = 'hubd.token';

export function token() { return sessionStorage.getItem(key); }

export function signIn(tok) {
  const claims = decode(tok);
  if (!claims) throw new Error('not a JWT');
  sessionStorage.setItem(key, tok);
  return claims;
}

export function signOut() { sessionStorage.removeItem(key); }

// claims is {sub, role, exp} of the current token, or null when signed out.
export function claims() {
  const tok = token();
  return tok ? decode(tok) : null;
}

// decode reads a JWT's payload (without checking it: the server does), or null.
export function decode(tok) {
  const parts = tok.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

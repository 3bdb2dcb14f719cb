// English, the console's second language: the same keys as ko.js.
export default {
  // common
  'common.brand': 'hubd console',
  'common.skip': 'Skip to content',
  'common.nav': 'Main menu',
  'common.language': 'Language',
  'common.loading': 'Loading…',
  'common.error': 'Error: {message}',
  'common.unavailable': 'The server does not answer. Try again shortly.',
  'nav.hubs': 'Hubs',
  'nav.map': 'Network map',
  'nav.docs': 'API docs',

  // sign in
  'signin.title': 'Sign in',
  'signin.signout': 'Sign out',
  'signin.intro': 'Paste a bearer token (a JWT) to sign in. It is kept in this tab\'s session storage only and cleared when you sign out.',
  'signin.reason': 'Please sign in again: {reason}',
  'signin.token': 'Bearer token',
  'signin.tokenRule': 'A JWT (three parts separated by dots). The "Bearer " prefix may be left out.',
  'signin.submit': 'Sign in with the token',
  'signin.notJwt': 'Not a JWT (it needs three parts carrying a role and a user id)',
  'signin.expired': 'This token has expired',
  'signin.done': 'Signed in as {role} ({sub})',
  'signin.dev.title': 'Development sign-in',
  'signin.dev.intro': 'This hubd runs locally with its development secret, so you may pick a role and a user id and get a token for an hour.',
  'signin.dev.role': 'Role',
  'signin.dev.sub': 'User id',
  'signin.dev.subRule': 'A UUID (leave it empty for a random one)',
  'signin.dev.submit': 'Sign in with this role',
  'signin.dev.newSub': 'New user id',
  'signin.role.MASTER': 'MASTER',
  'signin.role.HUB_MANAGER': 'HUB_MANAGER (hub manager)',
  'signin.role.COMPANY': 'COMPANY (company)',
  'signin.role.SHIPPER': 'SHIPPER (shipper)',
  'signin.role.CUSTOMER': 'CUSTOMER (customer)',
  'signin.role.SERVER': 'SERVER (service)',

  // hubs (list and hub page)

  // map (network, path finder, nearest)

};

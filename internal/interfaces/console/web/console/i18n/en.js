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

  // hubs (list and hub page)

  // map (network, path finder, nearest)

};

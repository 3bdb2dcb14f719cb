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
  'map.title': 'Network map',
  'map.help': 'Point at a hub or a route, or move to it with Tab, to see its name, distance and time. Click the map to find the hubs nearest to that spot.',
  'map.label': 'Map of the hub network in South Korea',
  'map.caption': '{hubs} hubs, {routes} routes. Map: Natural Earth (public domain).',
  'map.noLocation': '{n} hubs without a location are not on the map.',
  'map.outside': '{n} hubs lie outside the map.',
  'map.hubTip': '{name} · {address}',
  'map.hubButton': '{name}: find the hubs near it',
  'map.route': '{from} → {to} · {km} km · {min} min',
  'map.minutes': '{n} min',
  'map.minutesLong': '{n} min ({h} h {m} min)',
  'map.path.title': 'Path finder',
  'map.path.from': 'From hub',
  'map.path.to': 'To hub',
  'map.path.by': 'Shortest by',
  'map.path.byDistance': 'Distance',
  'map.path.byDuration': 'Driving time',
  'map.path.choose': 'Choose a hub',
  'map.path.submit': 'Find the path',
  'map.path.result': '{from} → {to}: {n} legs',
  'map.path.totalKm': 'Total distance',
  'map.path.totalMin': 'Total time',
  'map.path.none': 'No route connects these two hubs.',
  'map.path.same': 'From and to are the same hub.',
  'map.path.hubGone': 'Hub not found: it may have been deleted.',
  'map.nearest.title': 'Nearest hubs',
  'map.nearest.help': 'Click the map or enter a coordinate.',
  'map.nearest.lat': 'Latitude (-90 to 90)',
  'map.nearest.lon': 'Longitude (-180 to 180)',
  'map.nearest.submit': 'Find the nearest hubs',
  'map.nearest.from': 'Nearest to {lat}, {lon}',
  'map.nearest.none': 'No hub has a location.',

};

// Korean, the console's first language. Keys are grouped by view; every label comes from here.
export default {
  // common
  'common.brand': 'hubd 콘솔',
  'common.skip': '본문으로 건너뛰기',
  'common.nav': '주 메뉴',
  'common.language': '언어',
  'common.loading': '불러오는 중…',
  'common.error': '오류: {message}',
  'common.unavailable': '서버가 응답하지 않습니다. 잠시 후 다시 시도하세요.',
  'nav.hubs': '허브',
  'nav.map': '네트워크 지도',
  'nav.docs': 'API 문서',

  // sign in
  'signin.title': '로그인',
  'signin.signout': '로그아웃',

  // hubs (list and hub page)

  // map (network, path finder, nearest)
  'map.title': '네트워크 지도',
  'map.help': '허브와 경로에 마우스를 올리거나 Tab 키로 이동하면 이름과 거리, 시간이 보입니다. 지도를 누르면 그곳에서 가까운 허브를 찾습니다.',
  'map.label': '대한민국 허브 네트워크 지도',
  'map.caption': '허브 {hubs}곳, 경로 {routes}개. 지도: Natural Earth (퍼블릭 도메인).',
  'map.noLocation': '위치가 없는 허브 {n}곳은 지도에 없습니다.',
  'map.outside': '허브 {n}곳은 지도 밖에 있습니다.',
  'map.hubTip': '{name} · {address}',
  'map.hubButton': '{name}: 주변 허브 찾기',
  'map.route': '{from} → {to} · {km} km · {min}분',
  'map.minutes': '{n}분',
  'map.minutesLong': '{n}분 ({h}시간 {m}분)',
  'map.path.title': '경로 찾기',
  'map.path.from': '출발 허브',
  'map.path.to': '도착 허브',
  'map.path.by': '기준',
  'map.path.byDistance': '최단 거리',
  'map.path.byDuration': '최단 시간',
  'map.path.choose': '허브를 고르세요',
  'map.path.submit': '경로 찾기',
  'map.path.result': '{from} → {to}: 구간 {n}개',
  'map.path.totalKm': '총 거리',
  'map.path.totalMin': '총 시간',
  'map.path.none': '두 허브를 잇는 경로가 없습니다.',
  'map.path.same': '출발과 도착이 같은 허브입니다.',
  'map.path.hubGone': '허브를 찾을 수 없습니다. 삭제되었을 수 있습니다.',
  'map.nearest.title': '가까운 허브',
  'map.nearest.help': '지도를 누르거나 좌표를 입력하세요.',
  'map.nearest.lat': '위도 (-90~90)',
  'map.nearest.lon': '경도 (-180~180)',
  'map.nearest.submit': '가까운 허브 찾기',
  'map.nearest.from': '{lat}, {lon}에서 가까운 순',
  'map.nearest.none': '위치가 있는 허브가 없습니다.',

};

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

};

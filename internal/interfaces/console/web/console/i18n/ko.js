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
  'signin.intro': '베어러 토큰(JWT)을 붙여 넣어 로그인하세요. 토큰은 이 탭의 세션 저장소에만 보관되고, 로그아웃하면 지워집니다.',
  'signin.reason': '다시 로그인하세요: {reason}',
  'signin.token': '베어러 토큰',
  'signin.tokenRule': 'JWT(점 두 개로 나뉜 세 부분). "Bearer " 접두어는 빼도 됩니다.',
  'signin.submit': '토큰으로 로그인',
  'signin.notJwt': 'JWT가 아닙니다 (역할과 사용자 ID가 든 세 부분이어야 합니다)',
  'signin.expired': '만료된 토큰입니다',
  'signin.done': '{role}(으)로 로그인했습니다 ({sub})',
  'signin.dev.title': '개발용 로그인',
  'signin.dev.intro': '이 hubd는 개발용 비밀키로 로컬에서만 실행 중이므로, 역할과 사용자 ID를 골라 1시간짜리 토큰을 받을 수 있습니다.',
  'signin.dev.role': '역할',
  'signin.dev.sub': '사용자 ID',
  'signin.dev.subRule': 'UUID (비워 두면 서버가 임의로 정합니다)',
  'signin.dev.submit': '이 역할로 로그인',
  'signin.dev.newSub': '새 사용자 ID',
  'signin.role.MASTER': 'MASTER (마스터)',
  'signin.role.HUB_MANAGER': 'HUB_MANAGER (허브 관리자)',
  'signin.role.COMPANY': 'COMPANY (업체)',
  'signin.role.SHIPPER': 'SHIPPER (배송 담당자)',
  'signin.role.CUSTOMER': 'CUSTOMER (고객)',
  'signin.role.SERVER': 'SERVER (서버)',

  // hubs (list and hub page)

  // map (network, path finder, nearest)

};

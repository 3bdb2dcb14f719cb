package seed

// The vocabulary of synthetic hubs: South Korea's 17 top-level regions with some of their
// districts (and each district's rough centre), road names and kinds of hub, in Korean and in
// the Revised Romanization, so a generated hub reads like a real one in either script.

// region is a top-level administrative region. weight is its share of generated hubs (about its
// share of the population); zipLo..zipHi is its block of 5-digit postal codes.
type region struct {
	full, short, roman string
	weight             int
	zipLo, zipHi       int
	districts          []district
}

// district is a gu, si, gun, eup or dong; ko is its full Korean name (강남구), roman the
// romanized stem (Gangnam); lat, lon its approximate centre.
type district struct {
	ko, roman string
	lat, lon  float64
}

var regions = []region{
	{"서울특별시", "서울", "Seoul", 18, 1000, 8999, []district{
		{"강남구", "Gangnam", 37.5172, 127.0473}, {"송파구", "Songpa", 37.5145, 127.1059},
		{"마포구", "Mapo", 37.5663, 126.9019}, {"영등포구", "Yeongdeungpo", 37.5264, 126.8962},
		{"강서구", "Gangseo", 37.5509, 126.8495}, {"구로구", "Guro", 37.4954, 126.8874},
		{"성동구", "Seongdong", 37.5634, 127.0371}, {"노원구", "Nowon", 37.6542, 127.0568},
		{"은평구", "Eunpyeong", 37.6027, 126.9291}, {"관악구", "Gwanak", 37.4784, 126.9516},
		{"중랑구", "Jungnang", 37.6066, 127.0927}, {"금천구", "Geumcheon", 37.4569, 126.8955},
	}},
	{"부산광역시", "부산", "Busan", 7, 46000, 49999, []district{
		{"해운대구", "Haeundae", 35.1631, 129.1635}, {"강서구", "Gangseo", 35.2122, 128.9806},
		{"사하구", "Saha", 35.1046, 128.9749}, {"동구", "Dong", 35.1293, 129.0454},
		{"부산진구", "Busanjin", 35.1629, 129.0532}, {"기장군", "Gijang", 35.2445, 129.2222},
		{"사상구", "Sasang", 35.1526, 128.9910},
	}},
	{"대구광역시", "대구", "Daegu", 5, 41000, 43999, []district{
		{"북구", "Buk", 35.8858, 128.5828}, {"달서구", "Dalseo", 35.8299, 128.5326},
		{"수성구", "Suseong", 35.8581, 128.6306}, {"동구", "Dong", 35.8866, 128.6356},
		{"달성군", "Dalseong", 35.7746, 128.4314},
	}},
	{"인천광역시", "인천", "Incheon", 6, 21000, 23999, []district{
		{"남동구", "Namdong", 37.4473, 126.7314}, {"연수구", "Yeonsu", 37.4101, 126.6784},
		{"서구", "Seo", 37.5456, 126.6760}, {"중구", "Jung", 37.4738, 126.6216},
		{"부평구", "Bupyeong", 37.5070, 126.7219}, {"계양구", "Gyeyang", 37.5372, 126.7376},
	}},
	{"광주광역시", "광주", "Gwangju", 3, 61000, 62999, []district{
		{"서구", "Seo", 35.1520, 126.8901}, {"광산구", "Gwangsan", 35.1396, 126.7937},
		{"북구", "Buk", 35.1741, 126.9120}, {"남구", "Nam", 35.1330, 126.9024},
	}},
	{"대전광역시", "대전", "Daejeon", 3, 34000, 35999, []district{
		{"서구", "Seo", 36.3554, 127.3838}, {"유성구", "Yuseong", 36.3624, 127.3563},
		{"대덕구", "Daedeok", 36.3467, 127.4156}, {"동구", "Dong", 36.3119, 127.4548},
	}},
	{"울산광역시", "울산", "Ulsan", 2, 44000, 45999, []district{
		{"남구", "Nam", 35.5437, 129.3300}, {"울주군", "Ulju", 35.5622, 129.2427},
		{"북구", "Buk", 35.5826, 129.3613}, {"동구", "Dong", 35.5049, 129.4167},
	}},
	{"세종특별자치시", "세종", "Sejong", 1, 30000, 30999, []district{
		{"조치원읍", "Jochiwon", 36.6010, 127.2987}, {"한솔동", "Hansol", 36.4777, 127.2579},
		{"연기면", "Yeongi", 36.5190, 127.2480},
	}},
	{"경기도", "경기", "Gyeonggi", 26, 10000, 18999, []district{
		{"수원시", "Suwon", 37.2636, 127.0286}, {"성남시", "Seongnam", 37.4200, 127.1267},
		{"용인시", "Yongin", 37.2411, 127.1776}, {"고양시", "Goyang", 37.6584, 126.8320},
		{"화성시", "Hwaseong", 37.1995, 126.8315}, {"평택시", "Pyeongtaek", 36.9921, 127.1129},
		{"이천시", "Icheon", 37.2720, 127.4350}, {"안산시", "Ansan", 37.3219, 126.8309},
		{"김포시", "Gimpo", 37.6153, 126.7156}, {"파주시", "Paju", 37.7600, 126.7800},
		{"광주시", "Gwangju", 37.4292, 127.2550}, {"안성시", "Anseong", 37.0080, 127.2797},
		{"부천시", "Bucheon", 37.5034, 126.7660}, {"시흥시", "Siheung", 37.3799, 126.8031},
	}},
	{"강원특별자치도", "강원", "Gangwon", 3, 24000, 26999, []district{
		{"춘천시", "Chuncheon", 37.8813, 127.7298}, {"원주시", "Wonju", 37.3422, 127.9202},
		{"강릉시", "Gangneung", 37.7519, 128.8761}, {"속초시", "Sokcho", 38.2070, 128.5918},
		{"동해시", "Donghae", 37.5247, 129.1143},
	}},
	{"충청북도", "충북", "Chungbuk", 3, 27000, 29999, []district{
		{"청주시", "Cheongju", 36.6424, 127.4890}, {"충주시", "Chungju", 36.9910, 127.9259},
		{"제천시", "Jecheon", 37.1326, 128.1910}, {"음성군", "Eumseong", 36.9403, 127.6906},
		{"진천군", "Jincheon", 36.8554, 127.4356},
	}},
	{"충청남도", "충남", "Chungnam", 4, 31000, 33999, []district{
		{"천안시", "Cheonan", 36.8151, 127.1139}, {"아산시", "Asan", 36.7898, 127.0018},
		{"당진시", "Dangjin", 36.8898, 126.6459}, {"서산시", "Seosan", 36.7848, 126.4503},
		{"홍성군", "Hongseong", 36.6012, 126.6608}, {"논산시", "Nonsan", 36.1871, 127.0987},
	}},
	{"전북특별자치도", "전북", "Jeonbuk", 3, 54000, 56999, []district{
		{"전주시", "Jeonju", 35.8242, 127.1480}, {"군산시", "Gunsan", 35.9676, 126.7366},
		{"익산시", "Iksan", 35.9483, 126.9576}, {"정읍시", "Jeongeup", 35.5699, 126.8559},
		{"완주군", "Wanju", 35.9046, 127.1622},
	}},
	{"전라남도", "전남", "Jeonnam", 3, 57000, 60999, []district{
		{"목포시", "Mokpo", 34.8118, 126.3922}, {"여수시", "Yeosu", 34.7604, 127.6622},
		{"순천시", "Suncheon", 34.9506, 127.4872}, {"광양시", "Gwangyang", 34.9407, 127.6959},
		{"나주시", "Naju", 35.0160, 126.7108}, {"무안군", "Muan", 34.9904, 126.4817},
	}},
	{"경상북도", "경북", "Gyeongbuk", 5, 36000, 40999, []district{
		{"포항시", "Pohang", 36.0190, 129.3435}, {"구미시", "Gumi", 36.1195, 128.3446},
		{"경주시", "Gyeongju", 35.8562, 129.2247}, {"안동시", "Andong", 36.5684, 128.7294},
		{"경산시", "Gyeongsan", 35.8251, 128.7415}, {"김천시", "Gimcheon", 36.1398, 128.1136},
	}},
	{"경상남도", "경남", "Gyeongnam", 6, 50000, 53999, []district{
		{"창원시", "Changwon", 35.2279, 128.6811}, {"김해시", "Gimhae", 35.2285, 128.8894},
		{"양산시", "Yangsan", 35.3350, 129.0372}, {"진주시", "Jinju", 35.1800, 128.1076},
		{"거제시", "Geoje", 34.8806, 128.6211}, {"통영시", "Tongyeong", 34.8544, 128.4332},
	}},
	{"제주특별자치도", "제주", "Jeju", 2, 63000, 63644, []district{
		{"제주시", "Jeju", 33.4996, 126.5312}, {"서귀포시", "Seogwipo", 33.2541, 126.5601},
	}},
}

// romanSuffix is the romanized form of a district's last syllable, for Latin addresses
// ("Gangnam-gu", "Suwon-si").
var romanSuffix = map[rune]string{'구': "-gu", '시': "-si", '군': "-gun", '읍': "-eup", '면': "-myeon", '동': "-dong"}

// koStem is a district's name without its 구/시/군 suffix, as people say it in a hub's name
// (강남, 수원); two-syllable names (동구, 중구) keep it, as a lone 동 would read oddly.
func koStem(ko string) string {
	r := []rune(ko)
	if len(r) <= 2 {
		return ko
	}
	return string(r[:len(r)-1])
}

// romanDistrict is a district's romanized full name: Gangnam-gu.
func romanDistrict(d district) string {
	r := []rune(d.ko)
	return d.roman + romanSuffix[r[len(r)-1]]
}

// roadStems are the first halves of road names: 중앙 + 로 = 중앙로, Jungang-ro.
var roadStems = [][2]string{
	{"중앙", "Jungang"}, {"산업", "Saneop"}, {"물류", "Mullyu"}, {"공단", "Gongdan"},
	{"평화", "Pyeonghwa"}, {"번영", "Beonyeong"}, {"시청", "Sicheong"}, {"역전", "Yeokjeon"},
	{"동부", "Dongbu"}, {"서부", "Seobu"}, {"남부", "Nambu"}, {"북부", "Bukbu"},
	{"대학", "Daehak"}, {"신항", "Sinhang"}, {"항만", "Hangman"}, {"첨단", "Cheomdan"},
	{"유통", "Yutong"}, {"세계", "Segye"}, {"미래", "Mirae"}, {"희망", "Huimang"},
}

// roadKinds are the second halves: boulevard, road, street.
var roadKinds = [][2]string{{"대로", "-daero"}, {"로", "-ro"}, {"로", "-ro"}, {"길", "-gil"}}

// hubKinds name what a hub is, in Korean and in English.
var hubKinds = [][2]string{
	{"물류센터", "Logistics Center"}, {"허브", "Hub"}, {"센터", "Center"},
	{"배송캠프", "Delivery Camp"}, {"풀필먼트센터", "Fulfillment Center"},
	{"터미널", "Terminal"}, {"집하장", "Depot"}, {"통합물류센터", "Distribution Center"},
}

// secondLines are address2 values: a building and a floor, or a dock.
var secondLines = [][2]string{
	{"A동", "Bldg A"}, {"B동 2층", "Bldg B, 2F"}, {"3층", "3F"}, {"지하 1층", "B1"},
	{"물류동 1층", "Warehouse 1, 1F"}, {"C동 상차장", "Bldg C, loading dock"},
}

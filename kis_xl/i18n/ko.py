"""The Korean catalogue: each English message id (as written in the code) and each column key, in Korean.

Keep a message's ``{fields}`` exactly as in its id. ``tests/test_i18n.py`` fails on an id the code uses that is
missing here, and on an entry here that no code uses any more.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- core ---
    "language must be one of {choices}, not {value!r}": "언어는 {choices} 중 하나여야 합니다 ({value!r}는 안 됩니다)",
    "another program or PC holds this app key's real-time session (OPSP8996): trying again at growing intervals, "
    "up to {minutes:g} min; to share it between PCs set KIS_XL_REDIS_URL":
        "다른 프로그램이나 PC가 이 앱키의 실시간 세션을 쓰고 있습니다 (OPSP8996): 간격을 늘려 가며 최대 {minutes:g}분마다 "
        "다시 시도합니다. 여러 PC가 나눠 쓰려면 KIS_XL_REDIS_URL을 설정하세요",

    # --- names and codes (종목명) ---
    "not a stock code: {value}": "종목코드가 아닙니다: {value}",
    "{value}: a stock code has six digits (005930), not {n}": "{value}: 종목코드는 6자리입니다(005930). {n}자리는 안 됩니다",
    "not a symbol: {value}": "종목 기호가 아닙니다: {value}",
    ". Did you mean: {candidates}": ". 혹시: {candidates}",
    "{code}: no such stock code in KIS's stock master{maybe}": "{code}: 없는 종목코드입니다{maybe}",
    "{name}: not a stock code, nor a stock name in KIS's stock master{maybe}": "{name}: 종목코드도 아니고 종목 마스터에 있는 종목명도 아닙니다{maybe}",
    "{name} could be {n} stocks: {candidates}; type the code": "{name}: 해당하는 종목이 {n}개입니다: {candidates}. 종목코드를 입력하세요",
    "KIS's stock master could not be downloaded from {url} ({reason})": "KIS 종목 마스터를 {url}에서 내려받지 못했습니다({reason})",
    "KIS's stock master could not be downloaded from {url} (HTTP {status})": "KIS 종목 마스터를 {url}에서 내려받지 못했습니다(HTTP {status})",
    "KIS's stock master file {file} is not a readable zip": "KIS 종목 마스터 파일 {file}을(를) 읽을 수 없습니다(zip 아님)",
    "{name}: a name needs KIS's stock master, which cannot be read now ({reason}); type the code": "{name}: 종목명으로 찾으려면 KIS 종목 마스터가 필요한데 지금 읽을 수 없습니다({reason}). 종목코드를 입력하세요",

    "{code} (name unknown)": "{code} (종목명 확인 불가)",
    "{stock} order book": "{stock} 호가",
    "unknown code(s): {codes}": "없는 종목코드: {codes}",
    "BUY": "매수",
    "SELL": "매도",
    "market": "시장가",
    ", stop {price}": ", 조건가격 {price}",
    " on {venue}": ", 거래소 {venue}",
    " in the daytime session": ", 주간거래",
    "{side} {stock}{where} × {quantity} at {price}{stop}{venue}": "{side} {stock}{where} × {quantity}, 가격 {price}{stop}{venue}",
    "{side} {stock} × {quantity}: order {order_no} accepted at {time} on {venue} ({message})": "{side} {stock} × {quantity}: 주문 {order_no} 접수 ({time}, {venue}) ({message})",
    "{side} {stock} × {quantity}: {reservation} taken{goes} ({message})": "{side} {stock} × {quantity}: {reservation} 접수{goes} ({message})",
    "; it goes out {when}": "; {when}에 주문으로 나갑니다",
    "RESERVE ": "예약 ",
    "{reserve}{order}: {amount} ({order_type})": "{reserve}{order}: {amount} ({order_type})",
    "account {account} (profile {profile})": "계좌 {account} (프로필 {profile})",
    "not a price: {value!r} (write 70000, 70,000 or 70,000원)": "가격이 아닙니다: {value!r} (70000, 70,000 또는 70,000원처럼 쓰세요)",
    "{qty} shares": "{qty}주",
    "all remaining shares": "남은 수량 전부",
    "MODIFY order {order_no} {stock} to {price} ({shares})": "정정: 주문 {order_no} {stock} → {price} ({shares})",
    "CANCEL order {order_no} {stock} ({shares})": "취소: 주문 {order_no} {stock} ({shares})",
    "order {order_no} {stock} modified: new order {new_no} at {time}": "주문 {order_no} {stock} 정정: 새 주문 {new_no} ({time})",
    "order {order_no} {stock} cancelled: cancel order {new_no} at {time}": "주문 {order_no} {stock} 취소: 취소주문 {new_no} ({time})",
    "KRX: {n} orders; {sides}; fees and tax {fees}": "국내: 주문 {n}건; {sides}; 수수료·세금 {fees}",
    "US: {n} orders; {sides}": "미국: 주문 {n}건; {sides}",
    "bought {bought:,} shares for {paid}, sold {sold:,} shares for {got}": "매수 체결 {bought:,}주 {paid}, 매도 체결 {sold:,}주 {got}",
    "{stock} is listed on {where}: set Market to {where}": "{stock}은(는) {where} 종목입니다: 시장(Market)을 {where}(으)로 하세요",
    "unknown code {code}": "없는 종목코드 {code}",
    "sells of {stock} total {total:,} shares, more than the {held:,} you can sell": "{stock} 매도 합계 {total:,}주가 매도 가능 수량 {held:,}주보다 많습니다",
    "{n} orders, about {amount} won in total: {stocks}": "주문 {n}건, 총 약 {amount}원: {stocks}",
    "REAL ACCOUNT (실전투자) — real money\n\n{orders}\n\nSend these orders?": "실전투자 계좌 — 실제 돈이 움직입니다\n\n{orders}\n\n이 주문들을 보낼까요?",
    "not confirmed; nothing was sent": "확인하지 않아 아무것도 보내지 않았습니다",
    "{amount} won": "{amount}원",
    # --- end of names and codes ---

    # --- order sheet and Excel (주문 시트, 엑셀) ---
    "the workbook's name must be a file name ending in .xlsm, not {name!r}":
        "통합 문서 이름은 .xlsm으로 끝나는 파일 이름이어야 합니다 ({name!r}는 안 됩니다)",
    "{path} is a file, not a folder: give the folder to write {name} into":
        "{path}는 폴더가 아니라 파일입니다: {name}를 쓸 폴더를 주세요",
    "no such folder: {path} (make its parent folder first)": "그런 폴더가 없습니다: {path} (상위 폴더를 먼저 만드세요)",
    "{path} is open in Excel: close it there first; nothing was written":
        "{path}가 엑셀에 열려 있습니다: 먼저 닫으세요. 아무것도 쓰지 않았습니다",
    "{path} exists: kis-xl does not overwrite a workbook (its orders may be in it); give another folder or --name, "
    "or --force to replace it":
        "{path}가 이미 있습니다: 주문이 들어 있을 수 있어 덮어쓰지 않습니다. 다른 폴더나 --name을 주거나, 바꾸려면 --force",
    "the xlwings add-in installs only on Windows (Excel for Windows); run without --addin here; nothing was written":
        "xlwings 추가 기능은 Windows(Windows용 엑셀)에서만 설치됩니다. 여기서는 --addin 없이 실행하세요. 아무것도 쓰지 않았습니다",
    "no such interpreter: {path}": "그런 Python 실행 파일이 없습니다: {path}",
    "cannot write {path}: {reason}; nothing was written": "{path}를 쓸 수 없습니다: {reason}. 아무것도 쓰지 않았습니다",
    "workbook written: {path}": "통합 문서를 만들었습니다: {path}",
    "its xlwings.conf sheet: Interpreter_Win = {interpreter}, UDF Modules = kis_xl.udfs":
        "xlwings.conf 시트: Interpreter_Win = {interpreter}, UDF Modules = kis_xl.udfs",
    "Excel runs it on Windows: there, run kis-xl excel setup again so Interpreter_Win names the Windows Python":
        "엑셀은 Windows에서 이 파일을 실행합니다: Windows에서 kis-xl excel setup을 다시 실행해 Interpreter_Win에 "
        "Windows의 Python 경로가 들어가게 하세요",
    "xlwings addin install failed: {reason}; the workbook works without the add-in":
        "xlwings addin install 실패: {reason}. 통합 문서는 추가 기능 없이도 동작합니다",
    "the xlwings add-in is installed (a ribbon tab in Excel); restart Excel to see it":
        "xlwings 추가 기능을 설치했습니다(엑셀 리본 탭). 엑셀을 다시 시작하면 보입니다",
    "Next, in Excel on Windows:": "다음은 Windows 엑셀에서:",
    "1. Unblock: a file downloaded or mailed is blocked by Windows (Mark of the Web). Right-click it → Properties → "
    "General → tick Unblock → OK. (The file this command wrote is not blocked.)":
        "1. 차단 해제: 인터넷이나 메일로 받은 파일은 Windows가 매크로를 막습니다(웹 표시). 파일을 오른쪽 클릭 → 속성 → "
        "일반 → '차단 해제' 체크 → 확인. (이 명령이 만든 파일은 막히지 않습니다.)",
    "2. Trust: File → Options → Trust Center → Trust Center Settings → Macro Settings: tick 'Trust access to the VBA "
    "project object model'. Trusted Locations → Add new location → {folder}, so its macros run without asking (or "
    "press Enable Content on the yellow bar when it opens).":
        "2. 신뢰: 파일 → 옵션 → 보안 센터 → 보안 센터 설정 → 매크로 설정: 'VBA 프로젝트 개체 모델에 안전하게 액세스할 수 "
        "있음' 체크. 신뢰할 수 있는 위치 → 새 위치 추가 → {folder} (그러면 매크로가 묻지 않고 실행됩니다. 아니면 열 때 "
        "노란 막대의 '콘텐츠 사용'을 누르세요).",
    "3. Open {name}, press Alt+F8 → ImportPythonUDFs → Run: the #NAME? cells then calculate.":
        "3. {name}를 열고 Alt+F8 → ImportPythonUDFs → 실행: #NAME? 셀이 계산됩니다.",
    "4. First DRY RUN: on the Orders sheet keep Profile sim and Action DRY RUN and press Run. Rows show their "
    "checks; nothing is sent (Send orders is off).":
        "4. 첫 DRY RUN: Orders 시트에서 프로필 sim, 실행 DRY RUN 그대로 실행 버튼을 누릅니다. 각 줄에 검증 결과가 "
        "나오고 아무것도 보내지 않습니다(주문전송 끔).",

    # --- end of order sheet and Excel ---

    # --- report (보고서) ---
    "cannot write the report into {folder}: the folder is read-only; choose one with --out":
        "보고서를 {folder}에 쓸 수 없습니다: 읽기 전용 폴더입니다. --out으로 다른 폴더를 고르세요",
    "cannot write the report into {folder}: {reason}": "보고서를 {folder}에 쓸 수 없습니다: {reason}",
    "{path} exists; use --force to overwrite it": "{path} 파일이 이미 있습니다. 덮어쓰려면 --force를 붙이세요",
    "report written: {path}": "보고서 작성 완료: {path}",
    "the daily account report: KIS_report_YYYY-MM-DD_<profile>.xlsx":
        "일일 계좌 보고서(엑셀): KIS_report_YYYY-MM-DD_<프로필>.xlsx",
    "report date (default: the latest trading day on the account's server)":
        "보고서 날짜 (기본: 계좌 서버 기준 가장 최근 거래일)",
    "orders from this date (a period report)": "이 날짜부터의 주문 (기간 보고서)",
    "orders up to this date": "이 날짜까지의 주문",
    "folder to write into (default: here)": "보고서를 쓸 폴더 (기본: 현재 폴더)",
    "overwrite an existing report of that date": "같은 날짜의 보고서가 있으면 덮어쓰기",
    "kr: gains red, losses blue; us: the reverse": "kr: 상승 빨강, 하락 파랑 / us: 그 반대",
    "colors must be one of {choices}": "colors는 {choices} 중 하나여야 합니다",
    "Summary": "요약",
    "Holdings": "보유종목",
    "Orders": "주문내역",
    "US Orders": "해외주문내역",
    "Realised P&L": "실현손익",
    "Charts": "차트",
    "Buy": "매수",
    "Sell": "매도",
    "Open": "미체결",
    "Partly filled": "부분체결",
    "Filled": "체결",
    "Cancelled": "취소",
    "Rejected": "거부",
    "Code": "종목코드",
    "Name": "종목명",
    "Quantity": "수량",
    "Avg price": "매입평균가",
    "Price": "현재가",
    "Evaluation": "평가금액",
    "P&L": "평가손익",
    "P&L %": "수익률(%)",
    "Weight %": "비중(%)",
    "Date": "일자",
    "Time": "시각",
    "Order no": "주문번호",
    "Side": "매수/매도",
    "Order price": "주문가격",
    "Filled qty": "체결수량",
    "Avg fill": "체결평균가",
    "Amount": "금액",
    "Fees & tax (est.)": "예상 수수료·세금",
    "Status": "상태",
    "Venue": "거래소",
    "Sold": "매도수량",
    "Sell price": "매도가",
    "Avg cost": "매입평균가",
    "Fees": "수수료",
    "Taxes": "세금",
    "Market": "시장",
    "Currency": "통화",
    "Total": "합계",
    "Holding": "종목",
    "Others": "기타",
    "US daytime": "미국 주간거래",
    "Portfolio weights": "종목별 비중",
    "P&L by holding": "종목별 평가손익",
    "Total evaluation over time": "총평가금액 추이",
    "KIS account report — {day}": "KIS 계좌 보고서 — {day}",
    "KIS account report — {day} (orders and fills of that day; holdings and cash as of {as_of})":
        "KIS 계좌 보고서 — {day} (주문·체결은 그날 것, 잔고와 예수금은 {as_of} 기준)",
    "Profile": "프로필",
    "Account": "계좌",
    "Report date": "보고서 날짜",
    "Holdings and cash as of": "잔고·예수금 기준 시각",
    "Orders from": "주문 기간",
    "to": "~",
    "Item": "항목",
    "Today": "오늘",
    "Previous": "이전 보고서",
    "Previous ({day})": "이전 보고서 ({day})",
    "Change": "증감",
    "Total evaluation": "총평가금액",
    "Day P&L (after fees and tax)": "당일 손익 (제비용 차감 후)",
    "Day P&L before fees and tax": "당일 손익 (제비용 차감 전)",
    "Fees and tax of the day (KIS)": "당일 제비용 (KIS 추정제비용)",
    "Fees and tax of the day (estimated)": "당일 제비용 (기본 요율로 추정)",
    "Bought today": "당일 매수금액",
    "Sold today": "당일 매도금액",
    "not available for a past day: KIS gives holdings only as of now":
        "지난 날짜에는 계산할 수 없습니다: KIS는 현재 시점의 잔고만 줍니다",
    "Day P&L: shares held overnight count from the previous close, shares bought today from their buy price, shares sold today up to their sell price; fees and tax of the day's fills taken off. Day % is of the holdings' value at the previous close plus the day's purchases.":
        "당일 손익: 전일부터 보유한 주식은 전일 종가부터, 오늘 산 주식은 매수가부터, 오늘 판 주식은 매도가까지 "
        "계산하고 당일 체결의 수수료와 세금을 뺍니다. 당일 수익률은 전일 종가 기준 보유 평가액과 당일 매수금액의 합에 대한 "
        "비율입니다.",
    "KIS gave no previous close for {codes}: their shares held overnight count without a change":
        "KIS가 {codes}의 전일 종가를 주지 않아 전일부터 보유한 주식은 변동 없이 계산했습니다",
    "Total P&L": "평가손익 합계",
    "Total P&L %": "평가수익률",
    "Realised: fees": "실현손익: 수수료",
    "Realised: taxes": "실현손익: 세금",
    "Deposit": "예수금",
    "D+2 cash": "D+2 예수금",
    "Securities evaluation": "유가증권 평가금액",
    "Stocks held": "보유 종목 수",
    "Orders placed": "주문 건수",
    "Orders filled": "체결 건수",
    "Filled amount": "체결금액",
    "Estimated fees and tax (KIS)": "예상 제비용 (KIS 추정제비용합계)",
    "US cash (USD)": "외화예수금 (USD)",
    "US securities evaluation (USD)": "해외주식 평가금액 (USD)",
    "US P&L (USD)": "해외주식 평가손익 (USD)",
    "US stocks held": "해외 보유 종목 수",
    "US orders placed": "해외 주문 건수",
    "US orders filled": "해외 체결 건수",
    "US holdings ({currency})": "해외 보유종목 ({currency})",
    "Portfolio day %": "포트폴리오 당일 수익률(%)",
    "{index} day % ({level})": "{index} 당일 등락률(%) ({level})",
    "Portfolio vs benchmarks": "포트폴리오 대 지수",
    "Portfolio {mine} % vs {indices}": "포트폴리오 {mine}% 대 {indices}",
    "{index} {change} % ({gap} pp)": "{index} {change}% ({gap}%p)",
    "no day P&L to compare: {indices}": "비교할 당일 손익이 없습니다: {indices}",
    "KIS gives no realised P&L for this account (the mock domain offers no period P&L)":
        "이 계좌는 KIS가 실현손익을 주지 않습니다 (모의투자에는 기간별 손익 조회가 없습니다)",
    "Reservations": "예약주문",
    "Placed": "접수일",
    "Reservation no": "예약번호",
    "Until": "기간예약 종료일",
    "Order it became": "전송된 주문 (일자 번호)",
    "Waiting": "대기",
    "Sent": "전송됨",
    "KIS lists no reservations on this domain (모의투자): none shown": "KIS 모의투자는 예약주문 목록을 주지 않아 보여 줄 것이 없습니다",
    # --- end of report ---

    # --- rate and progress (요청 속도) ---
    'the mock domain (모의투자) quotes one code per request, {rate:g} a second: {codes} codes take about '
    '{seconds:.0f} s. With market_data = "real" in this profile (a real account\'s keys, for quotes only; '
    'orders stay on the mock account) they take {batches} request(s)':
        '모의투자 도메인은 시세를 종목마다 요청 1건씩, 초당 {rate:g}건 받습니다: {codes}종목에 약 {seconds:.0f}초 걸립니다. '
        '이 프로필에 market_data = "real"을 넣으면(시세만 실전 계좌 키로 받고 주문은 모의계좌 그대로) 요청 {batches}건이면 됩니다',
    "Fetching quotes {done}/{total}…": "시세 조회 중 {done}/{total} 종목…",

    # --- end of rate and progress ---

    # --- profiles, simulator and demo (설정, 시뮬레이터) ---
    # config file and profiles (config.py)
    "true or false (without quotes)": "true 또는 false (따옴표 없이)",
    "a number (without quotes)": "숫자 (따옴표 없이)",
    "text in quotes": "따옴표로 감싼 글자",
    "a value of the form {pattern}": "{pattern} 형식의 값",
    "(none)": "(없음)",
    "config file {path}: unknown settings {names} (top level takes profile, language, sessions_file, "
    "report_profiles and [profiles.NAME] tables)":
        "설정 파일 {path}: 알 수 없는 설정 {names} (맨 위에는 profile, language, sessions_file, report_profiles와 "
        "[profiles.NAME] 표만 둘 수 있습니다)",
    "config file {path}: sessions_file must be a file's path in quotes":
        "설정 파일 {path}: sessions_file에는 파일 경로를 따옴표로 적으세요",
    'config file {path}: language must be "ko" or "en", not {value!r}':
        '설정 파일 {path}: language는 "ko" 또는 "en"이어야 합니다 ({value!r}는 안 됩니다)',
    "config file {path}: profile must be a profile's name in quotes, not {value!r}":
        "설정 파일 {path}: profile에는 프로필 이름을 따옴표로 감싸 적습니다 ({value!r}는 안 됩니다)",
    "config file {path}: profiles must be [profiles.NAME] tables":
        "설정 파일 {path}: profiles는 [profiles.NAME] 표여야 합니다",
    "config file {path}: [profiles.{name}] must be a table of settings":
        "설정 파일 {path}: [profiles.{name}]은 설정들의 표여야 합니다",
    "the config file must not hold secrets ({keys} in [profiles.{name}]): use KIS_XL_APP_KEY/KIS_XL_APP_SECRET or "
    "`kis-xl login` (OS keyring)":
        "설정 파일에는 비밀값을 쓰지 않습니다 ([profiles.{name}]의 {keys}): 환경변수 KIS_XL_APP_KEY/KIS_XL_APP_SECRET "
        "또는 `kis-xl login`(OS 키체인)을 쓰세요",
    "config file {path}: [profiles.{name}] has an unknown setting {key!r} (known: {known})":
        "설정 파일 {path}: [profiles.{name}]에 알 수 없는 설정 {key!r}가 있습니다 (쓸 수 있는 설정: {known})",
    "config file {path}: [profiles.{name}] {key} = {value!r}: expected {expected}":
        "설정 파일 {path}: [profiles.{name}] {key} = {value!r}: {expected}여야 합니다",
    "profile {name!r}: domain must be 'real' or 'mock'": "프로필 {name!r}: domain은 'real' 또는 'mock'이어야 합니다",
    "unknown profile {name!r}: define [profiles.{name}] with a domain (real or mock)":
        "알 수 없는 프로필 {name!r}: 설정 파일에 [profiles.{name}]을 만들고 domain(real 또는 mock)을 적으세요",
    "profile {name!r} says simulator = true but its rest_url {url} is not on this machine: a simulator listens on "
    "127.0.0.1 only (remove simulator = true for KIS itself)":
        "프로필 {name!r}은 simulator = true인데 rest_url {url}이 이 컴퓨터가 아닙니다: 시뮬레이터는 127.0.0.1에서만 "
        "받습니다 (실제 KIS라면 simulator = true를 지우세요)",
    "profile {name!r} has no app key/secret: set KIS_XL_APP_KEY and KIS_XL_APP_SECRET, or run `kis-xl login "
    "--profile {name}` to store them in the OS keyring":
        "프로필 {name!r}에 앱키/시크릿이 없습니다: 환경변수 KIS_XL_APP_KEY와 KIS_XL_APP_SECRET을 설정하거나 "
        "`kis-xl login --profile {name}`으로 OS 키체인에 저장하세요",
    "{path} exists; pass --force to overwrite it": "{path} 파일이 이미 있습니다. 덮어쓰려면 --force를 붙이세요",
    "profile {name!r} has no account number: set KIS_XL_ACCOUNT or 'account' in the config file (format "
    "12345678-01)":
        "프로필 {name!r}에 계좌번호가 없습니다: 환경변수 KIS_XL_ACCOUNT 또는 설정 파일의 'account'에 적으세요 "
        "(형식 12345678-01)",
    "profile {name!r}: account must look like 12345678-01": "프로필 {name!r}: 계좌번호는 12345678-01 형식이어야 합니다",
    "the cache folder": "캐시 폴더",
    "{source} {path} cannot be used ({reason}): point KIS_XL_CACHE_DIR at a folder you can write":
        "{source} {path}를 쓸 수 없습니다 ({reason}): 쓰기 가능한 폴더를 KIS_XL_CACHE_DIR로 지정하세요",
    "cannot read the config file {path}: {reason}": "설정 파일 {path}를 읽을 수 없습니다: {reason}",
    "config file {path} is not UTF-8 text (saved as CP949/EUC-KR?): save it as UTF-8":
        "설정 파일 {path}가 UTF-8이 아닙니다 (CP949/EUC-KR로 저장했나요?): UTF-8로 저장하세요",
    "config file {path} is not valid TOML: {error}": "설정 파일 {path}가 올바른 TOML이 아닙니다: {error}",
    # kis-xl config, init, login (cli/config.py)
    "{start}…({length} chars)": "{start}…({length}자)",
    "(not set)": "(설정 안 됨)",
    "(embedded simulator)": "(내장 시뮬레이터)",
    "simulator, no real money": "시뮬레이터, 실제 돈 아님",
    "built-in simulator, no real money": "내장 시뮬레이터, 실제 돈 아님",
    "KIS real (실전), real money": "KIS 실전투자, 실제 돈",
    "KIS mock (모의투자)": "KIS 모의투자",
    "kis-xl settings": "kis-xl 설정",
    "wrote {path}": "{path} 파일을 만들었습니다",
    "the sim profile needs no credentials": "sim 프로필에는 앱키가 필요 없습니다",
    "or set {key} and {secret} in the environment instead": "또는 환경변수 {key}와 {secret}을 설정하세요",
    "login needs a terminal to type the key and secret into; {hint}":
        "login은 앱키와 시크릿을 입력할 터미널이 필요합니다. {hint}",
    "no usable OS keyring on this machine ({problem}); {hint}":
        "이 컴퓨터에는 쓸 수 있는 OS 키체인이 없습니다 ({problem}). {hint}",
    "App key for {name} (36 characters): ": "{name}의 앱키 (36자): ",
    "App secret for {name} (180 characters): ": "{name}의 앱 시크릿 (180자): ",
    "an app key has 36 characters and an app secret 180; nothing was stored":
        "앱키는 36자, 앱 시크릿은 180자입니다. 아무것도 저장하지 않았습니다",
    "stored the app key and secret of {name!r} in the OS keyring": "{name!r}의 앱키와 시크릿을 OS 키체인에 저장했습니다",
    # kis-xl sim (cli/sim.py)
    "KIS simulator": "KIS 시뮬레이터",
    "market clock: {time} KST, seed {seed}": "시장 시각: {time} KST, 시드 {seed}",
    "Paste this profile into {path} (a simulator: no real money, no real-account warning):":
        "이 프로필을 {path}에 붙여 넣으세요 (시뮬레이터: 실제 돈이 아니므로 실전 계좌 경고가 없습니다):",
    "It uses the simulator's own key. Any other 36-character app key and 180-character secret work too, each key "
    "its own world (accounts, limits); to use one, e.g.:":
        "시뮬레이터 자체 키를 씁니다. 36자 앱키와 180자 시크릿이면 무엇이든 되고, 키마다 계좌와 한도가 따로입니다. "
        "다른 키를 쓰려면 예를 들어:",
    "Then: kis-xl balance --profile {name}": "그다음: kis-xl balance --profile {name}",
    "Ctrl-C stops.": "Ctrl-C로 멈춥니다.",
    "Refused by the rate limits, per app key:": "요청 한도로 거절된 건수 (앱키별):",
    "No app key used the simulator.": "시뮬레이터를 쓴 앱키가 없습니다.",
    "a port is a number from 0 to 65535, not {text!r}": "포트는 0에서 65535 사이의 숫자입니다 ({text!r}는 안 됩니다)",
    "not a time: {text!r} (write it like 2025-06-02T10:00:00+09:00)":
        "시각이 아닙니다: {text!r} (2025-06-02T10:00:00+09:00처럼 적으세요)",
    "--fault takes NAME=N, not {pair!r}": "--fault는 NAME=N 형식입니다 ({pair!r}는 안 됩니다)",
    "--fault: {error}": "--fault: {error}",
    "faults: {faults}": "장애 주입: {faults}",
    "{error}: the simulator accepts any key, so it never listens beyond this machine (--host 127.0.0.1, localhost "
    "or ::1)":
        "{error}: 시뮬레이터는 아무 키나 받으므로 이 컴퓨터 밖에서는 받지 않습니다 (--host 127.0.0.1, localhost 또는 ::1)",
    "cannot listen on {host} port {port} ({reason}): choose another with --port (0 picks a free one)":
        "{host} 포트 {port}에서 받을 수 없습니다 ({reason}): --port로 다른 포트를 고르세요 (0은 빈 포트를 고릅니다)",
    "reset the sim profile's simulator: {files}": "sim 프로필의 시뮬레이터를 초기화했습니다: {files}",
    "the sim profile's simulator had nothing to reset: its next command starts afresh":
        "sim 프로필의 시뮬레이터에 초기화할 것이 없습니다: 다음 명령은 새 계좌로 시작합니다",
    # kis-xl demo (cli/demo.py)
    "the demo places orders, so it runs on the built-in simulator only (profile sim), not {profile!r}: try "
    "`kis-xl quote 005930 --profile {profile}` instead":
        "데모는 주문을 내므로 내장 시뮬레이터(sim 프로필)에서만 돌아갑니다 ({profile!r}는 안 됩니다): 대신 "
        "`kis-xl quote 005930 --profile {profile}`를 해 보세요",
    "Simulator: real domain {real}, mock domain {mock}, market clock {clock} KST, seed {seed}":
        "시뮬레이터: 실전 도메인 {real}, 모의 도메인 {mock}, 시장 시각 {clock} KST, 시드 {seed}",
    # the real-money confirmation (cli/confirm.py)
    "*** REAL ACCOUNT (실전투자) — real money ***": "*** 실전투자 계좌 — 실제 돈이 움직입니다 (REAL ACCOUNT) ***",
    "Confirmed by --yes.": "--yes로 확인했습니다.",
    "refusing to send real orders without a terminal: pass --yes to confirm":
        "터미널 없이 실전 주문을 보내지 않습니다: 확인하려면 --yes를 붙이세요",
    "Type 'yes' (or 예) to send: ": "보내려면 '예'(또는 yes)를 입력하세요: ",
    "not confirmed; nothing was sent": "확인되지 않아 아무것도 보내지 않았습니다",
    # orders validate (cli/ordersheet.py, orders/service.py)
    "valid: {valid}, invalid: {invalid}; nothing was sent, and {file} was written to":
        "유효 {valid}건, 오류 {invalid}건. 아무것도 보내지 않았고 결과를 {file}에 적었습니다",
    "valid: {valid}, invalid: {invalid}; nothing was sent, and {file} is unchanged (--write puts the results in it)":
        "유효 {valid}건, 오류 {invalid}건. 아무것도 보내지 않았고 {file}은 그대로입니다 (결과를 적으려면 --write)",
    "the sheet says profile {sheet!r} but {asked!r} was asked for: change the sheet's Profile cell first":
        "시트의 프로필은 {sheet!r}인데 {asked!r}로 실행했습니다: 시트의 Profile(프로필) 칸을 먼저 바꾸세요",
    "the workbook changed while it was being read (another run?): run again":
        "읽는 동안 통합 문서가 바뀌었습니다 (다른 실행 중?): 다시 실행하세요",

    # the demo (cli/demo.py)
    "quotes, orders, Excel formulas, an order sheet and a report against a built-in simulator (데모)":
        "내장 시뮬레이터로 시세, 주문, 엑셀 수식, 주문 시트, 보고서를 차례로 보여 줍니다 (데모)",
    "folder for the demo's files (default: ./demo-output)": "데모가 만드는 파일의 폴더 (기본값: ./demo-output)",
    "the market clock's start, e.g. 2025-06-02T10:00:00+09:00 (default: 10:00 KST of the latest trading day); "
    "`kis-xl sim --clock` the same moment shows the same market":
        "시장 시계의 시작 시각, 예: 2025-06-02T10:00:00+09:00 (기본값: 가장 최근 거래일 10:00 KST); "
        "`kis-xl sim --clock`에 같은 시각을 주면 같은 시장이 나옵니다",
    "Quotes (one batched request)": "현재가 (요청 한 번에 여러 종목)",
    "Daily history of {stock}, last 10 sessions": "{stock} 일봉, 최근 10거래일",
    "deposit {deposit}  D+2 {d2}  securities {securities}  total {total}  P&L {pnl}":
        "예수금 {deposit}  D+2 {d2}  유가평가 {securities}  총평가 {total}  평가손익 {pnl}",
    "Account before": "주문 전 계좌",
    "Orders (simulated account)": "주문 (시뮬레이터 계좌)",
    "{what} → order {order_no} at {time}": "{what} → 주문 {order_no} ({time})",
    "Account after": "주문 후 계좌",
    "Workbook formulas, evaluated by kis_xl.udfs (workbooks/kis_xl.xlsm)":
        "통합문서의 수식을 kis_xl.udfs로 계산한 값 (workbooks/kis_xl.xlsm)",
    "{rows}x{columns} table, first row {first}": "{rows}행 {columns}열 표, 첫 행 {first}",
    "Order sheet (workbooks' Orders layout) submitted to the simulator": "주문 시트 (통합문서의 주문 시트 양식)를 시뮬레이터에 전송",
    "Daily account report": "일일 계좌 보고서",
    "written: {path}": "저장: {path}",
    # KIS_STATUS (services/status.py)
    "none yet": "아직 없음",
    "not known yet (no answer from the server)": "아직 모름 (서버 응답 없음)",
    "the server's": "서버 시각",
    "{streaming} of {watched} watched": "{watched}종목 중 {streaming}종목",
    "none": "없음",
    "connected": "연결됨",
    "connecting": "연결 중",
    " (owner: {owner})": " (연결 보유: {owner})",
    "{loading} loading, {stale} stale (over {seconds:g} s) of {asked}":
        "{asked}종목 중 불러오는 중 {loading}, 오래된 값 {stale} ({seconds:g}초 넘음)",
    # --- end of profiles, simulator and demo ---

    # --- CLI, errors and rules (명령줄, 오류, 규칙) ---
    # errors.py
    "{endpoint} is not offered on the {domain} domain (모의투자 미지원)":
        "{endpoint}: {domain} 도메인에서는 제공되지 않는 기능입니다 (모의투자 미지원)",
    ": KIS answers this account query for real accounts only": ": KIS는 이 계좌 조회를 실전계좌에만 제공합니다",
    ': use a real-domain key for market data (market_data = "real" in the profile)':
        ': 시세는 실전 도메인 키로 받으세요 (프로필에 market_data = "real")',
    # sessions.py
    "open until {until}": "{until}까지 열림",
    "closed until {until}": "{until}까지 닫힘",
    "closed, no session within {days} days": "닫힘, {days}일 안에 열리는 장이 없습니다",
    "unknown session {name!r}: {keys}": "알 수 없는 장(세션) {name!r}: {keys} 중 하나를 쓰세요",
    # rules.py: an order as typed
    "US orders are limit orders only, not {type}: give a price with type LIMIT":
        "미국주식은 지정가 주문만 됩니다 ({type} 불가): 유형을 LIMIT(지정가)로 하고 가격을 넣으세요",
    "a US order needs a price: US orders are limit orders": "미국주식 주문에는 가격이 필요합니다: 미국주식은 지정가 주문만 됩니다",
    "price must be positive, not {price}": "가격은 0보다 커야 합니다 ({price} 불가)",
    "price {price} has more than {decimals} decimals: US prices from $1 up move in cents":
        "가격 {price}의 소수점이 {decimals}자리를 넘습니다: 1달러 이상 미국주식은 센트 단위로 움직입니다",
    "price {price} has more than {decimals} decimals: US prices under $1 move in hundredths of a cent":
        "가격 {price}의 소수점이 {decimals}자리를 넘습니다: 1달러 미만 미국주식은 0.01센트 단위로 움직입니다",
    ' (if this is an ETF/ETN, its own tick could not be confirmed here: KIS\'s stock master needs a real-domain key, '
    'market_data = "real")':
        ' (ETF/ETN이라면 그 호가단위를 여기서 확인하지 못했습니다: KIS 종목정보 조회에는 실전 도메인 키가 필요합니다, '
        'market_data = "real")',
    "price {price} is off the tick grid ({tick:,} won): {down:,} or {up:,}":
        "가격 {price}이(가) 호가단위({tick:,}원)에 맞지 않습니다: {down:,} 또는 {up:,}",
    "stop price {price} is off the tick grid ({tick:,} won): {down:,} or {up:,}":
        "조건가격 {price}이(가) 호가단위({tick:,}원)에 맞지 않습니다: {down:,} 또는 {up:,}",
    "a {type} order takes no price: drop the price {price}, it trades at the close":
        "{type} 주문에는 가격을 넣지 않습니다: 종가로 체결되니 가격 {price}을(를) 지우세요",
    "a {type} order takes no price: drop the price {price}, or make it a LIMIT order":
        "{type} 주문에는 가격을 넣지 않습니다: 가격 {price}을(를) 지우거나 LIMIT(지정가) 주문으로 바꾸세요",
    "a {type} order needs a price: give one, or make it a MARKET order":
        "{type} 주문에는 가격이 필요합니다: 가격을 넣거나 MARKET(시장가) 주문으로 바꾸세요",
    "today's": "오늘",
    "the next session's expected": "다음 장 예상",
    "price {price} is above {limits} upper limit {limit:,.0f}": "가격 {price}이(가) {limits} 상한가 {limit:,.0f}보다 높습니다",
    "price {price} is below {limits} lower limit {limit:,.0f}": "가격 {price}이(가) {limits} 하한가 {limit:,.0f}보다 낮습니다",
    "a 시간외 단일가 price stays within ±10 % of the close {close:,.0f}: {low:,.0f} to {high:,.0f}, not {price}":
        "시간외 단일가는 종가 {close:,.0f}의 ±10% 안에서만 주문할 수 있습니다: {low:,.0f}~{high:,.0f} ({price} 불가)",
    "unknown venue {venue!r}: KRX, NXT or SOR": "알 수 없는 거래소 {venue!r}: KRX, NXT, SOR 중 하나를 쓰세요",
    " or ": " 또는 ",
    "{venue} takes no {type} orders: set Venue to {others}, or choose another type":
        "{venue}에서는 {type} 주문을 받지 않습니다: 거래소를 {others}(으)로 바꾸거나 다른 주문유형을 고르세요",
    "{type} orders trade only in {session}, {opens:%H:%M}-{closes:%H:%M} KST: send it where sessions are checked "
    "(kis-xl buy/sell, or the Python API)":
        "{type} 주문은 {session}({opens:%H:%M}~{closes:%H:%M} KST)에만 체결됩니다: 장 시간을 확인하는 경로"
        "(kis-xl buy/sell 또는 Python API)로 보내세요",
    "only STOP_LIMIT (스톱지정가) takes a stop price: drop {stop}":
        "조건가격은 STOP_LIMIT(스톱지정가) 주문에만 씁니다: {stop}을(를) 지우세요",
    "a STOP_LIMIT order needs a stop price (조건가격): the price at which its limit order goes in":
        "STOP_LIMIT(스톱지정가) 주문에는 조건가격이 필요합니다: 지정가 주문이 나가는 가격입니다",
    "stop price must be positive, not {stop}": "조건가격은 0보다 커야 합니다 ({stop} 불가)",
    "stop price {stop} is outside today's limits {low:,.0f}–{high:,.0f}":
        "조건가격 {stop}이(가) 오늘 가격제한폭 {low:,.0f}~{high:,.0f}을(를) 벗어납니다",
    "a buy stop waits for the price to rise: give a stop above the current {price:,.0f}":
        "매수 스톱은 가격이 오르기를 기다립니다: 현재가 {price:,.0f}보다 높은 조건가격을 넣으세요",
    "a sell stop waits for the price to fall: give a stop below the current {price:,.0f}":
        "매도 스톱은 가격이 내리기를 기다립니다: 현재가 {price:,.0f}보다 낮은 조건가격을 넣으세요",
    # rules.py: sessions and reservations
    "set Venue to {venue}": "거래소를 {venue}(으)로",
    "set Venue to {venue} or SOR": "거래소를 {venue} 또는 SOR로",
    "type {types} with Venue {venue}": "유형 {types}, 거래소 {venue}",
    "type {types}": "유형 {types}",
    "the US daytime session": "미국 주간거래",
    "the US market": "미국 시장",
    "{where} is closed for {type} orders until {until} ({session})":
        "{where}은(는) {until}({session})까지 {type} 주문을 받지 않습니다",
    "{where} is closed for {type} orders": "{where}은(는) 지금 {type} 주문을 받지 않습니다",
    "{session} until {until} ({fix})": "{session} {until}까지 ({fix})",
    "{window} until {until} (reserve it: 예약주문)": "{window} {until}까지 (예약주문으로 넣으세요)",
    "; open now: {sessions}": "; 지금 열린 곳: {sessions}",
    "{code} is not traded on NXT (the stock master's NXT flag): set Venue to KRX or SOR":
        "{code}은(는) 넥스트레이드(NXT)에서 거래되지 않는 종목입니다 (종목정보의 NXT 표시): 거래소를 KRX 또는 SOR로 바꾸세요",
    "a reservation goes to KRX (KIS's order-resv takes no venue), not {venue}: set Venue to KRX":
        "예약주문은 KRX로만 나갑니다 (KIS 예약주문은 거래소를 고를 수 없음, {venue} 불가): 거래소를 KRX로 바꾸세요",
    "{window} take {types} orders, not {type}": "{window}은(는) {types} 주문만 받습니다 ({type} 불가)",
    "{window} are closed until {until}": "{window} 접수 시간이 아닙니다 ({until}부터 접수)",
    "{window} are closed": "{window} 접수 시간이 아닙니다",
    "quantity must be a positive whole number, not {quantity!r}": "수량은 1 이상의 정수여야 합니다 ({quantity!r} 불가)",
    "unknown market {market!r}: KRX, NAS, NYS or AMS": "알 수 없는 시장 {market!r}: KRX, NAS, NYS, AMS 중 하나를 쓰세요",
    "a venue (KRX, NXT, SOR) is for domestic orders: drop {venue}":
        "거래소(KRX, NXT, SOR)는 국내주식 주문에만 씁니다: {venue}을(를) 지우세요",
    "unknown US session {session!r}: day (주간거래) or regular":
        "알 수 없는 미국 장 구분 {session!r}: day(주간거래) 또는 regular 중 하나를 쓰세요",
    "a session (day, regular) is for US orders: drop {session!r}":
        "장 구분(day, regular)은 미국주식 주문에만 씁니다: {session!r}을(를) 지우세요",
    # caps.py
    "no quote": "시세 없음",
    "at the close": "종가 기준",
    "upper-limit estimate": "상한가 기준 추정",
    "estimate at the current price": "현재가 기준 추정",
    "amount ${amount:,.2f} exceeds the per-order cap ${cap:,.2f} (max_order_usd)":
        "주문금액 ${amount:,.2f}이(가) 1회 주문 한도 ${cap:,.2f}를 넘습니다 (max_order_usd)",
    "amount ${amount:,.2f} cannot be held to the per-order cap {cap:,.0f} won: KIS's exchange rate could not be read "
    "(set max_order_usd for US orders)":
        "주문금액 ${amount:,.2f}을(를) 1회 주문 한도 {cap:,.0f}원과 비교할 수 없습니다: KIS 환율을 읽지 못했습니다 "
        "(미국주식에는 max_order_usd를 설정하세요)",
    "amount ${amount:,.2f} ≈ {won:,.0f} won at {rate:,.2f} won/$ (KIS's posted rate) exceeds the per-order cap "
    "{cap:,.0f} won (max_order_amount)":
        "주문금액 ${amount:,.2f} ≈ {won:,.0f}원(KIS 고시환율 {rate:,.2f}원/$)이 1회 주문 한도 {cap:,.0f}원을 넘습니다 "
        "(max_order_amount)",
    "amount {amount:,.0f} won exceeds the per-order cap {cap:,.0f} (max_order_amount)":
        "주문금액 {amount:,.0f}원이 1회 주문 한도 {cap:,.0f}원을 넘습니다 (max_order_amount)",
    "the batch cannot be held to its cap {cap:,.0f} won: a US order's won value is unknown (KIS's exchange rate could "
    "not be read)":
        "이번 실행의 합계를 한도 {cap:,.0f}원과 비교할 수 없습니다: 미국주식 주문의 원화 금액을 모릅니다 (KIS 환율을 읽지 못함)",
    "the batch totals {total:,.0f} won, over the batch cap {cap:,.0f} (max_batch_amount)":
        "이번 실행의 합계 {total:,.0f}원이 1회 실행 한도 {cap:,.0f}원을 넘습니다 (max_batch_amount)",
    # cli/main.py
    "done": "정상 종료",
    "a KIS or input error (one line on stderr); orders validate/submit: a row is INVALID or REJECTED":
        "KIS 오류 또는 입력 오류 (stderr에 한 줄); orders validate/submit: INVALID 또는 REJECTED 행이 있음",
    "a mistyped command (its usage is printed)": "명령을 잘못 입력함 (사용법을 보여 줌)",
    "a confirmation was declined": "확인을 거절함",
    "orders watch stopped (--timeout, 18:00 KST) before every row was final":
        "orders watch가 모든 행이 끝나기 전에 멈춤 (--timeout, 18:00 KST)",
    "interrupted (Ctrl-C)": "중단됨 (Ctrl-C)",
    "the reader of the output went away (kis-xl … | head)": "출력을 읽던 쪽이 먼저 끝남 (kis-xl … | head)",
    "Every command takes --profile NAME (sim, mock 모의투자, real 실전); listings take --json or --csv.":
        "모든 명령은 --profile 이름을 받습니다 (sim 시뮬레이터, mock 모의투자, real 실전). 목록은 --json 또는 --csv로도 "
        "출력합니다.",
    "Orders go to KIS when their command runs; --reserve queues a reservation (예약주문) for its session's open.":
        "주문은 명령을 실행하는 즉시 KIS로 갑니다. --reserve는 예약주문으로, 해당 장이 열릴 때 나갑니다.",
    "exit codes:": "종료 코드 (exit codes):",
    "positional arguments": "인자 (positional arguments)",
    "commands": "명령 (commands)",
    "options": "옵션 (options)",
    "show this help message and exit": "이 도움말을 보여 주고 끝냅니다",
    "usage: ": "사용법: ",
    "{prog}: error: {message}": "{prog}: 오류: {message}",
    "the following arguments are required: {names}": "다음 인자가 필요합니다: {names}",
    "unrecognized arguments: {words}": "알 수 없는 인자: {words}",
    "one of the arguments {names} is required": "{names} 중 하나가 필요합니다",
    "argument {name}: invalid choice: {value} (choose from {choices})":
        "{name}: {value}은(는) 고를 수 없는 값입니다 ({choices} 중 하나)",
    "argument {name}: invalid {kind} value: {value}": "{name}: {value}은(는) 올바른 {kind} 값이 아닙니다",
    "argument {name}: expected one argument": "{name}: 값이 하나 필요합니다",
    "argument {name}: not allowed with argument {other}": "{name}: {other}와(과) 함께 쓸 수 없습니다",
    "argument {name}: {reason}": "{name}: {reason}",
    "language of messages and headers: ko (default) or en": "메시지와 표 머리글의 언어: ko(기본) 또는 en (language)",
    "profile to use: sim (default), mock, real, or one from the config file":
        "사용할 프로필: sim(기본, 내장 시뮬레이터), mock(모의투자), real(실전) 또는 설정 파일의 프로필 (profile)",
    "Korea Investment & Securities (한국투자증권) Open API from the command line, Excel and a local simulator.":
        "한국투자증권 Open API를 명령줄과 엑셀에서 씁니다. 내장 시뮬레이터로 키 없이도 써 볼 수 있습니다.\n"
        "(Korea Investment & Securities Open API from the command line, Excel and a local simulator.)",
    "show the version and exit": "버전을 보여 주고 끝냅니다 (version)",
    "the day's orders (주문내역), or an order sheet (주문 시트): orders [validate|submit|refresh|watch] FILE":
        "주문내역 (the day's orders), 또는 주문 시트 (order sheet): orders [validate|submit|refresh|watch] 파일",
    "kis-xl: aborted: {reason}": "kis-xl: 취소됨: {reason}",
    "kis-xl: interrupted": "kis-xl: 중단됨",
    "kis-xl: unexpected {kind}: {error} (this is a bug in kis-xl; KIS_XL_DEBUG=1 shows where)":
        "kis-xl: 예상하지 못한 오류 {kind}: {error} (kis-xl의 버그입니다. KIS_XL_DEBUG=1로 실행하면 위치가 나옵니다)",
    # cli/output.py
    "print JSON (snake_case keys)": "JSON으로 출력 (영문 snake_case 키)",
    "print CSV (UTF-8, opens in Excel)": "CSV로 출력 (UTF-8, 엑셀에서 바로 열림)",
    "value": "값",
    # cli/watch.py
    "live prices (실시간 시세, KIS WebSocket) and the day's fills: kis-xl watch 005930 NAS:AAPL":
        "실시간 시세 (live prices, KIS WebSocket)와 오늘의 체결: kis-xl watch 005930 NAS:AAPL",
    "stock codes (종목코드) or US symbols (NAS:AAPL)": "종목코드 또는 미국주식 심볼 (NAS:AAPL)",
    "stop after this many seconds (default: until Ctrl-C)": "이 시간(초)이 지나면 멈춤 (기본: Ctrl-C까지)",
    "prices (stream = KIS WebSocket, rest = polled; time = the last trade's)":
        "시세 (stream = KIS 실시간, rest = 주기 조회; 시각 = 마지막 체결 시각)",
    "today's fills": "오늘의 체결",
    "open": "장중",
    "closed": "장 마감",
    "unknown code: {code}": "알 수 없는 종목코드: {code}",
    # cli/reservations.py
    "reservations (예약주문): list, or cancel/modify NUMBER [--date D] [--us]":
        "예약주문 (reservations): 조회, 또는 cancel/modify 번호 [--date D] [--us]",
    "list (조회, the default), cancel (예약취소) or modify (예약정정)": "list 조회(기본), cancel 예약취소, modify 예약정정",
    "the reservation's number (예약주문번호), to cancel or modify": "취소하거나 정정할 예약주문번호 (number)",
    "the day it was placed, KST (default: today)": "예약을 넣은 날, KST (기본: 오늘)",
    "listing: placed from this day": "조회: 이 날부터 넣은 예약",
    "listing: placed up to this day": "조회: 이 날까지 넣은 예약",
    "a US reservation (해외주식 예약주문); listing: US only": "해외주식 예약주문 (US); 조회: 미국주식만",
    "listing: domestic reservations only": "조회: 국내주식 예약만",
    "modify: the new price": "정정: 새 가격",
    "modify: the new quantity": "정정: 새 수량",
    "confirm a real-account change without asking": "실전계좌 변경을 묻지 않고 확인 (--yes)",
    "reservations {action} needs the reservation's number": "reservations {action}에는 예약주문번호가 필요합니다",
    "reservations modify needs --price or --qty": "reservations modify에는 --price 또는 --qty가 필요합니다",
    "reservation {number} of {day:%Y-%m-%d}{us}": "{day:%Y-%m-%d} 예약주문 {number}{us}",
    "CANCEL {reservation}": "취소: {reservation}",
    "MODIFY {reservation}: price {price}, quantity {quantity}": "정정: {reservation}: 가격 {price}, 수량 {quantity}",
    "as it is": "그대로",
    "{reservation} cancelled ({message})": "{reservation} 취소됨 ({message})",
    "{reservation} modified ({message})": "{reservation} 정정됨 ({message})",
    # cli/indices.py, flows.py, market.py, sessions.py, account.py (indices, flows, details, calendar, P&L)
    "indices (지수) now, or their history: kis-xl index KOSPI KOSDAQ [--from D]":
        "지수 (indices) 현재값 또는 일별 추이: kis-xl index KOSPI KOSDAQ [--from D]",
    "daily levels from this date (one index)": "이 날부터의 일별 지수 (지수 하나)",
    "up to this date (default: today)": "이 날까지 (기본: 오늘)",
    "D daily, W weekly, M monthly": "D 일별, W 주별, M 월별",
    "what KIS's stock master says about a code (종목정보)": "종목정보 (stock master): KIS 종목 마스터의 내용",
    "stock code (종목코드), e.g. 005930": "종목코드 (stock code), 예: 005930",
    "the KRX calendar as KIS gives it (휴장일)": "휴장일 (KRX calendar): KIS가 주는 영업일·휴장일",
    "YYYY-MM-DD (default: today)": "YYYY-MM-DD (기본: 오늘)",
    "YYYY-MM-DD (default: 30 days on)": "YYYY-MM-DD (기본: 30일 뒤)",
    "what the account can sell of a stock now (매도가능수량)": "매도가능수량 (sellable): 지금 팔 수 있는 수량",
    "stock codes (종목코드)": "종목코드 (stock codes)",
    "net buying by individuals, foreigners and institutions, by day (투자자별 매매동향)":
        "투자자별 매매동향 (investors): 개인·외국인·기관의 일별 순매수",
    "the latest trades (체결)": "최근 체결 (latest trades)",
    "today's top brokers selling and buying (회원사)": "회원사 (brokers): 오늘 매도·매수 상위 증권사",
    "an ETF/ETN against its NAV (괴리율)": "ETF/ETN 괴리율 (against its NAV)",
    "one-minute bars (분봉): today, a past day (--date), US": "분봉 (one-minute bars): 오늘, 지난 날(--date), 미국주식",
    "stock code (종목코드) or US symbol, e.g. 005930, NAS:AAPL": "종목코드 또는 미국주식 심볼, 예: 005930, NAS:AAPL",
    "a past day, YYYY-MM-DD (default: today)": "지난 날, YYYY-MM-DD (기본: 오늘)",
    "realised P&L (실현손익) by stock or by day (real accounts)": "실현손익 (realised P&L): 종목별 또는 일별 (실전계좌)",
    "from this day, YYYY-MM-DD": "이 날부터, YYYY-MM-DD",
    "stock: by stock (종목별), day: by day": "stock 종목별, day 일별",
    "top stocks (순위): volume, value, gainers, losers, market_cap":
        "순위 (top stocks): volume 거래량, value 거래대금, gainers 상승률, losers 하락률, market_cap 시가총액",
    "volume (거래량), value (거래대금), gainers (상승률), losers (하락률), market_cap (시가총액)":
        "거래량 (volume), 거래대금 (value), 상승률 (gainers), 하락률 (losers), 시가총액 (market_cap)",
    "how many rows (default: 10)": "보여 줄 행 수 (기본: 10)",
    "all, KOSPI, KOSDAQ": "all 전체, KOSPI 코스피, KOSDAQ 코스닥",
    "total": "합계",

    # command-line help (cli/*.py)
    'holdings (잔고) and account summary':
        '잔고와 계좌 요약 (holdings)',
    'deposit (예수금), D+2 cash, evaluation and P&L':
        '예수금, D+2 예수금, 평가금액과 손익 (cash)',
    'change the price of a working order (정정)':
        '미체결 주문의 가격을 정정 (modify)',
    'quantity to modify (default: all remaining)':
        '정정할 수량 (기본값: 남은 수량 전부)',
    "a US order (found among today's US orders otherwise)":
        '미국 주식 주문 (주지 않으면 오늘의 미국 주문에서 찾음)',
    "a US order's session, when it cannot be told from its time":
        '미국 주문의 세션 (주문 시각으로 알 수 없을 때)',
    'cancel a working order (취소)':
        '미체결 주문을 취소 (cancel)',
    'quantity to cancel (default: all remaining)':
        '취소할 수량 (기본값: 남은 수량 전부)',
    'filled orders (체결내역) of a day or a period, KRX and US':
        '하루 또는 기간의 체결내역, 국내와 미국 (fills)',
    'limit price (70000, 70,000 or 70,000원); omit for a market order':
        '지정가 (70000, 70,000 또는 70,000원); 빼면 시장가 주문',
    "STOP_LIMIT's stop price (조건가격): the limit order goes in once the stock trades there":
        'STOP_LIMIT의 조건가격: 주가가 이 가격에 닿으면 지정가 주문이 나갑니다',
    "where a domestic order goes (거래소): KRX (한국거래소), NXT (넥스트레이드) or SOR (최선집행); default: the profile's venue":
        '국내 주문의 거래소: KRX(한국거래소), NXT(넥스트레이드), SOR(최선집행); 기본값: 프로필의 거래소',
    "a US order's session: day (주간거래, 10:00-18:00 KST) or regular (pre-market, regular, after-market); default: the one open now":
        '미국 주문의 세션: day(주간거래, 10:00-18:00 KST) 또는 regular(프리마켓, 정규장, 애프터마켓); 기본값: 지금 열린 세션',
    "a reservation (예약주문) for its session's next open instead of an order now":
        '지금 주문하는 대신 예약주문: 해당 장이 다음에 열릴 때 나갑니다',
    'with --reserve: a period reservation (기간예약) sent again each trading day until DATE':
        '--reserve와 함께: 기간예약, DATE까지 거래일마다 다시 나갑니다',
    'confirm a real-account order without asking':
        '실전계좌 주문을 묻지 않고 확인',
    'show the active settings (설정; secrets masked)':
        '지금 쓰는 설정을 보여 줍니다 (비밀값은 가림)',
    'write a commented config file (설정 파일)':
        '설명이 달린 설정 파일을 씁니다',
    'overwrite an existing file':
        '있는 파일을 덮어씀',
    "store the profile's app key and secret (앱키·시크릿) in the OS keyring":
        '프로필의 앱키·시크릿을 OS 키체인에 저장',
    'Excel set-up (엑셀 설정): excel setup [DIR]':
        '엑셀 설정: excel setup [폴더]',
    'write the workbook into DIR for this Python and print the Windows steps (엑셀 설정)':
        '이 파이썬용 통합문서를 폴더에 쓰고 윈도우에서 할 일을 보여 줍니다 (엑셀 설정)',
    'folder to write the workbook into (default: here)':
        '통합문서를 쓸 폴더 (기본값: 현재 폴더)',
    'python.exe/pythonw.exe Excel should start (default: this one)':
        '엑셀이 실행할 python.exe/pythonw.exe (기본값: 지금 이 파이썬)',
    'replace a workbook of that name':
        '같은 이름의 통합문서를 바꿈',
    'also install the xlwings add-in (Windows: xlwings addin install)':
        'xlwings 추가 기능도 설치 (윈도우: xlwings addin install)',
    'KOSPI (0001), KOSDAQ (1001), KOSPI200 (2001)':
        'KOSPI(0001), KOSDAQ(1001), KOSPI200(2001)',
    "whose price (거래소): KRX (한국거래소), NXT (넥스트레이드) or UN (통합, integrated); default: the profile's quote venue":
        '어느 거래소의 시세: KRX(한국거래소), NXT(넥스트레이드), UN(통합); 기본값: 프로필의 시세 거래소',
    'current prices (현재가): kis-xl quote 005930 000660 AAPL':
        '현재가: kis-xl quote 005930 000660 AAPL',
    'daily/weekly/monthly bars of one stock (기간별 시세: 일봉·주봉·월봉)':
        '한 종목의 기간별 시세: 일봉·주봉·월봉',
    'YYYY-MM-DD':
        'YYYY-MM-DD',
    'check every row and price the batch (검증); send nothing, change nothing in FILE':
        '모든 행을 점검하고 금액을 계산 (검증); 아무것도 보내지 않고 파일도 바꾸지 않음',
    "also write each row's Status and Message into FILE":
        '각 행의 상태와 메시지도 파일에 씀',
    'validate, then send the valid rows once each (주문 전송)':
        '점검한 뒤 올바른 행을 한 번씩만 전송 (주문 전송)',
    'validate and price only':
        '점검과 금액 계산만',
    'confirm real-account orders without asking':
        '실전계좌 주문을 묻지 않고 확인',
    'update statuses and fills of sent rows (체결 갱신); carry out CANCEL rows':
        '보낸 행의 상태와 체결을 갱신 (체결 갱신); CANCEL 행은 취소를 실행',
    'confirm real-account cancellations without asking':
        '실전계좌 취소를 묻지 않고 확인',
    "follow sent rows on KIS's real-time fill notices (실시간 체결) until every row is final; exit 4 if stopped first":
        'KIS 실시간 체결통보로 보낸 행을 모든 행이 끝날 때까지 따라감; 먼저 멈추면 종료 코드 4',
    'stop after this many seconds (default: when every row is final)':
        '이 초가 지나면 멈춤 (기본값: 모든 행이 끝날 때)',
    'run the KIS simulator (시뮬레이터: real domain on --port, mock on --mock-port)':
        'KIS 시뮬레이터 실행 (실전 도메인은 --port, 모의 도메인은 --mock-port)',
    "real domain's port, 0-65535 (0: any free port)":
        '실전 도메인의 포트, 0-65535 (0: 빈 포트 아무거나)',
    'default: --port + 1':
        '기본값: --port + 1',
    'loopback only: 127.0.0.1, localhost or ::1':
        '이 컴퓨터 안에서만: 127.0.0.1, localhost 또는 ::1',
    "market data seed (same seed, same prices; default: the sim profile's and the demo's market)":
        '시세 시드 (같은 시드면 같은 가격; 기본값: sim 프로필과 데모의 시장)',
    'start the market clock here and run on, e.g. 2025-06-02T10:00:00+09:00 (default: as the sim profile: the real clock while KRX is open, else the latest trading day from 10:00 KST)':
        '시장 시계를 이 시각에서 시작해 흐르게 함, 예: 2025-06-02T10:00:00+09:00 (기본값: sim 프로필과 같이 KRX 장중에는 실제 시각, 아니면 가장 최근 거래일 10:00 KST부터)',
    'keep accounts in this JSON file across restarts':
        '계좌를 이 JSON 파일에 두고 다시 시작해도 이어 씀',
    "fresh accounts: with --state, delete its file and serve; without, reset the sim profile's built-in simulator (its accounts and clock) and exit":
        '새 계좌로: --state와 함께면 그 파일을 지우고 실행; 없으면 sim 프로필의 내장 시뮬레이터(계좌와 시계)를 초기화하고 끝냄',
    'unknown account numbers are refused':
        '모르는 계좌번호는 거부',
    'starting deposit of a new account (won)':
        '새 계좌의 시작 예수금 (원)',
    "buy (매수) CODE QTY [--price P] (no --price: market order)": "매수 종목코드 수량 [--price 가격] (가격이 없으면 시장가)",
    "sell (매도) CODE QTY [--price P] (no --price: market order)": "매도 종목코드 수량 [--price 가격] (가격이 없으면 시장가)",
    # --- end of CLI, errors and rules ---

    # --- order core (주문 기록) ---
    "kis-xl's order journal cannot be written ({reason}; {path}): nothing more was sent; free disk space there, "
    "then run again": "kis-xl 주문 기록을 쓸 수 없습니다 ({reason}; {path}): 더 이상 보낸 주문은 없습니다. 그곳의 디스크 "
                      "공간을 확보한 뒤 다시 실행하세요",
    "row {row}'s result could be written neither to the workbook ({reason}) nor to the journal ({journal}); the next "
    "run looks its order up in KIS's list": "{row}행의 결과를 통합 문서({reason})에도 주문 기록({journal})에도 쓰지 "
                                            "못했습니다. 다음 실행에서 KIS 주문 내역으로 그 주문을 찾습니다",
    "row {row} shows its result, but {reason}": "{row}행에 결과는 적혔지만, {reason}",
    "not sent: {reason}": "보내지 않음: {reason}",

    "sending is off for profile {name!r}: a real-domain profile sends nothing until send_orders = true is in its "
    "config; nothing was sent":
        "프로필 {name!r}은(는) 주문 전송이 꺼져 있습니다: 실전 도메인 프로필은 설정에 send_orders = true가 있어야 "
        "보냅니다. 아무것도 보내지 않았습니다",
    "this would go to the REAL account (실전투자), but the sheet's Profile cell is not 'real' (or {name!r}): nothing "
    "was sent":
        "실전투자 계좌로 가는 주문인데 시트의 프로필 칸이 'real'(또는 {name!r})이 아닙니다: 아무것도 보내지 않았습니다",
    "orders to the REAL account (실전투자) need an explicit confirmation: nothing was sent":
        "실전투자 계좌 주문은 명시적인 확인이 필요합니다: 아무것도 보내지 않았습니다",
    "row {row}: {reason}; {status} was not written": "{row}행: {reason}; {status}은(는) 쓰지 않았습니다",
    # --- end of order core ---

    # --- sessions by date (장 운영 시간) ---
    "KIS has not published its order parameters: kis-xl sends nothing there":
        "KIS가 이 세션의 주문 구분 코드를 공개하지 않아 kis-xl은 주문을 보내지 않습니다",
    "{where}: hours must be HH:MM-HH:MM or \"closed\", not {text!r}":
        "{where}: 시간은 HH:MM-HH:MM 또는 \"closed\"로 적어야 합니다 ({text!r}는 안 됩니다)",
    "{where} is not valid TOML: {problem}": "{where}: 올바른 TOML이 아닙니다: {problem}",
    "a day's trading sessions per venue (장 운영 시간): hours and what is open now":
        "거래소별 하루의 장 운영 시간 (trading sessions): 시간과 지금 열린 장",
    "the day, KST (default: today on the profile's server clock)": "날짜, 한국 시간 (기본: 프로필 서버 시계의 오늘)",
    "{day}: {rules} (from {start}; source: {source})": "{day}: {rules} ({start}부터; 출처: {source})",
    "special day: {name} (source: {source})": "특별한 날: {name} (출처: {source})",
    "not published by KIS": "KIS 미공개",
    "{where} takes no {type} orders under the rules in force since {start} ({rules})":
        "{where}은(는) {start}부터 적용되는 규칙({rules})에서 {type} 주문을 받지 않습니다",
    # --- end of sessions by date ---

    # --- reservations (예약주문) ---
    "reservation not sent: a US reservation lasts one day (KIS's US order-resv takes no end date); --until is for "
    "domestic period reservations (기간예약)":
        "예약주문을 보내지 않았습니다: 미국주식 예약주문은 하루만 유효합니다 (KIS 해외 예약주문에는 종료일이 없습니다). "
        "--until은 국내 기간예약에만 씁니다",
    "reservation not sent: a US reservation goes out at the next regular session's open; the daytime session "
    "(주간거래) takes none: send it as an order while the daytime session runs, or drop --session day":
        "예약주문을 보내지 않았습니다: 미국주식 예약주문은 다음 정규장 시작에 나갑니다. 주간거래에는 예약주문이 없으니 "
        "주간거래 시간에 일반 주문으로 보내거나 --session day를 빼세요",
    "reservation not sent: a period reservation (기간예약) ends after the day it first goes out ({first}) and by "
    "{last}, not {until}":
        "예약주문을 보내지 않았습니다: 기간예약의 종료일은 처음 주문이 나가는 날({first}) 다음부터 {last}까지입니다 "
        "({until}는 안 됩니다)",
    "a reservation's number (예약주문번호) is digits, not {number!r}":
        "예약주문번호는 숫자입니다 ({number!r}는 안 됩니다)",
    "trading in {code} is halted (거래정지): KIS takes no order for it now; a reservation (--reserve) waits for "
    "the next open":
        "{code} 종목은 거래정지 중입니다: 지금은 KIS가 주문을 받지 않습니다. 예약주문(--reserve)은 다음 장 시작을 기다립니다",
    ", and each trading day until {until} (기간예약)": ", 그 뒤 {until}까지 매 영업일 (기간예약)",
    "--until makes a period reservation: give --reserve too": "--until은 기간예약입니다: --reserve도 주세요",
    "--session is for US orders, not {code}": "--session은 미국주식 주문에 씁니다 ({code}에는 쓰지 않습니다)",
    "--venue is for domestic orders (KRX, NXT, SOR), not {symbol}":
        "--venue는 국내주식 주문에 씁니다 (KRX, NXT, SOR); {symbol}에는 쓰지 않습니다",
    "a {type} order needs a price: give one within ±10 % of the close":
        "{type} 주문에는 가격이 필요합니다: 종가의 ±10 % 안에서 주세요",
    "order not sent: {problems}": "주문을 보내지 않았습니다: {problems}",
    "reservation not sent: {problems}": "예약주문을 보내지 않았습니다: {problems}",
    "not modified: {problems}": "정정하지 않았습니다: {problems}",
    "KIS's mock domain (모의투자) takes KRX orders only, not {venue}: set Venue to KRX":
        "KIS 모의투자는 KRX 주문만 받습니다 ({venue}는 안 됩니다): 거래소를 KRX로 바꾸세요",
    "KIS's mock domain (모의투자) offers no domestic reservations (예약주문)": "KIS 모의투자에는 국내 예약주문이 없습니다",
    "KIS's mock domain (모의투자) offers no US daytime session (주간거래)": "KIS 모의투자에는 미국 주간거래가 없습니다",
    "{codes}: not traded on NXT (넥스트레이드 미거래 종목): quote them on KRX or UN":
        "{codes}: 넥스트레이드에서 거래하지 않는 종목입니다: KRX나 UN(통합)으로 조회하세요",
    "--venue needs a venue: KRX, NXT or SOR (leave it out for the profile's)":
        "--venue에는 거래소를 적으세요: KRX, NXT 또는 SOR (프로필 기본값을 쓰려면 빼세요)",
    "--venue needs a venue: KRX, NXT or UN (leave it out for the profile's)":
        "--venue에는 거래소를 적으세요: KRX, NXT 또는 UN (프로필 기본값을 쓰려면 빼세요)",
    # --- end of reservations ---

    # --- trading state (거래 상태) ---
    "halted": "거래정지",
    "halted ({reason})": "거래정지 ({reason})",
    "VI ({kind}) until {until:%H:%M}": "VI ({kind}) {until:%H:%M}까지",
    "VI ({kind})": "VI ({kind})",
    "trading": "매매 중",
    # --- end of trading state ---

    # --- the simulator's clock and tables (시뮬레이터 시계, 표 제목) ---
    "KIS simulator on the real clock": "KIS 시뮬레이터: 실제 시계",
    "KIS simulator clock set to {at:%Y-%m-%d %H:%M} KST (KIS_XL_SIM_CLOCK)":
        "KIS 시뮬레이터 시계: {at:%Y-%m-%d %H:%M} KST (KIS_XL_SIM_CLOCK)",
    "KIS simulator on the real clock (KRX is open)": "KIS 시뮬레이터: 실제 시계 (KRX 장중)",
    "KRX is closed now: simulated KRX session of {at:%Y-%m-%d}, from {at:%H:%M} KST (KIS_XL_SIM_CLOCK=real follows "
    "the real clock)":
        "지금은 KRX 장이 닫혀 있어 {at:%Y-%m-%d} 장을 {at:%H:%M} KST부터 흉내 냅니다 (KIS_XL_SIM_CLOCK=real이면 실제 시계)",
    "KRX is closed now: simulated KRX session of {at:%Y-%m-%d}, continued at {at:%H:%M} KST (KIS_XL_SIM_CLOCK=real "
    "follows the real clock)":
        "지금은 KRX 장이 닫혀 있어 {at:%Y-%m-%d} 장을 이어서 흉내 냅니다: {at:%H:%M} KST (KIS_XL_SIM_CLOCK=real이면 "
        "실제 시계)",
    "holdings": "보유 종목",
    "account": "계좌",
    "bid/ask level": "호가단계",
    "bid/ask price": "호가",
    # --- end of the simulator's clock and tables ---

    # --- transport (전송) ---
    "order not sent: no token ({what})": "주문 미전송: 접근토큰을 받지 못했습니다 ({what})",
    "order not sent: its sending could not be recorded ({what})":
        "주문 미전송: 전송 시각을 기록하지 못해 보내지 않았습니다 ({what})",
    "order not sent: no connection to KIS ({what}); nothing was booked":
        "주문 미전송: KIS에 연결하지 못했습니다 ({what}). 접수된 주문은 없습니다",
    "no answer to the order {what}; it may have been accepted — check the day's orders before sending it again":
        "주문 {what}에 응답이 없습니다. 접수되었을 수 있으니 다시 보내기 전에 당일 주문 내역을 확인하세요",
    "{what}; the order may have been accepted — check the day's orders":
        "{what}: 주문이 접수되었을 수 있습니다. 당일 주문 내역을 확인하세요",
    "order not sent: KIS refused it before processing ({what}); nothing was booked, send it again":
        "주문 미전송: KIS가 처리 전에 거부했습니다 ({what}). 접수된 주문이 없으니 다시 보내세요",
    "order not sent: KIS refused the token ({what})": "주문 미전송: KIS가 접근토큰을 거부했습니다 ({what})",
    "KIS answered the order with HTTP {status} ({what}): it may have been booked — check the day's orders":
        "KIS가 주문에 HTTP {status}로 응답했습니다 ({what}). 접수되었을 수 있으니 당일 주문 내역을 확인하세요",

    # --- end of transport ---

    # --- fundamentals (재무, 배당) ---
    "kind must be one of {kinds}, not {value!r}": "종류는 {kinds} 중 하나여야 합니다 ({value!r}는 안 됩니다)",
    "period must be year or quarter (연간/분기), not {value!r}": "기간은 year(연간) 또는 quarter(분기)여야 합니다 ({value!r}는 안 됩니다)",
    "dividend kind must be all, final or interim (전체/결산/중간), not {value!r}":
        "배당 종류는 all(전체), final(결산), interim(중간) 중 하나여야 합니다 ({value!r}는 안 됩니다)",
    "kind {kind} has its own call: estimates() or opinions()": "{kind} 종류는 estimates() 또는 opinions()로 조회합니다",
    "start {start} is after end {end}": "시작일 {start}이(가) 종료일 {end}보다 늦습니다",
    "a company's financial ratios, statements, estimates or analysts' opinions (재무)":
        "기업의 재무비율, 재무제표, 추정실적, 투자의견 (재무)",
    "one of {kinds} (default: ratio)": "{kinds} 중 하나 (기본값: ratio 재무비율)",
    "year or quarter (연간/분기; default: year)": "year(연간) 또는 quarter(분기) (기본값: year)",
    "opinions from this date (default: a year ago)": "이 날짜부터의 투자의견 (기본값: 1년 전)",
    "KSD's dividend schedule (예탁원 배당일정): one stock's, or every stock's by record date":
        "예탁원 배당일정: 한 종목, 또는 기준일로 전 종목",
    "stock code (default: every stock)": "종목코드 (기본값: 전 종목)",
    "record dates from this date (default: a year ago for one stock, else today)":
        "이 날짜부터의 배당기준일 (기본값: 한 종목이면 1년 전, 전 종목이면 오늘)",
    "record dates up to this date (default: 90 days ahead)": "이 날짜까지의 배당기준일 (기본값: 90일 뒤)",
    "all, final or interim (전체/결산/중간)": "all(전체), final(결산), interim(중간)",
    "{fn} takes a stock code, or a from and a to date": "{fn}에는 종목코드, 또는 시작일과 종료일을 넣으세요",
    "No holding has a record date in these days": "이 기간에 배당기준일이 있는 보유종목이 없습니다",
    "Record date": "배당기준일",
    "Shares held": "보유수량",
    "Expected amount": "예상 배당금",
    "Pay date": "지급일",
    # --- end of fundamentals ---
    # --- flows (수급: 투자자, 프로그램, 공매도, 신용, 체결강도) ---
    "days must be a whole number from 1 to {most}, not {value!r}": "일수는 1부터 {most}까지의 정수여야 합니다 ({value!r})",
    "kind must be investors, program, program_today, short or credit, not {value!r}":
        "종류는 investors(투자자), program(프로그램), program_today(프로그램당일), short(공매도), credit(신용) 중 "
        "하나여야 합니다 ({value!r})",
    "market must be all, KOSPI, KOSDAQ or KOSPI200, not {value!r}":
        "시장은 all(전체), KOSPI, KOSDAQ, KOSPI200 중 하나여야 합니다 ({value!r})",
    "n must be a whole number from 1 to 30, not {value!r}": "n은 1부터 30까지의 정수여야 합니다 ({value!r})",
    "a stock's flows by day: investors, program trading, short selling, credit (수급)":
        "종목의 일별 수급: 투자자, 프로그램매매, 공매도, 신용잔고",
    "investors (투자자), program (프로그램), program_today (프로그램당일), short (공매도) or credit (신용); "
    "default investors":
        "investors(투자자), program(프로그램), program_today(프로그램당일), short(공매도), credit(신용) 중 하나, "
        "기본값 investors",
    "sessions to show, newest first (default 30)": "보여 줄 거래일 수, 최신순 (기본값 30)",
    "trade strength (체결강도): a stock's now, or a market's top 30": "체결강도: 한 종목의 현재 값, 또는 시장의 상위 30종목",
    "a stock code, or a market: all, kospi, kosdaq, kospi200 (default all)":
        "종목코드, 또는 시장: all(전체), kospi, kosdaq, kospi200 (기본값 all)",
    "rows of a ranking (default 30)": "순위 행 수 (기본값 30)",
    # --- end of flows ---
    # --- screens (조건검색, 관심종목) ---
    "condition search and watchlists need your HTS id: set hts_id in profile {profile}":
        "조건검색과 관심종목에는 HTS ID가 필요합니다: 프로필 {profile}에 hts_id를 적으세요",
    "no condition is saved on KIS's server for this HTS id: save one from the HTS ([0110] 조건검색 → 사용자조건 서버저장)":
        "이 HTS ID로 KIS 서버에 저장된 조건이 없습니다: HTS [0110] 조건검색에서 조건을 만들고 '사용자조건 서버저장'을 "
        "누르세요",
    "no saved condition {name}: the saved ones are {names}": "저장된 조건 {name}이(가) 없습니다. 저장된 조건: {names}",
    "name a saved condition (or a watchlist group)": "저장된 조건(또는 관심그룹)의 이름을 적으세요",
    "no watchlist group {group}: the groups are {names}": "관심그룹 {group}이(가) 없습니다. 관심그룹: {names}",
    "KIS returns at most {n} stocks a condition: more may match":
        "KIS는 조건당 {n}종목까지만 돌려줍니다: 더 많은 종목이 조건에 맞을 수 있습니다",
    "no stock matches {name} now": "지금 {name} 조건에 맞는 종목이 없습니다",
    "unknown field {name}: KIS_SCREEN takes {fields}": "알 수 없는 항목 {name}: KIS_SCREEN의 항목은 {fields}입니다",
    "KIS searches only conditions saved to its server from the HTS (영웅문/eFriend Plus [0110] 조건검색 → "
    "사용자조건 서버저장), under the profile's hts_id; real accounts only (모의투자 미지원)":
        "KIS는 HTS(영웅문/eFriend Plus [0110] 조건검색 → 사용자조건 서버저장)에서 서버에 저장한 조건만 프로필의 hts_id로 "
        "검색합니다. 실전계좌만 됩니다(모의투자 미지원)",
    "condition search (조건검색): the saved conditions, or the stocks one finds now":
        "조건검색: 저장된 조건 목록, 또는 한 조건에 지금 맞는 종목",
    "a saved condition's name or number (seq); none: list the saved conditions":
        "저장된 조건의 이름이나 번호(seq). 없으면 저장된 조건 목록",
    "KIS keeps watchlists under the profile's hts_id, as the HTS (영웅문/eFriend Plus) edits them; real "
    "accounts only (모의투자 미지원)":
        "KIS는 HTS(영웅문/eFriend Plus)에서 편집한 관심종목을 프로필의 hts_id로 보관합니다. 실전계좌만 됩니다(모의투자 미지원)",
    "watchlists (관심종목): the groups, or a group's stocks": "관심종목: 관심그룹 목록, 또는 한 그룹의 종목",
    "a group's name or code (001); none: list the groups": "관심그룹의 이름이나 코드(001). 없으면 관심그룹 목록",
    # --- end of screens ---
    # --- events ---
    "event kind must be all or one of {kinds}, not {value!r}":
        "권리 종류는 all(전체) 또는 {kinds} 중 하나여야 합니다 ({value!r}는 안 됩니다)",
    "{rate} new shares a share, free": "1주당 {rate}주 무상 배정",
    "{rate} new shares a share at {price} won ({discount}% discount)":
        "1주당 {rate}주 배정, 발행예정가 {price}원 (할인율 {discount}%)",
    "par value {before} → {after} won": "액면가 {before}원 → {after}원",
    "{reason}: {target} into {company}, ratio {rate}": "{reason}: {target} → {company}, 비율 {rate}",
    "buy-back at {price} won: dissent by {dissent}, claim by {claim}":
        "매수청구가격 {price}원: 반대의사 {dissent}까지, 매수청구 {claim}까지",
    "n must be a whole number from 1 to {most}, not {value!r}": "n은 1부터 {most}까지의 정수여야 합니다 ({value!r})",
    "KSD's corporate events (예탁원 권리일정): dividends, bonus and rights issues, splits, mergers, "
    "appraisal rights, capital reductions, shareholder meetings":
        "예탁원 권리일정: 배당, 무상증자, 유상증자, 액면교체, 합병·분할, 주식매수청구, 감자, 주주총회",
    "all or one of {kinds} (default: all)": "all(전체) 또는 {kinds} 중 하나 (기본값: all)",
    "the dividend-rate ranking (배당률 상위) of the record dates asked (default: the last year) instead":
        "배당일정 대신 배당률 상위 순위 (기준일 기간 기본값: 최근 1년)",
    "with --rank: all, KOSPI, KOSDAQ or KOSPI200": "--rank와 함께: all(전체), KOSPI, KOSDAQ, KOSPI200",
    "with --rank: how many rows (default: 30)": "--rank와 함께: 보여 줄 행 수 (기본값: 30)",
    "--rank ranks every stock: give no stock code": "--rank는 전 종목의 순위입니다: 종목코드를 빼세요",
    "Upcoming events (next {days} days)": "다가오는 권리일정 (앞으로 {days}일)",
    "KIS gives KSD's schedules on the real domain only: none shown":
        "KIS는 예탁원 권리일정을 실전 도메인에서만 제공합니다: 표시할 것이 없습니다",
    "Event": "권리",
    "Details": "내용",
    "Next date": "다음 일정",
    "Next date is": "일정 구분",
    "Subscription from": "청약 시작일",
    "Meeting date": "주총일",
    "Listing date": "상장일",
    "{detail} (trading halt {halt})": "{detail} (매매거래정지 {halt})",
    # --- end of events ---
    # --- us detail ---
    "PER, PBR, EPS, BPS, market cap, 52-week range, shares, tick (현재가상세; US: price-detail, real domain)":
        "PER·PBR·EPS·BPS·시가총액·52주 최고/최저·상장주수·호가단위 (현재가상세; 미국 종목은 실전 도메인만)",
    "10 ask and 10 bid levels (호가); a US stock: the one level KIS gives (1호가)":
        "매도·매수 10호가; 미국 종목은 KIS가 주는 1호가만",
    "{stock} order book: KIS gives US stocks one level each side (1호가)":
        "{stock} 호가: KIS는 미국 종목의 호가를 매도·매수 1호가만 줍니다",
    "US stocks (해외주식 기간손익): each trade day's sales of each stock, in USD":
        "미국 주식(해외주식 기간손익): 매매일·종목별 매도 실현손익, 달러(USD)",
    "with --us: the amounts in won, as KIS converts them (원화)": "--us와 함께: 금액을 KIS가 환산한 원화로",
    "--krw goes with --us (US P&L in won)": "--krw는 --us와 함께 씁니다 (미국 실현손익을 원화로)",
    "--us gives each trade day's sales of each stock: leave out --by day":
        "--us는 매매일·종목별로만 보여 줍니다: --by day를 빼 주세요",
    'market must be "KRX" or "US", not {market}': 'market은 "KRX" 또는 "US"입니다({market}은 아님)',
    'with market "US", by must be "stock" (USD) or "krw" (won), not {by}':
        'market이 "US"이면 by는 "stock"(달러) 또는 "krw"(원화)입니다({by}는 아님)',
    # --- end of us detail ---

    # --- live cells (실시간 셀) ---
    "loading… (filled in as KIS answers)": "불러오는 중… (KIS 응답이 오는 대로 채워집니다)",
    # --- end of live cells ---

    # --- report accounts (여러 계좌 보고서) ---
    "Consolidated": "통합 요약",
    "KIS accounts report — {day}": "KIS 계좌 통합 보고서 — {day}",
    "not offered": "제공 안 됨",
    "Day P&L is of the domestic holdings; each account's sheets follow under its profile's name.":
        "당일 손익은 국내 보유종목 기준입니다. 계좌별 시트는 프로필 이름으로 이어집니다.",
    "US holdings and dollars in won at {rate} won per dollar (KIS's first posted rate of the day)":
        "미국주식과 달러는 1달러 {rate}원 (KIS 당일 최초고시환율)으로 원화 환산했습니다",
    "KIS gave no dollar rate for {profiles}: their US holdings are left out of the won figures":
        "KIS가 {profiles}의 환율을 주지 않아 그 계좌의 미국주식은 원화 금액에서 빠졌습니다",
    "KIS gives no realised P&L for {profiles} (the mock domain offers no period P&L)":
        "KIS는 {profiles}의 실현손익을 주지 않습니다 (모의투자는 기간손익 미제공)",
    "several accounts in one report: profiles separated by commas (real,isa,pension); a consolidated summary "
    "first, then each account's sheets":
        "여러 계좌를 한 보고서에: 쉼표로 나눈 프로필 (real,isa,pension). 통합 요약 다음에 계좌별 시트",
    "--profiles takes profile names separated by commas, not {text!r}":
        "--profiles에는 쉼표로 나눈 프로필 이름을 줍니다 ({text!r}는 안 됩니다)",
    "config file {path}: report_profiles must be a list of profile names in quotes, like [\"real\", \"isa\"]":
        "설정 파일 {path}: report_profiles는 따옴표로 쓴 프로필 이름의 목록입니다 (예: [\"real\", \"isa\"])",
    "profiles {first} and {second} are one account ({account}): it would count twice; name it once":
        "프로필 {first}와 {second}는 같은 계좌({account})입니다. 두 번 합산되므로 한 번만 적으세요",
    # --- end of report accounts ---

    # --- order sheet accounts (주문 시트 계좌 열) ---
    "no profile named {name!r}: the Account (계좌) column names a profile (known: {known})":
        "{name!r}라는 프로필이 없습니다: 계좌 열에는 프로필 이름을 적습니다 (있는 프로필: {known})",
    "profile {name!r} cannot be used: {reason}": "프로필 {name!r}를 쓸 수 없습니다: {reason}",
    "profile {name!r} is the same account as profile {other!r} ({account}): name one of them in the Account (계좌) "
    "column":
        "프로필 {name!r}는 프로필 {other!r}와 같은 계좌({account})입니다: 계좌 열에는 둘 중 하나만 적으세요",
    "{reason}; nothing was sent from this row": "{reason}. 이 줄은 보내지 않았습니다",
    "nothing done: {reason}": "아무것도 하지 않았습니다: {reason}",
    "{account}: {n} orders, about {amount} won; {cancels} cancellations":
        "{account}: 주문 {n}건, 약 {amount}원; 취소 {cancels}건",
    "orders to {n} REAL accounts (실전투자), each named below:": "실전투자 계좌 {n}개로 가는 주문 (계좌별로 아래에):",
    "not sent to {account}: {reason}": "{account}로 보내지 않았습니다: {reason}",
    "kis-xl: rows of other accounts ({accounts}) are not followed here: kis-xl orders refresh {file} brings them "
    "up to date":
        "kis-xl: 다른 계좌({accounts})의 줄은 여기서 따라가지 않습니다: kis-xl orders refresh {file}로 갱신하세요",
    # --- end of order sheet accounts ---
    # --- workbook identity (문서 구별) ---
    "this workbook keeps no id and its rows repeat orders sent from {n} workbooks of its file name under another "
    "name: open the one that sent them (a row meant as a new order takes another Tag)":
        "이 문서에는 ID가 없고, 그 행들이 같은 파일 이름의 다른 문서 {n}개에서 다른 이름(URL·경로)으로 보낸 주문을 "
        "되풀이합니다: 그 주문을 보낸 문서를 여세요 (새 주문으로 보낼 행은 태그를 바꾸세요)",
    # --- end of workbook identity ---

}

# Column keys of CLI tables (JSON and CSV keep the keys; tables show these headers).
LABELS: dict[str, str] = {
    "end_date": "기간예약 종료일",
    # sessions (kis-xl sessions)
    "session": "세션",
    "opens": "시작",
    "closes": "종료",
    "order_types": "주문 유형",
    "now": "지금",
    # a stock and its price
    "code": "종목코드",
    "name": "종목명",
    "name_en": "영문 종목명",
    "symbol": "종목",
    "market": "시장",
    "venue": "거래소",
    "currency": "통화",
    "price": "현재가",
    "change": "전일대비",
    "change_pct": "등락률(%)",
    "change %": "등락률(%)",
    "volume": "거래량",
    "value": "거래대금",
    "market_cap": "시가총액",
    "rank": "순위",
    "time": "시각",
    "as_of": "기준시각",
    "source": "수신 방식",
    # bars and indices
    "date": "일자",
    "at": "시각",
    "open": "시가",
    "high": "고가",
    "low": "저가",
    "close": "종가",
    "prev_close": "전일종가",
    "level": "지수",
    "advancing": "상승 종목수",
    "declining": "하락 종목수",
    "unchanged": "보합 종목수",
    "year_high": "52주 최고",
    "year_low": "52주 최저",
    # orders, fills and reservations
    "side": "매수/매도",
    "quantity": "수량",
    "qty": "수량",
    "order_date": "주문일자",
    "order_no": "주문번호",
    "orig_order_no": "원주문번호",
    "order_type": "주문유형",
    "filled_qty": "체결수량",
    "avg_fill_price": "평균체결가",
    "order_price": "주문가격",
    "fill_price": "체결가",
    "remaining_qty": "미체결수량",
    "status": "상태",
    "message": "메시지",
    "row": "행",
    "placed": "예약일시",
    "number": "예약번호",
    "book": "구분",
    "order": "주문",
    "reason": "사유",
    # the account
    "orderable_qty": "주문가능수량",
    "sellable_qty": "매도가능수량",
    "holding_qty": "보유수량",
    "bought_today": "금일 매수",
    "sold_today": "금일 매도",
    "avg_price": "평균단가",
    "avg price": "평균단가",
    "evaluation": "평가금액",
    "pnl": "평가손익",
    "P&L": "평가손익",
    "pnl_pct": "수익률(%)",
    "deposit": "예수금",
    "d1_cash": "D+1 예수금",
    "d2_cash": "D+2 예수금",
    "securities_eval": "유가증권 평가금액",
    "total_eval": "총평가금액",
    "purchase_total": "매입금액 합계",
    "pnl_total": "평가손익 합계",
    "net_assets": "순자산",
    # realised P&L (실현손익)
    "realized": "실현손익",
    "sell_qty": "매도수량",
    "sell_price": "매도단가",
    "sell_amount": "매도금액",
    "buy_qty": "매수수량",
    "buy_amount": "매수금액",
    "avg_cost": "매입단가",
    "fees": "수수료",
    "taxes": "세금",
    # flows and trades
    "individuals": "개인",
    "foreigners": "외국인",
    "institutions": "기관",
    "individuals_value": "개인(금액)",
    "foreigners_value": "외국인(금액)",
    "institutions_value": "기관(금액)",
    "strength": "체결강도",
    "broker": "회원사",
    "broker_no": "회원사 번호",
    "share_pct": "비중(%)",
    "foreign": "외국계",
    # ETF/ETN
    "nav": "NAV",
    "prev_nav": "전일 NAV",
    "premium_pct": "괴리율(%)",
    "tracking_error": "추적오차율(%)",
    "nav_change_pct": "NAV 등락률(%)",
    "units": "상장좌수",
    "multiple": "추적배수",
    "components": "구성종목수",
    # the stock master (종목정보)
    "kind": "종류",
    "sector": "업종",
    "sector_medium": "업종(중분류)",
    "industry": "산업",
    "listed": "상장일",
    "delisted": "상장폐지일",
    "par_value": "액면가",
    "listed_shares": "상장주식수",
    "capital": "자본금",
    "settlement_month": "결산월",
    "isin": "표준코드(ISIN)",
    "kospi200": "KOSPI200 편입",
    "halted": "거래정지",
    "administrative": "관리종목",
    "product_class": "상품분류",
    "registered": "최초등록일",
    "nxt": "NXT 거래종목",
    "nxt_halted": "NXT 거래정지",
    # the KRX calendar (휴장일)
    "weekday": "요일",
    "business_day": "영업일",
    "trading_day": "거래일",
    "open_day": "개장일",
    "settlement_day": "결제일",
    # a record shown as a two-column table
    "field": "항목",
    # profiles, simulator and demo: `kis-xl config`'s rows
    "profile": "프로필",
    "domain": "도메인",
    "simulator": "시뮬레이터",
    "live_money": "실제 돈",
    "rest_url": "REST 주소",
    "ws_url": "웹소켓 주소",
    "app_key": "앱키",
    "app_secret": "앱 시크릿",
    "account": "계좌",
    "market_data": "시세 프로필",
    "send_orders": "주문 전송 허용",
    "max_order_amount": "주문당 한도(원)",
    "max_batch_amount": "실행당 한도(원)",
    "max_order_usd": "미국 주문당 한도($)",
    "timeout": "응답 대기(초)",
    "order_settle_s": "체결 확인 대기(초)",
    "redis": "Redis",
    "config_file": "설정 파일",
    "config_file_exists": "설정 파일 있음",
    "cache_dir": "캐시 폴더",
    "kis_real_rest_url": "KIS 실전 REST 주소",
    "kis_real_ws_url": "KIS 실전 웹소켓 주소",
    "kis_mock_rest_url": "KIS 모의 REST 주소",
    "kis_mock_ws_url": "KIS 모의 웹소켓 주소",
    # end of profiles, simulator and demo
    # fundamentals (kis-xl financials, dividends)
    "period": "결산년월",
    "sales_growth": "매출액증가율",
    "operating_profit_growth": "영업이익증가율",
    "net_income_growth": "순이익증가율",
    "roe": "ROE",
    "eps": "EPS",
    "sps": "주당매출액",
    "bps": "BPS",
    "reserve_ratio": "유보비율",
    "debt_ratio": "부채비율",
    "revenue": "매출액",
    "cost_of_sales": "매출원가",
    "gross_profit": "매출총이익",
    "depreciation": "감가상각비",
    "sga": "판매관리비",
    "operating_profit": "영업이익",
    "non_operating_income": "영업외수익",
    "non_operating_expense": "영업외비용",
    "ordinary_profit": "경상이익",
    "special_gains": "특별이익",
    "special_losses": "특별손실",
    "net_income": "당기순이익",
    "current_assets": "유동자산",
    "fixed_assets": "고정자산",
    "total_assets": "자산총계",
    "current_liabilities": "유동부채",
    "fixed_liabilities": "고정부채",
    "total_liabilities": "부채총계",
    "capital_stock": "자본금",
    "capital_surplus": "자본잉여금",
    "retained_earnings": "이익잉여금",
    "total_equity": "자본총계",
    "equity_growth": "자기자본증가율",
    "total_assets_growth": "총자산증가율",
    "roa": "총자본순이익률",
    "net_margin": "매출액순이익률",
    "gross_margin": "매출액총이익률",
    "opinion": "투자의견",
    "opinion_code": "투자의견코드",
    "previous_opinion": "직전투자의견",
    "previous_code": "직전투자의견코드",
    "target_price": "목표가",
    "gap": "괴리도",
    "gap_pct": "N일괴리율",
    "futures_gap": "선물괴리도",
    "target_gap_pct": "괴리율",
    "block": "구분",
    "line": "행",
    "record_date": "기준일",
    "cash_per_share": "주당현금배당금",
    "cash_rate_pct": "현금배당률",
    "stock_rate_pct": "주식배당률",
    "pay_date": "배당금지급일",
    "stock_pay_date": "주식배당지급일",
    "odd_lot_pay_date": "단주대금지급일",
    "share_kind": "주식종류",
    "high_dividend": "고배당",
    # end of fundamentals
    # KIS_STATUS's labels (services/status.py)
    "market clock": "시장 시계", "server time": "서버 시각", "live money": "실제 돈", "refresh mode": "새로고침 방식",
    "token age": "토큰 나이", "KIS requests": "KIS 요청 수", "retries": "재시도", "rate-limit wait s": "속도 제한 대기(초)",
    "cache hits": "캐시 적중", "coalesced": "합쳐진 요청", "prefetched": "미리 가져옴", "last refresh": "마지막 새로고침",
    "streaming codes": "실시간 종목", "stream session": "실시간 연결", "live REST budget": "실시간 모드 조회 예산",
    "feed warnings": "실시간 형식 경고", "last error": "마지막 오류", "hint": "도움말",
    "loading or stale codes": "불러오는 중·오래된 종목",
    # spilled tables' headers (udfs/_cells.py _header)
    "purchase_amount": "매입금액", "key": "키", "feed": "실시간 항목", "held_by": "연결을 가진 곳",
    # --- flows ---
    "securities": "증권",
    "trusts": "투자신탁",
    "private_equity": "사모펀드",
    "banks": "은행",
    "insurance": "보험",
    "merchant_banks": "종금",
    "pension_funds": "연기금 등",
    "other_corporations": "기타법인",
    "program_sell": "프로그램 매도",
    "program_buy": "프로그램 매수",
    "program_net": "프로그램 순매수",
    "program_sell_value": "프로그램 매도금액",
    "program_buy_value": "프로그램 매수금액",
    "program_net_value": "프로그램 순매수금액",
    "short_volume": "공매도 수량",
    "short_volume_pct": "공매도 수량 비중(%)",
    "short_value": "공매도 금액",
    "short_value_pct": "공매도 금액 비중(%)",
    "short_avg_price": "평균가",
    "settle_date": "결제일",
    "loan_new": "융자 신규",
    "loan_repaid": "융자 상환",
    "loan_balance": "융자 잔고",
    "loan_balance_value": "융자 잔고금액",
    "loan_balance_pct": "융자 잔고율(%)",
    "lend_new": "대주 신규",
    "lend_repaid": "대주 상환",
    "lend_balance": "대주 잔고",
    "lend_balance_pct": "대주 잔고율(%)",
    "buy_volume": "매수 체결량",
    "sell_volume": "매도 체결량",
    # --- end of flows ---
    # --- us detail ---
    "per": "PER",
    "pbr": "PBR",
    "high_52w": "52주 최고가",
    "low_52w": "52주 최저가",
    "tick": "호가단위",
    "trading_unit": "매매단위",
    "krw_price": "원화환산가",
    "cost": "매입금액",
    "rate": "환율",
    # --- end of us detail ---
    # screens (조건검색, 관심종목)
    "seq": "조건번호",
    "group": "그룹",
    "group_code": "그룹코드",
    "count": "종목수",
    "exchange": "거래소코드",
    "memo": "메모",
    "expected_price": "예상체결가",
    "expected_change": "예상대비",
    "expected_change_pct": "예상등락률(%)",
    "expected_volume": "예상체결수량",
    "volume_ratio": "전일거래량대비율(%)",
    "base_price": "기준가",
    "upper_limit": "상한가",
    "lower_limit": "하한가",
    # end of screens
    # --- events ---
    "detail": "내용",
    "rate": "비율",
    "ex_date": "권리락일",
    "meeting_date": "주총일",
    "subscription_start": "청약시작일",
    "subscription_end": "청약종료일",
    "listing_date": "상장일",
    "halt": "매매거래정지",
    "per_share": "1주당 금액(원)",
    "rate_pct": "배당률(%)",
    # --- end of events ---
}

# Fixed words in table cells (side, order type, status); JSON and CSV keep the words.
VALUES: dict[str, str] = {
    "BUY": "매수", "SELL": "매도",
    "OPEN": "미체결", "PARTIAL": "부분체결", "FILLED": "체결", "CANCELLED": "취소", "REJECTED": "거부",
    "WAITING": "대기", "SENT": "전송", "ask": "매도호가", "bid": "매수호가",
    "VALID": "유효", "INVALID": "오류", "NOT SENT": "미전송", "UNKNOWN": "확인 중", "RESERVED": "예약됨",
    "EXPIRED": "소멸", "DRY RUN": "점검만",
    "LIMIT": "지정가", "MARKET": "시장가", "CONDITIONAL": "조건부지정가", "BEST": "최유리지정가",
    "PRIORITY": "최우선지정가", "PRE_MARKET": "장전시간외", "AFTER_MARKET": "장후시간외", "AFTER_SINGLE": "시간외단일가",
    "IOC_LIMIT": "IOC지정가", "FOK_LIMIT": "FOK지정가", "IOC_MARKET": "IOC시장가", "FOK_MARKET": "FOK시장가",
    "IOC_BEST": "IOC최유리", "FOK_BEST": "FOK최유리", "MID": "중간가", "STOP_LIMIT": "스톱지정가",
    "IOC_MID": "중간가IOC", "FOK_MID": "중간가FOK",
    # --- events ---
    "dividend": "배당", "bonus": "무상증자", "rights": "유상증자", "split": "액면교체", "merger": "합병·분할",
    "appraisal": "주식매수청구", "reduction": "감자", "meeting": "주주총회",
    # --- end of events ---
}

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

    # --- end of names and codes ---

    # --- order sheet and Excel (주문 시트, 엑셀) ---

    # --- end of order sheet and Excel ---

    # --- report (보고서) ---

    # --- end of report ---

    # --- rate and progress (요청 속도) ---

    # --- end of rate and progress ---

    # --- profiles, simulator and demo (설정, 시뮬레이터) ---
    # config file and profiles (config.py)
    "true or false (without quotes)": "true 또는 false (따옴표 없이)",
    "a number (without quotes)": "숫자 (따옴표 없이)",
    "text in quotes": "따옴표로 감싼 글자",
    "a value of the form {pattern}": "{pattern} 형식의 값",
    "(none)": "(없음)",
    "config file {path}: unknown settings {names} (top level takes profile, language and [profiles.NAME] tables)":
        "설정 파일 {path}: 알 수 없는 설정 {names} (맨 위에는 profile, language와 [profiles.NAME] 표만 둘 수 있습니다)",
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

    # --- end of profiles, simulator and demo ---

    # --- CLI, errors and rules (명령줄, 오류, 규칙) ---

    # --- end of CLI, errors and rules ---

    # --- order core (주문 기록) ---

    # --- end of order core ---

    # --- transport (전송) ---

    # --- end of transport ---

}

# Column keys of CLI tables (JSON and CSV keep the keys; tables show these headers).
LABELS: dict[str, str] = {
    "code": "종목코드",
    "name": "종목명",
    "symbol": "종목",
    "market": "시장",
    "venue": "거래소",
    "price": "현재가",
    "change": "전일대비",
    "change_pct": "등락률(%)",
    "volume": "거래량",
    "side": "매수/매도",
    "quantity": "수량",
    "qty": "수량",
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
}

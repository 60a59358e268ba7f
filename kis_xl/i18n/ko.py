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

    # --- end of report ---

    # --- rate and progress (요청 속도) ---

    # --- end of rate and progress ---

    # --- profiles, simulator and demo (설정, 시뮬레이터) ---

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
}

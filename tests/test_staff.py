"""The staff area: accounts hashed, every staff route refused without credentials (Chinese 401),
lists redacted with Chinese reasons, filters, mark-as-handled, CSV; residents' routes stay open."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import stat

import pytest
from fastapi.testclient import TestClient

from bot.cli.dispatch import main as yibao
from bot.storage.store import Store
from bot.web.auth import COOKIE_NAME, StaffAccounts, hash_secret, verify_secret
from bot.web.server import create_app
from bot.web.staff import REASON_LABELS, reason_label, to_csv
from tests.ui_fake_service import FakeService

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff")
    accounts = StaffAccounts(folder / "staff.json")
    accounts.add("王芳", PASSWORD)
    store = Store(folder / "s.sqlite")
    app = create_app(FakeService(store), staff=accounts)
    return accounts, store, app


@pytest.fixture
def anonymous(setup):
    return TestClient(setup[2], raise_server_exceptions=False)


@pytest.fixture
def staff(setup):
    client = TestClient(setup[2], raise_server_exceptions=False)
    response = client.post("/staff/login", data={"name": "王芳", "password": PASSWORD, "next": "/staff/"},
                           follow_redirects=False)
    assert response.status_code == 303
    return client


def _basic(name: str, password: str) -> dict[str, str]:
    return {"authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


# -- accounts ------------------------------------------------------------------------------------

def test_a_password_verifies_against_its_hash_and_a_wrong_one_does_not():
    encoded = hash_secret("s3cret-pass")
    assert verify_secret("s3cret-pass", encoded) and not verify_secret("s3cret-pasS", encoded)


def test_the_accounts_file_holds_no_password_and_only_its_owner_reads_it(tmp_path):
    accounts = StaffAccounts(tmp_path / "staff.json")
    accounts.add("李雷", PASSWORD)
    assert PASSWORD not in (tmp_path / "staff.json").read_text("utf-8")
    assert stat.S_IMODE(os.stat(tmp_path / "staff.json").st_mode) == 0o600


def test_yibao_staff_add_prints_a_generated_password_that_logs_in(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("YIBAO_STAFF_FILE", str(tmp_path / "staff.json"))
    assert yibao(["staff", "add", "zhangwei"]) == 0
    password = capsys.readouterr().out.split("请转交本人）：")[1].split()[0]
    assert StaffAccounts(tmp_path / "staff.json").check_password("zhangwei", password)


def test_yibao_staff_remove_ends_the_accounts_login(tmp_path, monkeypatch):
    monkeypatch.setenv("YIBAO_STAFF_FILE", str(tmp_path / "staff.json"))
    accounts = StaffAccounts(tmp_path / "staff.json")
    accounts.add("zhangwei", PASSWORD)
    cookie = accounts.issue_cookie("zhangwei")
    assert yibao(["staff", "remove", "zhangwei"]) == 0
    assert accounts.cookie_staff(cookie) is None and not accounts.check_password("zhangwei", PASSWORD)


def test_a_reset_password_ends_the_sessions_of_the_old_one(tmp_path):
    accounts = StaffAccounts(tmp_path / "staff.json")
    accounts.add("zhangwei", PASSWORD)
    cookie = accounts.issue_cookie("zhangwei")
    accounts.add("zhangwei", "another-password", replace=True)
    assert accounts.cookie_staff(cookie) is None


def test_a_tampered_or_expired_cookie_names_nobody(tmp_path):
    accounts = StaffAccounts(tmp_path / "staff.json")
    accounts.add("zhangwei", PASSWORD)
    cookie = accounts.issue_cookie("zhangwei", now=1_000_000.0)
    assert accounts.cookie_staff(cookie, now=1_000_000.0) == "zhangwei"
    assert accounts.cookie_staff(cookie[:-1] + ("0" if cookie[-1] != "0" else "1"), now=1_000_000.0) is None
    assert accounts.cookie_staff(cookie, now=1_000_000.0 + 13 * 3600) is None


def test_the_operator_token_is_accepted_by_its_hash(tmp_path):
    accounts = StaffAccounts(tmp_path / "staff.json", token_hash=hash_secret("tok-123456"))
    assert accounts.staff_of({"authorization": "Bearer tok-123456"}, {}) == "运维令牌"
    assert accounts.staff_of({"authorization": "Bearer tok-1234567"}, {}) is None


# -- refused without credentials -----------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [("get", "/api/unanswered"), ("get", "/api/feedback"),
                                              ("get", "/api/unanswered?format=csv"),
                                              ("post", "/api/unanswered/1/handled"),
                                              ("post", "/api/feedback/1/handled"), ("get", "/staff/config"),
                                              ("post", "/staff/gradio_api/queue/join")])
def test_every_staff_route_is_a_chinese_401_without_credentials(anonymous, method, path):
    response = getattr(anonymous, method)(path)
    assert response.status_code == 401 and response.json() == {"error": "请先登录工作人员账号"}


def test_a_wrong_password_is_a_401(anonymous):
    assert anonymous.get("/api/unanswered", headers=_basic("王芳", PASSWORD + "x")).status_code == 401


def test_a_browser_asking_for_the_staff_page_is_sent_to_the_login_page(anonymous):
    response = anonymous.get("/staff/", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff/login?next=%2Fstaff%2F"
    assert "工作人员登录" in anonymous.get("/staff/login").text


def test_a_failed_login_shows_the_form_again_with_a_chinese_message(anonymous):
    response = anonymous.post("/staff/login", data={"name": "王芳", "password": "nope"}, follow_redirects=False)
    assert response.status_code == 401 and "账号或密码不正确" in response.text
    assert COOKIE_NAME not in response.headers.get("set-cookie", "")


def test_login_never_sends_a_browser_to_another_site(anonymous):
    response = anonymous.post("/staff/login", data={"name": "王芳", "password": PASSWORD,
                                                    "next": "//evil.example/staff/"}, follow_redirects=False)
    assert response.headers["location"] == "/staff/"


def test_without_any_account_the_401_says_how_to_set_one_up(tmp_path):
    app = create_app(FakeService(Store(tmp_path / "s.sqlite")), staff=StaffAccounts(tmp_path / "staff.json"))
    response = TestClient(app).get("/api/unanswered")
    assert response.status_code == 401 and "yibao staff add" in response.json()["error"]


def test_the_residents_page_is_open_and_shows_no_staff_list(anonymous):
    config = anonymous.get("/config").text
    assert anonymous.get("/").status_code == 200
    assert "政策检索" not in config and "未能回答" not in config and "居民反馈" not in config


def test_residents_api_needs_no_login(anonymous):
    assert anonymous.post("/api/ask", json={"question": "淮安起付线"}).status_code == 200
    assert anonymous.post("/api/feedback", json={"question": "q", "answer": "a", "rating": 1}).status_code == 200


# -- with credentials ----------------------------------------------------------------------------

def test_the_staff_page_opens_after_login(staff):
    config = staff.get("/staff/config").json()
    labels = {c.get("props", {}).get("label") for c in config["components"]}
    assert {"政策检索", "未能回答的问题", "居民反馈"} <= labels


def test_an_unanswered_question_is_listed_redacted_with_its_chinese_reason(setup, staff):
    _, store, _ = setup
    row = store.add_unanswered("我叫张三，电话13912345678，惠民保怎么买", "topic_not_covered", "长春")
    listed = {r["id"]: r for r in staff.get("/api/unanswered").json()["rows"]}[row]
    assert listed["question"] == "我叫[姓名]，电话[手机号]，惠民保怎么买"
    assert (listed["reason"], listed["reason_label"]) == ("topic_not_covered", "文件中没有涉及这个问题")


def test_every_reason_code_of_the_composer_has_a_chinese_label():
    codes = ("no_passages", "other_place", "year_not_covered", "topic_not_covered", "figure_not_found")
    assert all(reason_label(code) == REASON_LABELS[code] for code in codes)
    assert reason_label("商业保险（惠民保）") == "商业保险（惠民保）" and reason_label("brand_new_code") == "其他原因"


def test_the_unanswered_list_filters_by_city_and_reason(setup, staff):
    _, store, _ = setup
    wanted = store.add_unanswered("随州门诊报销多少", "figure_not_found", "随州")
    store.add_unanswered("随州住院", "topic_not_covered", "随州")
    store.add_unanswered("长治门诊报销多少", "figure_not_found", "长治")
    rows = staff.get("/api/unanswered", params={"city": "随州", "reason": "figure_not_found"}).json()["rows"]
    assert [r["id"] for r in rows] == [wanted]


def test_the_date_filter_includes_both_days_picked(setup, staff):
    today = dt.date.today()
    _, store, _ = setup
    row = store.add_unanswered("淮安日期测试", "no_passages", "淮安")
    same_day = staff.get("/api/unanswered", params={"since": today.isoformat(), "until": today.isoformat()})
    before = staff.get("/api/unanswered", params={"until": (today - dt.timedelta(days=1)).isoformat()})
    assert row in [r["id"] for r in same_day.json()["rows"]]
    assert row not in [r["id"] for r in before.json()["rows"]]


def test_marking_a_question_handled_records_who_and_moves_it_out_of_the_open_list(setup, staff):
    _, store, _ = setup
    row = store.add_unanswered("连云港门诊慢特病", "topic_not_covered", "连云港")
    response = staff.post(f"/api/unanswered/{row}/handled")
    assert response.json() == {"ok": True, "id": row, "handled_by": "王芳"}
    open_rows = staff.get("/api/unanswered", params={"handled": "false"}).json()["rows"]
    done = {r["id"]: r for r in staff.get("/api/unanswered", params={"handled": "true"}).json()["rows"]}
    assert row not in [r["id"] for r in open_rows] and done[row]["handled_by"] == "王芳"


def test_marking_a_row_that_does_not_exist_is_a_chinese_404(staff):
    response = staff.post("/api/feedback/999999/handled")
    assert response.status_code == 404 and response.json()["error"] == "没有这条记录"


def test_feedback_is_listed_redacted_and_filtered_by_rating(setup, staff):
    _, store, _ = setup
    bad = store.add_feedback("我叫李四，住院报多少", "答", -1, "联系我13812345678")
    store.add_feedback("门诊", "答", 1)
    rows = staff.get("/api/feedback", params={"rating": -1}).json()["rows"]
    listed = {r["id"]: r for r in rows}[bad]
    assert {r["rating"] for r in rows} == {-1}
    assert (listed["question"], listed["comment"]) == ("我叫[姓名]，住院报多少", "联系我[手机号]")


def test_http_basic_credentials_work_for_scripts(setup, anonymous):
    assert anonymous.get("/api/feedback", headers=_basic("王芳", PASSWORD)).status_code == 200


def test_the_csv_export_has_chinese_headers_and_redacted_rows(setup, staff):
    _, store, _ = setup
    store.add_unanswered("我叫王五，长春大病保险", "figure_not_found", "长春")
    response = staff.get("/api/unanswered", params={"format": "csv", "city": "长春"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response.headers["content-type"].startswith("text/csv")
    assert lines[0] == "编号,时间,城市,问题,原因,处理情况"
    assert "我叫[姓名]，长春大病保险" in lines[1] and "文件中找不到所问的金额或比例" in lines[1]


def test_a_csv_cell_that_looks_like_a_formula_stays_text():
    text = to_csv([{"question": "=HYPERLINK(\"x\")"}], [("question", "问题")])
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"x\"\")\""


def test_logging_out_ends_the_page_session(setup):
    client = TestClient(setup[2], raise_server_exceptions=False)
    client.post("/staff/login", data={"name": "王芳", "password": PASSWORD}, follow_redirects=False)
    assert client.get("/staff/config").status_code == 200
    client.post("/staff/logout", follow_redirects=False)
    assert client.get("/staff/config").status_code == 401


def test_an_evaluation_service_records_no_unanswered_question(tmp_path):
    from bot.config import Settings
    from bot.service import Service
    from ingest.settings import IndexSettings

    service = Service.from_settings(Settings(index=IndexSettings(data_dir=tmp_path)), record_unanswered=False)
    service.answerer.on_unanswered("惠民保怎么买", "topic_not_covered", "淮安")
    assert service.store.unanswered() == []


# -- the staff page's functions ------------------------------------------------------------------

def test_the_page_filters_read_their_chinese_labels(tmp_path):
    from bot.web.staff_tab import unanswered_views

    store = Store(tmp_path / "s.sqlite")
    wanted = store.add_unanswered("淮安今年缴费标准", "year_not_covered", "淮安")
    store.add_unanswered("淮安门诊", "topic_not_covered", "淮安")
    views = unanswered_views(FakeService(store), "淮安", "文件中没有所问年份的规定", "", "", "未处理")
    assert [v["id"] for v in views] == [wanted]


def test_marking_from_the_page_names_the_logged_in_account(tmp_path):
    from bot.web.staff_tab import NOT_STAFF, mark_row

    store = Store(tmp_path / "s.sqlite")
    row = store.add_feedback("门诊", "答", -1)
    assert mark_row(FakeService(store), "feedback", row, None) == NOT_STAFF
    assert mark_row(FakeService(store), "feedback", row, "王芳") == f"第 {row} 条已标记为已处理（王芳）。"
    assert store.feedback(handled=True)[0]["handled_by"] == "王芳"


# -- annotations ---------------------------------------------------------------------------------

def test_an_annotation_needs_a_login(anonymous):
    response = anonymous.post("/api/annotations", json={"question": "q", "target_kind": "chunk", "target_id": "x"})
    assert response.status_code == 401 and anonymous.get("/api/annotations").status_code == 401


def test_an_annotation_is_stored_with_who_listed_and_revoked(staff):
    made = staff.post("/api/annotations", json={"question": "我叫张三，惠民保能报吗", "target_kind": "chunk",
                                                 "target_id": "ha#1"}).json()
    assert made["staff"] == "王芳"
    listed = {r["id"]: r for r in staff.get("/api/annotations").json()["rows"]}[made["id"]]
    assert (listed["question"], listed["target_label"], listed["status"]) == (
        "我叫[姓名]，惠民保能报吗", "政策原文段落", "生效中")
    assert staff.post(f"/api/annotations/{made['id']}/revoke").json()["revoked_by"] == "王芳"
    again = {r["id"]: r for r in staff.get("/api/annotations").json()["rows"]}[made["id"]]
    assert again["revoked"] is True and again["status"].startswith("已撤销（王芳 于 ")


def test_revoking_twice_is_a_chinese_404(staff):
    made = staff.post("/api/annotations", json={"question": "门诊", "target_kind": "fact", "target_id": "f1"}).json()
    staff.post(f"/api/annotations/{made['id']}/revoke")
    response = staff.post(f"/api/annotations/{made['id']}/revoke")
    assert response.status_code == 404 and response.json()["error"] == "没有这条关联记录，或它已被撤销"


def test_an_unknown_annotation_kind_is_a_422_naming_the_kinds(staff):
    response = staff.post("/api/annotations", json={"question": "门诊", "target_kind": "url", "target_id": "x"})
    assert response.status_code == 422
    assert response.json()["error"] == "请求参数有误：关联类型只能是 chunk（政策原文段落）或 fact（政策参数）"


def test_the_page_links_a_question_to_the_chosen_passage(tmp_path):
    from bot.web.staff_tab import link_question, passage_choices

    service = FakeService(Store(tmp_path / "s.sqlite"))
    choices = passage_choices(service.search("起付线"))
    assert choices[0][1] == "ha#1" and choices[0][0].startswith("[1] 淮安｜全民参保百问百答｜六十、住院医疗待遇：起付线")
    assert link_question(service, "淮安起付线多少", "ha#1", "王芳").startswith("已关联并记录")
    row = service.store.annotations()[0]
    assert (row["question"], row["target_kind"], row["target_id"], row["staff"]) == ("淮安起付线多少", "chunk", "ha#1", "王芳")


def test_yibao_staff_token_prints_a_token_and_the_hash_that_accepts_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("YIBAO_STAFF_FILE", str(tmp_path / "staff.json"))
    assert yibao(["staff", "token"]) == 0
    lines = capsys.readouterr().out.splitlines()
    token = lines[1]
    encoded = next(line for line in lines if line.startswith("YIBAO_STAFF_TOKEN_HASH=")).split("=", 1)[1].strip("'")
    accounts = StaffAccounts(tmp_path / "staff.json", token_hash=encoded)
    assert accounts.staff_of({"authorization": f"Bearer {token}"}, {}) == "运维令牌"


def test_repeated_failed_logins_meet_the_rate_limit(tmp_path):
    from bot.web.api import create_api
    from tests.test_api import FakeService as ApiFakeService

    accounts = StaffAccounts(tmp_path / "staff.json")
    accounts.add("王芳", PASSWORD)
    app = create_api(ApiFakeService(Store(tmp_path / "s.sqlite")), environ={"YIBAO_RATE_LIMIT": "2/minute"},
                     staff=accounts)
    client = TestClient(app)
    statuses = [client.post("/staff/login", data={"name": "王芳", "password": "guess"}).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]

"""Logging in and out, and the language switch."""

from tests.conftest import PASSWORD


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get("/plans/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/plans/")


def test_login_page_is_vietnamese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_login_with_the_right_password_opens_the_plan_list(client, world):
    response = client.post("/accounts/login/", {"username": "drafter", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/plans/"
    assert "Danh sách kế hoạch" in response.content.decode()


def test_login_with_a_wrong_password_says_so(client, world):
    response = client.post("/accounts/login/", {"username": "drafter", "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout(client, world):
    client.force_login(world["users"]["drafter"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/plans/").status_code == 302


def test_english_through_set_language(login):
    client = login("drafter")
    assert "Tạo kế hoạch" in client.get("/plans/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/plans/"})
    assert response.status_code == 302
    html = client.get("/plans/").content.decode()
    assert "Create plan" in html
    assert "Tạo kế hoạch" not in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/plans/"})
    assert "Tạo kế hoạch" in client.get("/plans/").content.decode()


def test_vietnamese_even_when_the_browser_asks_for_english(login):
    client = login("drafter")
    html = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tạo kế hoạch" in html and 'lang="vi"' in html

"""Logging in and out of the web UI (Django's auth views with our Vietnamese page)."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["username"].error_messages["required"] = _("Nhập tên đăng nhập.")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["password"].error_messages["required"] = _("Nhập mật khẩu.")
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): the menu's "Đăng xuất" is a small form."""

"""`rapidreview check --deploy` is clean with the production settings docs/production.md gives."""

from .production import documented_environment, run_with, settings_under


def test_check_deploy_reports_nothing_with_the_documented_production_settings():
    result = run_with(documented_environment(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_would_notice_a_weakened_setting():
    """So the test above means something: switching one protection off is reported."""
    environment = {**documented_environment(), "SECURE_COOKIES": "false"}
    result = run_with(environment, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_production_settings_are_strict_by_default_and_the_demo_is_not():
    production = settings_under(
        documented_environment(),
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert production == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    # Production without the optional variables still has Secure cookies and HSTS.
    minimal = {
        "SECRET_KEY": documented_environment()["SECRET_KEY"],
        "FILE_ENCRYPTION_KEYS": documented_environment()["FILE_ENCRYPTION_KEYS"],
    }
    defaults = settings_under(
        minimal, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"
    )
    assert defaults == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }
    # `make run` serves plain http on 127.0.0.1: Secure cookies there would break sign-in.
    demo = settings_under(
        {"DEMO_MODE": "true"}, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"
    )
    assert demo == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
    }

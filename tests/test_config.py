"""Configuration: the warning while published review addresses are the local default."""

from __future__ import annotations

import pytest

from checks import config


@pytest.mark.parametrize(
    ("pattern", "warns"),
    [
        pytest.param(None, True, id="unset"),
        pytest.param("http://127.0.0.1:8600/?claim={id}", True, id="other-local-port"),
        pytest.param("http://localhost/review/{id}", True, id="localhost"),
        pytest.param("http://[::1]:8501/?claim={id}", True, id="ipv6-local"),
        pytest.param("https://factcheck.example.org/review/{id}", False, id="public"),
    ],
)
def test_review_address_warning(monkeypatch, pattern, warns):
    if pattern is None:
        monkeypatch.delenv("CLAIMDESK_REVIEW_URL", raising=False)
    else:
        monkeypatch.setenv("CLAIMDESK_REVIEW_URL", pattern)
    warning = config.review_address_warning()
    assert (warning is not None) == warns
    if warns:
        assert "CLAIMDESK_REVIEW_URL" in warning and "\n" not in warning

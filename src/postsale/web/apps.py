"""The Django app config."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "postsale.web"
    label = "postsale_web"
    default_auto_field = "django.db.models.BigAutoField"

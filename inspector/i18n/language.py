"""Which language applies: the one place a setting ('system', 'desk', 'en', 'zh_CN') becomes one.

The windows, core's records, the overlay and the report all ask here, so 'system' means the
same everywhere: the computer's own language as the process finds it (LC_ALL, LANG, or on
Windows, where no variable carries it, Python's reading of the user's locale). Nothing sets
it from outside; a caller that knows better (a test, a Qt locale) passes it in.
"""

from __future__ import annotations

import locale
import os
from typing import Protocol

ENGLISH = "en"
CHINESE = "zh_CN"
SOURCE_LANGUAGE = ENGLISH  # the language the code's strings are written in
SYSTEM = "system"
DESK = "desk"  # the report's setting: whatever the desk's windows use
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}


class NamedLocale(Protocol):
    """Anything that names a locale like 'zh_CN' or 'en_US' (QLocale does)."""

    def name(self) -> str: ...


def system_locale_name() -> str:
    """The computer's locale as this process sees it, e.g. 'zh_CN.UTF-8' or 'Chinese (Simplified)_China'."""
    return os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")


def language_of_locale(name: str) -> str:
    """The language we have for a locale name: Chinese for any Chinese locale, else English."""
    # POSIX says zh_CN.UTF-8, Qt zh_TW; Python on Windows may say "Chinese (Simplified)_China".
    return CHINESE if name.strip().lower().startswith(("zh", "chinese")) else ENGLISH


def resolve_language(
    setting: str | None,
    system: str | NamedLocale | None = None,
    *,
    desk: str | None = None,
) -> str:
    """The language a setting means: 'en' or 'zh_CN'.

    `system`: what 'system' stands for when the caller knows (a locale name or a QLocale);
    otherwise the computer's locale is read here. `desk`: the desk's own setting, for a
    setting such as the report language that may say 'desk' (follow the windows).
    """
    setting = (setting or SYSTEM).strip()
    if setting == DESK:
        return resolve_language(desk, system)
    if setting in LANGUAGES:
        return setting
    if system is None:
        name = system_locale_name()
    elif isinstance(system, str):
        name = system
    else:
        name = system.name()
    return language_of_locale(name)

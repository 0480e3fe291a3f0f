"""The console's languages: English (the source strings) and Simplified Chinese.

Every visible string goes through Qt's translation (``self.tr("...")`` or
``QCoreApplication.translate(CONTEXT, "...")``); the catalogues are
``resources/translations/warroom_<lang>.ts`` (made and refreshed by ``pyside6-lupdate``, see
``tools/translations.py``) and the ``.qm`` files ``pyside6-lrelease`` compiles from them, shipped
beside them.  Qt's own dialogs (file dialogs, message-box buttons, the colour of "OK") follow
through Qt's ``qtbase_<lang>.qm`` from the PySide6 installation.

Which language: the one the War Room user chose (remembered per user in the console's settings),
else, before anyone has logged in, the last language used on this machine, else the system locale
(any Chinese locale -> ``zh_CN``; anything else -> English).  Messages to buyers are never touched:
they stay in the buyer's language (templates and drafts are data, not interface).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from warroom import paths

ENGLISH = "en"
CHINESE = "zh_CN"
# each language named in itself: the menu must be readable by someone who cannot read the other
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}

_installed: list[QTranslator] = []
_current = ENGLISH


def translations_dir() -> Path:
    return paths.resources_dir() / "translations"


def catalogue(language: str) -> Path:
    """The compiled catalogue of ``language`` (``warroom_zh_CN.qm``)."""
    return translations_dir() / f"warroom_{language}.qm"


def system_language(locale: QLocale | None = None) -> str:
    loc = locale or QLocale.system()
    return CHINESE if loc.language() == QLocale.Language.Chinese else ENGLISH


def normalize(language: object) -> str | None:
    """A language code from settings, or None when it is not one the console has."""
    if isinstance(language, str) and language in LANGUAGES:
        return language
    return None


def current_language() -> str:
    return _current


def install(language: str, app: QCoreApplication | None = None) -> bool:
    """Make ``language`` the console's language from now on (widgets made after this call are
    in it).  Returns False when its catalogue cannot be loaded (the console then stays English)."""
    global _current
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install() needs a QApplication")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current = ENGLISH
    if language == ENGLISH:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    ours = QTranslator(app)
    if not ours.load(str(catalogue(language))):
        return False
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    QLocale.setDefault(QLocale(language))
    _current = language
    return True


def _settings_key(user: str | None) -> str:
    return "language/last" if user is None else f"language/user/{user}"


def saved_language(user: str | None = None) -> str | None:
    """The language ``user`` chose (None: the last one used on this machine), if any."""
    from ui.settings import open_settings

    return normalize(open_settings().value(_settings_key(user)))


def remember_language(user: str, language: str) -> None:
    from ui.settings import open_settings

    s = open_settings()
    s.setValue(_settings_key(user), language)
    s.setValue(_settings_key(None), language)
    s.sync()


def startup_language() -> str:
    """Before login: the last language used here, else the system's."""
    return saved_language(None) or system_language()


def language_for(user: str) -> str:
    """After login: the user's own choice, else what the login was shown in."""
    return saved_language(user) or startup_language()


def role_name(role: object) -> str:
    """A War Room role (agent, compliance, admin) in the console's language."""
    value = getattr(role, "value", role)
    names = {
        "agent": QCoreApplication.translate("Roles", "agent"),
        "compliance": QCoreApplication.translate("Roles", "compliance"),
        "admin": QCoreApplication.translate("Roles", "admin"),
    }
    return names.get(str(value), str(value))


# a draft's statuses as the console shows them (the values stay the data; this is only the label)
_DRAFT_STATUSES = (
    QT_TRANSLATE_NOOP("DraftStatus", "submitted"), QT_TRANSLATE_NOOP("DraftStatus", "blocked"),
    QT_TRANSLATE_NOOP("DraftStatus", "approved"), QT_TRANSLATE_NOOP("DraftStatus", "rejected"),
    QT_TRANSLATE_NOOP("DraftStatus", "voided"), QT_TRANSLATE_NOOP("DraftStatus", "held"),
    QT_TRANSLATE_NOOP("DraftStatus", "sending"), QT_TRANSLATE_NOOP("DraftStatus", "dispatched"),
    QT_TRANSLATE_NOOP("DraftStatus", "failed"),
)


def draft_status_name(status: str) -> str:
    """A draft's status (submitted, blocked, approved...) in the console's language."""
    return QCoreApplication.translate("DraftStatus", status) if status in _DRAFT_STATUSES else status

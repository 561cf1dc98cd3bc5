"""Interface strings and locale facts (dates, language names, /Lang tags).

Fixed strings that end up in a PDF go through :meth:`UI.gettext`, so that
babel can extract them into ``ui.pot`` and translators can translate them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

# BCP 47 tags for /Lang where the bare language code is not what readers expect.
LANG_TAGS = {"en": "en-US"}
# pyphen dictionaries; languages without one are set ragged right, unhyphenated
HYPHENATION = {"en": "en_US", "es": "es", "ru": "ru_RU"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


@dataclass
class UI:
    """Translated interface strings and formatting for one locale.

    ``strings`` maps English interface strings to checked translations; a
    string without one is printed in English.
    """

    locale: str
    strings: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)  # [locale.X] from the config

    def gettext(self, message: str) -> str:
        return self.strings.get(message, message)

    def format(self, message: str, **values: object) -> str:
        return self.gettext(message).format(**values)

    def date(self, value: date) -> str:
        pattern = self.settings.get("date_pattern")
        if pattern:  # digits only, for a language CLDR does not know
            return format_date(value, format=pattern, locale=self.format_locale)
        return format_date(value, format="long", locale=self.format_locale)

    @property
    def format_locale(self) -> Locale:
        """The CLDR locale that formats dates and numbers: the book's own, or the config's fallback."""
        return Locale.parse(self.settings.get("format_locale", self.locale))

    @property
    def babel_locale(self) -> Locale:
        return self.format_locale

    @property
    def lang_tag(self) -> str:
        return LANG_TAGS.get(self.locale, self.locale.replace("_", "-"))

    @property
    def language_name(self) -> str:
        if "native_name" in self.settings:
            return self.settings["native_name"]
        name = Locale.parse(self.locale).get_display_name(self.locale) or self.locale
        return name[:1].upper() + name[1:]

    @property
    def rtl(self) -> bool:
        """babel's text direction for the language decides the layout."""
        try:
            return Locale.parse(self.locale).character_order == "right-to-left"
        except (ValueError, UnknownLocaleError):  # a language CLDR does not know (hmn) is set left to right
            return False

    @property
    def native_digits(self) -> bool:
        """Whether CLDR writes numbers in this language with Persian digits (fa: "arabext")."""
        return self.format_locale.default_numbering_system == "arabext"

    @property
    def hyphenation(self) -> str | None:
        return HYPHENATION.get(self.locale)


SOURCE_LOCALE = "en"

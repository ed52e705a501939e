"""ISO country and currency code sets, built once from the installed pycountry."""

from __future__ import annotations

import pycountry

# ISO 3166-1 alpha-3 codes, plus the ISO 3166-3 codes of countries that no longer exist (SUN for the
# USSR, YUG, CSK, DDR, ZAR, ...): archive articles name them, and mapping the USSR to RUS would
# rewrite history. No user-assigned codes (e.g. XKX for Kosovo): they are not part of the standard.
COUNTRY_CODES: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(
    c.alpha_3 for c in pycountry.historic_countries
)

# ISO 4217 alphabetic currency codes, including the X-codes for metals and special drawing rights.
CURRENCY_CODES: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.currencies)

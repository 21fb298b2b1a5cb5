"""Pure parsers for values as people type them into trackers: money, dates, booleans, bands.

Every parser takes one cell (a string, a number, a date or ``None``) and returns the parsed
value, ``None`` when the cell is blank or says "unknown" (``n/a``, ``-``, ...), or raises
:class:`ValueError` whose message says what could not be read and what was expected. The
loaders turn that message into a report line with file, line and column.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timezone, tzinfo
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

#: Cell values that mean "unknown" for non-text columns (compared case-insensitively).
NULL_TOKENS = frozenset({"", "n/a", "na", "n.a.", "none", "null", "nan", "nat", "-", "--", "—",
                         "–", "?", "unknown", "#n/a", "tbd"})

DATE_EXAMPLES = "e.g. 2025-03-31, Mar 31, 2025, 03/31/2025 or epoch seconds"


def is_blank(value: Any) -> bool:
    """Return True for ``None``, NaN/NaT and strings that are a null token such as ``n/a``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().casefold() in NULL_TOKENS


# --------------------------------------------------------------------------- text


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORMULA_RE = re.compile(r"^\s*(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\()")


def clean_text(text: str) -> tuple[str, int]:
    """Normalise line ends to ``\\n`` and drop control characters other than newline and tab.

    HTML and everything else is kept as text (escaping is the renderer's job).

    Returns
    -------
    (str, int)
        The cleaned text and the number of control characters removed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned, n = _CONTROL_RE.subn("", text)
    return cleaned, n


def looks_like_formula(text: str) -> bool:
    """Return True when a cell looks like a spreadsheet formula (``=HYPERLINK(...)``)."""
    return bool(_FORMULA_RE.match(text))


def normalize_header(header: Any) -> str:
    """Reduce a column header to lower-case letters and digits (``"Boosted?"`` -> ``boosted``).

    Accents are folded (``Prénom`` -> ``prenom``), so headers match regardless of case, spaces,
    underscores and punctuation.
    """
    text = unicodedata.normalize("NFKD", str(header)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "", text)


def clean_job_url(text: str) -> str:
    """Strip whitespace, and the query string and fragment of an http(s) URL."""
    text = text.strip()
    if re.match(r"https?://", text, re.IGNORECASE):
        parts = urlsplit(text)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return text


_JOB_ID_RE = re.compile(r"(~[0-9a-zA-Z]{8,})")


def job_id_from_url(text: str) -> str | None:
    """Return the ``~...`` job ciphertext in an Upwork job URL, or None."""
    match = _JOB_ID_RE.search(text)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- numbers


_NUMBER = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


def _to_float(token: str) -> float:
    """Read a number token with ``,``/``.``/space thousands separators and either decimal mark."""
    token = re.sub(r"[ \u00a0\u202f]", "", token)
    if "," in token and "." in token:
        decimal = "," if token.rfind(",") > token.rfind(".") else "."
        token = token.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in token:
        groups = token.split(",")
        if len(groups) > 2 or (len(groups[1]) == 3 and len(groups[0]) <= 3):
            token = token.replace(",", "")  # 1,200 / 1,200,000: thousands
        else:
            token = token.replace(",", ".")  # 12,50: decimal comma
    elif token.count(".") > 1:
        token = token.replace(".", "")  # 1.200.000
    return float(token)


_INT_RE = re.compile(rf"^\s*({_NUMBER})\s*(?:[A-Za-z][A-Za-z ]*)?$")

#: Largest count the integer and band parsers accept (Connects, hires, proposals).
INT_MAX = 1_000_000_000


def _check_count(number: float, value: Any, what: str) -> int:
    """``number`` as an int, or ValueError when it is not finite or above :data:`INT_MAX`."""
    if not math.isfinite(number) or number > INT_MAX:
        raise ValueError(f"{what} {str(value)[:60]!r} is too large (expected at most "
                         f"{INT_MAX:,})")
    return int(number)


def parse_int(value: Any) -> int | None:
    """Parse a count such as ``12``, ``1,234``, ``12.0`` or ``16 Connects``; None if blank.

    Raises
    ------
    ValueError
        When the cell is not a whole number from 0 to :data:`INT_MAX`.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        match = _INT_RE.match(str(value))
        if not match:
            raise ValueError(f"cannot read number {str(value)!r} (expected a whole number)")
        number = _to_float(match.group(1))
    if math.isnan(number) or number < 0:
        raise ValueError(f"expected a whole number >= 0, got {value!r}")
    count = _check_count(number, value, "number")
    if number != count:
        raise ValueError(f"expected a whole number >= 0, got {value!r}")
    return count


_RATING_RE = re.compile(rf"^\D*?({_NUMBER})(?:\s*(?:/|out of)\s*5(?:\.0)?)?\s*(?:stars?)?\s*$",
                        re.IGNORECASE)


def parse_rating(value: Any) -> float | None:
    """Parse a 0-5 feedback score such as ``4.9``, ``4,9``, ``4.9/5`` or ``4.9 stars``."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        match = _RATING_RE.match(str(value).strip())
        if not match:
            raise ValueError(f"cannot read rating {str(value)!r} (expected a number from 0 to 5)")
        number = _to_float(match.group(1))
    if not 0 <= number <= 5:
        raise ValueError(f"rating {value!r} is outside 0-5")
    return number


# --------------------------------------------------------------------------- money


class Money(NamedTuple):
    """An amount or range as typed: ``amount_max == amount_min`` for a single amount."""

    amount_min: float
    amount_max: float
    currency: str | None
    period: str | None  # "hourly", "fixed" or None when the text does not say


_SYMBOLS = {"us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "$": "USD",
            "€": "EUR", "£": "GBP", "₹": "INR", "¥": "JPY", "₽": "RUB", "₺": "TRY"}
_CODES = frozenset({"USD", "EUR", "GBP", "CAD", "AUD", "INR", "JPY", "CHF", "NZD", "SEK", "NOK",
                    "DKK", "PLN", "RUB", "TRY", "BRL", "MXN", "ZAR", "SGD", "HKD", "PKR", "UAH"})
_CURRENCY_RE = re.compile(r"(us\$|au?\$|ca?\$|[$€£₹¥₽₺])|\b([A-Za-z]{3})\b", re.IGNORECASE)
_AMOUNT_RE = re.compile(rf"(-?)\s*({_NUMBER})\s*([kKmM](?![A-Za-z]))?")
_HOURLY_RE = re.compile(r"hourly|per\s+hour|/\s*(?:hr|hour|h)\b|\bhr\b|\bhrs\b", re.IGNORECASE)
_FIXED_RE = re.compile(r"fixed", re.IGNORECASE)
#: Currencies usually written with a decimal comma and a dot between thousands (1.200,50 €).
COMMA_DECIMAL = frozenset({"EUR", "BRL", "TRY", "RUB", "PLN", "SEK", "NOK", "DKK", "UAH"})
_MONEY_MAX = 1e12
_MONEY_WORDS = frozenset({"hourly", "hour", "hr", "hrs", "h", "per", "fixed", "price", "budget",
                          "rate", "est", "estimated", "approx", "about", "around", "up", "to",
                          "max", "min", "less", "than", "over", "more", "plus", "total", "spent",
                          "and", "from", "bid", "fee", "k", "m", "usd", "eur", "gbp"})


def _amount(number: str, currency: str | None, notes: list[str] | None) -> float:
    """Read one amount token; ``d{1,3}.ddd`` and ``d{1,3},ddd`` (one separator, three digits
    after it) are ambiguous: read as thousands with a comma-decimal currency (``€1.200`` is
    1200), else as the currency's own convention, with a note of how it was read."""
    single = re.fullmatch(r"(\d{1,3})([.,])(\d{3})", number)
    if not single:
        return _to_float(number)
    whole, mark, part = single.groups()
    comma_decimal = currency in COMMA_DECIMAL
    thousands = comma_decimal or mark == ","
    amount = float(whole + part) if thousands else float(f"{whole}.{part}")
    other = float(f"{whole}.{part}") if thousands else float(whole + part)
    if notes is not None and (comma_decimal or mark == "."):
        if comma_decimal and mark == ".":
            why = f"'.' as thousands separator, usual with {currency}"
        elif comma_decimal:
            why = f"',' as thousands separator; with {currency} it could mean {other:,g}"
        else:
            why = f"'.' as decimal point; it could mean {other:,g}"
        notes.append(f"read {number!r} as {amount:,g} ({why})")
    return amount


def parse_money(value: Any, *, notes: list[str] | None = None) -> Money | None:
    """Parse an amount or range of money as people type it.

    Examples: ``$1,200.00``, ``$25.00/hr``, ``Hourly: $25.00-$50.00``, ``Fixed-price: $600``,
    ``$1.5K``, ``€900``, ``1.200,50 EUR``, ``$10–$25/hr``, ``$25.00 Hourly``. A plain number has
    no currency and no period.

    One separator followed by exactly three digits is ambiguous. With a currency usually
    written with a decimal comma (:data:`COMMA_DECIMAL`, e.g. EUR) both ``€1.200`` and
    ``€1,200`` are read as 1200; otherwise ``1,200`` is 1200 and ``$1.200`` is 1.2. Each
    ambiguous reading except the unambiguous-enough ``$1,200`` is described in ``notes``.

    Parameters
    ----------
    value : str, number or None
        The cell.
    notes : list of str, optional
        Receives one line per ambiguous amount saying how it was read.

    Returns
    -------
    Money or None
        None when the cell is blank or a null token.

    Raises
    ------
    ValueError
        When the text holds no amount, more than two, a negative amount, an amount above
        10^12, two currencies or words that are not about money.
    """
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"negative amount {value!r}")
        if not value <= _MONEY_MAX:
            raise ValueError(f"amount {value!r} is too large (expected at most 10^12)")
        return Money(float(value), float(value), None, None)
    text = str(value).strip()
    what = f"cannot read amount {text[:60]!r} (expected e.g. $1,200, $25/hr, $10-$25 or €900)"
    currencies = set()
    for symbol, code in _CURRENCY_RE.findall(text):
        if symbol:
            currencies.add(_SYMBOLS[symbol.casefold()])
        elif code.upper() in _CODES:
            currencies.add(code.upper())
    if len(currencies) > 1:
        raise ValueError(f"two currencies in amount {text[:60]!r}")
    currency = next(iter(currencies), None)
    amounts, found = [], []
    for sign, number, suffix in _AMOUNT_RE.findall(text):
        scale = {"": 1, "k": 1e3, "m": 1e6}[suffix.casefold()]
        amount = (_amount(number, currency, found) if scale == 1 else _to_float(number)) * scale
        if sign and not amounts:
            raise ValueError(f"negative amount {text[:60]!r}")
        if not amount <= _MONEY_MAX:
            raise ValueError(f"amount {text[:60]!r} is too large (expected at most 10^12)")
        amounts.append(amount)
    rest = _CURRENCY_RE.sub(" ", _AMOUNT_RE.sub(" ", text))
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", rest)}
    if not amounts or len(amounts) > 2 or words - _MONEY_WORDS:
        raise ValueError(what)
    hourly, fixed = bool(_HOURLY_RE.search(text)), bool(_FIXED_RE.search(text))
    if hourly and fixed:
        raise ValueError(f"amount {text[:60]!r} says both hourly and fixed")
    period = "hourly" if hourly else "fixed" if fixed else None
    low, high = min(amounts), max(amounts)
    if notes is not None:
        notes.extend(found)
    return Money(low, high, currency, period)


# --------------------------------------------------------------------------- dates


_MONTH_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y",
                  "%d-%b-%Y", "%d-%b-%y", "%b %d, %y", "%Y-%b-%d")
_TIME_FORMATS = ("", " %I:%M %p", " %I:%M:%S %p", " %H:%M", " %H:%M:%S", " %I %p")
_NUMERIC_DATE_RE = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
_YEAR_FIRST_RE = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?=$|[ T])")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # serial day 0 of the 1900 date system
_WEEKDAY_RE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def _as_utc(moment: datetime, tz: tzinfo) -> pd.Timestamp:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    stamp = pd.Timestamp(moment).tz_convert("UTC")
    if not 2000 <= stamp.year <= 2100:
        raise ValueError(f"date {stamp.date()} is outside 2000-2100")
    return stamp


def _epoch(number: float) -> pd.Timestamp:
    if 1e8 <= number < 1e11:
        return _as_utc(datetime.fromtimestamp(number, tz=timezone.utc), timezone.utc)
    if 1e11 <= number < 1e14:
        return _as_utc(datetime.fromtimestamp(number / 1000, tz=timezone.utc), timezone.utc)
    raise ValueError(f"number {number:g} is not epoch seconds or milliseconds")


def excel_serial_date(number: float, tz: tzinfo = timezone.utc) -> pd.Timestamp:
    """Read an Excel serial date (days since 1899-12-30; ``45717`` is 2025-03-01, a fraction is
    the time of day) as a time in ``tz``, returned in UTC.

    Raises
    ------
    ValueError
        When the number is not a date from 2000 to 2100.
    """
    if not (math.isfinite(number) and 36_526 <= number < 73_051):  # 2000-01-01 .. 2100-01-01
        raise ValueError(f"number {number:g} is not an Excel serial date from 2000-2100")
    return _as_utc(_EXCEL_EPOCH + pd.Timedelta(days=number).to_pytimedelta(), tz)


def numeric_date_order(text: str) -> str | None:
    """For ``a/b/yyyy``: ``"dayfirst"`` if a > 12, ``"monthfirst"`` if b > 12, else None."""
    match = _NUMERIC_DATE_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if 12 < first <= 31 and 1 <= second <= 12:
        return "dayfirst"
    if 12 < second <= 31 and 1 <= first <= 12:
        return "monthfirst"
    return None


def parse_datetime(value: Any, *, dayfirst: bool = False, tz: tzinfo = timezone.utc,
                   excel_serial: bool = False) -> pd.Timestamp | None:
    """Parse a timestamp and return it in UTC.

    Accepts ISO 8601 (``2025-03-04``, ``2025-03-04T10:15:00Z``), ``2025/03/04``, ``Mar 03,
    2025`` (optionally with a time such as ``10:15 AM``), ``03/04/2025`` (month first unless
    ``dayfirst``; ``.`` and ``-`` work like ``/``), epoch seconds (10 digits) or milliseconds
    (13 digits), and ``datetime``/``date`` objects. With ``excel_serial`` (cells of a
    workbook) a number such as ``45717`` or ``45717.5`` is an Excel serial date (see
    :func:`excel_serial_date`). Times without a zone are taken to be in ``tz``.

    Raises
    ------
    ValueError
        When the text is not a date, or the date lies outside 2000-2100.
    """
    if is_blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return _as_utc(value, tz)
    if isinstance(value, date):
        return _as_utc(datetime(value.year, value.month, value.day), tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if excel_serial and abs(value) < 1e6:
            return excel_serial_date(float(value), tz)
        return _epoch(float(value))
    text = " ".join(str(value).split())
    failure = ValueError(f"cannot read date {text[:60]!r} (expected {DATE_EXAMPLES})")
    if re.fullmatch(r"\d{9,10}(\.\d+)?|\d{12,13}", text):
        return _epoch(float(text))
    if excel_serial and re.fullmatch(r"\d{1,6}(\.\d+)?", text):
        return excel_serial_date(float(text), tz)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        raise failure
    text = re.sub(r"\s+(UTC|GMT)$", "+00:00", text.replace(" at ", " "), flags=re.IGNORECASE)
    if match := _YEAR_FIRST_RE.match(text):  # 2025/03/04 [10:15]: year, month, day
        year, month, day = match.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}{text[match.end():]}"
    try:
        return _as_utc(datetime.fromisoformat(text), tz)
    except ValueError:
        pass
    match = _NUMERIC_DATE_RE.match(text)
    if match:
        first, second, year, hour, minute, sec, ampm = match.groups()
        day, month = (first, second) if dayfirst else (second, first)
        year = int(year) + (2000 if len(year) == 2 else 0)
        hour_i = int(hour or 0)
        if ampm:
            if not 1 <= hour_i <= 12:
                raise failure
            hour_i = hour_i % 12 + (12 if ampm.lower() == "pm" else 0)
        try:
            moment = datetime(year, int(month), int(day), hour_i, int(minute or 0), int(sec or 0))
        except ValueError:
            raise failure from None
        return _as_utc(moment, tz)
    text = _WEEKDAY_RE.sub("", text).replace("Sept ", "Sep ")
    for date_format in _MONTH_FORMATS:
        for time_format in _TIME_FORMATS:
            try:
                return _as_utc(datetime.strptime(text, date_format + time_format), tz)
            except ValueError:
                continue
    raise failure


# --------------------------------------------------------------------------- booleans, bands


_TRUE = frozenset({"yes", "y", "true", "t", "1", "1.0", "x", "✓", "✔", "☑", "✅", "checked",
                   "on", "verified", "payment verified", "boosted", "invited", "oui", "ja", "si"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "0.0", "✗", "✘", "✖", "❌", "☐", "unchecked",
                    "off", "not verified", "unverified", "not-verified", "payment not verified",
                    "payment unverified", "non", "nein"})


def parse_bool(value: Any) -> bool | None:
    """Parse Yes/No, TRUE/FALSE, 1/0, ✓/✗, verified/unverified; None if blank.

    Emoji variation selectors are ignored, so ``✔️`` (check mark + U+FE0F) is a yes.

    Raises
    ------
    ValueError
        When the word is not a known yes or no.
    """
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = " ".join(str(value).replace("\ufe0f", "").replace("\ufe0e", "").casefold().split())
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"cannot read yes/no value {str(value)[:60]!r} (expected e.g. Yes, No, "
                     "TRUE, FALSE, 1, 0 or ✓)")


class Band(NamedTuple):
    """A competition band: its label in Upwork's wording and its bounds (high None if open)."""

    label: str
    low: int
    high: int | None


_BAND_RANGE_RE = re.compile(r"^(\d+)\s*(?:to|-|–|—)\s*(\d+)(?:\s*proposals?)?$")
_BAND_LESS_RE = re.compile(r"^(?:less than|fewer than|under|<)\s*(\d+)(?:\s*proposals?)?$")
_BAND_MORE_RE = re.compile(r"^(?:(\d+)\s*\+|(?:more than|over|>)\s*(\d+))(?:\s*proposals?)?$")


def parse_band(value: Any) -> Band | None:
    """Parse a proposals band: ``Less than 5``, ``5 to 10``, ``10-15 proposals``, ``50+``, ``12``.

    ``Less than 5`` is (0, 5); ``50+`` is (50, None); a single number n is (n, n).

    Raises
    ------
    ValueError
        When the text is not a band, or a bound is above :data:`INT_MAX`.
    """
    if is_blank(value):
        return None
    text = " ".join(str(value).casefold().split())

    def count(digits: str) -> int:
        return _check_count(float(digits), value, "proposals band")

    if re.fullmatch(r"\d+(\.0)?", text):
        n = count(text)
        return Band(str(n), n, n)
    if match := _BAND_LESS_RE.match(text):
        high = count(match.group(1))
        return Band(f"Less than {high}", 0, high)
    if match := _BAND_RANGE_RE.match(text):
        low, high = count(match.group(1)), count(match.group(2))
        if low <= high:
            return Band(f"{low} to {high}", low, high)
    if match := _BAND_MORE_RE.match(text):
        low = count(match.group(1) or match.group(2))
        return Band(f"{low}+", low, None)
    raise ValueError(f"cannot read proposals band {str(value)[:60]!r} (expected e.g. Less than 5, "
                     "20 to 50 or 50+)")


def parse_contract_type(value: Any) -> str | None:
    """Parse ``Hourly``/``Fixed-price``/``FIXED_PRICE``/``HOURLY`` into ``hourly`` or ``fixed``."""
    if is_blank(value):
        return None
    word = normalize_header(value)
    if word in {"hourly", "hour", "hr", "perhour", "hourlyrate", "timeandmaterials"}:
        return "hourly"
    if word in {"fixed", "fixedprice", "fixedpricecontract", "fp", "project", "flat"}:
        return "fixed"
    raise ValueError(f"cannot read contract type {str(value)[:60]!r} (expected hourly or fixed)")

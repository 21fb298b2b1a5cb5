"""Phone numbers in shared reports: a table of numbers that must be redacted and one of
numbers that must not (issue 15). Both lists were written for this test: the phones in the
formats people write them in (international, with a trunk prefix, national), the others the
dates, years, invoice and order numbers, amounts and versions that appear in proposals."""

from __future__ import annotations

import pytest

from upwork_analytics.reports.redact import PHONE, find_phones, redact_text

#: Written the way freelancers and clients write them.
PHONES = [
    "+92 300 1234567",        # Pakistan mobile: a 7-digit group
    "+49 30 901820",          # Berlin: a 6-digit group
    "07700 900123",           # UK mobile, national form with the trunk 0
    "+44 (0)20 7946 0958",    # UK, trunk prefix in brackets after the country code
    "+44 20 7946 0958",
    "020 7946 0958",
    "0049 30 901820",         # 00 instead of +
    "(030) 901820",           # German area code in brackets
    "030/901820",
    "+1 (415) 555-0132",
    "+1-202-555-0143",
    "415.555.0132",
    "415-555-0132",
    "555-0132",               # US local
    "4155550132",             # ten digits in a row
    "1-800-555-0199",         # US toll-free (the second opinion: phonenumbers)
    "+33 6 12 34 56 78",
    "06 12 34 56 78",         # French national form
    "+91 98765 43210",
    "+380 67 123 4567",
    "0300 1234567",           # Pakistan national form
    "+7 495 123-45-67",
    "+63 917 123 4567",
    "+234 803 123 4567",
    "+61 2 9374 4000",
    "912 345 678",            # Spanish, 9 digits, no prefix: only phonenumbers knows (valid, ES)
    "22 345 6789",            # the same: valid for one of PHONE_REGIONS
]

#: Numbers that are not phones and must stay as written.
NOT_PHONES = [
    "2019-2023", "2019 - 2023", "2019–2023", "2019/20", "from 2018-2020 to 2021-2024",
    "2019 2020 2021", "between 2019 and 2023",
    "invoice 2024-118", "Invoice #2024-0042", "INV-2024-00042", "order 12345678",
    "order no. 1234 5678", "ref 2024/0042", "PO 4500012345", "ticket 1234567",
    "ID 123456789", "ISBN 978-3-16-148410-0", "SKU 100-2000-30",
    "2026-10-31", "31.12.2025", "12/31/2025", "2026-10-31 10:00", "09:00-17:00",
    "$1,200", "1500000 USD", "$1 500 000", "1 500 000 €", "1,234,567", "12.5 hours",
    "10 to 15", "3.11.7", "v2.0.1", "45%", "0.75",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_is_redacted(phone):
    assert redact_text(f"Call me on {phone} today.") == f"Call me on {PHONE} today."


@pytest.mark.parametrize("text", NOT_PHONES)
def test_not_a_phone_is_kept(text):
    sentence = f"Noted: {text} in the brief."
    assert find_phones(sentence) == []
    assert redact_text(sentence) == sentence


def test_phones_among_other_numbers_in_one_letter():
    letter = ("From 2019-2023 I built 40 shops (invoice 2024-118 is attached, $1,200). "
              "Call +92 300 1234567 or 07700 900123 before 31.12.2025.")
    assert redact_text(letter) == (
        "From 2019-2023 I built 40 shops (invoice 2024-118 is attached, $1,200). "
        f"Call {PHONE} or {PHONE} before 31.12.2025.")

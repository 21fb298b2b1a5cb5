"""Trackers saved in other encodings load with the right text (issue 15).

The files in ``tests/data/encodings/`` were written once from the rows below with Python's
codecs (``python tests/test_encodings.py`` writes them again); the test reads them back through
the loaders, which must find the encoding themselves. A wrong guess shows as mojibake
("Разработка" read as cp1252 is "Ðàçðàáîòêà"), so comparing with the rows written here checks
the decoding independently of how it was done.
"""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from upwork_analytics.exceptions import InputFileError, ParameterError
from upwork_analytics.load import load_proposals
from upwork_analytics.schema import P

DATA = Path(__file__).parent / "data" / "encodings"
HEADER = ["Date Sent", "Job Title", "Cover Letter", "Client Name", "Status"]

RUSSIAN = [
    ("2025-03-04", "Разработка сайта на WordPress",
     "Здравствуйте! Я опытный разработчик, готов начать работу над вашим проектом сегодня.",
     "Иван Петров", "Hired"),
    ("2025-03-05", "Интернет-магазин «Уют»",
     "Добрый день. Сделаю магазин за две недели; опыт — пять лет, примеры в профиле.",
     "Ольга Смирнова", "Viewed"),
    ("2025-03-07", "Исправить ошибки в Django",
     "Посмотрел ваш код: ошибка в миграциях. Исправлю за день, цена 150 долларов.",
     "Сергей Ёлкин", "Declined"),
]
JAPANESE = [
    ("2025-03-04", "ウェブサイト制作",
     "こんにちは。経験豊富な開発者です。今日から作業を開始できます。", "山田太郎", "Hired"),
    ("2025-03-06", "ネットショップの改善",
     "ご依頼内容を拝見しました。表示速度を二倍にした実績があります。", "佐藤花子", "Viewed"),
    ("2025-03-08", "データ入力（Excel）",
     "正確さを大切にしています。一週間で納品できます。よろしくお願いします。", "鈴木一郎",
     "Declined"),
]
WESTERN = [
    ("2025-03-04", "Développement d'un site pour un café",
     "Bonjour ! Je suis développeur à Zürich, prêt à commencer aujourd'hui. À bientôt.",
     "José Núñez", "Hired"),
    ("2025-03-05", "Webseite für eine Bäckerei",
     "Guten Tag, ich habe Erfahrung mit Shopify und könnte sofort anfangen. Grüße, Jürgen.",
     "Jürgen Müller", "Viewed"),
    ("2025-03-06", "Diseño de logotipo",
     "¡Hola! Puedo empezar mañana; el presupuesto de 300 está bien. Saludos, Íñigo.",
     "María Peña", "Declined"),
]

#: file -> (rows, the encoding it is written in, codec names the loader may report for it).
FILES = {
    "tracker_cp1251.csv": (RUSSIAN, "cp1251", {"cp1251"}),
    "tracker_shift_jis.csv": (JAPANESE, "shift_jis", {"shift_jis", "cp932"}),
    "tracker_utf16le_nobom.csv": (RUSSIAN, "utf-16-le", {"utf-16-le"}),
    "tracker_utf16be_nobom.csv": (JAPANESE, "utf-16-be", {"utf-16-be"}),
    # latin-1 bytes of these letters are the same in cp1252 (its superset)
    "tracker_latin1.csv": (WESTERN, "latin-1", {"latin-1", "iso8859-1", "cp1252"}),
}


def _csv(rows) -> str:
    lines = [",".join(HEADER)]
    lines += [",".join(f'"{cell}"' for cell in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def write_files() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (rows, encoding, _) in FILES.items():
        (DATA / name).write_bytes(_csv(rows).encode(encoding))


@pytest.mark.parametrize("name", sorted(FILES))
def test_files_are_in_the_encoding_they_claim(name):
    rows, encoding, _ = FILES[name]
    data = (DATA / name).read_bytes()
    assert data == _csv(rows).encode(encoding)
    assert not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if encoding.startswith("utf-16"):  # zero bytes: what the old reader took for binary
        assert data.count(0) > len(data) // 10
    else:  # not UTF-8: the fast path cannot read them by accident
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_tracker_loads_with_the_right_text_and_names_the_encoding(name):
    rows, _, codecs_ok = FILES[name]
    df, report = load_proposals(DATA / name, return_report=True)
    assert df[P.job_title].tolist() == [r[1] for r in rows]
    assert df[P.cover_letter].tolist() == [r[2] for r in rows]
    assert df[P.client_name].tolist() == [r[3] for r in rows]
    [file_report] = report.files
    assert codecs.lookup(file_report.encoding).name in {codecs.lookup(c).name for c in codecs_ok}
    assert "detected" in file_report.note
    assert file_report.encoding in report.summary()


def test_utf8_needs_no_detection():
    df, report = load_proposals(Path(__file__).parent / "data" / "loaders" / "tracker_basic.csv",
                                return_report=True)
    assert report.files[0].encoding == "utf-8"
    assert "detected" not in (report.files[0].note or "")


def test_encoding_option_overrides_detection():
    # the cp1251 bytes read as cp1252: every Cyrillic letter becomes a Latin-1 letter
    df = load_proposals(DATA / "tracker_cp1251.csv", encoding="cp1252")
    assert df[P.job_title].iloc[0] == RUSSIAN[0][1].encode("cp1251").decode("cp1252")
    assert df[P.job_title].iloc[0].startswith("Ðàçðàáîòêà")
    df, report = load_proposals(DATA / "tracker_cp1251.csv", encoding="Windows-1251",
                                return_report=True)
    assert df[P.job_title].iloc[0] == RUSSIAN[0][1]
    assert report.files[0].encoding == "cp1251" and report.files[0].note is None


def test_encoding_that_cannot_read_the_file_names_the_line():
    with pytest.raises(InputFileError, match=r"tracker_cp1251\.csv line 2: bytes .* cannot be "
                                             r"read as utf-8"):
        load_proposals(DATA / "tracker_cp1251.csv", encoding="utf-8")


def test_unknown_encoding_is_a_parameter_error():
    with pytest.raises(ParameterError, match="unknown encoding 'klingon'"):
        load_proposals(DATA / "tracker_cp1251.csv", encoding="klingon")


def test_validate_names_the_encoding_and_takes_the_option():
    def validate(*extra):
        return subprocess.run([sys.executable, "-m", "upwork_analytics", "validate",
                               str(DATA / "tracker_shift_jis.csv"), *extra],
                              capture_output=True, text=True, timeout=120)

    detected = validate()
    assert detected.returncode == 0, detected.stderr
    assert "tracker_shift_jis.csv (csv, cp932" in detected.stdout
    given = validate("--encoding", "shift_jis")
    assert given.returncode == 0 and "(csv, shift_jis" in given.stdout
    bad = validate("--encoding", "nope")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "upwork-analytics: error: unknown encoding 'nope' (expected a name such as utf-8, "
        "cp1251, shift_jis, utf-16-le, latin-1)"]


if __name__ == "__main__":
    write_files()

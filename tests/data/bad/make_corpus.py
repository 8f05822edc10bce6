"""Writes the bad-input corpus of tests/data/bad deterministically (no clock, fixed random seed).

    .venv/bin/python tests/data/bad/make_corpus.py          # (re)write the small files here
    .venv/bin/python tests/data/bad/make_corpus.py --check  # exit 1 if a committed file differs

Small files are committed. Large ones (a 5 MB CSV, a 4 MB release) are written at test time by
:func:`write_large` into a temporary folder; expected.json marks them ``"generated": true``.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
HEADER = "Name,Email,Phone,Company,Notes\r\n"
GOOD = ("Ann Lee,ann.lee@example.org,+44 20 7946 0958,Metro Wire,covers housing\r\n"
        "Bo Chen,bo.chen@example.org,+1 202 555 0143,Daily Bugle,\r\n")
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "=HYPERLINK(\"http://x.example\",\"x\")"]
_DATE = (2026, 1, 1, 0, 0, 0)


def _rand(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, _DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
       '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>')


def _cell(ref: str, value: str, formula: bool = False) -> str:
    from xml.sax.saxutils import escape

    if formula:  # a real formula cell with no cached value (as a program that does not calculate writes)
        return f'<c r="{ref}"><f>{escape(value.lstrip("=+@"))}</f></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def _sheet(rows: list[list[str]], formulas: set[tuple[int, int]] = frozenset()) -> str:  # type: ignore[assignment]
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{'ABCDEFGHIJ'[c]}{r}", v, (r, c) in formulas) for c, v in enumerate(row) if v)
        out.append(f'<row r="{r}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(out)}</sheetData></worksheet>')


def xlsx(rows: list[list[str]], formulas: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
         sheet_xml: str | None = None, workbook: bool = True) -> bytes:
    members: dict[str, bytes | str] = {"[Content_Types].xml": _CT, "_rels/.rels": _RELS}
    if workbook:
        members["xl/workbook.xml"] = _WB
        members["xl/_rels/workbook.xml.rels"] = _WB_RELS
    members["xl/worksheets/sheet1.xml"] = sheet_xml if sheet_xml is not None else _sheet(rows, formulas)
    return _zip(members)


_ROWS = [["Name", "Email", "Phone"], ["Ann Lee", "ann.lee@example.org", "+44 20 7946 0958"],
         ["Bo Chen", "bo.chen@example.org", "+1 202 555 0143"]]


def _pdf_without_text() -> bytes:
    """A valid one-page PDF whose page has no text (what a scanner without OCR gives, minus the image)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
               b"<< /Length 28 >>\nstream\n0.5 g 100 100 200 200 re f\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _docx(document_xml: str | None) -> bytes:
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'),
    }
    if document_xml is not None:
        members["word/document.xml"] = document_xml
    return _zip(members)


_EML_IMAGE_ONLY = (
    "From: press@example.org\r\nTo: desk@example.org\r\nSubject: Embargoed release\r\n"
    "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
    "--b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
    'Content-Disposition: attachment; filename="release.png"\r\n\r\n'
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4DwAAAQEABRjYTgAAAABJRU5ErkJggg==\r\n"
    "--b1--\r\n").encode("ascii")
_EML_BAD_CHARSET = (
    "From: press@example.org\r\nSubject: Release\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=x-no-such-charset\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    "Media contact: Ann Lee, ann.lee@example.org, +44 20 7946 0958\r\n").encode("ascii")

RELEASE = ("FOR IMMEDIATE RELEASE\n\nCity Opens New Shelter\n\nLONDON, 14 April 2026 – The city opened a shelter.\n\n"
           "ENDS\n\nMedia contacts\n\nHannah Price, Press Officer\n020 7946 0321 | 07911 234567\n"
           "hannah.price@shelterstreet.example\n")


def _vcard(*props: str, version: str | None = "3.0", end: bool = True) -> str:
    lines = ["BEGIN:VCARD"] + ([f"VERSION:{version}"] if version else []) + list(props)
    if end:
        lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


GOOD_CARD = _vcard("FN:Ann Lee", "N:Lee;Ann;;;", "EMAIL;TYPE=INTERNET:ann.lee@example.org", "TEL:+44 20 7946 0958")
GOOD_CARD2 = _vcard("FN:Bo Chen", "N:Chen;Bo;;;", "EMAIL:bo.chen@example.org")

RLO, ZWSP, ZWJ, BOM = "\u202e", "\u200b", "\u200d", "\ufeff"


def corpus() -> dict[str, bytes]:
    """File name → bytes of every committed corpus file."""
    f: dict[str, bytes] = {}
    # --- empty and header-only
    f["empty.csv"] = b""
    f["empty.vcf"] = b""
    f["empty.xlsx"] = b""
    f["empty_release.txt"] = b""
    f["whitespace_only.csv"] = b"  \r\n\r\n\t\r\n"
    f["whitespace_only_release.txt"] = b" \n\n \t\n"
    f["header_only.csv"] = HEADER.encode()
    f["header_only_bom_no_newline.csv"] = b"\xef\xbb\xbf" + HEADER.strip().encode()
    f["header_only.xlsx"] = xlsx([_ROWS[0]])
    f["not_a_contact_list.csv"] = b"Date,Amount,Currency\r\n2026-01-01,12.50,EUR\r\n"
    f["text_not_vcard.vcf"] = b"Hello,\nthis is a letter, not a vCard.\n"
    # --- binary under text names
    f["png.csv"] = PNG
    f["png.vcf"] = PNG
    f["png.xlsx"] = PNG
    f["png_release.txt"] = PNG
    f["random.csv"] = _rand(4096, 1)
    f["random.vcf"] = _rand(4096, 2)
    f["random.xlsx"] = _rand(4096, 3)
    f["random_release.txt"] = _rand(4096, 4)
    f["zip_not_xlsx.csv"] = _zip({"readme.txt": "just a zip"})
    f["zip_not_xlsx.xlsx"] = _zip({"readme.txt": "just a zip"})
    f["zip_release.txt"] = _zip({"readme.txt": "just a zip"})
    f["sqlite.csv"] = b"SQLite format 3\x00" + bytes(1008)
    # --- encodings
    f["cp1252_with_utf8_bom.csv"] = b"\xef\xbb\xbf" + "Name,Email\r\nZoë Brückner,zoe@example.org\r\n".encode("cp1252")
    f["utf16le_no_bom.csv"] = (HEADER + GOOD).encode("utf-16-le")
    f["utf16be_no_bom.csv"] = (HEADER + GOOD).encode("utf-16-be")
    f["mixed_utf8_latin1.csv"] = (HEADER.encode() + "Zoë Brückner,zoe@example.org,,,utf-8\r\n".encode()
                                  + "René Côté,rene@example.org,,,latin-1\r\n".encode("latin-1"))
    f["invalid_utf8.csv"] = HEADER.encode() + b"Ann \xc3\x28Lee,ann.lee@example.org,,,\xff\xfe bad bytes\r\n"
    f["invalid_utf8.vcf"] = _vcard("FN:Ann \xc3Lee").encode("latin-1").replace(b"\xc3L", b"\xc3\x28L")
    f["utf16le_no_bom_release.txt"] = RELEASE.encode("utf-16-le")
    # Text pulled out of a PDF by some tools: long runs of spaces (these once took minutes to search).
    f["space_runs_release.txt"] = RELEASE.replace("Media contacts\n", "Media contacts" + " " * 20_000 + "\n").replace(
        "ENDS\n", "ENDS\n" + " " * 6_000 + "\n" + "contact" + " " * 20_000 + "\n").encode()
    f["utf16_bom_cut_release.txt"] = b"\xff\xfe" + RELEASE.encode("utf-16-le") + b"\n"  # cut mid-character
    f["invalid_utf8_release.txt"] = RELEASE.replace("Hannah Price", "Zoë Brückner").encode().replace(
        b"opened a shelter", b"opened a \xabshelter\xbb (\x80 2m)")
    # --- ragged rows and quotes
    f["ragged_too_many.csv"] = (HEADER + "Ann Lee,ann.lee@example.org,+44 20 7946 0958,Metro Wire,x,EXTRA,MORE\r\n"
                                "Bo Chen,bo.chen@example.org,,,\r\n").encode()
    f["ragged_too_few.csv"] = (HEADER + "Ann Lee,ann.lee@example.org\r\nBo Chen\r\n").encode()
    f["unterminated_quote.csv"] = (HEADER + 'Ann Lee,ann.lee@example.org,,,"never closed\r\n'
                                   "Bo Chen,bo.chen@example.org,,,\r\n").encode()
    f["quote_in_unquoted_field.csv"] = (HEADER + 'Ann "Annie" Lee,ann.lee@example.org,,,he said "hi"\r\n').encode()
    f["bare_cr_lines.csv"] = (HEADER + GOOD).replace("\r\n", "\r").encode()
    # --- vCards
    f["missing_end.vcf"] = (GOOD_CARD + _vcard("FN:Cut Off", "EMAIL:cut@example.org", end=False)).encode()
    f["missing_end_middle.vcf"] = (_vcard("FN:Cut Off", "EMAIL:cut@example.org", end=False) + GOOD_CARD).encode()
    f["begin_without_version.vcf"] = (_vcard("FN:No Version", "EMAIL:nover@example.org", version=None)
                                      + GOOD_CARD2).encode()
    f["qp_soft_break_eof.vcf"] = (GOOD_CARD + "BEGIN:VCARD\r\nVERSION:2.1\r\n"
                                  "FN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9 C=\r\n").encode()
    f["qp_soft_break_before_end.vcf"] = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9 C=\r\n"
                                         "END:VCARD\r\n" + GOOD_CARD2).encode()
    f["folded_line_eof.vcf"] = (GOOD_CARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded\r\nNOTE:a long note\r\n ").encode()
    f["folded_before_end.vcf"] = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded Fay\r\nNOTE:a long\r\n  note\r\n \r\n"
                                  b"END:VCARD\r\n")
    f["no_name_no_channel.vcf"] = (_vcard("ORG:Nobody Inc", "NOTE:nothing here") + GOOD_CARD2).encode()
    f["line_separator_in_note.vcf"] = (_vcard("FN:Ann Lee", "NOTE:pasted from a web page\u2028second line\x0cpage 2",
                                              "EMAIL:ann.lee@example.org") + GOOD_CARD2).encode()
    f["bad_base64_photo.vcf"] = _vcard("FN:Photo Pia", "PHOTO;ENCODING=b;TYPE=JPEG:!!!notbase64***").encode()
    f["garbage_property_lines.vcf"] = _vcard("FN:Ann Lee", "this line has no colon", ";;;:::",
                                             "EMAIL:ann.lee@example.org").encode()
    # --- corrupt XLSX
    good_xlsx = xlsx(_ROWS)
    f["truncated.xlsx"] = good_xlsx[: len(good_xlsx) // 2]
    f["no_workbook.xlsx"] = xlsx(_ROWS, workbook=False)
    sheet = _sheet(_ROWS)
    f["sheet_cut_mid_tag.xlsx"] = xlsx(_ROWS, sheet_xml=sheet[: sheet.index("bo.chen") + 3])
    f["truncated_zip.csv"] = good_xlsx[:300]
    f["xlsx_renamed.xls"] = good_xlsx
    # Our own XLSX export splits notes over 32,767 characters into "Notes (cont. 1)"; others have none.
    split = [["Name", "Email", "Notes", "Notes (cont. 1)"], ["Ann Lee", "ann.lee@example.org", "a" * 50, "b" * 50],
             ["Bo Chen", "bo.chen@example.org", "", ""]]
    f["empty_split_notes.xlsx"] = xlsx(split)
    f["empty_split_notes.csv"] = "".join(",".join(r) + "\r\n" for r in split).encode()
    f["libreoffice.ods"] = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                 "content.xml": "<office:document-content/>"})
    # --- formulas (spreadsheet injection)
    rows = [f'"{v.replace(chr(34), chr(34) * 2)}"' for v in FORMULAS]
    f["formulas.csv"] = (HEADER + "".join(f"{v},{v},{v},{v},{v}\r\n" for v in rows)
                         + "Safe Sam,=1+1@example.org,+1 202 555 0143,,-2+3\r\n").encode()
    f["formulas.xlsx"] = xlsx([["Name", "Email", "Notes"], *[[v, v, v] for v in FORMULAS[:4]],
                               ["Real Formula", "SUM(A1)", "A1+1"]], formulas={(6, 1), (6, 2)})
    f["formulas.vcf"] = "".join(_vcard(f"FN:{v}", f"EMAIL:{v}", f"NOTE:{v}") for v in FORMULAS[:4]).encode()
    # --- long fields
    big = "x" * 40_000
    f["field_40k.csv"] = (HEADER + f'{"N" * 40_000},{big}@example.org,+44 20 7946 0958,Metro Wire,"{big}"\r\n'
                          + GOOD).encode()
    f["field_40k.vcf"] = _vcard(f"FN:{'N' * 40_000}", f"EMAIL:{big}@example.org", f"NOTE:{big}").encode()
    # --- NUL bytes
    f["nul_in_field.csv"] = (HEADER + GOOD).encode().replace(b"Metro Wire", b"Metro\x00Wire")
    f["nul_at_start.csv"] = b"\x00" + (HEADER + GOOD).encode()
    f["nul_in_field.vcf"] = GOOD_CARD.encode().replace(b"Ann Lee", b"Ann\x00Lee")
    f["nul_in_release.txt"] = RELEASE.encode().replace(b"shelter.", b"shel\x00ter.")
    # --- invisible and bidirectional characters
    f["rtl_zero_width.csv"] = (HEADER + f"{RLO}eeL nnA,ann{ZWSP}.lee@example.org,,,\r\n"
                               f"Bo{ZWJ} Chen,{RLO}bo.chen@example.org,,,\r\n"
                               f"Cy{BOM}Dee,cy.dee@example.org{ZWSP},,,\r\n").encode()
    f["rtl_zero_width.vcf"] = _vcard(f"FN:{RLO}eeL nnA", f"EMAIL:ann{ZWSP}.lee@example.org").encode()
    f["rtl_release.txt"] = RELEASE.replace("Hannah Price", f"Hannah{ZWSP} {RLO}Price").encode()
    # --- headers
    f["duplicate_headers.csv"] = (b"Name,Email,Email,Name,Phone,Phone\r\n"
                                  b"Ann Lee,ann.lee@example.org,ann@work.example,Annie,+44 20 7946 0958,\r\n")
    f["german_headers.csv"] = ("Vorname;Nachname;E-Mail-Adresse;Telefon;Firma;Bemerkungen\r\n"
                               "Jonas;Müller;j.mueller@rundschau.example;+49 30 9025 4472;Die Rundschau;\r\n"
                               ).encode("cp1252")
    f["french_headers.csv"] = ("Prénom;Nom;Courriel;Téléphone;Société;Fonction\r\n"
                               "Chloé;Dubois;c.dubois@lequotidien.example;01 44 55 62 11;Le Quotidien;Rédactrice\r\n"
                               ).encode()
    # --- releases that are not text
    f["pdf_bytes_release.txt"] = _pdf_without_text()
    f["not_a_zip.docx"] = b"This file was renamed to .docx but it is plain text.\n"
    f["no_document_xml.docx"] = _docx(None)
    f["image_only.eml"] = _EML_IMAGE_ONLY
    f["bad_charset.eml"] = _EML_BAD_CHARSET
    f["no_text_layer.pdf"] = _pdf_without_text()
    f["truncated.pdf"] = _pdf_without_text()[:120]
    f["png_named.pdf"] = PNG
    return f


# --- generated at test time (too big to commit) -----------------------------------------------------

def _large_csv(target: Path) -> None:
    """About 5 MB of valid rows: 4,000 people with a 1,200-character note each."""
    note = ("Covers housing, transport and the city budget; prefers e-mail before noon. " * 16)[:1200]
    with open(target, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        for n in range(4_000):
            fh.write(f'Person {n:05d},person{n:05d}@example.org,+44 20 7946 {n % 10000:04d},Outlet {n % 50},'
                     f'"{note}"\r\n')


def _large_release(target: Path) -> None:
    """About 4 MB: a long release body (prose with numbers) and a contact block at the end."""
    para = ("The council said on 14 April 2026 that 3,400 children spent more than a year in temporary "
            "accommodation; call 020 7946 0321 for the helpline or visit www.example.org/report. ") * 4 + "\n\n"
    body = para * (4_000_000 // len(para))
    target.write_text("FOR IMMEDIATE RELEASE\n\nA Very Long Report\n\nLONDON, 14 April 2026 – " + body + RELEASE,
                      encoding="utf-8")


def _large_binary_release(target: Path) -> None:
    target.write_bytes(b"%PDF-1.7\n" + _rand(3_500_000, 5))


LARGE: dict[str, Callable[[Path], None]] = {
    "large_5mb.csv": _large_csv,
    "large_4mb_release.txt": _large_release,
    "large_binary_release.txt": _large_binary_release,
}


def write_large(name: str, folder: Path) -> Path:
    target = folder / name
    LARGE[name](target)
    return target


def main(argv: list[str]) -> int:
    files = corpus()
    changed = [name for name, data in files.items()
               if not (HERE / name).exists() or (HERE / name).read_bytes() != data]
    if "--check" in argv:
        for name in changed:
            print(f"differs: {name}", file=sys.stderr)
        return 1 if changed else 0
    for name in changed:
        (HERE / name).write_bytes(files[name])
    print(f"{len(files)} files ({len(changed)} written)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

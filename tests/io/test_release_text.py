"""read_release_text: the text of a release from the files users really pick, and clear errors otherwise."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from outreach.domain.release import parse_release
from outreach.errors import InputFileError
from outreach.io.release_text import html_to_text, read_release_text

BLOCK = "Media Contact\nJane Smith, (212) 875-9381, jane@acme.example"


def test_txt_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\n" + BLOCK.replace("\n", "\r\n").encode())
    text = read_release_text(path)
    assert text.startswith("Headline") and "\ufeff" not in text
    assert parse_release(text, region="US").media_contacts[0].name == "Jane Smith"


def test_cp1252_text_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("Caf\u00e9 opens \u2013 \u201cgood\u201d\n".encode("cp1252"))
    assert read_release_text(path) == "Caf\u00e9 opens \u2013 \u201cgood\u201d\n"


def test_html_keeps_block_breaks_and_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(
        "<html><head><title>T</title><style>p{}</style><script>var a='(212) 555-0100';</script></head><body>"
        "<h1>Big&nbsp;News</h1><p>Media Contact<br>Jane Smith, (212) 875-9381,"
        " <a href='mailto:jane@acme.example'>jane@acme.example</a></p>"
        "<table><tr><td>Tel</td><td>(212) 875-9382</td></tr></table></body></html>",
        encoding="utf-8",
    )
    text = read_release_text(path)
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "Big\u00a0News" and "Media Contact" in lines and "var a" not in text
    assert "Jane Smith, (212) 875-9381, jane@acme.example" in lines
    assert any(line.startswith("Tel | (212) 875-9382") for line in lines)
    contact = parse_release(text, region="US").media_contacts[0]
    assert contact.name == "Jane Smith" and contact.emails[0].normalized == "jane@acme.example"


def test_html_entities_and_whitespace() -> None:
    assert html_to_text("<p>A &amp;\n  B</p><div>C</div>") == "A & B\n\nC\n"


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Headline")
    document.add_paragraph("Media Contact")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Jane Smith"
    table.rows[0].cells[1].text = "(212) 875-9381"
    document.add_paragraph("jane@acme.example")
    path = tmp_path / "r.docx"
    document.save(str(path))
    text = read_release_text(path)
    assert text.splitlines()[:3] == ["Headline", "Media Contact", "Jane Smith | (212) 875-9381"]
    contact = parse_release(text, region="US").media_contacts[0]
    assert contact.name == "Jane Smith" and contact.phones[0].e164 == "+12128759381"


def _tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, written by hand (Helvetica, one line per Td)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_pdf_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "r.pdf"
    path.write_bytes(_tiny_pdf(["Headline", "Media Contact", "Jane Smith, (212) 875-9381, jane@acme.example"]))
    text = read_release_text(path)
    assert "Jane Smith, (212) 875-9381, jane@acme.example" in text
    contact = parse_release(text, region="US").media_contacts[0]
    assert contact.name == "Jane Smith" and contact.emails[0].normalized == "jane@acme.example"


def test_eml_prefers_plain_text_and_falls_back_to_html(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Release"
    message["From"] = "a@b.example"
    message.set_content("Headline\n\n" + BLOCK + "\n")
    plain = tmp_path / "plain.eml"
    plain.write_bytes(message.as_bytes())
    assert "Jane Smith, (212) 875-9381" in read_release_text(plain)

    html_only = EmailMessage()
    html_only["Subject"] = "Release"
    html_only.set_content("<p>Headline</p><p>Media Contact<br>Jane Smith, (212) 875-9381</p>", subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(html_only.as_bytes())
    text = read_release_text(path)
    assert "<p>" not in text and "Media Contact\nJane Smith, (212) 875-9381" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"  \n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "Word"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "PDF"),
        ("scan.pdf", None, "no text layer"),
    ],
)
def test_unreadable_files_raise_input_file_error(tmp_path: Path, name: str, content: bytes | None,
                                                 message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    elif name == "scan.pdf":
        path.write_bytes(_tiny_pdf([]))
    with pytest.raises(InputFileError) as info:
        read_release_text(path)
    assert message in str(info.value) and str(path) in str(info.value)

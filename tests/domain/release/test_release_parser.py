"""Behaviour of parse_release a user would notice, one layout or trap at a time."""

from __future__ import annotations

import json

import pytest

from outreach.domain.release import parse_release
from outreach.domain.release.datelines import find_dateline


def names(text: str, **kw: str) -> list[str | None]:
    return [c.name for c in parse_release(text, **kw).media_contacts]


@pytest.mark.parametrize(
    ("line", "region"),
    [
        ("NEW YORK, June 11, 2020 – The", "US"),
        ("LONDON, 3 May 2026 – The", "GB"),
        ("NAIROBI, 3 May 2026 – The", "KE"),
        ("BALTIMORE, Md. – September 20, 2026 – More", "US"),
        ("BIRMINGHAM, Ala. (AP) – The", "US"),
        ("BIRMINGHAM, 2 June 2026 – The", "GB"),
        ("Nairobi, Kenya – 3 May 2026 – The", "KE"),
        ("SÃO PAULO, 12 de maio de 2026 – O", "BR"),
        ("KÖLN, 1. Juni 2026 – Die", "DE"),
        ("SPRINGFIELD, Ill. – The", "US"),
        ("LAGOS, Nigeria, May 5, 2026 /PRNewswire/ -- The", "NG"),
    ],
)
def test_dateline_gives_the_default_region(line: str, region: str) -> None:
    found = find_dateline("Some headline\n\n" + line)
    assert found is not None and found.region == region


def test_an_explicit_region_beats_the_organisation_country_which_beats_the_dateline() -> None:
    text = "Headline\n\nLONDON, 3 May 2026 – Text.\n\nMedia contact: Ann Lee, 020 7946 0321\n"
    assert parse_release(text).region == "GB"
    assert parse_release(text, org_country="IE").region == "IE"
    assert parse_release(text, region="US", org_country="IE").region == "US"
    # Read as a US number the UK number is invalid, and the message offers the UK reading.
    phone = parse_release(text, region="US").media_contacts[0].phones[0]
    assert not phone.valid and "+442079460321" in phone.message


def test_quoted_people_are_not_media_contacts() -> None:
    text = (
        "Headline\n\nNEW YORK, June 1, 2026 – \"This matters,\" said Maria Lopez, director of Acme Action. "
        "Peter Hall, the group's treasurer, agreed.\n\nMedia Contact:\nJane Smith, (212) 875-9381, jane@acme.example\n"
    )
    assert names(text) == ["Jane Smith"]


def test_contact_named_in_running_text() -> None:
    text = (
        "Headline\n\nLONDON, 3 May 2026 – Text.\n\n"
        "Journalists can reach Dr. Amina Patel on 020 7946 0321 or amina@acme.example. She said more later.\n"
    )
    result = parse_release(text)
    assert [c.name for c in result.media_contacts] == ["Amina Patel"]
    assert result.media_contacts[0].phones[0].e164 == "+442079460321"


def test_several_people_in_one_block_keep_their_own_channels() -> None:
    text = (
        "Headline\n\nCHICAGO, Ill. – May 1, 2026 – Text.\n\nPress contacts:\n"
        "Ann Lee, Press Secretary | (312) 744-3300 | ann@city.example\n"
        "Bo Chan, Deputy Press Secretary | (312) 744-3301 | bo@city.example\n"
    )
    contacts = parse_release(text).media_contacts
    assert [(c.name, c.title, [p.e164 for p in c.phones], [e.normalized for e in c.emails]) for c in contacts] == [
        ("Ann Lee", "Press Secretary", ["+13127443300"], ["ann@city.example"]),
        ("Bo Chan", "Deputy Press Secretary", ["+13127443301"], ["bo@city.example"]),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "ann [at] acme [dot] example",
        "ann(at)acme.example",
        "ann (at) acme (dot) example",
        "ann at acme dot example",
        "<ANN@ACME.EXAMPLE>",
        "mailto:ann@acme.example",
        "ann@acme.example.",
    ],
)
def test_obfuscated_and_decorated_addresses_are_read(written: str) -> None:
    text = f"Headline\n\nNEW YORK, June 1, 2026 – Text.\n\nMedia contact: Ann Lee, {written}\n"
    contact = parse_release(text).media_contacts[0]
    assert [e.normalized.casefold() for e in contact.emails if e.normalized] == ["ann@acme.example"]
    assert not parse_release(text).scored_problems


def test_plus_address_and_international_domain() -> None:
    text = "Headline\n\nBERLIN, 1. Juni 2026 – Text.\n\nPressekontakt: Jörg Maier, jörg+presse@bücher.example\n"
    email = parse_release(text).media_contacts[0].emails[0]
    assert email.valid and email.normalized == "jörg+presse@bücher.example"


def test_words_at_and_dot_in_prose_are_no_address() -> None:
    text = (
        "Headline\n\nNEW YORK, June 1, 2026 – We met at noon at the dot com museum.\n\n"
        "Media contact: Ann Lee, 212-875-9381\n"
    )
    assert parse_release(text).media_contacts[0].emails == []


def test_numbers_that_are_not_phones_stay_out_of_contacts() -> None:
    text = (
        "Headline\n\nSEATTLE, Wash. – May 1, 2026 – Text.\n\nMedia contact:\nAnn Lee, Acme Trust\n"
        "Registered charity no. 1234567 | Case No. 2:24-cv-01234 | 2,100 households | $1,250,000 | 03/15/2026\n"
        "Seattle, WA 98104 (206) 555-0147\n"
    )
    phones = parse_release(text).media_contacts[0].phones
    assert [p.raw for p in phones] == ["(206) 555-0147"]


def test_kinds_and_extensions_from_labels() -> None:
    text = (
        "Headline\n\nHAMBURG, 12 June 2026 – Text.\n\nPressekontakt:\nLea Hoffmann\n"
        "Tel.: 040 4289 1150 Durchwahl 15 | Handy: 0151 2345 6790 | Fax: 040 4289 1199\n"
    )
    phones = parse_release(text).media_contacts[0].phones
    assert [(p.kind, p.extension) for p in phones] == [("phone", "15"), ("mobile", None), ("fax", None)]


def test_toll_free_and_vanity_numbers() -> None:
    text = "Headline\n\nDALLAS, Texas – May 1, 2026 – Text.\n\nMedia contact: Ann Lee, 1-800-FLOWERS\n"
    result = parse_release(text)
    phone = result.media_contacts[0].phones[0]
    assert phone.kind == "tollfree" and phone.e164 == "+18003569377"
    assert any(p.kind == "vanity_number" for p in result.problems)


def test_number_split_over_a_line_break() -> None:
    text = "Headline\n\nLONDON, 3 May 2026 – Text.\n\nMedia contact: Ann Lee, tel. +44 20 7946\n0321\n"
    phone = parse_release(text).media_contacts[0].phones[0]
    assert phone.e164 == "+442079460321" and phone.raw == "+44 20 7946\n0321"


def test_missing_contact_block_is_a_problem() -> None:
    result = parse_release("Headline\n\nNEW YORK, June 1, 2026 – We welcome the decision.\n")
    assert [p.kind for p in result.scored_problems] == ["missing_contact_block"]


def test_fax_only_contact_gets_a_warning_not_a_problem() -> None:
    text = "Headline\n\nSYDNEY, 9 February 2026 – Text.\n\nContact:\nMargaret Doyle, Secretary\nFax: (02) 9555 1234\n"
    result = parse_release(text)
    assert not result.scored_problems and [p.kind for p in result.problems] == ["fax_only"]


def test_domain_mismatch_ignores_www_and_subdomains() -> None:
    base = "Headline\n\nNEW YORK, June 1, 2026 – Text. Visit www.acme.example.\n\nMedia contact: Ann Lee, {}\n"
    assert not parse_release(base.format("ann@press.acme.example")).scored_problems
    kinds = [p.kind for p in parse_release(base.format("ann@acme-pr.example")).scored_problems]
    assert kinds == ["domain_mismatch"]


def test_hotline_in_running_text_is_an_other_phone_not_a_contact() -> None:
    text = (
        "Headline\n\nNEW YORK, June 1, 2026 – Text. For help, please call our hotline on (212) 639-9675.\n\n"
        "Media contact: Ann Lee, ann@acme.example\n"
    )
    result = parse_release(text)
    assert [c.name for c in result.media_contacts] == ["Ann Lee"]


def test_spans_survive_crlf_nbsp_and_zero_width_characters() -> None:
    text = (
        "Headline\r\n\r\nLONDON, 3\u00a0May 2026 \u2013 Text.\r\n\r\nMedia contact:\r\n"
        "Ann\u00a0Lee, 020\u200b 7946 0321, ann@\u200bacme.example\r\n"
    )
    contact = parse_release(text).media_contacts[0]
    phone, email = contact.phones[0], contact.emails[0]
    assert phone.e164 == "+442079460321" and text[phone.span[0] : phone.span[1]] == "020\u200b 7946 0321"
    assert email.normalized == "ann@acme.example" and text[email.span[0] : email.span[1]] == "ann@\u200bacme.example"
    assert contact.name == "Ann Lee"


def test_to_json_follows_the_schema() -> None:
    text = (
        "Headline\n\nNEW YORK, June 1, 2026 – Text.\n\n"
        "Media contact: Ann Lee, (212) 875-9381 ext. 4, ann@acme.example\n"
    )
    data = json.loads(json.dumps(parse_release(text).to_json()))
    contact = data["media_contacts"][0]
    assert contact["name"] == "Ann Lee"
    assert contact["phones"][0]["raw"] == "(212) 875-9381 ext. 4"
    assert contact["phones"][0]["extension"] == "4" and contact["phones"][0]["kind"] == "phone"
    assert contact["emails"][0]["normalized"] == "ann@acme.example"
    assert data["problems"] == [] and data["region"] == "US" and data["release_date"] == "2026-06-01"


def test_title_skips_release_boilerplate() -> None:
    assert parse_release("FOR IMMEDIATE RELEASE\n\n  Big News Today\nLONDON – x").title == "Big News Today"


def test_digit_heavy_text_still_finds_the_contact_block_at_its_end() -> None:
    line = "Filed 2024-03-15 under docket 24-35123, ref 0012345, 1,250,000 units, 03/15/2026; "
    text = line * 6000 + "\n\nMedia Contact\nGreta Voss, (410) 837-2290, greta@harbor.example\n"
    result = parse_release(text, region="US")
    assert [c.name for c in result.media_contacts] == ["Greta Voss"]
    assert result.media_contacts[0].phones[0].e164 == "+14108372290"


def test_two_people_named_together_share_the_channels_after_them() -> None:
    text = (
        "Headline\n\nNEW YORK, June 1, 2026 – Text.\n\nMedia Contact:\nJane Doe and John Roe, Communications\n"
        "(212) 639-9675\npress@acme.example\n"
    )
    contacts = parse_release(text).media_contacts
    assert [(c.name, [p.e164 for p in c.phones]) for c in contacts] == [
        ("Jane Doe", ["+12126399675"]),
        ("John Roe", ["+12126399675"]),
    ]
    assert not parse_release(text).scored_problems


def test_a_title_split_by_a_comma_stays_one_title() -> None:
    text = (
        "Headline\n\nNEW YORK, June 1, 2026 – Text.\n\n"
        "Media Contact\nJane Doe, Director, Media Relations\n212-639-9675\n"
    )
    assert parse_release(text).media_contacts[0].title == "Director, Media Relations"


# --- hold-out weak spots: all-caps and CJK names, headings, layouts, no heading at all ---


def _names(text: str, region: str = "US") -> dict[str, tuple[str | None, list[str], list[str]]]:
    result = parse_release(text, region=region)
    return {
        c.name: (c.organization, [e.normalized or "" for e in c.emails if e.valid], [p.e164 or "" for p in c.phones])
        for c in result.media_contacts if c.name
    }


def test_all_caps_names_in_a_block_are_people() -> None:
    text = ("Union Votes to Strike\n\nMEDIA CONTACTS:\nSEAN O'NEILL, Communications Director, (614) 555-0162, "
            "soneill@nurses.example\nMARIA VAN DER BERG, Organizer, (614) 555-0163\n")
    got = _names(text)
    assert set(got) == {"SEAN O'NEILL", "MARIA VAN DER BERG"}
    assert got["MARIA VAN DER BERG"][2] == ["+16145550163"]


def test_japanese_and_korean_contact_blocks() -> None:
    ja = ("報道関係者各位\n\n【本件に関するお問い合わせ先】\n株式会社サンプル 広報部\n山田 花子\n"
          "TEL：03-6459-2231\nFAX：03-6459-2232\nE-mail：hanako@sample.example\n")
    result = parse_release(ja, region="JP")
    (contact,) = result.media_contacts
    assert contact.name == "山田 花子"
    assert {(p.e164, p.kind) for p in contact.phones} == {("+81364592231", "phone"), ("+81364592232", "fax")}
    ko = "보도자료\n\n문의: 서울환경연대 정책팀 김민준 팀장\n전화: 02-735-8812\n이메일: minjun@seoul.example\n"
    (contact,) = parse_release(ko, region="KR").media_contacts
    assert (contact.name, contact.title) == ("김민준", "팀장")


def test_bilingual_slash_heading_and_org_line_between_title_and_channels() -> None:
    text = ("Clinic Opens\n\nMedia Contact / Contacto de prensa:\nRosa de la Cruz\n(213) 555-0190 #204\n"
            "rosa@clinic.example\n")
    (contact,) = parse_release(text, region="US").media_contacts
    assert contact.name == "Rosa de la Cruz" and contact.phones[0].extension == "204"
    sg = ("For media enquiries, please contact:\n\nMs Tan Wei Ling\nSenior Manager, Corporate Communications\n"
          "Singapore Heritage Circle\nTel: +65 6123 4567\nEmail: weiling@heritage.example\n")
    got = _names(sg, "SG")
    assert got == {"Tan Wei Ling": ("Singapore Heritage Circle", ["weiling@heritage.example"], ["+6561234567"])}


def test_side_by_side_columns_and_org_label() -> None:
    text = ("CONTACTS:\nCity of Riverton\t\t\tRiverton Transit\nDana Whitfield\t\t\tOmar Haddad\n"
            "(503) 555-0134\t\t\t(503) 555-0187\ndana@riverton.example\t\tomar@transit.example\n")
    got = _names(text)
    assert got["Dana Whitfield"][1:] == (["dana@riverton.example"], ["+15035550134"])
    assert got["Omar Haddad"][1:] == (["omar@transit.example"], ["+15035550187"])
    joint = "Media contacts:\nShelter Street: Hannah Price, 020 7946 0321, hannah@shelter.example\n"
    assert _names(joint, "GB")["Hannah Price"][0] == "Shelter Street"


def test_contact_paragraph_without_heading_or_cue_and_doubled_at() -> None:
    text = ("Library Extends Hours\n\nSPRINGFIELD, Ill. – May 4, 2026 – The library will open on Sundays.\n\n"
            "Jane Doe, Communications Manager\n(217) 555-0143 | jane.doe@library.example\n")
    assert _names(text) == {"Jane Doe": (None, ["jane.doe@library.example"], ["+12175550143"])}
    bad = "Contact:\nPeter Lindgren, Manager\nPhone: (520) 555-0139\nEmail: peter@@orchestra.example\n"
    kinds = [p.kind for p in parse_release(bad, region="US").problems]
    assert "invalid_email" in kinds and "contact_without_channel" not in kinds


def test_social_profile_link_is_not_the_organisations_site() -> None:
    text = ("Friends Win Reprieve\n\nFollow [@LibFriends](https://x.example/LibFriends).\n\nMedia contact:\n"
            "Siobhan Moore, Coordinator, siobhan@libraryfriends.example\n")
    result = parse_release(text, region="GB")
    assert "x.example" not in result.websites
    assert not [p for p in result.problems if p.kind == "domain_mismatch"]


def test_chinese_labels_are_not_names_and_a_trunk_zero_is_no_organisation() -> None:
    zh = "新闻稿\n\n媒体联系人：王小明 经理\n电话：010-6512 3456\n传真：010-6512 3457\n邮箱：wang@org.example\n"
    (contact,) = parse_release(zh, region="CN").media_contacts
    assert (contact.name, contact.title) == ("王小明", "经理")
    assert {p.kind for p in contact.phones} == {"phone", "fax"}
    de = "Pressemitteilung\n\nPressekontakt:\nAnna Weber, Pressesprecherin\nTel. +49 (0)89 1234567\na@verein.example\n"
    (contact,) = parse_release(de, region="DE").media_contacts
    assert contact.organization is None


def test_a_note_line_inside_a_block_does_not_end_it_but_a_new_paragraph_of_prose_does() -> None:
    text = ("Headline\n\nMedia contact:\nJane Doe, Press Officer\n"
            "Available for interviews on weekdays between nine and five in English or Spanish\njane@org.example\n")
    assert _names(text)["Jane Doe"][1] == ["jane@org.example"]
    top = ("MEDIA CONTACTS:\nSEAN O'NEILL, Director, (614) 555-0162\n\n"
           "COLUMBUS, Ohio – Nurses at three Mercy Valley hospitals voted to authorize a strike, the union\n"
           "announced today, after talks with Mercy Valley Health broke down.\n")
    assert set(_names(top)) == {"SEAN O'NEILL"}

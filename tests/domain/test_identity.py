from outreach.domain.identity import IdentityIndex, IdentityKeys, name_key, same_person


def test_shared_email_in_any_case_is_the_same_person() -> None:
    a = IdentityKeys.of(emails=["Elena.Garcia@civictimes.example"], name="Elena García")
    b = IdentityKeys.of(emails=["elena.garcia@CIVICTIMES.example".lower()], name="E. Garcia")
    assert same_person(b, a)


def test_same_vcard_uid_is_the_same_person() -> None:
    assert same_person(IdentityKeys.of(uid="urn:uuid:1", name="A"), IdentityKeys.of(uid="urn:uuid:1", name="B"))


def test_shared_switchboard_never_makes_two_people_one() -> None:
    switchboard = "+442079460000"
    a = IdentityKeys.of(phones=[switchboard], name="Tom Avery")
    b = IdentityKeys.of(phones=[switchboard], name="Sara Lind")
    assert not same_person(b, a)


def test_phone_and_name_match_only_when_the_incoming_record_has_no_email() -> None:
    stored = IdentityKeys.of(emails=["tom@x.example"], phones=["+441174960831"], name="Tom Avery")
    without_email = IdentityKeys.of(phones=["+441174960831"], name="tom  avery")
    with_other_email = IdentityKeys.of(emails=["t.avery@y.example"], phones=["+441174960831"], name="Tom Avery")
    assert same_person(without_email, stored)
    assert not same_person(with_other_email, stored)


def test_names_compare_without_case_accents_or_titles() -> None:
    assert name_key("Dr. Chloé  DUBOIS") == name_key("chloe dubois")


def test_index_resolves_repeated_rows_to_the_first_person() -> None:
    index = IdentityIndex()
    first = IdentityKeys.of(emails=["a@x.example"], name="Ann")
    index.add(1, first)
    assert index.find(IdentityKeys.of(emails=["A@X.example"], name="Ann B")) == 1
    assert index.find(IdentityKeys.of(emails=["other@x.example"], name="Ann")) is None
    index.add(2, IdentityKeys.of(phones=["+15105550100"], name="Bo Li"))
    assert index.find(IdentityKeys.of(phones=["+15105550100"], name="Bo Li")) == 2
    assert index.find(IdentityKeys.of(phones=["+15105550100"], name="Cy Wu")) is None


def test_of_two_stored_people_with_the_same_key_the_lower_id_holds_it_whatever_the_order() -> None:
    alice = IdentityKeys.of(phones=["+442079460777"], name="Alice Smith")
    with_mail = IdentityKeys.of(emails=["a2@x.example"], phones=["+442079460777"], name="Alice Smith")
    row = IdentityKeys.of(phones=["+442079460777"], name="alice smith")
    for order in ([(2, alice), (3, with_mail)], [(3, with_mail), (2, alice)]):
        index = IdentityIndex()
        index.add(-1, IdentityKeys.of(emails=["new@x.example"]))  # a person of the import: never displaced
        for person, keys in order:
            index.add_stored(person, keys)
        index.add_stored(4, IdentityKeys.of(emails=["new@x.example"]))
        assert index.find(row) == 2
        assert index.find(IdentityKeys.of(emails=["a2@x.example"])) == 3
        assert index.find(IdentityKeys.of(emails=["new@x.example"])) == -1

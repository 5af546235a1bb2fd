"""Consultation channels per city (corpus/contacts.yaml) and the refusal's closing sentence."""

from __future__ import annotations

import pytest

from bot.answers.contacts import ContactsError, contact_line, contacts_for, load_contacts
from corpus.catalogue import document_text, get_document

ALL_CONTACTS = [(city, c) for city, entries in load_contacts().items() for c in entries]


@pytest.mark.parametrize(("city", "contact"), ALL_CONTACTS, ids=[f"{c}-{x.value}" for c, x in ALL_CONTACTS])
def test_contact_quote_is_an_exact_substring_of_its_document_of_that_city(city, contact):
    assert contact.quote in document_text(contact.doc_id)
    assert get_document(contact.doc_id).city == city


@pytest.mark.parametrize(("city", "contact"), ALL_CONTACTS, ids=[f"{c}-{x.value}" for c, x in ALL_CONTACTS])
def test_contact_value_appears_in_its_quote(city, contact):
    assert contact.value in contact.quote


def test_suizhou_line_names_both_brochure_numbers():
    # 随州 brochure: "待遇政策咨询 0722-3560608", "参保政策咨询 0722-3338711"
    assert contact_line("随州") == (
        "如需进一步咨询，可拨打随州市医保待遇政策咨询电话0722-3560608，或拨打参保政策咨询电话0722-3338711。"
    )


def test_changchun_line_gives_the_call_centre_and_the_wechat_account():
    # 长春 handbook Q44: "长春医保：呼叫服务中心电话81110000"; Q45: "可关注长春医保微信公众号"
    assert contact_line("长春") == "如需进一步咨询，可拨打长春医保呼叫服务中心电话81110000，或关注长春医保微信公众号。"


def test_district_line_comes_first_when_the_area_is_known():
    # 长春 handbook Q44: "榆树市医保业务咨询电话：83850067"
    assert contact_line("长春", area="榆树市").startswith("如需进一步咨询，可拨打榆树市医保业务咨询电话83850067，或")


def test_reporting_line_is_not_offered_for_consultation():
    # 淮安 Q95 gives 0517-12393 for reporting fraud (举报), not for questions.
    assert all(c.kind != "report" for c in contacts_for("淮安"))
    assert "12393" not in contact_line("淮安")


def test_city_whose_documents_name_no_channel_has_no_line():
    assert contact_line("长治") is None


def test_no_national_line_without_a_document_naming_one():
    assert contact_line(None) is None


def test_unknown_city_in_the_file_is_an_error(tmp_path):
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts:\n  杭州: []\n", encoding="utf-8")
    with pytest.raises(ContactsError, match="杭州"):
        load_contacts.__wrapped__(path)


def test_lines_kept_for_one_matter_are_not_offered_in_a_refusal():
    # 随州 brochure: "…均需拨打人保公司外伤专线电话（0722-3563216）报备"; 长春 handbook 44: "登记征缴处81110067"
    assert "0722-3563216" not in contact_line("随州")
    assert "81110067" not in contact_line("长春")


def test_the_reporting_reward_is_not_offered_for_consultation():
    # 淮安 Q93: "最高奖励 20 万元" belongs with the reporting channels
    assert all(c.kind != "reward" for c in contacts_for("淮安"))


def test_unknown_matter_in_the_file_is_an_error(tmp_path):
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts:\n  长春:\n    - {kind: phone, matter: 天气, label: x, value: '1', doc_id: d, quote: '1'}\n",
                    encoding="utf-8")
    with pytest.raises(ContactsError, match="天气"):
        load_contacts.__wrapped__(path)

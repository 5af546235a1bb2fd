"""医疗救助 figures and recipient classes answered from the rules data (rule_figures, recipient_classes, facts).

Figures, from the documents:
- 长治 (cz-benefit-tables): 特困人员 "门诊慢性病政策范围内剩余部分按60%的比例救助；门诊特药保障范围内剩余部分按20%的
  比例救助"; 低保对象 "…按30%的比例救助；…按10%的比例救助"; 低保边缘家庭成员 "按60%的比例给予医疗救助，年度最高救助
  限额为4万元".
- 随州 (sz-resident-brochure): "一类医疗救助对象起付线0元", "二类医疗救助对象 起付线0元", "三类医疗救助对象 起付线
  1800元", "四类医疗救助对象起付线5000元", "年救助限额 4万元"; 脱贫人口 "仅参保缴费给予资助，门诊及住院待遇与普通居民一致".
- 淮安 (ha-2026-100qa, 六十八): "一类为特困人员，最低生活保障对象，困境儿童，…"; "二类为低保边缘家庭成员，支出型困难家庭中
  的大重病患者，具有当地户籍的临时救助对象中的大重病患者，易肇事肇祸严重精神障碍患者。"
"""

import datetime as dt
import re

import pytest

from bot.answers.facts import answer_figures, asked_aspects, figure_ask
from bot.answers.recipient_classes import classes_in_force, named_classes
from bot.understanding.understand import understand
from calculators.rules import load_city_rules
from corpus import DOCUMENTS_DIR

TODAY = dt.date(2026, 12, 3)
DOCUMENTS = {"长治": "cz-benefit-tables", "随州": "sz-resident-brochure", "淮安": "ha-2026-100qa",
             "连云港": "lyg-2018-policy-notice"}


def answer(city: str, question: str):
    u = understand(question, today=TODAY, city=city)
    ask = figure_ask(u.normalized, u.slots)
    if ask is None:
        return None
    evidence = [(DOCUMENTS_DIR / f"{DOCUMENTS[city]}.txt").read_text(encoding="utf-8")]
    return answer_figures(city, ask, u.slots, TODAY, u.normalized, evidence)


def rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    body = [line for n, line in enumerate(lines)
            if line.startswith("| ") and not (n + 1 < len(lines) and lines[n + 1].startswith("|---"))]
    return [[re.sub(r"\[\d+\]", "", cell).strip() for cell in row.strip("| ").split(" | ")] for row in body]


def plain(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)


def test_the_outpatient_remaining_share_rate_of_a_named_group_and_kind_of_care():
    # 低保对象: "门诊特药保障范围内剩余部分按10%的比例救助"
    a = answer("长治", "长治低保家庭看门诊用了特药，医保报完剩下的救助按几成给")
    assert rows(a.text) == [["低保对象", "10%"]]


def test_a_kind_of_care_is_named_by_any_of_its_names():
    # 特困人员: "门诊慢性病政策范围内剩余部分按60%的比例救助" (慢特病 names 门诊慢性病)
    a = answer("长治", "长治五保户慢特病门诊剩余部分医疗救助比例是多少")
    assert rows(a.text) == [["特困人员", "60%"]]


def test_a_stay_named_does_not_ask_the_outpatient_rates():
    # 特困人员 住院: "目录内个人自付100%救助"
    a = answer("长治", "长治特困供养人员住院后个人自付部分医疗救助比例")
    assert [r[:2] for r in rows(a.text)][0] == ["特困人员", "100%"]
    assert "门诊救助比例" not in a.text


def test_an_ordinal_class_selects_the_groups_it_contains():
    # "三类医疗救助对象 起付线1800元"; its groups: 城乡低保边缘家庭成员, 纳入监测范围的农村易返贫致贫人口
    a = answer("随州", "随州第三类救助对象的医疗救助起付标准")
    assert rows(a.text)[0] == ["低保边缘家庭成员、易返贫致贫人口、监测对象（三类医疗救助对象）", "1800元"]


def test_an_ordinal_class_written_in_digits_selects_its_groups():
    # "二类医疗救助对象 起付线0元" over 城乡最低生活保障对象（低保）and 返贫致贫人口
    a = answer("随州", "随州2类医疗救助对象起付线")
    assert rows(a.text)[0] == ["低保对象、返贫致贫人口（二类医疗救助对象）", "0元"]


def test_a_class_left_open_gives_the_table_of_every_class():
    # 一类 0元, 二类 0元, 三类 1800元, 四类 5000元 (倾斜救助 and 依申请救助 rows beside them)
    a = answer("随州", "随州医疗救助对象起付线各是多少")
    table = {r[0]: r[1] for r in rows(a.text) if "倾斜" not in r[0]}
    assert table == {"特困人员、孤儿（一类医疗救助对象）": "0元", "低保对象、返贫致贫人口（二类医疗救助对象）": "0元",
                     "低保边缘家庭成员、易返贫致贫人口、监测对象（三类医疗救助对象）": "1800元",
                     "因病致贫重病患者（四类医疗救助对象）": "5000元", "依申请救助": "6000元"}


def test_the_most_assistance_a_year_asks_the_limit_alone():
    # "年救助限额 4万元"
    a = answer("随州", "随州孤儿一年最多能救助多少钱")
    assert rows(a.text)[0] == ["孤儿（一类医疗救助对象）", "4万元"]


@pytest.mark.parametrize("question, aspects", [
    ("自付多少以上才给救助", ["deductible"]),  # 付多少 inside the words asking the threshold
    ("一年最多救多少", ["cap"]),  # 救多少 inside 最多救…
    ("救助能给多少", ["overview"]),
])
def test_a_how_much_word_inside_a_figures_words_asks_that_figure(question, aspects):
    assert asked_aspects(question) == aspects


def test_a_group_is_named_by_its_own_words_not_by_a_longer_groups():
    # 低保边缘家庭成员: "按60%的比例给予医疗救助"; 低保 inside 低保边缘 names no 低保对象
    a = answer("长治", "长治低保边缘户住院医疗救助按几成")
    assert [r[0] for r in rows(a.text)] == ["低保边缘家庭成员", "低保边缘家庭成员 · 倾斜救助"]


def test_who_belongs_to_a_class_is_the_documents_enumeration():
    a = answer("淮安", "淮安第二类医疗救助对象都是哪些人")
    assert plain(a.text) == ("淮安二类医疗救助对象包括：低保边缘家庭成员，支出型困难家庭中的大重病患者，"
                             "具有当地户籍的临时救助对象中的大重病患者，易肇事肇祸严重精神障碍患者。")


def test_the_class_of_a_group_named_by_its_everyday_name():
    a = answer("淮安", "我家是低保边缘户，在淮安算医疗救助对象里的哪一类")
    assert plain(a.text).splitlines()[0] == "淮安低保边缘家庭成员属于二类医疗救助对象。"


def test_the_class_of_a_group_named_by_its_qualifying_words():
    a = answer("淮安", "淮安家里有易肇事肇祸的病人，属于第几类救助对象")
    assert plain(a.text).splitlines()[0] == "淮安易肇事肇祸严重精神障碍患者属于二类医疗救助对象。"


def test_how_many_classes_lists_every_class_with_its_members():
    a = answer("淮安", "淮安的医疗救助对象一共分几类")
    lines = plain(a.text).splitlines()
    assert lines[0] == "淮安的医疗救助对象分为2类："
    assert [line.split("：")[0] for line in lines[1:3]] == ["- 一类医疗救助对象", "- 二类医疗救助对象"]


def test_a_group_the_benefit_excludes_gets_the_documents_words():
    a = answer("随州", "随州脱贫户算第几类医疗救助对象")
    assert plain(a.text).splitlines()[0] == "随州脱贫人口：仅参保缴费给予资助，门诊及住院待遇与普通居民一致。"


def test_a_city_whose_documents_give_no_assistance_figures_is_declined():
    a = answer("连云港", "连云港低保户住院医疗救助比例是多少")
    assert a.declined and a.text == "抱歉，连云港的政策文件没有给出医疗救助的比例标准。"


def test_which_class_names_no_class():
    classes = classes_in_force("淮安", "assistance_classes", TODAY)
    assert named_classes("低保边缘户算哪一类", classes) == []
    assert [c.name for c in named_classes("第一类救助对象", classes)] == ["一类医疗救助对象"]


def test_every_assistance_category_is_in_the_class_its_rules_name():
    categories = load_city_rules("随州").raw_in_force("assistance", TODAY)["categories"]
    classes = classes_in_force("随州", "assistance_classes", TODAY)
    of = {group: c.name for c in classes for group in c.groups}
    assert {g: rule["class_name"] for g, rule in categories.items()} == {g: of[g] for g in categories}


def test_a_groups_rate_for_out_of_list_costs_is_read_from_the_data():
    # 返贫致贫人口: "省内住院目录外控制比例范围内的住院医疗费用由医疗救助基金按85%的比例救助"
    a = answer("长治", "长治返贫致贫户住院目录外的费用救助比例")
    assert rows(a.text)[0] == ["返贫致贫人口", "70%", "90%", "85%"]


def test_a_care_setting_asked_beside_assistance_asks_the_assistance_figure():
    # the question clause names 门诊 only; 医疗救助 named before it pays on that care:
    # 低保对象 "门诊特药保障范围内剩余部分按10%的比例救助"
    a = answer("长治", "长治低保户医疗救助，门诊特药那部分几成")
    assert rows(a.text) == [["低保对象", "10%"]]

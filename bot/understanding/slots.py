"""What a resident's message says about their case: amounts, hospital, person, groups, dates, benefit.

`extract_slots(text, today)` -> `Slots`. Only what the text says is filled; a missing slot stays
None (or empty) so that the answering layer can ask for it. Words under a negation in the same
clause (不是学生, 非特困低保, 没有糖尿病, 不含大病保险) are not taken as said.

Values use the calculators' vocabulary (`calculators.vocab`) where it has one: hospital level
一级/二级/三级, grade 甲等/乙等, tier 省级/市级/县区级, the special groups' canonical names. The
person kind is finer than the calculators' person type (elderly, newborn, college student);
`Slots.person_type()` maps it. Word lists are data at the top of the module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.understanding.destinations import care_destinations
from bot.understanding.numbers import DateMention, Quantity, extract_dates, extract_numbers, parse_number
from corpus import LEXICON_DIR
from corpus.word_classes import WordClassesError, alternation, load_word_classes

PersonKind = Literal["adult", "minor", "student", "college_student", "elderly", "newborn"]
Benefit = Literal[
    "inpatient", "critical_illness", "outpatient", "two_diseases", "chronic_disease", "contribution",
    "waiting_period", "assistance", "long_term_care", "maternity", "settlement",
]
OutOfArea = Literal["本地", "省内", "省外", "异地"]
Filing = Literal["已备案", "未备案"]
OutOfAreaKind = Literal["临时外出", "异地长期居住", "转诊转院"]

# ---------------------------------------------------------------------------------------------
# Word lists (data). Each maps a value to the words that say it; the longest word wins at a position.

NEGATION_RE = re.compile(
    r"不是|并不是|不属于|不算|不含|不包括|不包含|不考虑|不计|不用算|不涉及|并非|除了|除去|没有|没|未(?!成年)|非(?!常)|无(?!论|锡)|不在"
)
# Saying a thing does not apply by a word after it (精神病不沾边, 和低保没关系, 与特困无关).
UNRELATED_AFTER_RE = re.compile(
    r"[^,，。;；!！?？\s]{1,8}?(?:都|也|完全|根本|一点)?(?:不沾边|不挨边|不搭界|不相干|扯不上|无关|没关系|没有关系|没啥关系|没什么关系)"
    # left out of the reckoning (救助不算, 大病先不考虑, 医疗救助除外)
    r"|[^,，。;；!！?？\s\d]{1,6}?(?:先|暂|暂时|都)?(?:不算|不计|不考虑|不用算|除外|另算|先不管)"
)
# A space after a Chinese character separates phrases the way a comma does in terse messages
# ("没赶上预缴期 2026年2月补交了"); a space inside a figure ("2 万元") does not.
CLAUSE_BREAK_RE = re.compile(r"[,，。;；!！?？\n|｜:：()（）]|——|(?<=[\u4e00-\u9fff])\s+")

PERSON_WORDS: dict[PersonKind, tuple[str, ...]] = {
    "newborn": ("新生儿", "新生婴儿", "刚出生", "刚生的", "刚生下", "婴儿"),
    "college_student": ("大学生", "读大学", "上大学", "在读大学", "研究生", "大专", "高校", "本科生", "高职",
                        # 中专 students are of the 大中专院校 (大中专学生) the contribution tables price apart
                        "中专", "技工院校", "技校"),
    "student": ("在校学生", "学生", "上学", "在校", "读书", "高一", "高二", "高三", "初一", "初二", "初三",
                "小学", "初中", "高中", "中学", "中小学", "中职", "职高", "一年级", "二年级", "三年级",
                "四年级", "五年级", "六年级"),
    "adult": ("成年人", "成年居民", "成年", "成人", "大人"),
    "minor": ("未成年人", "未成年", "孩子", "小孩", "儿童", "宝宝", "娃", "幼儿", "小朋友", "孙子", "孙女", "外孙"),
    "elderly": ("老年人", "老人", "老年", "老两口", "我爸", "我妈", "爸爸", "妈妈", "父亲", "母亲", "老伴", "爷爷", "奶奶",
                "外公", "外婆", "姥姥", "姥爷", "老爷子", "老太太", "公公", "婆婆", "岳父", "岳母"),
}
# When several kinds are said, the most specific one is the person's.
PERSON_PRIORITY: tuple[PersonKind, ...] = ("college_student", "student", "newborn", "adult", "minor", "elderly")
ADULT_AGE, ELDERLY_AGE = 18, 60

GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "特困人员": ("特困人员", "特困供养人员", "特困供养", "特困", "五保户", "五保"),
    "孤儿": ("孤儿", "事实无人抚养儿童"),
    "低保边缘家庭成员": ("低保边缘家庭成员", "低保边缘家庭", "低保边缘户", "低保边缘"),
    "低保对象": ("低保对象", "低保户", "低保家庭", "最低生活保障对象", "最低生活保障家庭成员", "最低生活保障家庭",
                 "最低生活保障", "低保"),
    "返贫致贫人口": ("返贫致贫人口", "返贫致贫"),
    "易返贫致贫人口": ("易返贫致贫人口", "易返贫致贫"),
    "监测对象": ("脱贫不稳定人口", "脱贫不稳定户", "脱贫不稳定", "边缘易致贫户", "边缘易致贫", "突发严重困难户",
                 "监测对象"),
    "脱贫人口": ("脱贫人口", "脱贫户", "原建档立卡", "建档立卡", "脱贫"),
    "因病致贫重病患者": ("因病致贫重病患者", "因病致贫"),
    "医疗救助对象": ("医疗救助对象", "救助对象"),
    "低收入人口": ("低收入人口", "低收入家庭", "低收入困难群众", "低收入"),
    "残疾人": ("残疾人", "残疾"),
    "丧失劳动能力": ("完全丧失劳动能力", "丧失劳动能力"),
    "优抚对象": ("优抚对象", "优抚人员", "重点优抚", "抚恤补助", "优抚"),
    # further groups the contribution rules subsidise (calculators.contributions.GroupName)
    "困境儿童": ("困境儿童",),
    "精减退职职工": ("精减退职职工", "精简退职职工", "精减退职", "精简退职"),
    "特困职工": ("特困职工",),
    "支出型困难家庭大重病患者": ("支出型困难家庭中的大重病患者", "支出型困难家庭的大重病患者", "支出型困难家庭大重病患者",
                                 "支出型困难家庭"),
    "临时救助对象大重病患者": ("临时救助对象中的大重病患者", "临时救助对象的大重病患者", "临时救助对象大重病患者"),
    "计划生育特殊困难家庭": ("计划生育特殊困难家庭", "计生特殊困难家庭", "计生特困家庭", "失独家庭", "失独"),
    # by its qualifying words only: 严重精神障碍 alone is a listed disease (门诊特殊病), not this group
    "易肇事肇祸严重精神障碍患者": ("易肇事肇祸", "肇事肇祸"),
    "困难老年人": ("困难老年人", "困难老人"),
    "退役军人": ("退役军人", "退伍军人"),
    "刑满释放人员": ("刑满释放人员", "刑满释放"),
}
# Word classes of the calculation understanding kept as data (corpus/lexicon/calc_words.txt).
CALC_WORDS = load_word_classes(LEXICON_DIR / "calc_words.txt",
                               ("group_head", "transplant_organ", "transplant_treatment", "visiting",
                                "fixed_low_copay", "fixed_hospice", "fixed_district", "kindergarten", "whole_year",
                                "half_year", "reach_verb", "own_payer", "own_pay_verb", "own_pay_verb_obliged",
                                "negation_scope_end", "negation_contrast"))


def _with_other_heads(table: dict[str, tuple[str, ...]], heads: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """`table` with each word that ends in a generic head (户, 人口, 人员, 对象, 家庭 …) also said with every
    other head (突发严重困难户 -> 突发严重困难人口, 突发严重困难家庭); a variant another value already has,
    or two values would share, is left out."""
    taken = {w: v for v, words in table.items() for w in words}
    added: dict[str, set[str]] = {}
    for value, words in table.items():
        for word in words:
            head = next((h for h in heads if word.endswith(h) and len(word) - len(h) >= 2), None)
            if head is None:
                continue
            for other in heads:
                variant = word[: -len(head)] + other
                if variant not in taken:
                    added.setdefault(variant, set()).add(value)
    out = {v: list(words) for v, words in table.items()}
    for variant, values in added.items():
        if len(values) == 1:
            out[next(iter(values))].append(variant)
    return {v: tuple(words) for v, words in out.items()}


GROUP_WORDS = _with_other_heads(GROUP_WORDS, CALC_WORDS["group_head"])
DISABILITY_GRADE_RE = re.compile(r"([一二三四1234])级(?:伤)?残疾|残疾(?:等级)?(?:为|是)?([一二三四1234])级")

# The first day of cover named as a noun (call-centre notes: 问待遇起始日, 生效日期).
WAIT_START_NOUNS = ("待遇起始日", "待遇开始日", "待遇生效日", "待遇起始时间", "待遇开始时间", "待遇生效时间",
                    "待遇享受时间", "享受待遇时间", "起始日期", "起始日", "生效日期", "生效日", "起算日", "起保日",
                    "开始享受日")
# Phone typos of 住院 residents send (a near sound or a neighbouring key); 住院 said by any of them
# (STAY_WORD) is a hospital stay wherever a reading names one.
STAY_TYPOS = ("住阮", "住元", "注院", "驻院")
STAY_NAMES = ("住院", *STAY_TYPOS)
STAY_WORD = "(?:" + "|".join(STAY_NAMES) + ")"
BENEFIT_WORDS: dict[Benefit, tuple[str, ...]] = {
    "critical_illness": ("大病保险", "大病医保", "大病医疗保险", "二次报销", "大病"),
    "assistance": ("医疗救助", "倾斜救助", "依申请救助", "救助"),
    "long_term_care": ("长期护理保险", "长期护理", "长护险", "照护保险", "照护", "失能", "护理保险"),
    "two_diseases": ("两病",),
    "chronic_disease": ("门诊慢特病", "门诊慢性病", "门诊特殊病", "门诊特殊慢性病", "门诊慢病", "慢特病", "慢性病",
                        "慢病", "门慢", "门特", "特殊病",
                        # the special-disease scheme by its other names (门诊特殊疾病, 门诊特定病种, 特病)
                        "门诊特殊疾病", "特殊疾病门诊", "门诊特定病种", "门诊特定病", "特定病种", "特殊疾病", "特病"),
    "maternity": ("生孩子", "生小孩", "生育", "顺产", "剖腹产", "剖宫产", "分娩", "产检", "怀孕"),
    "waiting_period": ("等待期", "哪天起", "哪一天起", "哪天开始", "哪一天开始", "从哪天", "从哪一天", "什么时候能用",
                       "什么时候可以用", "什么时候开始", "什么时候能报", "何时起", "何时开始", "待遇享受", "享受待遇",
                       "开始享受", "啥时候能用", "什么时候能开始", "开始报销", "等多久", "多久才能", "多久能用",
                       # the day asked for as a noun (问待遇起始日, 生效日期是哪天)
                       *WAIT_START_NOUNS),
    "contribution": ("交多少", "缴多少", "要交", "缴费", "交钱", "交费", "保费", "医保费", "参保费", "缴纳", "补缴",
                     "补交", "实缴", "自缴", "个人缴"),
    "settlement": ("直接结算", "一站式结算", "一站式", "手工报销", "零星报销", "垫付", "即时结算", "先诊疗后付费"),
    "outpatient": ("门诊统筹", "普通门诊", "门诊", "一般诊疗费", "开药", "拿药"),
    "inpatient": ("日间手术", "住院", "住了院", "住的院", "住过院", "住过一次院", "住了一次院", "出院", "入院", "住了", "住三甲", "住二甲", "住三级", "住二级", "住一级",
                  "住这一次", *STAY_TYPOS),
}
# "交医保", "交2026年的居民医保": paying the premium, said with the year or scheme between the verb and 医保.
CONTRIBUTION_PHRASE_RE = re.compile(
    r"[交缴]纳?(?:\d{4}年度?的?|今年的?|明年的?|当年的?)?(?:城乡)?(?:居民)?(?:基本)?(?:医疗保险|医保)(?![卡费])"
)
# A hospital stay said with a directional verb (住进了市人民医院, 住到县医院, 住在二级医院).
INPATIENT_STAY_RE = re.compile(
    r"住(?:进|到|在|的是|的)了?[^,，。;；?？]{0,10}?医院"  # 住的是市里的二级甲等医院
    r"|住(?:过|了)?(?:这|那)?(?:[一两二三四五六七八九\d])(?:回|次|趟)院?"  # 住过一回, 住了两次院, 住过这一回
    # 住 with the hospital as its direct object (住市内一级定点医院, 住县中医院): not 居住/常住/暂住/家住 or 住址
    r"|(?<![居常暂入家])住(?![址房宿处户])[^,，。;；?？\s]{0,10}?(?:医院|卫生院)"
)
# Asking on which day cover starts (哪天能用, 什么时候可以报, 几号起能享受): a waiting-period question
# when the message gives the date the wait runs from.
WAIT_WHEN_RE = re.compile(
    r"(?:哪一?天|什么时候|啥时候|何时|几号|几月几[日号])(?:起|开始)?(?:才|就)?(?:能|可以|可)?(?:开始)?(?:用|报|享受|生效"
    # cover had (啥时候开始有待遇, 什么时候能有保障, 哪天起享有医保待遇)
    r"|有(?:医保)?待遇|享有(?:医保)?待遇|有保障)"
)
# Asking when cover resumes after a lapse (何时恢复待遇, 待遇哪天能恢复, 什么时候能重新报销).
RESUME_ASK_RE = re.compile(r"恢复(?:医保)?(?:待遇|享受|报销)|待遇[^,，。;；?？]{0,6}?恢复|重新(?:享受|报销|能报|可以报)")
# Asking how long until the insurance pays: the waiting period when the message gives the date the
# wait runs from (a payment, a birth, a change of status); without one (出院后多久能报销) it asks
# about settlement time and names no benefit.
WAIT_ASK_WORDS = (
    "多久能报", "多长时间能报", "多久可以报", "多长时间可以报", "多久才能报", "多长时间才能报", "多久才可以报",
    "多久能享受", "多长时间能享受", "多久生效", "多长时间生效", "多长时间能用", "多久可以用", "多长时间可以用",
    "要等多长时间", "等多长时间", "多久后能报", "多久以后能报",
)
# What quantity the question asks for, when it is not the benefit's own figure (checked in the
# question's clause first, then in the whole message):
# - a deadline: the last day to pay (最晚哪天, 最迟什么时候, 截止到几号) after an event's date;
# - the basic scheme and 大病保险 together (基本医保和大病保险一共, 统筹加大病合计);
# - 大病保险 alone after the basic scheme (基本医保报销后大病保险再报);
# - the resident's own share (自己要掏多少, 个人负担多少).
# - the last day of cover after a change of status (毕业后能用到哪天, 保到什么时候).
Asked = Literal["deadline", "combined", "critical_illness", "personal_share", "cover_end"]
COVER_END_ASK_RE = re.compile(
    r"(?:用到|保到|管到|报到|享受到|延续到|有效到|到)(?:哪一?天|什么时候|啥时候|几月几[日号]|几号|何时|哪个月)"
)
DEADLINE_ASK_RE = re.compile(
    r"(?:最晚|最迟|截止|截至|最后期限|期限)[^,，。;；?？]{0,4}?(?:哪一?天|什么时候|啥时候|几月几|几号|何时|哪个日子)"
    # the last day named as a noun (问最晚截止日, 缴费截止日期, 最后一天)
    r"|(?:最晚|最迟)?[^,，。;；?？]{0,4}?(?:截止|截至)(?:日期|日|时间)|(?:最晚|最迟)[^,，。;；?？]{0,4}?(?:日期|时间|一天|日子)"
    r"|最后期限|最后一天"
    # before which day to pay (什么时候前交, 几号之前要缴)
    r"|(?:哪一?天|什么时候|啥时候|几号|何时)(?:之前|以前|前)[^,，。;；?？]{0,3}?(?:交|缴|参保|办)"
)
BASIC_WORD = r"(?:基本医保|基本医疗保险|居民医保|统筹基金|统筹|医保基金|基本医疗|基本(?!医疗救助|救助)|医保(?![局卡码]))"
CRITICAL_WORD = r"(?:大病保险|大病医保|大病)"
# Both schemes named, in either order (基本医保和大病保险一共, 大病加基本合计).
COMBINED_ASK_RE = re.compile(
    r"(?:" + BASIC_WORD + r"[^,，。;；?？]{0,6}?(?:和|加|加上|与|及|跟|\+)" + r"[^,，。;；?？]{0,2}?" + CRITICAL_WORD
    + r"|" + CRITICAL_WORD + r"[^,，。;；?？]{0,6}?(?:和|加|加上|与|及|跟|\+)" + r"[^,，。;；?？]{0,2}?" + BASIC_WORD
    + r")[^。;；?？]{0,12}?(?:一共|合计|总共|共|加起来|合起来|总计)"
)
CRITICAL_AFTER_BASIC_RE = re.compile(
    BASIC_WORD + r"[^。;；?？]{0,6}?(?:报销后|报完|支付后|报了以后|之后)[^。;；?？]{0,6}?" + CRITICAL_WORD
    + r"[^。;；?？]{0,6}?(?:再|还|又|能|可以)?[^。;；?？]{0,3}?(?:报|赔|支付|付)"
)
# What is left on the resident after the schemes have paid (落到我自己身上, 摊到个人头上, 剩给自己).
LEFT_ON_SELF = (r"(?:落|摊|剩|留)(?:到|在|给|下)?[^,，。;；?？]{0,2}?(?:我|自己|个人|本人|自个儿)[^,，。;；?？]{0,3}?"
                r"(?:身上|头上|手里|这儿|这里)?[^,，。;；?？]{0,3}?(?:多少|几)")
# The own share asked by its noun (自负部分是多少, 自付金额多少, 自担的钱有多少).
OWN_SHARE_NOUN = r"(?:自负|自付|自担)(?:的)?(?:部分|金额|费用|钱|数)?[^,，。;；?？\d]{0,3}?(?:多少|几)"
# The payer and a verb of paying out (calc_words.txt own_payer, own_pay_verb): 我得掏, 个人要出, 咱自己付; a verb
# that also means receiving pays out only after a modal of obligation (自己要拿; not 我能拿). 出 of 出院/出生 … pays nothing.
OWN_PAYER = alternation(CALC_WORDS["own_payer"])
OWN_PAYING = ("(?:" + alternation(CALC_WORDS["own_pay_verb"])
              + r"|(?:要|得|需要|需|必须)" + alternation(CALC_WORDS["own_pay_verb_obliged"]) + r")(?![院生国差去来门现台])")
PERSONAL_SHARE_RE = re.compile(
    OWN_PAYER + r"[^,，。;；?？]{0,4}?" + OWN_PAYING + r"[^,，。;；?？]{0,3}?(?:多少|几)"
    # the reverse order: 剩下多少要自己掏, 有多少得个人负担
    + r"|(?:多少|几)[^,，。;；?？]{0,4}?(?:要|得|需要|需|由|归)" + OWN_PAYER + r"来?" + OWN_PAYING
    + "|" + LEFT_ON_SELF + "|" + OWN_SHARE_NOUN
)

# The benefit a question is about when it names several: the first in this order.
BENEFIT_PRIORITY: tuple[Benefit, ...] = (
    "assistance", "critical_illness", "long_term_care", "two_diseases", "chronic_disease", "maternity",
    "waiting_period", "outpatient", "inpatient", "contribution", "settlement",
)
TWO_DISEASES = ("高血压", "糖尿病")

SPECIAL_DISEASE_WORDS: dict[str, tuple[str, ...]] = {
    "耐多药肺结核": ("耐多药肺结核",),
    "肺结核": ("活动性肺结核", "活动性结核", "肺结核", "结核病", "结核"),
    "严重精神障碍": ("严重精神障碍", "精神障碍", "精神病", "精神分裂症", "精神分裂"),
    "尿毒症": ("尿毒症", "透析"),
    "恶性肿瘤": ("恶性肿瘤", "癌症", "肿瘤"),
    "白血病": ("白血病",),
    "血友病": ("血友病",),
    # a transplant by its organ (肾移植) or the treatment after one (抗排异): calc_words.txt
    "器官移植": ("器官移植", *(organ + "移植" for organ in CALC_WORDS["transplant_organ"]),
                 *CALC_WORDS["transplant_treatment"]),
    "慢性肾功能不全": ("慢性肾功能不全", "肾功能不全"),
    "进行性肌营养不良": ("进行性肌营养不良",),
    "再生障碍性贫血": ("再生障碍性贫血",),
}
DISEASE_WORDS: dict[str, tuple[str, ...]] = {
    "高血压": ("高血压",),
    "糖尿病": ("Ⅱ型糖尿病", "2型糖尿病", "糖尿病"),  # Ⅰ型糖尿病 is a type of its own (TYPE_OF below)
    "冠心病": ("冠心病",),
    "白内障": ("白内障",),
    "脑梗": ("脑梗死", "脑梗塞", "脑梗"),
    "脑卒中": ("脑卒中", "中风"),
    "心脏病": ("心脏病",),
    "肺炎": ("肺炎",),
    "骨折": ("骨折",),
    "阑尾炎": ("阑尾炎",),
    "哮喘": ("哮喘",),
    "慢阻肺": ("慢阻肺", "慢性阻塞性肺疾病"),
    "帕金森": ("帕金森",),
    "阿尔茨海默病": ("阿尔茨海默", "老年痴呆"),
}
# The diseases by the words residents use for them (corpus/lexicon/diseases.txt): everyday names and the
# drugs or treatments taken for one (糖尿, 洗肾, 降压药, 打胰岛素), readings said high (血压高, 血糖也高) and
# words naming several at once (三高).
DISEASE_LEXICON = load_word_classes(LEXICON_DIR / "diseases.txt")


def _lexicon_diseases(kind: str) -> dict[str, tuple[str, ...]]:
    """disease -> the words of its `<kind>.<disease>` classes; a disease no table knows is an error."""
    out = {}
    for name, words in DISEASE_LEXICON.items():
        head, _, disease = name.partition(".")
        if head != kind:
            continue
        if disease not in DISEASE_WORDS and disease not in SPECIAL_DISEASE_WORDS:
            raise WordClassesError(f"diseases.txt: {name!r} names no disease of the calculation vocabulary")
        out[disease] = words
    return out


def _with_everyday(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    everyday = _lexicon_diseases("everyday")
    return {key: (*words, *everyday.get(key, ())) for key, words in table.items()}


SPECIAL_DISEASE_WORDS = _with_everyday(SPECIAL_DISEASE_WORDS)
DISEASE_WORDS = _with_everyday(DISEASE_WORDS)


def _typed_diseases() -> dict[str, tuple[str, tuple[str, ...]]]:
    """`<type><disease>` -> (the disease, the words naming the type): diseases.txt `type.<disease>.<type>`,
    each type written before a word of its disease (1型糖尿病, 一型的糖尿病) or after it (糖尿病1型, 糖尿病(Ⅰ型))."""
    out = {}
    for name, numerals in DISEASE_LEXICON.items():
        head, _, rest = name.partition(".")
        if head != "type":
            continue
        disease, _, kind = rest.partition(".")
        if disease not in DISEASE_WORDS or not kind:
            raise WordClassesError(f"diseases.txt: {name!r} names no type of a disease of the calculation vocabulary")
        words = DISEASE_WORDS[disease]
        out[kind + disease] = (disease, tuple(
            form for numeral in numerals for word in words
            for form in (numeral + word, numeral + "的" + word, word + numeral, f"{word}({numeral})")))
    return out


_TYPED = _typed_diseases()
TYPE_OF: dict[str, str] = {typed: disease for typed, (disease, _) in _TYPED.items()}  # Ⅰ型糖尿病 -> 糖尿病
DISEASE_WORDS = {**DISEASE_WORDS, **{typed: words for typed, (_, words) in _TYPED.items()}}


def disease_of(name: str) -> str:
    """The disease a disease slot value is of: a type's disease (Ⅰ型糖尿病 -> 糖尿病), else the value itself."""
    return TYPE_OF.get(name, name)
# word -> the diseases it names at once (三高 -> 高血压, 糖尿病)
SEVERAL_DISEASES: dict[str, tuple[str, ...]] = {}
for _name, _diseases in DISEASE_LEXICON.items():
    if _name.startswith("several."):
        if not set(_diseases) <= set(DISEASE_WORDS):
            raise WordClassesError(f"diseases.txt: {_name!r} names a disease outside DISEASE_WORDS")
        SEVERAL_DISEASES[_name.partition(".")[2]] = _diseases
# A reading said high, with words of degree between (血压高, 血糖也高, 血压一直偏高; not 血压高不高): the
# disease of the reading.
READING_OF = {word: disease for disease, words in _lexicon_diseases("reading").items() for word in words}
READING_HIGH_RE = re.compile(
    "(" + alternation(tuple(sorted(READING_OF, key=len, reverse=True))) + ")"
    + alternation(DISEASE_LEXICON["high_degree"]) + "{0,3}" + alternation(DISEASE_LEXICON["high"]) + "(?!不)"
)

FACILITY_WORDS: dict[str, tuple[str, ...]] = {
    "社区卫生服务中心": ("社区卫生服务中心", "社区卫生服务站", "社区医院"),
    "乡镇卫生院": ("乡镇卫生院", "镇卫生院", "乡卫生院", "卫生院"),
    "村卫生室": ("村卫生室", "卫生室", "村医"),
    "诊所": ("诊所",),
    "基层": ("基层医疗机构", "基层定点", "基层"),
}
FACILITY_LEVEL = "一级"  # 一级 covers 一级及以下 (calculators.vocab)
TIER_WORDS: dict[str, tuple[str, ...]] = {
    # the hospital's place said as residents say it: 市里的, 市区; 县里的, 县城 (省里的 is mostly where a
    # referral goes, 转诊到省里, read by the out-of-area words)
    "省级": ("省级", "省属", "省人民医院", "省医院", "省立医院", "省直"),
    "市级": ("市级", "市属", "市人民医院", "市中心医院", "市中医院", "市立医院", "市里的", "市区"),
    "县区级": ("县区级", "县级", "区级", "县人民医院", "县中医院", "县医院", "区人民医院", "区中医院", "区医院",
               "县里的", "县城"),
}
LEVEL_RE = re.compile(r"([一二三123])\s?级\s?(甲等|乙等|甲|乙)?(?!残|伤残|护理|失能)|([一二三])(甲|乙)(?![类等]|双胍)")
LEVEL_NAMES = {"一": "一级", "二": "二级", "三": "三级", "1": "一级", "2": "二级", "3": "三级"}

# Where care is sought, as residents name it (corpus/lexicon/care_areas.txt).
CARE_AREA_WORDS = load_word_classes(LEXICON_DIR / "care_areas.txt",
                                    ("out_of_province", "in_province", "elsewhere", "local", "temporary",
                                     "long_stay", "referral", "self_referred", "emergency"))
OUT_OF_AREA_WORDS: dict[OutOfArea, tuple[str, ...]] = {
    "省外": CARE_AREA_WORDS["out_of_province"],
    "省内": CARE_AREA_WORDS["in_province"],
    "异地": CARE_AREA_WORDS["elsewhere"],
    "本地": CARE_AREA_WORDS["local"],
}
OUT_OF_AREA_PRIORITY: tuple[OutOfArea, ...] = ("省外", "省内", "异地", "本地")
NOT_FILED_RE = re.compile(
    r"(?:未|没有?|不)(?:办理?|做|进行|走|经|开具?)?过?(?:任何)?的?(?:异地就医|异地|转诊|转院|转外)?的?(?:备案|手续|审批|批准|转诊单|转院单)"
    r"|来不及办?(?:异地)?备案"
)
FILED_RE = re.compile(r"(?:已经?|办了|办理了|做了|办过)[^,，。;；?？]{0,8}?(?:备案|审批)|备案了|备过案|审批了|办了长期异地")
OUT_OF_AREA_KIND_WORDS: dict[OutOfAreaKind, tuple[str, ...]] = {
    "临时外出": (*CARE_AREA_WORDS["temporary"], *CALC_WORDS["visiting"]),
    "异地长期居住": CARE_AREA_WORDS["long_stay"],
    "转诊转院": CARE_AREA_WORDS["referral"],
}
SELF_REFERRED_WORDS = CARE_AREA_WORDS["self_referred"]
# Benefits that are no care: a place named beside them (在杭州打工，能在杭州交医保吗) is where the
# resident lives or works, not where care is sought.
NOT_CARE_BENEFITS = {"contribution", "waiting_period"}
EMERGENCY_WORDS = CARE_AREA_WORDS["emergency"]
FAMILY_DOCTOR_RE = re.compile(r"签[了过]?约?(?:了)?(?:家庭医生|家医)|(?:家庭医生|家医)签约|家签|签了?家庭医生")

# Amount context.
# The cost is what is left on the resident: said after a scheme has paid (基金支付后, 报过以后, 那道报完),
# or as what the resident bears (个人负担, 自己年度累计还负担着, 自付, 自负).
SELF_PAY_RE = re.compile(
    r"(?:报销|报|支付|结算|赔付|理赔|报账)(?:过|了|完)?(?:以后|之后|后)|报完|自付|自负|已扣除|剩下"
    r"|(?:个人|自己|本人|自个儿)[^,，。;；?？\d]{0,6}?(?:负担|承担|掏)"
)
TOTAL_COST_RE = re.compile(r"合规|政策范围内|总费用|花了|花到|花费|医疗费|费用|药费")
TOTAL_WORD_RE = re.compile(r"(?:一共|共计|合计|总共|总计|累计|总费用|总额)[^,，。;；]{0,6}$")
THRESHOLD_AFTER_RE = re.compile(r"\s?(?:以上|以下|以内|之内|之间|到|至|-|~|那一段|的部分|部分|起付|封顶)")
THRESHOLD_BEFORE_RE = re.compile(r"(?:到|至|-|~|超过|不超过|低于|高于)\s?$")
# 到 after a verb of reaching or accumulating (累计到, 滚到, 加起来到了, 花到): the sum the cost has reached,
# not a band's upper limit (calc_words.txt reach_verb).
REACHED_TO = alternation(CALC_WORDS["reach_verb"]) + r"了?(?:到|至)了?"
REACHED_BEFORE_RE = re.compile(REACHED_TO + r"\s?$")
PAID_BEFORE_RE = re.compile(r"(?:交了?|缴了?|缴费|保费)\s?$")
# 每天80元 / 每次30元 / 床位费一天45块 / 一天床位护理合计一百二 (the cost's words between)
# A figure for each visit (每次, 每回, 每趟, 每人次) or each day (每天, 日均, 平均每天, 一天平均).
PER_VISIT = r"每(?:一)?(?:次|回|趟|人次)"
PER_DAY = r"每(?:一)?(?:天|日)|日均|平均每?(?:天|日)|(?:每|一)(?:天|日)平均"
# A figure for each month (每月, 每个月, 月均, 平均每月): the year's cost is it times the months said.
PER_MONTH = r"每(?:一)?个?月|月均|平均每个?月|(?:每|一)个?月平均"
PER_VISIT_RE = re.compile(PER_VISIT)
PER_MONTH_RE = re.compile(PER_MONTH + r"|(?:/|一个)月")
PER_RE = re.compile(PER_DAY + "|" + PER_VISIT + "|" + PER_MONTH + r"|[一1](?:天|日)[^,，。;；\d]{0,8}$")
PER_AFTER_RE = re.compile(r"\s?(?:/|每|一)(?:天|日|次|个?月)")  # 45元/天, 80块一天, 230元/月
CLASS_RE = re.compile(r"([甲乙丙])类")
# A drug class written after its amount (5000元的乙类药, 其中800块是乙类; not 2万 乙类5000): the amount's label.
CLASS_AFTER_RE = re.compile(r"(?:元|块钱?)?(?:的|是|为)([甲乙丙])类(?:药品?|费用?|的)?(?!\s?\d)")
LIST_SEPARATOR_RE = re.compile(r"\s?(?:[、,，/]|和|或|及|跟|\s)\s?")  # between the items of an enumeration
ALL_CLASS_A_RE = re.compile(r"(?:都是|全是|全部是|全部为|均为|全为|全都是)甲类")

# Date roles: the words near a date that say what happened on it, checked in this order.
DATE_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "birth": ("出生", "出世", "降生", "生的"),
    "status_change": ("身份转换", "身份变更", "认定", "确认为", "转换", "辞职", "离职", "停保", "中断", "退役", "退伍",
                      "转业", "毕业", "刑满",
                      "出狱", "释放", "迁入", "落户", "居住证", "失业", "断缴", "断保",
                      # starting college (考进大专, 被大学录取, 入学)
                      "入学", "考进", "考上", "考入", "录取", "开学"),
    "payment": ("缴费", "缴纳", "交费", "补缴", "补交", "补上", "补齐", "补了", "交上", "交齐", "交了", "交的", "到账",
                "缴上", "缴齐", "续上", "续费", "参保", "医保费", "交"),
    "visit": ("住院", "入院", "看病", "就诊", "门诊", "就医", "出院", "手术", "生病", "看了"),
}

HOUSEHOLD_RE = re.compile(r"全家|一家人|我们一家|我们家|我家[^,，。]{0,3}口|家里[^,，。]{0,3}口|(\d+|[一二两三四五六七八九十])口人")
NOT_A_PERSON_RE = re.compile(r"生孩子|生小孩|生宝宝|怀孩子|怀宝宝|生二胎")  # 孩子 here is no member
SELF_WITH_RE = re.compile(r"我和|我跟|我与|和我|夫妻|两口子|老两口|老俩口")  # the resident names themself with another member
WHOLE_FAMILY_RE = re.compile(r"全家|一家人|家里人|全家人|家人都")
# Relation words -> the members they stand for, and the kind a relation implies when nothing else is said.
RELATION_WORDS: dict[str, tuple[str, ...]] = {
    "夫妻": ("夫妻俩", "夫妻二人", "夫妻两人", "夫妻两个", "两口子", "夫妻"),
    "本人": ("本人", "我是", "我自己", "我和", "我跟", "我与", "和我", "我在"),
    "父母": ("我爸妈", "爸妈", "父母"),
    "配偶": ("爱人", "老公", "老婆", "媳妇", "丈夫", "妻子", "配偶", "老伴", "我对象", "对象是"),
    "父亲": ("我爸", "爸爸", "父亲", "老爸"),
    "母亲": ("我妈", "妈妈", "母亲", "老妈"),
    "爷爷": ("爷爷",), "奶奶": ("奶奶",), "外公": ("外公", "姥爷"), "外婆": ("外婆", "姥姥"),
    "儿子": ("儿子",), "女儿": ("女儿",), "孩子": ("孩子", "小孩", "娃", "宝宝"),
    "孙子": ("孙子", "外孙"), "孙女": ("孙女", "外孙女"),
    # a child named by birth order (老大, 老二) or by a qualifier (大女儿, 小儿子): each a member of its own
    **{f"{order}{child}": (f"{order}{child}",) for order in ("大", "二", "三", "小") for child in ("儿子", "女儿", "闺女")},
    **{order: (order,) for order in ("老大", "老二", "老三", "老小", "老幺")},
    "儿媳": ("儿媳妇", "儿媳"), "女婿": ("女婿",),
    "哥哥": ("哥哥", "我哥", "大哥", "二哥"), "姐姐": ("姐姐", "我姐", "大姐", "二姐"),
    "弟弟": ("弟弟", "我弟", "小弟"), "妹妹": ("妹妹", "我妹", "小妹"),
    # the wider family residents insure in one household
    "嫂子": ("嫂子", "嫂嫂", "大嫂"), "弟媳": ("弟媳妇", "弟媳", "弟妹"), "姐夫": ("姐夫",), "妹夫": ("妹夫",),
    "侄子": ("侄子", "侄儿"), "侄女": ("侄女",), "外甥": ("外甥",), "外甥女": ("外甥女",),
    "公公": ("公公",), "婆婆": ("婆婆",), "岳父": ("岳父", "老丈人"), "岳母": ("岳母", "丈母娘"),
    # parents' siblings and their spouses, cousins: each word a member of its own (小姨 and 大姨 are two)
    **{word: (word,) for word in (
        "小姨", "大姨", "二姨", "三姨", "姨妈", "姨父", "姨夫", "姑姑", "姑妈", "大姑", "姑父", "姑夫", "舅舅", "小舅",
        "大舅", "二舅", "舅妈", "舅母", "叔叔", "二叔", "三叔", "婶婶", "婶子", "伯伯", "伯父", "大伯", "伯母",
        "表哥", "表姐", "表弟", "表妹", "堂哥", "堂姐", "堂弟", "堂妹")},
    "闺女": ("闺女",),
    "老两口": ("老两口", "老俩口", "老夫妻", "老夫老妻"),
}
PAIRS = {"夫妻": ["本人", "配偶"], "父母": ["父亲", "母亲"], "老两口": ["本人", "配偶"]}  # one word, two members
PAIR_KIND: dict[str, PersonKind] = {"老两口": "elderly"}  # the kind a pair word says of both members
# 老两口 beside 爸妈 / 爷爷奶奶 in the same clause describes them, not the resident and their spouse.
PAIR_DESCRIBES_OTHERS = {"老两口": ("父母", "父亲", "母亲", "爷爷", "奶奶", "外公", "外婆")}
# Members given as a count (两个大人, 一个上初中的, 三位老人): the count's word ends with one of these,
# and the words after it up to COUNTED_SPAN characters (not past a clause break, the next count or a
# joining word) must say a person kind. The relation of such a member is the relation word said
# there (两个孩子 -> 孩子), else the label of its kind.
COUNT_CLASSIFIERS = ("个", "位", "名")
COUNTED_SPAN = 10
PAIR_COUNT_WORDS = {"俩": 2, "仨": 3}
PAIR_COUNT_RE = re.compile(r"[俩仨]")  # a count only when a person word follows (俩孩子, 仨娃)
COUNTED_STOP_RE = re.compile(r"和|跟|与|及|还有|加上|以及|、")
COUNTED_RELATION: dict[PersonKind, str] = {
    "adult": "成年人", "minor": "孩子", "student": "学生", "college_student": "大学生", "elderly": "老人",
    "newborn": "新生儿",
}
RELATION_KIND: dict[str, PersonKind] = {
    "父亲": "elderly", "母亲": "elderly", "爷爷": "elderly", "奶奶": "elderly", "外公": "elderly", "外婆": "elderly",
    "孩子": "minor", "孙子": "minor", "孙女": "minor",
    "公公": "elderly", "婆婆": "elderly", "岳父": "elderly", "岳母": "elderly",
}


# ---------------------------------------------------------------------------------------------
# the model


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Dates(_Model):
    """Dates the message gives, by what happened on them, and the year in question."""

    payment: dt.date | None = None
    birth: dt.date | None = None
    status_change: dt.date | None = None
    visit: dt.date | None = None
    year: int | None = None
    other: list[dt.date] = Field(default_factory=list)


class Member(_Model):
    """One member of a household the message lists."""

    relation: str
    person: PersonKind | None = None
    age: int | None = None
    groups: list[str] = Field(default_factory=list)
    disability_grade: str | None = None
    amount: Decimal | None = None  # the case amount said right after this member (爷爷12000元、奶奶8000元)


class Slots(_Model):
    amount: Decimal | None = None  # the compliant / total cost (or the self-paid part, see amount_basis)
    amounts: list[Decimal] = Field(default_factory=list)  # every case amount, in order
    amount_per: Literal["day", "visit", "month"] | None = None  # amount is per day / per visit / per month
    months: int | None = None  # the months a per-month amount runs for (12个月每月230块)
    amount_basis: Literal["total", "self_pay"] | None = None
    class_a: Decimal | None = None
    class_b: Decimal | None = None
    class_c: Decimal | None = None
    days: int | None = None
    visits: int | None = None
    level: Literal["一级", "二级", "三级"] | None = None
    grade: Literal["甲等", "乙等"] | None = None
    tier: Literal["省级", "市级", "县区级"] | None = None
    facility: str | None = None
    person: PersonKind | None = None
    persons: list[PersonKind] = Field(default_factory=list)  # every person kind said, in order (成年、未成年分别交多少)
    age: int | None = None
    groups: list[str] = Field(default_factory=list)
    disability_grade: str | None = None
    dates: Dates = Field(default_factory=Dates)
    benefit: Benefit | None = None
    benefits: list[Benefit] = Field(default_factory=list)
    out_of_area: OutOfArea | None = None
    filing: Filing | None = None
    out_of_area_kind: OutOfAreaKind | None = None
    emergency: bool | None = None
    family_doctor: bool | None = None
    special_diseases: list[str] = Field(default_factory=list)
    diseases: list[str] = Field(default_factory=list)
    household: list[Member] = Field(default_factory=list)
    household_size: int | None = None
    asked: Asked | None = None  # the quantity asked, when not the benefit's own figure (see Asked)
    # what a fund already paid this year (门诊统筹已经报过200块), and the benefit that paid it
    fund_paid_before: Decimal | None = None
    fund_paid_benefit: Benefit | None = None

    def filled(self) -> dict[str, object]:
        """The slots the message filled, as JSON-ready values (empty lists and None left out)."""
        data = self.model_dump(mode="json", exclude_none=True)
        dates = {k: v for k, v in data.pop("dates", {}).items() if v not in (None, [])}
        out = {k: v for k, v in data.items() if v not in ([], None)}
        if len(self.persons) < 2:
            out.pop("persons", None)  # one kind said is the person slot itself
        if dates:
            out["dates"] = dates
        return out

    def person_type(self) -> str | None:
        """The calculators' person type (成年居民/未成年居民/在校学生) of `person`, or None."""
        return PERSON_TYPE_OF.get(self.person) if self.person else None

    def care_area(self) -> str | None:
        """The calculators' care area (`calculators.vocab.CareArea`) these slots describe, or None."""
        if self.emergency and self.out_of_area in ("省外", "省内", "异地"):
            return "异地急诊"
        if self.out_of_area_kind == "转诊转院":
            return "转诊"
        if self.out_of_area_kind == "异地长期居住":
            return "异地安置"
        if self.filing == "未备案" or self.out_of_area_kind == "临时外出":
            return "未备案"
        return {"省内": "省内异地", "省外": "省外", "本地": "市内"}.get(self.out_of_area or "")


PERSON_TYPE_OF: dict[str, str] = {
    "adult": "成年居民", "elderly": "成年居民", "minor": "未成年居民", "newborn": "未成年居民",
    "student": "在校学生", "college_student": "在校学生",
}


# ---------------------------------------------------------------------------------------------
# finding words


@dataclass(frozen=True)
class _Hit:
    value: str
    start: int
    end: int
    negated: bool


def _alternation(table: Mapping[str, Iterable[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    value_of = {word: value for value, words in table.items() for word in words}
    words = sorted(value_of, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), value_of


class _Finder:
    """Finds the words of a table in text, longest first, noting whether each is negated."""

    def __init__(self, table: Mapping[str, Iterable[str]]):
        self.pattern, self.value_of = _alternation(table)

    def hits(self, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[_Hit]:
        skip = list(skip)
        found = []
        for match in self.pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in skip):
                continue
            found.append(_Hit(self.value_of[match.group(0)], match.start(), match.end(), _negated(text, match.start())))
        return found

    def said(self, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[str]:
        """Values said (not negated), in order of first mention, without repeats."""
        return _unique(h.value for h in self.hits(text, skip) if not h.negated)


_PERSON = _Finder(PERSON_WORDS)
_GROUP = _Finder(GROUP_WORDS)
_BENEFIT = _Finder(BENEFIT_WORDS)
_SPECIAL = _Finder(SPECIAL_DISEASE_WORDS)
_DISEASE = _Finder(DISEASE_WORDS)
_FACILITY = _Finder(FACILITY_WORDS)
_TIER = _Finder(TIER_WORDS)
_AREA = _Finder(OUT_OF_AREA_WORDS)
_AREA_KIND = _Finder(OUT_OF_AREA_KIND_WORDS)
_EMERGENCY = _Finder({"emergency": EMERGENCY_WORDS})
_RELATION = _Finder(RELATION_WORDS)
_WAIT_ASK = _Finder({"waiting_period": WAIT_ASK_WORDS})


def _clause_start(text: str, pos: int) -> int:
    starts = [m.end() for m in CLAUSE_BREAK_RE.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def _clause_end(text: str, pos: int) -> int:
    match = CLAUSE_BREAK_RE.search(text, pos)
    return match.start() if match else len(text)


def _negated(text: str, pos: int) -> bool:
    """Whether a negation word stands before `pos` in the same clause, or a word of unrelatedness
    right after the word at `pos` (跟精神病不沾边, 与低保无关)."""
    start = _clause_start(text, pos)
    negations = list(NEGATION_RE.finditer(text, start, pos))
    last = negations[-1] if negations else None
    if last is not None and not _scope_ended(text, last.end(), pos):
        return True
    return UNRELATED_AFTER_RE.match(text, pos, _clause_end(text, pos)) is not None


_SCOPE_END_RE = re.compile(
    "|".join(map(re.escape, sorted(CALC_WORDS["negation_scope_end"], key=len, reverse=True)))
    + "|(?:" + "|".join(map(re.escape, CALC_WORDS["negation_contrast"])) + ")(?![否不])"
)


def _scope_ended(text: str, after: int, pos: int) -> bool:
    """Whether a verb of motion or sequence, or an affirming copula (不是残疾人是低保), after at least
    one other word, ends the negation's scope between `after` (the negation's end) and `pos`."""
    end = _SCOPE_END_RE.search(text, after + 1, pos)
    return end is not None


def negated(text: str, pos: int) -> bool:
    """Whether the word at `pos` of `text` stands under a negation or exclusion in its clause
    (不是医疗救助对象, 不属于学生, 非特困, 没有糖尿病, 除了低保)."""
    return _negated(text, pos)


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


# ---------------------------------------------------------------------------------------------
# extraction


# An age said as a bare number right after the person (奶奶86了, 我爸今年75了, 孩子都12了).
AGE_AFTER_PERSON_RE = re.compile(r"(?:今年|都|已经|已)?\s?$")
AGE_TAIL_RE = re.compile(r"\s?(?:了|啦)")  # not 七十多了: an approximate age is no age
_PERSON_NAMES = tuple(sorted({w for words in (*PERSON_WORDS.values(), *RELATION_WORDS.values()) for w in words},
                             key=len, reverse=True))


def _plain_ages(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """`quantities` with a plain whole number said as a person's age (奶奶86了) read as an age, and the
    numbers of a list of members each followed by a bare number (我45，老婆43，儿子16) read as their ages."""
    out = []
    listed = [q for q in quantities if _member_number_item(text, q)]
    for q in quantities:
        if _could_be_age(q) and (AGE_TAIL_RE.match(text, q.end) or (len(listed) >= 2 and q in listed)):
            head = AGE_AFTER_PERSON_RE.search(text, max(0, q.start - 3), q.start)
            before = text[max(0, q.start - 8):head.start() if head else q.start]
            if any(before.endswith(word) for word in _PERSON_NAMES) or q in listed:
                q = Quantity(q.value, "age", q.start, q.end, q.raw)
        out.append(q)
    return out


def _could_be_age(q: Quantity) -> bool:
    return q.unit == "plain" and q.value == q.value.to_integral_value() and 0 < q.value <= 120


# The end of an item of a list (a list mark, a clause break or the end of the message).
ITEM_END_AFTER_RE = re.compile(r"\s?(?:[,，、;；。!！?？]|$)")
# The resident as a bare 我 starting an item (家里三口人，我45，…): 我 at the start or after a list mark.
SELF_ITEM_RE = re.compile(r"(?:^|(?<=[:：、,，;；(（\s]))我$")


def _member_number_item(text: str, q: Quantity) -> bool:
    """Whether `q` is a bare whole number that ends a list item naming one member (老婆43，/ 我今年45、):
    the member's word (or a bare 我 starting the item) right before it, maybe with 今年/都, and the item's
    end right after it."""
    if not _could_be_age(q) or not ITEM_END_AFTER_RE.match(text, q.end):
        return False
    head = AGE_AFTER_PERSON_RE.search(text, max(0, q.start - 3), q.start)
    before = text[:head.start() if head else q.start]
    return any(before.endswith(word) for word in _PERSON_NAMES) or SELF_ITEM_RE.search(before) is not None


def ages_said(text: str, today: dt.date | None = None) -> list[int]:
    """Every age the text states (6岁, 86周岁, 奶奶86了)."""
    return [int(q.value) for q in _plain_ages(text, extract_numbers(text, today)) if q.unit == "age"]


def tier_words(text: str) -> list[str]:
    """The words of the text naming a hospital's tier as it says them (市级, 区级, 县里的), in order."""
    return [text[h.start:h.end] for h in _TIER.hits(text) if not h.negated]


def extract_slots(text: str, today: dt.date | None = None) -> Slots:
    """The slots `text` (a normalised message) fills; nothing is assumed that it does not say."""
    today = today or dt.date.today()
    quantities = _costs_read(text, _plain_ages(text, extract_numbers(text, today)))
    dates = extract_dates(text, today)
    group_hits = _GROUP.hits(text)
    group_spans = [(h.start, h.end) for h in group_hits]
    slots = Slots()
    _fill_amounts(slots, text, quantities)
    _fill_paid_before(slots, text, quantities)
    _fill_level(slots, text)
    _fill_person(slots, text, quantities)
    slots.groups = _unique(h.value for h in group_hits if not h.negated)
    slots.disability_grade = _disability_grade(text)
    slots.dates = _dates(text, dates, [q.start for q in quantities if _is_case_amount(text, q)])
    _fill_benefit(slots, text, group_spans)
    _fill_out_of_area(slots, text)
    slots.family_doctor = _family_doctor(text)
    slots.special_diseases = _SPECIAL.said(text)
    slots.diseases = _unique(h.value for h in _disease_hits(text) if not h.negated)
    _fill_household(slots, text, quantities)
    _fill_asked(slots, text)
    return slots


def _fill_asked(slots: Slots, text: str) -> None:
    """The quantity asked (see `Asked`); a deadline after an event's date makes it a waiting-period question."""
    dates = slots.dates
    if DEADLINE_ASK_RE.search(text) and (dates.birth or dates.status_change) and not dates.payment:
        slots.asked = "deadline"
        slots.benefit = "waiting_period"
        if "waiting_period" not in slots.benefits:
            slots.benefits = [*slots.benefits, "waiting_period"]
        return
    if COVER_END_ASK_RE.search(text) and dates.status_change and not dates.payment:
        slots.asked = "cover_end"
        slots.benefit = "waiting_period"
        if "waiting_period" not in slots.benefits:
            slots.benefits = [*slots.benefits, "waiting_period"]
        return
    if COMBINED_ASK_RE.search(text):
        slots.asked = "combined"
    elif slots.benefit == "critical_illness" and "inpatient" in slots.benefits and slots.amount_basis == "total":
        slots.asked = "critical_illness"  # 住院合规费用15万元，大病保险能报多少: after the basic scheme
    elif CRITICAL_AFTER_BASIC_RE.search(text):
        slots.asked = "critical_illness"
    elif PERSONAL_SHARE_RE.search(text):
        slots.asked = "personal_share"


def case_amounts(text: str, today: dt.date | None = None) -> list[Quantity]:
    """The amounts of the resident's case in `text`, with their places (band limits and premiums left out)."""
    return [q for q in _costs_read(text, extract_numbers(text, today)) if _is_case_amount(text, q)]


# A count of hospital stays (住了两回院, 两次住院, 住院3次).
STAY_COUNT_NUMBER = r"(\d+|[一两二三四五六七八九十])"
STAY_COUNT_RE = re.compile(
    r"住(?:了|过)?\s?" + STAY_COUNT_NUMBER + r"\s?(?:次|回|趟)院?|" + STAY_COUNT_NUMBER + r"\s?(?:次|回|趟)" + STAY_WORD
    + "|" + STAY_WORD + r"(?:了|过)?\s?" + STAY_COUNT_NUMBER + r"\s?(?:次|回|趟)"
)


def stay_count(text: str) -> int | None:
    """The number of hospital stays the message says (住了两回院 -> 2), or None."""
    for m in STAY_COUNT_RE.finditer(text):
        if negated(text, m.start()):
            continue
        n = parse_number(next(g for g in m.groups() if g))
        if n is not None and 1 <= n <= 50:
            return int(n)
    return None


def _disease_hits(text: str) -> list[_Hit]:
    """Each disease of DISEASE_WORDS the text names, by a word of it, a reading said high (血糖也高) or a
    word naming several (三高: one hit each), in order of mention."""
    hits = _DISEASE.hits(text)
    taken = [(h.start, h.end) for h in hits]
    for match in READING_HIGH_RE.finditer(text):
        if not any(match.start() < e and s < match.end() for s, e in taken):
            hits.append(_Hit(READING_OF[match.group(1)], match.start(), match.end(), _negated(text, match.start())))
    for word, diseases in SEVERAL_DISEASES.items():
        for match in re.finditer(re.escape(word), text):
            hits += [_Hit(d, match.start(), match.end(), _negated(text, match.start())) for d in diseases]
    return sorted(hits, key=lambda h: h.start)


def disease_words_for(name: str) -> tuple[str, ...]:
    """Every word residents use for the disease `name` (精神病, 精神分裂 for 严重精神障碍), or ()."""
    return tuple(w for table in (SPECIAL_DISEASE_WORDS, DISEASE_WORDS) for key, words in table.items()
                 if key == name for w in words)


def facility_mentions(text: str) -> list[tuple[str, int]]:
    """Each outpatient facility the text names (not negated), with where it is named, in order."""
    return [(h.value, h.start) for h in _FACILITY.hits(text) if not h.negated]


def _fill_amounts(slots: Slots, text: str, quantities: list[Quantity]) -> None:
    cases: list[tuple[Quantity, str | None]] = []
    labelled_to = 0  # the end of the class word written after the last amount (1000元的甲类、500元的乙类)
    for q in quantities:
        if not _is_case_amount(text, q):
            continue
        before = text[_clause_start(text, q.start):q.start]
        per = PER_RE.search(before) or PER_AFTER_RE.match(text, q.end)
        if per:
            slots.amount_per = ("visit" if PER_VISIT_RE.search(per.group(0))
                                else "month" if PER_MONTH_RE.search(per.group(0)) else "day")
            if slots.amount_per == "month":
                slots.months = _months_of(text, q, quantities)
        window = max(q.start - 6, q.start - len(before), labelled_to)  # a class word after an earlier amount is its own
        class_match = list(CLASS_RE.finditer(text, window, q.start))
        label = class_match[-1].group(1) if class_match else None
        after = CLASS_AFTER_RE.match(text, q.end)
        if after:  # 5000元的乙类药: the class written after the amount (not the next amount's)
            label, labelled_to = after.group(1), after.end()
        if label is None and cases and cases[-1][1] and LIST_SEPARATOR_RE.fullmatch(text[cases[-1][0].end:q.start]):
            label = cases[-1][1]  # 甲类药分别90、120、150元: the class word covers the whole enumeration
        cases.append((q, label))
    if not cases:
        _fill_counts(slots, text, quantities)
        return
    slots.amounts = [q.value for q, _ in cases]
    labels = [c for _, c in cases]
    if len(cases) > 1 and set(labels) == {"甲"}:
        cases = [(q, None) for q, _ in cases]  # several costs all of class A: amounts as if unlabelled
    by_class: dict[str, Decimal] = {}
    for q, c in cases:
        if c:
            by_class[c] = by_class.get(c, Decimal(0)) + q.value
    unlabelled = [q for q, c in cases if not c]
    labelled_sum = sum(by_class.values(), Decimal(0))
    if (by_class and "甲" not in by_class and len(unlabelled) == 1 and unlabelled[0].value >= labelled_sum
            and (unlabelled[0] is cases[0][0]
                 or TOTAL_WORD_RE.search(text[_clause_start(text, unlabelled[0].start):unlabelled[0].start]))):
        # 合规4万 乙类1万 / 合规4万，其中乙类1万: a total, then its 乙类 (丙类) part; the rest is 甲类 (or the
        # part first and the total said as one: 乙类药5000，总共合规2万)
        total = unlabelled[0].value
        slots.class_b, slots.class_c = by_class.get("乙"), by_class.get("丙")
        slots.class_a = total - labelled_sum
        slots.amount = total
    elif by_class:
        slots.class_a, slots.class_b, slots.class_c = by_class.get("甲"), by_class.get("乙"), by_class.get("丙")
        slots.amount = sum(by_class.values(), Decimal(0))
    elif len(cases) == 1:
        slots.amount = cases[0][0].value
    else:
        totals = [q for q, _ in cases if TOTAL_WORD_RE.search(text[_clause_start(text, q.start):q.start])]
        slots.amount = totals[0].value if len(totals) == 1 else None
    if slots.amount is not None and not by_class and ALL_CLASS_A_RE.search(text):
        slots.class_a = slots.amount
    first = cases[0][0]
    context = text[max(0, _clause_start(text, max(0, _clause_start(text, first.start) - 1))):first.start]
    if SELF_PAY_RE.search(context):
        slots.amount_basis = "self_pay"
    elif TOTAL_COST_RE.search(context):
        slots.amount_basis = "total"
    _fill_counts(slots, text, quantities)


# An amount a fund already paid this year (已经报过200块, 此前已报销了1500元, 之前给报了300): not a cost
# of the case, but what the year's cap has already used.
PAID_BEFORE_FUND_RE = re.compile(
    r"(?:已经|已|之前|此前|前面|先前|早先)[^,，。;；?？\d]{0,4}?(?:报过|报了|报销过|报销了|报销|支付过|支付了|给报了|给报过|赔了|赔过)"
    r"(?:了)?\s?$"
)


def _fund_paid_before(text: str, q: Quantity) -> bool:
    return q.unit in ("money", "plain") and PAID_BEFORE_FUND_RE.search(text, _clause_start(text, q.start), q.start) is not None


def _fill_paid_before(slots: Slots, text: str, quantities: list[Quantity]) -> None:
    paid = [q for q in quantities if _fund_paid_before(text, q)]
    if not paid:
        return
    q = paid[0]
    slots.fund_paid_before = q.value
    start = _clause_start(text, q.start)
    named = [h for h in _BENEFIT.hits(text) if start <= h.start < q.start and not h.negated]
    if named:
        slots.fund_paid_benefit = named[-1].value  # type: ignore[assignment]


def _is_case_amount(text: str, q: Quantity) -> bool:
    """A cost of the resident's case: money, not a band limit (6万到10万, 15万以上), not a contribution paid,
    not what a fund already paid this year."""
    if q.unit != "money" and not (q.unit == "plain" and q.value >= 10 and _cost_before(text, q.start)
                                  and not ROUGH_NO_UNIT_RE.match(text, q.end)):  # 大概一百多，: no cost
        return False
    if _fund_paid_before(text, q):
        return False
    before = text[_clause_start(text, q.start):q.start]
    if THRESHOLD_AFTER_RE.match(text, q.end):
        return False
    if THRESHOLD_BEFORE_RE.search(before) and not REACHED_BEFORE_RE.search(before):
        return False
    return not PAID_BEFORE_RE.search(before)


def _cost_before(text: str, pos: int) -> bool:
    return COST_BEFORE_RE.search(text[max(0, pos - 6):pos]) is not None


# A part of the care pointed at as a share of the bill (急诊那块2300, 住院这边9000, 抢救那部分800,
# 门诊这头300): the number after it is that part's cost.
CARE_PART_COST = ("(?:" + "|".join(("急诊", "抢救", "急救", "门诊", *STAY_NAMES)) + ")"
                  r"(?:那|这)一?(?:块|边|头|部分|块儿|边儿)(?:的|花了?|花费)?")
# What the resident pays said with a verb of paying after a modal or the payer (还要自己付9600, 得掏3000,
# 个人出了2000): the number after it is what is left on them.
OWN_PAYMENT_VERB = r"(?:还|要|得|需要?|自己|个人|本人|自个儿){1,3}(?:付|掏|出)了?"
# Words right before a number without a unit that make it a cost: spending (花了, 合规), a drug class
# (甲类三百, 乙类药200), what is left to pay (还剩九千, 剩下3000), the cost's basis by any of its names
# (政策范围内3000, 目录内两千, 政策内8000), the disease or drug the cost is for (降压的1000, 糖尿病那块600).
_DISEASE_NAMES = sorted({w for table in (DISEASE_WORDS, SPECIAL_DISEASE_WORDS) for words in table.values() for w in words},
                        key=len, reverse=True)
# (a name with its 的 or 那块 — not a bare name, whose number may be a reading: 高血压160/100)
DISEASE_COST = ("(?:" + alternation(tuple(w for w in _DISEASE_NAMES if w.endswith("的")))
                + "|" + alternation(tuple(_DISEASE_NAMES)) + r"(?:的|(?:那|这)一?(?:块|部分|头)))")
# An item of an enumeration of visits (一次…一次…; 第一回…第二回…; 另一趟…); a bare number right after one is that
# visit's cost (一次80 一次40).
VISIT_ITEM = r"(?:(?:另外?|有|第|头)?[一1]|第[二两三四五六七八九十\d]+)(?:次|回|趟)"
COST_BEFORE_RE = re.compile(
    r"(?:花了?|花费|费用?|合规|范围内|目录内|政策内|一共|共|累计|自付|负担|药费?|合计|总计|[甲乙丙]类(?:药品?|费用)?|还?剩下?|自费"
    + "|" + CARE_PART_COST + "|" + OWN_PAYMENT_VERB + "|" + REACHED_TO + "|" + DISEASE_COST + "|" + VISIT_ITEM + ")"
    r"(?:分别|各|都|也|大概|大约|约)?(?:是|为)?\s?$"  # 药费都是150, 费用大概是800
)
# A count of visits or stays (看了4趟, 门诊3次, 住了两回) right before a list of bare numbers: one cost each.
VISIT_COUNT_BEFORE_RE = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)\s?(?:次|趟|回)[^\d,，。;；?？]{0,4}$")
MIN_COST = 10  # a bare number below this is no cost (a count, a grade)
# A weekday right before a number (周一40, 星期三在卫生院花了25): the cost of that day's visit.
DAY_BEFORE_COST_RE = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天][^,，。;；?？\d]{0,10}$")
PER_BEFORE_COST_RE = re.compile(r"(?:" + PER_DAY + "|" + PER_VISIT + "|" + PER_MONTH
                                + r")(?:都|大概|约|是|为|合计|花|花了|费用)?\s?$")
APPROXIMATE_AFTER_RE = re.compile(r"\s?(?:多|来|余|左右|上下)")  # 一百多: a rough figure, not the case's cost
ROUGH_NO_UNIT_RE = re.compile(r"\s?(?:多|来|余|左右|上下)(?![块元])")  # 一百多 with no unit (六百多块 is a cost)


def _costs_read(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """`quantities` with numbers written without a unit read as costs (money) where residents mean yuan:
    - a Chinese numeral of hundreds or thousands (三百, 一百二, 两千三, 九千): nobody counts days or
      people that way without saying the unit;
    - a list of two or more bare numbers (150 230 280 200; 90、120、150) that follows a count of visits
      (门诊4趟) or a cost word (合规费用): each item one cost."""
    out = list(quantities)
    for i, q in enumerate(out):
        if (q.unit == "plain" and q.value >= 100 and not re.search(r"\d", q.raw) and re.search("[百千]", q.raw)
                and not APPROXIMATE_AFTER_RE.match(text, q.end)):
            out[i] = Quantity(q.value, "money", q.start, q.end, q.raw)
    for i, q in enumerate(out):  # 日均150, 每次80, 每天平均120: a figure per day or visit is a cost
        if (q.unit == "plain" and q.value >= MIN_COST and PER_BEFORE_COST_RE.search(text, max(0, q.start - 6), q.start)
                and not APPROXIMATE_AFTER_RE.match(text, q.end)):  # 每个月大概一百多: a rough figure, no cost
            out[i] = Quantity(q.value, "money", q.start, q.end, q.raw)
    after_day = [k for k, q in enumerate(out) if q.unit == "plain" and q.value >= MIN_COST
                 and DAY_BEFORE_COST_RE.search(text, max(0, q.start - 14), q.start)]
    if len(after_day) >= 2:  # 周一40 周三25 周五35: one cost a named day
        for k in after_day:
            q = out[k]
            out[k] = Quantity(q.value, "money", q.start, q.end, q.raw)
    i = 0
    while i < len(out):
        j = i
        while (j + 1 < len(out) and out[j + 1].unit == "plain" and out[j].unit == "plain"
               and LIST_SEPARATOR_RE.fullmatch(text[out[j].end:out[j + 1].start])):
            j += 1
        items = out[i:j + 1]
        head = text[max(0, items[0].start - 8):items[0].start]
        if (len(items) >= 2 and all(q.unit == "plain" and q.value >= MIN_COST for q in items)
                and (VISIT_COUNT_BEFORE_RE.search(head) or _cost_before(text, items[0].start))):
            out[i:j + 1] = [Quantity(q.value, "money", q.start, q.end, q.raw) for q in items]
        i = j + 1
    return out


STAY_DAYS_BEFORE = r"住|照护|护理|入住|院护|居家护理"


def _months_of(text: str, amount: Quantity, quantities: list[Quantity]) -> int | None:
    """The months a per-month amount runs for: a count of months (12个月, 三个月) in its clause, else the
    message's only one, else twelve when the whole year is said (全年每月230), six when half a year is
    (报了半年); None when none is said (the amount then stands for itself)."""
    months = [q for q in quantities if q.unit == "month" and q.raw.endswith("个月") and 1 <= q.value <= 12
              and not _negated(text, q.start)]
    begin, end = _clause_start(text, amount.start), _clause_end(text, amount.end)
    own = [q for q in months if begin <= q.start < end]
    chosen = own or (months if len(months) == 1 else [])
    if chosen:
        return int(chosen[0].value)
    whole_year = [w for w in CALC_WORDS["whole_year"] for m in re.finditer(re.escape(w), text) if not _negated(text, m.start())]
    if whole_year:
        return 12
    half_year = [w for w in CALC_WORDS["half_year"] for m in re.finditer(re.escape(w), text)
                 if not _negated(text, m.start()) and not text.startswith(("多", "左右"), m.end())]
    return 6 if half_year else None


# A single day said as the unit of a price (一天合计120元, 每天100, 一日费用90块): no count of days.
PRICE_DAY_RE = re.compile(r"[^,，。;；!！?？\d]{0,6}?\d")


def _price_day(text: str, q: Quantity, quantities: list[Quantity]) -> bool:
    if q.value != 1 and not text[max(0, q.start - 1):q.start] == "每":
        return False
    end = _clause_end(text, q.end)
    return any(m.unit == "money" and q.end <= m.start < end for m in quantities) and \
        PRICE_DAY_RE.match(text, q.end) is not None


def _fill_counts(slots: Slots, text: str, quantities: list[Quantity]) -> None:
    quantities = [q for q in quantities if not (q.unit == "day" and _price_day(text, q, quantities))]
    day_counts = [q for q in quantities if q.unit == "day"]
    for q in quantities:
        before = text[_clause_start(text, q.start):q.start]
        if q.unit == "day" and slots.days is None and (
                re.search(STAY_DAYS_BEFORE, before) or (len(day_counts) == 1 and re.search(
                    STAY_DAYS_BEFORE, text[_sentence_start(text, q.start):q.start]))):
            slots.days = int(q.value)  # 住了28天; 照护保险 院护 重度失能 25天 (the one day count of the sentence)
        if q.unit == "count" and q.raw.endswith("次") and slots.visits is None and re.search(r"就诊|看病|门诊|看了", before):
            slots.visits = int(q.value)


def _fill_level(slots: Slots, text: str) -> None:
    for match in LEVEL_RE.finditer(text):
        if re.search(r"残疾(?:等级)?(?:为|是)?$", text[max(0, match.start() - 5):match.start()]):
            continue
        digit = match.group(1) or match.group(3)
        slots.level = LEVEL_NAMES[digit]
        grade = match.group(2) or match.group(4)
        if grade:
            slots.grade = "甲等" if grade.startswith("甲") else "乙等"
        break
    facilities = _FACILITY.said(text)
    if facilities:
        slots.facility = facilities[0]
        slots.level = slots.level or FACILITY_LEVEL
    tiers = _TIER.said(text)
    if tiers:
        slots.tier = tiers[0]  # type: ignore[assignment]


# An age said as a bound from above (18岁以下, 18周岁以内, 未满18岁, 不到60岁) names the ages below it.
AGE_BELOW_AFTER_RE = re.compile(r"\s?(?:以下|以内|之下|之内)")
AGE_BELOW_BEFORE_RE = re.compile(r"(?:未满|不满|不到|没满|低于|小于|少于)\s?$")


def _age_of_person(text: str, q: Quantity) -> int:
    """The age `q` says a person is of: one less when it bounds the ages from above (18岁以下)."""
    below = AGE_BELOW_AFTER_RE.match(text, q.end) or AGE_BELOW_BEFORE_RE.search(text, max(0, q.start - 3), q.start)
    return int(q.value) - 1 if below else int(q.value)


def _person_from_age(age: int) -> PersonKind:
    if age < ADULT_AGE:
        return "minor"
    return "adult" if age < ELDERLY_AGE else "elderly"


def _person_kinds(text: str, quantities: list[Quantity], start: int = 0, end: int | None = None,
                  skip: Iterable[tuple[int, int]] = ()) -> list[PersonKind]:
    end = len(text) if end is None else end
    skip = [*skip, *_not_a_person(text)]
    kinds: list[PersonKind] = [
        h.value for h in _PERSON.hits(text, skip) if not h.negated and start <= h.start < end  # type: ignore[misc]
    ]
    kinds += [_person_from_age(_age_of_person(text, q)) for q in quantities if q.unit == "age" and start <= q.start < end]
    return kinds


def _best_kind(kinds: Iterable[PersonKind]) -> PersonKind | None:
    kinds = set(kinds)
    return next((k for k in PERSON_PRIORITY if k in kinds), None)


def _fill_person(slots: Slots, text: str, quantities: list[Quantity]) -> None:
    ages = [q for q in quantities if q.unit == "age"]
    if ages and _age_of_person(text, ages[0]) == int(ages[0].value):  # a bound (18岁以下) is no one's age
        slots.age = int(ages[0].value)
    kinds = _person_kinds(text, quantities)
    slots.person = _best_kind(kinds)
    slots.persons = _unique(kinds)


def _disability_grade(text: str) -> str | None:
    match = DISABILITY_GRADE_RE.search(text)
    if not match:
        return None
    return LEVEL_NAMES.get(match.group(1) or match.group(2), {"四": "四级", "4": "四级"}.get(match.group(1) or match.group(2)))


def _dates(text: str, mentions: list[DateMention], amounts_at: Iterable[int] = ()) -> Dates:
    """The dates by role; of several years said, the one in the clause of the case's cost is the year in
    question (前年做过支架，今年合规4750: 今年), else the first."""
    dates = Dates()
    with_age: list[int] = []  # 孩子今年7岁: the year of an age, used only when no other year is said
    mentions = _with_bracketed_years(text, mentions)
    lapsed: list[int] = []  # 2025年度断保: the year of a change, the year in question only when no other is said
    years: list[DateMention] = []
    for mention in mentions:
        if mention.precision == "year":
            if AGE_AFTER_YEAR_RE.match(text, mention.end):
                with_age.append(mention.date.year)
            elif _year_of_change(text, mention):
                lapsed.append(mention.date.year)
            else:
                years.append(mention)
                dates.year = dates.year or mention.date.year
            continue
        role = _date_role(text, mention)
        if role and getattr(dates, role) is None:
            setattr(dates, role, mention.date)
        else:
            dates.other.append(mention.date)
    clauses = {(_clause_start(text, pos), _clause_end(text, pos)) for pos in amounts_at}
    of_cost = {m.date.year for m in years if any(s <= m.start < e for s, e in clauses)}
    if len({m.date.year for m in years}) > 1 and len(of_cost) == 1:
        dates.year = next(iter(of_cost))
    later = [d for d in (dates.payment, dates.birth, dates.status_change, dates.visit) if d is not None]
    if dates.year is None and lapsed and not any(d.year > lapsed[0] for d in later):
        dates.year = lapsed[0]  # 2025年度断保，2026年4月补交: the year in question is the payment's, not 2025
    if dates.year is None and with_age:
        dates.year = with_age[0]
    return dates


# A year said as when cover lapsed or a status changed (2025年度断保, 2024年停保了): right before the word.
# A few words may stand between (去年断了没交, 去年一直没交, 2025年就断缴了).
YEAR_OF_CHANGE_RE = re.compile(
    r"\s?(?:度|全年|一年)?[^\d,，。;；!！?？|｜:：()（）\s]{0,3}?"
    r"(?:没交|没缴|没有交|没有缴|忘了交|漏交|漏缴|未缴|未交|断保|断缴|断了|停保|中断|没参保|未参保)"
)


def _year_of_change(text: str, mention: DateMention) -> bool:
    return YEAR_OF_CHANGE_RE.match(text, mention.end) is not None


PUNCTUATION_BREAK_RE = re.compile(r"[,，。;；!！?？\n|｜:：()（）]|——")
# An aside in brackets right after a date (1月31号（2026年）出生的, 6月30号(周二)): the date's year, or
# words that do not part the date from what happened on it.
BRACKET_ASIDE_RE = re.compile(r"\s?[(（][^()（）,，。;；]{1,12}[)）]")


def _with_bracketed_years(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """The mentions with a day or month followed by its year in brackets (1月31号（2026年）) read as one
    date of that year; the bracketed year is then no year of its own."""
    out: list[DateMention] = []
    skip: set[int] = set()
    for i, mention in enumerate(mentions):
        if i in skip:
            continue
        aside = BRACKET_ASIDE_RE.match(text, mention.end)
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if (aside and following is not None and mention.precision != "year" and following.precision == "year"
                and aside.start() <= following.start and following.end <= aside.end()
                and re.fullmatch(r"\s?[(（]\s?", text[aside.start():following.start])):
            try:
                day = mention.date.replace(year=following.date.year)
            except ValueError:  # 2月29日 of a year without one: the year is not the date's
                out.append(mention)
                continue
            out.append(DateMention(day, mention.precision, mention.start, aside.end(), text[mention.start:aside.end()]))
            skip.add(i + 1)
            continue
        out.append(mention)
    return out
AGE_AFTER_YEAR_RE = re.compile(r"\s?(?:已经|都|才|刚)?\s?(?:\d{1,3}|[一二两三四五六七八九十]{1,3})\s?(?:周岁|岁)")


# A label and a colon right before a date (出生日期：, 缴费时间:, 补缴日).
LABEL_BEFORE_RE = re.compile(r"([^,，。;；!！?？\n|｜:：()（）\s]{1,8})\s?[:：]\s?$")


def _date_role(text: str, mention: DateMention) -> str | None:
    """What happened on the date: the role words after it, else before it, in its clause (a space in
    a terse message does not part a date from its word: 2026年12月5日 出生)."""
    aside = BRACKET_ASIDE_RE.match(text, mention.end)
    after_start = aside.end() if aside else mention.end
    end = PUNCTUATION_BREAK_RE.search(text, after_start)
    starts = [m.end() for m in PUNCTUATION_BREAK_RE.finditer(text, 0, mention.start)]
    after = text[after_start:end.start() if end else len(text)]
    before = text[starts[-1] if starts else 0:mention.start]
    label = LABEL_BEFORE_RE.search(text, 0, mention.start)
    if not before.strip() and label:  # 出生日期：3月3号, 缴费时间:2026-04-15 — the label names the role
        before = label.group(1)
    for context in (after, before):
        for role, words in DATE_ROLE_WORDS.items():
            if any(word in context for word in words):
                return role
    return None


def _question_clause(text: str) -> tuple[int, int]:
    """The span of the last clause that asks something (多少, 吗, ?), or of the whole text."""
    asks = list(re.finditer(r"多少|几|吗|呢|哪|什么|怎么|是否|能否|\?", text))
    if not asks:
        return (0, len(text))
    pos = asks[-1].start()
    return (_clause_start(text, pos), _clause_end(text, pos))


def _fill_benefit(slots: Slots, text: str, group_spans: list[tuple[int, int]]) -> None:
    choices = [m.span() for m in CARE_CHOICE_RE.finditer(text)]  # 按门诊还是按住院报: asked, not said
    hits = [h for h in _BENEFIT.hits(text, [*group_spans, *choices]) if not h.negated]
    hits += [_Hit("contribution", m.start(), m.end(), False) for m in CONTRIBUTION_PHRASE_RE.finditer(text)
             if not _negated(text, m.start())]
    dates = slots.dates
    hits += [_Hit("inpatient", m.start(), m.end(), False) for m in INPATIENT_STAY_RE.finditer(text)
             if not _negated(text, m.start()) and not any(s <= m.start() < e for s, e in choices)]
    if dates.payment or dates.birth or dates.status_change:
        hits += [h for h in _WAIT_ASK.hits(text) if not h.negated]
        hits += [_Hit("waiting_period", m.start(), m.end(), False) for m in RESUME_ASK_RE.finditer(text)
                 if not _negated(text, m.start())]
        hits += [_Hit("waiting_period", m.start(), m.end(), False) for m in WAIT_WHEN_RE.finditer(text)
                 if not _negated(text, m.start())]
    two = [h for h in _disease_hits(text) if disease_of(h.value) in TWO_DISEASES and not h.negated]
    if two and not any(h.value in ("inpatient", "chronic_disease") for h in hits):
        hits.append(_Hit("two_diseases", two[0].start, two[0].end, False))
    if not hits and slots.facility:
        # 村卫生室 5次 20 35 40: a visit at an outpatient facility with no benefit named is an outpatient one
        hits.append(_Hit("outpatient", 0, 0, False))
    hits.sort(key=lambda h: h.start)
    slots.benefits = _unique(h.value for h in hits)  # type: ignore[assignment]
    if not hits:
        return
    q_start, q_end = _question_clause(text)
    asked = {h.value for h in hits if q_start <= h.start < q_end}
    pool = asked or set(slots.benefits)
    slots.benefit = next(b for b in BENEFIT_PRIORITY if b in pool)
    if slots.benefit == "maternity" and _prenatal_within_outpatient(text, hits):
        slots.benefit = "outpatient"


# Asking which way a cost is paid (按门诊报还是按住院报, 算住院还是算门诊, 走门诊还是住院): the ways named are the
# question's alternatives, not the care the resident had.
CARE_CHOICE = r"(?:门诊|" + STAY_WORD + r")"
CARE_CHOICE_RE = re.compile(
    r"(?:按|算|走|当)?" + CARE_CHOICE + r"(?:报销?|算|结算|走)?(?:还是|或是|或者|或)(?:按|算|走|当)?" + CARE_CHOICE
    + r"(?:报销?|算|结算|走)?"
)
# The outpatient scheme by its own name, and the maternity words that name no delivery: a pregnancy's
# checks reckoned within 门诊统筹 (今年门诊统筹：卫生室看了2次…另外做产检300块) are outpatient costs.
# (the scheme by name, or the outpatient visit as the act: 看门诊, 门诊看了)
OUTPATIENT_SCHEME_RE = re.compile(r"门诊统筹|普通门诊|看门诊|看的门诊|门诊看")
NOT_A_DELIVERY = ("产检", "怀孕")


def _prenatal_within_outpatient(text: str, hits: list[_Hit]) -> bool:
    maternity = [text[h.start:h.end] for h in hits if h.value == "maternity"]
    scheme = [m for m in OUTPATIENT_SCHEME_RE.finditer(text) if not _negated(text, m.start())]
    return bool(scheme) and all(word in NOT_A_DELIVERY for word in maternity)


def _fill_out_of_area(slots: Slots, text: str) -> None:
    areas = _AREA.said(text)
    slots.out_of_area = next((a for a in OUT_OF_AREA_PRIORITY if a in areas), None)
    care_named = not slots.benefits or set(slots.benefits) - NOT_CARE_BENEFITS  # 在杭州打工…交医保: no care
    if slots.out_of_area is None and care_named and care_destinations(text):
        slots.out_of_area = "异地"  # 去北京住院: elsewhere; which province is read once the city is known
    kind_hits = _AREA_KIND.hits(text)
    kinds = _unique(h.value for h in kind_hits if not h.negated)
    slots.out_of_area_kind = kinds[0] if kinds else None  # type: ignore[assignment]
    if NOT_FILED_RE.search(text):
        slots.filing = "未备案"
    elif FILED_RE.search(text):
        slots.filing = "已备案"
    elif _went_unreferred(text, kind_hits, slots):
        slots.filing = "未备案"
    emergency = _EMERGENCY.hits(text)
    if emergency:
        slots.emergency = not all(h.negated for h in emergency)


def _went_unreferred(text: str, kind_hits: list[_Hit], slots: Slots) -> bool:
    """Care elsewhere without a referral: with care elsewhere said, a referral word negated (未转诊去市外,
    没转院), or the care sought on one's own (自己跑到外地住院) with no referral said."""
    if slots.out_of_area in (None, "本地") or slots.out_of_area_kind == "转诊转院":
        return False
    return (any(h.value == "转诊转院" and h.negated for h in kind_hits)
            or (slots.out_of_area_kind is None and any(word in text for word in SELF_REFERRED_WORDS)))


def _family_doctor(text: str) -> bool | None:
    match = FAMILY_DOCTOR_RE.search(text)
    if not match:
        return None
    return not _negated(text, match.start())


# ---------------------------------------------------------------------------------------------
# households


def _fill_household(slots: Slots, text: str, quantities: list[Quantity]) -> None:
    # 五口人; 一家六口, 家里七口 (口 after a word of the family)
    sizes = [q for q in quantities if q.unit == "count" and (
        q.raw.endswith("口人") or (q.raw.endswith("口") and "家" in text[max(0, q.start - 3):q.start]))]
    if sizes:
        slots.household_size = int(sizes[0].value)
    counted = _enumerated_members(text, quantities, _counted_members(text, quantities))
    counted_spans = [(c.start, c.end) for c in counted]
    relations = _pair_hits(text, _RELATION.hits(text, [*_not_a_person(text), *counted_spans]))
    taken = [*((h.start, h.end) for h in relations), *counted_spans]
    relations = sorted([*relations, *_bare_self(text, taken), *_order_children(text, taken)], key=lambda h: h.start)
    counted, appositive, appositive_ages = _appositive_counts(text, counted, relations)
    counted_spans = [(c.start, c.end) for c in counted]
    by_relation: dict[str, list[Member]] = {}
    first_said: list[tuple[int, Member]] = []  # each member with where it is first named
    for group in counted:
        by_relation.setdefault(group.relation, []).extend(group.members)
        first_said += [(group.start, m) for m in group.members]
    mentions: list[tuple[list[Member], int]] = []  # the members each relation word names, and where
    for hit in relations:
        for name in PAIRS.get(hit.value, [hit.value]):
            if name not in by_relation:
                by_relation[name] = [Member(relation=name, person=PAIR_KIND.get(hit.value))]
                first_said.append((hit.start, by_relation[name][0]))
            mentions.append((by_relation[name], hit.start))
    members = [m for _, m in sorted(first_said, key=lambda said: said[0])]
    others = [m for m in members if m.relation != "本人"]
    listed = sizes or HOUSEHOLD_RE.search(text) or len(others) >= 2 or (others and SELF_WITH_RE.search(text))
    if not members or not listed:
        return
    skip = [(h.start, h.end) for h in relations] + counted_spans
    family_groups: list[str] = []
    for start, end in _clauses(text):
        groups = [h.value for h in _GROUP.hits(text) if not h.negated and start <= h.start < end]
        if WHOLE_FAMILY_RE.search(text, start, end):
            family_groups += groups
        grade = _disability_grade(text[start:end])
        for group in counted:
            if start <= group.start < end:
                _add_groups(group.members, groups, grade)
        in_clause = [(m, pos) for named, pos in mentions if start <= pos < end for m in named]
        if not in_clause:
            continue
        ages = [q for q in quantities if q.unit == "age" and start <= q.start < end
                and not any(s <= q.start < e for s, e in counted_spans)]
        _assign_ages(in_clause, ages)
        for run, (d_start, d_end) in _described_runs(text, in_clause, start, end):
            kinds = _person_kinds(text, [], d_start, d_end, skip)
            if _born_in(text, d_start, d_end, slots.dates.year):
                kinds.append("newborn")  # 小儿子2021年6月出生: born in the year in question
            said = groups if (d_start, d_end) == (start, end) else [
                h.value for h in _GROUP.hits(text) if not h.negated and d_start <= h.start < d_end]
            _add_groups(run, said, grade)
            for member in run:
                own = [*kinds, *([_person_from_age(member.age)] if member.age is not None else [])]
                member.person = _best_kind(own) or member.person
    _ages_in_order(text, quantities, first_said)
    _describe_by_asides(text, quantities, mentions)
    _describe_by_labels(text, quantities, mentions)
    for member in members:
        member.groups = _unique([*member.groups, *family_groups])
        if member.age is None and member.relation in appositive_ages:
            member.age = appositive_ages[member.relation]
            member.person = _person_from_age(member.age) if member.person in (None, "adult", "elderly", "minor") \
                else member.person
        member.person = member.person or appositive.get(member.relation) or RELATION_KIND.get(member.relation)
    _attach_amounts(text, quantities, mentions)
    slots.household = members


# Between two members named one after the other (爷爷奶奶, 我、老婆, 爸爸和妈妈): nothing, or a joining word.
MEMBER_JOIN_RE = re.compile(r"\s?(?:[、和跟与及/]|以及)?\s?(?:我们|咱们|我家|我|们)?")  # 奶奶和我们夫妻俩
# A description shared by every member of the run before it (爷爷、奶奶都是低保户, 我老婆、儿子是普通居民);
# any other (我、我老婆、大舅、儿子读小学) describes the member named last.
SHARED_DESCRIPTION_RE = re.compile(r"\s?(?:都|均|也都|也|全都|全|皆|俩|两人|二人|两个|是|属于|为)")


def _member_word_end(text: str, pos: int) -> int:
    word = _RELATION.pattern.match(text, pos) or BARE_SELF_RE.match(text, pos)
    return word.end() if word else pos + 1


def _described_runs(text: str, in_clause: list[tuple[Member, int]], start: int, end: int
                    ) -> list[tuple[list[Member], tuple[int, int]]]:
    """The clause's members in runs of members named one after the other, each with the span of words
    that describe it: the whole clause when it names one run, else each run's following words (a
    description not shared, 儿子读小学 after 我、老婆、, goes to the run's last member)."""
    ordered = sorted(in_clause, key=lambda mp: mp[1])
    runs: list[list[tuple[Member, int]]] = [[ordered[0]]]
    for member, pos in ordered[1:]:
        last_end = _member_word_end(text, runs[-1][-1][1])
        if pos <= last_end or MEMBER_JOIN_RE.fullmatch(text, last_end, pos):
            runs[-1].append((member, pos))
        else:
            runs.append([(member, pos)])
    if len(runs) == 1 and not _run_then_unshared(text, runs[0], end):
        return [([m for m, _ in ordered], (start, end))]
    out: list[tuple[list[Member], tuple[int, int]]] = []
    for i, run in enumerate(runs):
        members = [m for m, _ in run]
        words = (_member_word_end(text, run[-1][1]), runs[i + 1][0][1] if i + 1 < len(runs) else end)
        if len(run) == 1 or SHARED_DESCRIPTION_RE.match(text, words[0]):
            out.append((members, words))
        else:
            out.append((members[-1:], words))
    return out


def _run_then_unshared(text: str, run: list[tuple[Member, int]], end: int) -> bool:
    """Whether a run of several members is followed by words that describe only the last of them."""
    if len(run) < 2:
        return False
    after = _member_word_end(text, run[-1][1])
    return after < end and SHARED_DESCRIPTION_RE.match(text, after) is None and bool(text[after:end].strip())


def _describe_by_asides(text: str, quantities: list[Quantity], mentions: list[tuple[list[Member], int]]) -> None:
    """A bracketed aside right after one member's word (我（成年）, 妈妈（低保户）, 老大（16岁）) says that
    member's kind, age or groups."""
    for named, pos in mentions:
        if len(named) != 1:
            continue
        word = _RELATION.pattern.match(text, pos) or BARE_SELF_RE.match(text, pos)
        aside = BRACKET_ASIDE_RE.match(text, word.end()) if word else None
        if aside is None:
            continue
        member = named[0]
        kinds = _person_kinds(text, quantities, aside.start(), aside.end())
        member.person = _best_kind(kinds) or member.person
        ages = [q for q in quantities if q.unit == "age" and aside.start() <= q.start < aside.end()]
        if ages and member.age is None:
            member.age = int(ages[0].value)
        groups = [h.value for h in _GROUP.hits(text) if not h.negated and aside.start() <= h.start < aside.end()]
        member.groups = _unique([*member.groups, *groups])


# A member listed as a label and its description (爷爷-低保户；奶奶-普通, 我：读大学, 1.爸爸 残疾人 2.妈妈 普通):
# the member's word, a dash, colon or space, then the words up to the item's end — a clause mark, a dash
# or number starting the next item (— 老婆：…, 2.妈妈), or the next member's word.
LABEL_SEPARATOR_RE = re.compile(r"\s?(?:[-—–~]+|[:：])\s?|\s+")
ITEM_END_RE = re.compile(r"[,，。;；!！?？\n|｜()（）]|\s?[-—–]|\s\d{1,2}\s?[.、．)）]|\s\(?[一二三四五六七八九十]、")


def _describe_by_labels(text: str, quantities: list[Quantity], mentions: list[tuple[list[Member], int]]) -> None:
    """A member's word followed by a label separator and its description (爷爷-低保户, 我：读大学, 爸爸 残疾人)
    says that member's kind, age and groups; a description shared by its head word (爷爷奶奶 都是低保) says
    them of the members named together before it."""
    starts = sorted(pos for _, pos in mentions)
    for i, (named, pos) in enumerate(mentions):
        if len(named) != 1:
            continue
        word = _RELATION.pattern.match(text, pos) or BARE_SELF_RE.match(text, pos)
        sep = LABEL_SEPARATOR_RE.match(text, word.end()) if word else None
        if sep is None or sep.end() >= len(text):
            continue
        later = [p for p in starts if p >= sep.end()]
        end = ITEM_END_RE.search(text, sep.end())
        stop = min([end.start() if end else len(text), *later[:1]])
        if stop <= sep.end():
            continue
        kinds = _person_kinds(text, quantities, sep.end(), stop)
        groups = [h.value for h in _GROUP.hits(text) if not h.negated and sep.end() <= h.start < stop]
        ages = [q for q in quantities if q.unit == "age" and sep.end() <= q.start < stop]
        if not (kinds or groups or ages):
            continue
        described = [named[0]]
        if SHARED_DESCRIPTION_RE.match(text, sep.end()):
            described = _run_before(text, mentions, i)
        for member in described:
            member.person = _best_kind(kinds) or member.person
            if ages and member.age is None and len(described) == 1:
                member.age = int(ages[0].value)
            member.groups = _unique([*member.groups, *groups])


def _run_before(text: str, mentions: list[tuple[list[Member], int]], i: int) -> list[Member]:
    """The member of mention `i` and the members named right before it, one after the other (爷爷奶奶, 爸、妈)."""
    ordered = sorted(range(len(mentions)), key=lambda k: mentions[k][1])
    at = ordered.index(i)
    run = list(mentions[i][0])
    while at > 0:
        prev = ordered[at - 1]
        if not MEMBER_JOIN_RE.fullmatch(text, _member_word_end(text, mentions[prev][1]), mentions[ordered[at]][1]):
            break
        run = [*mentions[prev][0], *run]
        at -= 1
    return run


# The items of an enumeration that describes a counted group one member at a time:
# 两个孩子，一个上高中，一个5岁 / 一个8岁一个12岁 / 老大读初中，老二3岁 / 大的…小的….
ENUMERATION_ITEM_RE = re.compile(r"(?:另外?一个|另一位|一个|一位|一名|老大|老二|老三|老小|大的|小的|大一点的|小一点的)")
# The kinds an item may say of a member of a counted group of a kind (两个孩子 -> 一个上高中的).
REFINES: dict[str, set[str]] = {
    "minor": {"minor", "student", "college_student", "newborn"},
    "student": {"student", "college_student", "minor"},
    "college_student": {"college_student"},
    "adult": {"adult", "elderly", "college_student"},
    "elderly": {"elderly"},
    "newborn": {"newborn", "minor"},
}
ENUMERATION_SPAN = 14  # an item's description runs to the next item, at most this many characters


def _enumerated_members(text: str, quantities: list[Quantity], counted: list[_Counted]) -> list[_Counted]:
    """A counted group of n members (两个孩子) followed by exactly n enumeration items, each saying a
    kind or an age: the items describe its members in order. The items' own counts (一个上高中) are
    then not further members."""
    out = list(counted)
    for group in counted:
        if len(group.members) < 2 or group not in out:
            continue
        items = _enumeration_items(text, group.end, len(group.members))
        if items is None:
            _ages_in_turn(text, quantities, group, out)
            continue
        described = []
        for start, end in items:
            kinds = _person_kinds(text, [], start, end)
            if _born_in(text, start, end, None):
                kinds.append("minor")  # 老三2021年5月出生: a child born on a date said
            ages = [int(q.value) for q in quantities if q.unit == "age" and start <= q.start < end] or [
                int(q.value) for q in quantities if _could_be_age(q) and q.start == start and not text[q.end:end].strip()]
            described.append((_best_kind([*kinds, *(_person_from_age(a) for a in ages[:1])]), ages[0] if ages else None))
        fits = REFINES.get(group.members[0].person or "", set())
        by_relation = group.relation in RELATION_WORDS  # 两个孩子 are the resident's children, of any age
        if any(kind is None or (kind not in fits and not (by_relation and age is not None)) for kind, age in described):
            continue  # 两个大人，一个上初中的…: further members, not a description of these
        for member, (kind, age) in zip(group.members, described, strict=True):
            member.person, member.age = kind, age
        inside = (group.end, items[-1][1])
        out = [c for c in out if c is group or not inside[0] <= c.start < inside[1]]
        out[out.index(group)] = _Counted(group.start, inside[1], group.relation, group.members)
    return out


AGES_IN_TURN_RE = re.compile(r"\s?(?:分别|各)(?:是|为)?\s?$")


def _ages_in_turn(text: str, quantities: list[Quantity], group: _Counted, counted: list[_Counted]) -> None:
    """两个孩子分别8岁和12岁 (分别是6岁、9岁): an enumeration of ages after 分别 gives the counted
    members their ages in order."""
    n = len(group.members)
    end = _sentence_end(text, group.start)
    ages = [q for q in quantities if q.unit == "age" and group.start <= q.start < end]
    if len(ages) < n or not AGES_IN_TURN_RE.search(text, group.start, ages[0].start):
        return
    ages = ages[:n]
    joined = all(LIST_SEPARATOR_RE.fullmatch(text[a.end:b.start]) for a, b in zip(ages, ages[1:], strict=False))
    others = [c for c in counted if c is not group and group.start < c.start < ages[-1].start]
    if not joined or others:
        return
    for member, age in zip(group.members, ages, strict=True):
        member.age = int(age.value)
        if member.person in (None, "minor", "adult", "elderly"):
            member.person = _person_from_age(member.age)


def _enumeration_items(text: str, after: int, n: int) -> list[tuple[int, int]] | None:
    """The spans of n enumeration items that follow `after` in the same sentence, or None."""
    sentence_end = _sentence_end(text, after)
    starts = [m for m in ENUMERATION_ITEM_RE.finditer(text, after, sentence_end)]
    if len(starts) < n or (starts and text[after:starts[0].start()].strip(" ,，、:：(（") not in ("", "其中", "分别")):
        return None
    starts = starts[:n]
    spans = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < n else min(sentence_end, match.end() + ENUMERATION_SPAN)
        if i + 1 == n:
            stop = re.compile(r"[,，;；。?？)）]").search(text, match.end(), end)
            end = stop.start() if stop else end
        spans.append((match.end(), end))
    return spans


SENTENCE_BREAK_RE = re.compile(r"[。;；!！?？\n]")


def _sentence_end(text: str, pos: int) -> int:
    match = SENTENCE_BREAK_RE.search(text, pos)
    return match.start() if match else len(text)


def _sentence_start(text: str, pos: int) -> int:
    starts = [m.end() for m in SENTENCE_BREAK_RE.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def _attach_amounts(text: str, quantities: list[Quantity], mentions: list[tuple[list[Member], int]]) -> None:
    """Each case amount goes to the one member named last before it in its sentence, with no other case
    amount between them (爷爷12000元、奶奶8000元; 爷爷是低保对象，报销后自付12000元，奶奶…)."""
    amounts = [q for q in quantities if _is_case_amount(text, q)]
    for i, q in enumerate(amounts):
        start = _sentence_start(text, q.start)
        before = [(named, pos) for named, pos in mentions if start <= pos < q.start]
        if not before:
            continue
        named, pos = max(before, key=lambda said: said[1])
        if i > 0 and amounts[i - 1].start > pos:
            continue  # another amount stands between: that one is this member's
        if len(named) == 1 and named[0].amount is None:
            named[0].amount = q.value


# Ages given in turn after the members (…，分别45、43、16岁 / 年龄分别是70、68、40 / 我们依次为45岁、43岁和16岁).
AGES_IN_ORDER_RE = re.compile(r"(?P<age_word>年龄|岁数|年纪)?(?:分别|依次|各自)(?:是|为)?\s?")


def _ages_in_order(text: str, quantities: list[Quantity], first_said: list[tuple[int, Member]]) -> None:
    """An enumeration of as many ages as the members named before it in its sentence, after 分别/依次, gives
    those members their ages in order. Bare numbers are ages when the last item has 岁 or the words before
    say they are ages (年龄分别是…)."""
    for marker in AGES_IN_ORDER_RE.finditer(text):
        items = _number_run(text, quantities, marker.end())
        if not items or not (items[-1].unit == "age" or marker.group("age_word")):
            continue
        if not all(q.unit == "age" or _could_be_age(q) for q in items):
            continue
        start = _sentence_start(text, marker.start())
        named = [m for pos, m in sorted(first_said, key=lambda said: said[0]) if start <= pos < marker.start()]
        if len(named) != len(items) or any(m.age is not None for m in named):
            continue
        for member, q in zip(named, items, strict=True):
            member.age = int(q.value)
            if member.person in (None, "minor", "adult", "elderly"):
                member.person = _person_from_age(member.age)


def _number_run(text: str, quantities: list[Quantity], at: int) -> list[Quantity]:
    """The numbers listed one after the other from `at` (45、43、16岁 / 45岁、43岁和16岁), joined by list marks."""
    run: list[Quantity] = []
    for q in sorted(quantities, key=lambda q: q.start):
        if q.start < at:
            continue
        gap = text[(run[-1].end if run else at):q.start]
        if (run and not LIST_SEPARATOR_RE.fullmatch(gap)) or (not run and gap.strip()):
            break
        run.append(q)
    return run


# between the members a count restates: a joining word, and the possessive of the next (我、我爱人、我妈三个成年人)
APPOSITION_JOIN_RE = re.compile(r"\s?(?:和|跟|与|、|及)?\s?(?:我的?|咱家的?)?")


def _appositive_counts(text: str, counted: list[_Counted], relations: list[_Hit]
                       ) -> tuple[list[_Counted], dict[str, PersonKind], dict[str, int]]:
    """Counts that restate the members just named (我和老婆两个大人, 爷爷奶奶俩老人): the named members
    are those counted, with the count's kind and the ages its items give in turn; the count adds no members."""
    kept, kinds, ages = [], {}, {}
    for group in counted:
        if group.relation not in COUNTED_RELATION.values():
            kept.append(group)  # 两个孩子 names members of its own
            continue
        run: list[_Hit] = []
        pos = group.start
        for hit in sorted((h for h in relations if h.end <= group.start), key=lambda h: -h.start):
            gap = text[hit.end:pos]
            if not (gap.strip() == "" if not run else APPOSITION_JOIN_RE.fullmatch(gap)):
                break
            run.append(hit)
            pos = hit.start
        named = [name for hit in reversed(run) for name in PAIRS.get(hit.value, [hit.value])]  # in text order
        if len(named) >= 2 and len(named) == len(group.members):
            kinds.update({name: group.members[0].person for name in named if group.members[0].person})
            # the count's members described one by one (爷爷奶奶两个老人，一个70一个68): those named, in order
            ages.update({name: m.age for name, m in zip(named, group.members, strict=True) if m.age is not None})
            continue
        kept.append(group)
    return kept, kinds, ages


def _born_in(text: str, start: int, end: int, year: int | None) -> bool:
    """Whether the clause gives a birth date (a date followed by 出生 …) in `year` (any year when None)."""
    clause = text[start:end]
    for mention in extract_dates(clause):
        after = clause[mention.end:mention.end + 3]
        if mention.precision != "year" and any(w in after for w in DATE_ROLE_WORDS["birth"]):
            return year is None or mention.date.year == year
    return False


def _add_groups(members: list[Member], groups: list[str], grade: str | None) -> None:
    for member in members:
        member.groups = _unique([*member.groups, *groups])
        if grade and "残疾人" in member.groups:
            member.disability_grade = grade


def _pair_hits(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The relation hits without a pair word that describes other members named in its clause."""
    kept = []
    for hit in hits:
        others = PAIR_DESCRIBES_OTHERS.get(hit.value, ())
        clause = (_clause_start(text, hit.start), _clause_end(text, hit.end))
        if any(h.value in others and clause[0] <= h.start < clause[1] for h in hits):
            continue
        kept.append(hit)
    return kept


@dataclass(frozen=True)
class _Counted:
    start: int
    end: int
    relation: str
    members: list[Member]


def _counted_members(text: str, quantities: list[Quantity]) -> list[_Counted]:
    """Members given as a count of a kind: 两个大人 (two adults), 一个上初中的孩子, 一个12岁的孩子."""
    counts = [q for q in quantities if q.unit == "count" and q.raw.endswith(COUNT_CLASSIFIERS)]
    # 俩/仨 are two/three with the classifier inside the word (俩孩子 = 两个孩子)
    counts += [Quantity(Decimal(PAIR_COUNT_WORDS[m.group(0)]), "count", m.start(), m.end(), m.group(0) + "个")
               for m in PAIR_COUNT_RE.finditer(text) if text.startswith(_PERSON_NAMES, m.end())]  # 俩孩子, not 夫妻俩
    counts.sort(key=lambda q: q.start)
    found = []
    for i, count in enumerate(counts):
        end = min(_clause_end(text, count.end), count.end + COUNTED_SPAN)
        if i + 1 < len(counts):
            end = min(end, counts[i + 1].start)
        stop = COUNTED_STOP_RE.search(text, count.end, end)
        end = stop.start() if stop else end
        ages = [int(q.value) for q in quantities if q.unit == "age" and count.end <= q.start < end]
        kinds = _person_kinds(text, [], count.end, end)
        if not kinds and not (ages and re.match(r"\s?\d", text[count.end:])):
            continue  # neither a kind nor an age right after the count (一个3岁的): no member
        n = int(count.value)
        person = _best_kind([*kinds, *(_person_from_age(a) for a in ages[:1] if n == 1)])
        relations = [h.value for h in _RELATION.hits(text) if count.end <= h.start < end and h.value not in PAIRS]
        relation = relations[0] if relations else COUNTED_RELATION[person]  # type: ignore[index]
        age = ages[0] if n == 1 and len(ages) == 1 else None
        members = [Member(relation=relation, person=person, age=age) for _ in range(n)]
        found.append(_Counted(count.start, end, relation, members))
    return found


# The resident named by a bare 我 as an item of a list of members (家里4口：爷爷、奶奶、我、妹妹; 我（成年）
# 一个人带3个娃; 我：读大学): 我 between list marks, or before a bracket or a colon.
# The resident as a bare 我 at the start of a list item, followed by a break, schooling, or their own
# description: a group or person word that names no relation, or 普通/一般 (我普通居民；老婆低保户 /
# 我低保，老伴特困; not 我婆婆, 我孩子: those name another member).
_RELATION_NAMES = {w for words in RELATION_WORDS.values() for w in words}
_SELF_DESCRIBED = "|".join(re.escape(w) for w in sorted(
    {w for words in (*GROUP_WORDS.values(), *PERSON_WORDS.values()) for w in words
     if w not in _RELATION_NAMES and not any(w in r or r in w for r in _RELATION_NAMES if len(r) > 1)},
    key=len, reverse=True))
BARE_SELF_RE = re.compile(
    r"(?:(?<=^)|(?<=[:：、,，;；(（\s\-—–]))我(?=[、,，;；:：(（\-—–]|\s|$|读|念|在读|上(?:大学|大专|高中|初中|小学|学|幼儿园)"
    r"|(?:今年|都|已经)?\d{1,3}(?:周岁|岁|(?=[,，、;；。]|\s|$))"
    r"|普通|一般|" + _SELF_DESCRIBED + ")"
    # the first item of a list of members that 有/包括 opens (家里有我、老婆和儿子)
    r"|(?<=有|括)我(?=[、/])")


def _bare_self(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    return [_Hit("本人", m.start(), m.end(), False) for m in BARE_SELF_RE.finditer(text)
            if not any(s <= m.start() < e for s, e in taken)]


# A child named by birth order alone at the start of a list item (大儿子上初中，小的刚出生; 大的12岁、小的3岁),
# followed by a break, a figure, schooling, or what is said of them; not 小的医院 or 大的那家 (no member)
# and not 小的孩子 (the relation word names the member). Each is a member of its own.
ORDER_CHILDREN = {"大的": "老大", "大点的": "老大", "大一点的": "老大", "最大的": "老大",
                  "小的": "老小", "小点的": "老小", "小一点的": "老小", "最小的": "老小"}
ORDER_CHILD_RE = re.compile(
    r"(?:(?<=^)|(?<=[:：、,，;；(（\s和])|(?<=还有))(" + "|".join(sorted(ORDER_CHILDREN, key=len, reverse=True)) + ")"
    r"(?=[、,，;；:：(（\s\d一二两三四五六七八九十]|$|上|读|念|在读|刚|才|今年|是|还|已|出生|" + _SELF_DESCRIBED + ")"
)


def _order_children(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    return [_Hit(ORDER_CHILDREN[m.group(1)], m.start(1), m.end(1), False) for m in ORDER_CHILD_RE.finditer(text)
            if not any(s <= m.start(1) < e for s, e in taken)]


def _not_a_person(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in NOT_A_PERSON_RE.finditer(text)]


def members_named_with(text: str, members: list[Member], words: Iterable[str]) -> list[Member]:
    """The members named in a clause that says one of `words` (not negated there): 我妈在区医院住了一次院 我和我爸
    陪护 -> 母亲 alone, for the words of a stay."""
    words = tuple(words)
    clauses = [(s, e) for s, e in _clauses(text)
               if any(not _negated(text, m.start()) for w in words for m in re.finditer(re.escape(w), text[:e]) if m.start() >= s)]
    pair_words = {name: [w for pair, names in PAIRS.items() if name in names for w in RELATION_WORDS[pair]]
                  for name in {m.relation for m in members}}
    out = []
    for member in members:
        names = (*RELATION_WORDS.get(member.relation, (member.relation,)), *pair_words[member.relation])
        if any(name in text[s:e] for s, e in clauses for name in names) or (
                member.relation == "本人" and any(BARE_SELF_RE.search(text, s, e) for s, e in clauses)):
            out.append(member)
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in CLAUSE_BREAK_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _assign_ages(in_clause: list[tuple[Member, int]], ages: list[Quantity]) -> None:
    """Each age goes to the member named just before it in the clause (女儿5岁), else just after (12岁的孩子)."""
    for age in ages:
        before = [m for m, pos in in_clause if pos < age.start]
        after = [m for m, pos in in_clause if pos > age.start]
        target = before[-1] if before else (after[0] if after else None)
        if target is not None and target.age is None:
            target.age = int(age.value)

"""What a resident's message asks for: a calculation, a policy fact, a comparison, a greeting, or
something outside the documents. Rules over word lists (data, at the top), each decision with a
short reason a developer can read.

The line between `calculation` and `policy`: a calculation asks for an amount or a date *for a
case the message describes* — a cost the resident had (住院花了3万能报多少), a payment date
(7月15日才交上, 哪天开始能用), a household to price (全家五口人要交多少). A policy question asks
what the rule is (报销比例是多少, 起付线多少, 15万以上的部分报多少): figures that are band limits
of the rule (6万到10万那一段, 15万以上) are not a case.

A short fragment that only changes something (那二级医院呢, 如果花了8万呢, 我是学生, 那长春呢)
is `follow_up`: the answering layer merges it into the previous turn (`bot.understanding.understand.merge_followup`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.understanding.slots import WAIT_START_NOUNS, Slots
from corpus import LEXICON_DIR
from corpus.word_classes import load_word_classes

Intent = Literal["calculation", "policy", "comparison", "greeting", "out_of_scope", "follow_up"]

GREETING_WORDS = (
    "你好", "您好", "hi", "hello", "hey", "嗨", "哈喽", "在吗", "在不在", "有人吗", "谢谢", "多谢", "感谢", "谢了", "再见",
    "拜拜", "早上好", "上午好", "下午好", "晚上好", "好的", "明白了", "知道了", "你能做什么", "你会什么", "你能干什么",
    "你是谁", "你是干什么的", "帮助", "help", "怎么用", "使用说明", "能帮我什么",
)
GREETING_RE = re.compile(
    r"^(?:(?:" + "|".join(GREETING_WORDS) + r")[啊呀呢吧嘛哈~～!！。.,，?？ ]*)+$", re.IGNORECASE
)
GREETING_PREFIX_RE = re.compile(r"^(?:你好|您好|hi|hello|在吗|麻烦问一下|请问|问一下)[啊呀,，!！ ]*", re.IGNORECASE)

# Words that put a message inside the medical-insurance domain.
DOMAIN_WORDS = (
    "医保", "医疗", "保险", "报销", "报", "住院", "门诊", "参保", "缴费", "交费", "起付", "封顶", "比例", "药", "医院",
    "卫生", "看病", "就医", "备案", "异地", "大病", "救助", "低保", "特困", "慢性病", "慢特病", "两病", "等待期", "待遇",
    "生育", "照护", "失能", "护理", "费用", "结算", "定点", "统筹", "目录", "甲类", "乙类", "政策", "条例", "居民", "新农合",
    "社保", "电话", "热线", "APP", "小程序", "缴纳", "补贴", "补助", "资助", "手术", "病", "诊所", "卡",
)

# Topics the documents do not cover (corpus/lexicon/scope.txt), with the reason shown to developers.
OUT_OF_SCOPE_TOPICS: dict[str, tuple[str, ...]] = load_word_classes(LEXICON_DIR / "scope.txt")
# Asking whether the resident scheme pays for, or is replaced by, such a topic: the documents answer.
SCHEME_COVERS_RE = re.compile(
    r"(?:医保|居民医保|合作医疗|新农合|基本医保|基本医疗保险)[^,，。?？]{0,6}?(?:报|赔|管|代替|替代|取代|顶替)"
    r"|(?:走|用|找)(?:医保|居民医保|合作医疗|新农合|基本医保)"
    r"|(?:代替|替代|取代|顶替)[^,，。?？]{0,4}(?:医保|基本医保|基本医疗保险)"
)
MEDICAL_ADVICE_WORDS = (
    "吃什么药", "吃啥药", "用什么药", "该吃什么", "怎么治", "如何治疗", "怎么治疗", "治疗方案", "偏方", "能治好",
    "挂什么科", "挂哪个科", "是什么病", "严重吗", "要不要紧", "副作用", "吃什么好",
)
INSURANCE_WORDS = ("报销", "医保", "报", "参保", "缴费", "保险", "起付", "比例")

# Places outside the five cities (provinces that hold none of them, and cities of the others).
OTHER_PLACES = (
    "北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "苏州", "无锡", "常州", "徐州", "南通", "扬州", "镇江",
    "泰州", "盐城", "宿迁", "武汉", "襄阳", "宜昌", "孝感", "十堰", "荆州", "黄冈", "太原", "大同", "晋城", "运城",
    "临汾", "吉林市", "四平", "松原", "延吉", "哈尔滨", "沈阳", "大连", "成都", "西安", "郑州", "长沙", "合肥", "济南",
    "青岛", "福州", "厦门", "昆明", "南宁", "贵阳", "兰州", "石家庄", "南昌", "海口", "乌鲁木齐", "呼和浩特", "银川",
    "西宁", "拉萨", "香港", "澳门", "台湾", "浙江", "广东", "山东", "河南", "河北", "四川", "湖南", "安徽", "福建",
    "江西", "云南", "贵州", "广西", "海南", "辽宁", "黑龙江", "陕西", "甘肃", "青海", "宁夏", "新疆", "西藏", "内蒙古",
)
# "在南京住院" names where the care was, not where the resident is insured.
CARE_PLACE_AFTER_RE = re.compile(r"^[^,，。?？]{0,6}?(?:住院|看病|就医|治疗|看门诊|做手术|的医院|医院|生孩子|打工|工作|上学|读书)")

COMPARE_WORDS = (
    "对比", "比较", "比一比", "哪个城市", "哪座城市", "哪个市", "哪里报得多", "哪个地方", "各城市", "各个城市", "五个城市",
    "几个城市", "这几个市", "有什么区别", "有什么不同", "区别", "差别", "差异", "不一样", "一样吗", "相比", "哪个高", "哪个低",
    "哪个多", "哪个少", "哪个好", "哪边", "分别",
)
ALL_CITIES_WORDS = ("哪个城市", "哪座城市", "哪个市", "各城市", "各个城市", "五个城市", "几个城市", "这几个市")
CITY_JOIN_RE = r"[^,，。?？]{0,4}(?:和|跟|与|同|及|、|还是|或|对比|比|vs|VS|/)[^,，。?？]{0,4}"

ASK_AMOUNT_RE = re.compile(
    r"多少|几成|报[^,，。?？]{0,6}吗|能不能报|报得了|怎么算|算一下|算算|算下|帮我算|计算|测算|合计|一共"
    # the amount asked for as a noun in call-centre notes (问大病保险赔付额, 问医疗救助金额)
    r"|(?:赔付|报销|支付|救助|补偿|补助|赔偿|统筹)的?(?:金额|数额|额度|额)|问[^,，。;；?？]{0,12}?(?:金额|数额)"
)
# Asking where a band of the rule starts is a policy question even when an amount is given.
RULE_ASK_RE = re.compile(r"从多少(?:钱|元)?开始|多少(?:钱|元)?起|多少以上|超过多少|起付线是多少|起付线多少")
ASK_DATE_RE = re.compile(
    r"哪天|哪一天|哪日|什么时候|啥时候|何时|几号|几月几[日号]|从哪"
    # the day asked for as a noun in call-centre notes (问待遇起始日, 最晚截止日)
    r"|(?:起始|生效|起算|起保)(?:日|时间)|截[止至](?:日|时间)|最后一天|最后期限|" + "|".join(WAIT_START_NOUNS)
)
CALC_WORDS_RE = re.compile(r"帮我算|算一下|算算|算下|计算|测算")
# A search-box string that ends with the quantity wanted and no question word (合规3.5万 未成年 统筹支付;
# 乙类1万 报销; 自付8000 救助): with a case amount, a calculation.
KEYWORD_ASK_END_RE = re.compile(
    r"(?:统筹支付|基金支付|医保支付|支付金额|报销金额|报销额|报销|能报|报|赔付|救助金额|救助|自付|个人负担|个人承担)"
    r"[\s?？。.!！]*$"
)
# How long the wait is, asked after the date it runs from (5月8日交的 多久能报销).
ASK_WAIT_RE = re.compile(r"多久|多长时间|多少天|几天|几个月")
# The resident asking what they themselves pay (我要交多少, 我们交多少, 一个人交多少): with a year or a
# request to calculate, a contribution for a case; 个人一年交多少 without either is the rule.
SELF_PAYS_RE = re.compile(
    r"(?:我|俺|咱|一个人|本人|自己)[们家]?[^,，。?？]{0,3}?(?:要|得|需要|应该|该)?[交缴]纳?(?:多少|几)"
)
# The resident describing their own case (我是低保户, 俺是四级残疾, 本人属于脱贫人口).
SELF_IS_RE = re.compile(r"(?:我|俺|本人)(?:是|属于|为|家是)")
ASK_ANY_RE = re.compile(r"多少|吗|怎么|哪|什么|啥|几|是否|能否|如何|(.)不\1")  # 能不能, 需不需要 …
FOLLOW_UP_START_RE = re.compile(r"^(?:那|那么|如果|要是|假如|换成|改成|改为|换|再问|还有)")
FOLLOW_UP_MAX_CHARS = 24  # a follow-up fragment starting with 那/如果 is at most this long
FRAGMENT_MAX_CHARS = 12  # a bare fragment (我是学生, 长春, 三级医院) is at most this long
POLICY_TERMS = ("报销", "比例", "起付", "封顶", "待遇", "标准", "政策", "条件", "材料", "流程", "电话")


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    reason: str  # why, in a few words (for developers and logs)


def classify_intent(text: str, slots: Slots, cities: list[str] | None = None,
                    city_given: bool = False) -> IntentResult:
    """The intent of a normalised message.

    `slots` are the message's slots (`bot.understanding.slots.extract_slots`); `cities` the covered cities the
    text names (`bot.understanding.cities.cities_in`); `city_given` whether the caller chose a city (then a
    place outside the five is where the care was, not the insured city).
    """
    cities = cities or []
    stripped = text.strip()
    if not stripped:
        return IntentResult("greeting", "空消息")
    if GREETING_RE.match(stripped):
        return IntentResult("greeting", f"问候或求助：{stripped[:10]}")
    body = GREETING_PREFIX_RE.sub("", stripped)

    for topic, words in OUT_OF_SCOPE_TOPICS.items():
        word = _first(body, words)
        if word and not SCHEME_COVERS_RE.search(body):
            return IntentResult("out_of_scope", f"{topic}（{word}）")
    advice = _first(body, MEDICAL_ADVICE_WORDS)
    if advice and not _first(body, INSURANCE_WORDS):
        return IntentResult("out_of_scope", f"医疗建议（{advice}）")
    place = _insured_elsewhere(body)
    if place and not cities and not city_given:
        return IntentResult("out_of_scope", f"城市不在覆盖范围（{place}）")

    comparison = _comparison(body, cities)
    if comparison:
        return IntentResult("comparison", comparison)

    calculation = _calculation(body, slots)
    if calculation:
        return IntentResult("calculation", calculation)

    if _is_follow_up(body, slots, cities):
        return IntentResult("follow_up", "只改了条件的追问")

    if _first(body, DOMAIN_WORDS) or cities:
        return IntentResult("policy", "询问政策规定")
    return IntentResult("out_of_scope", "没有提到医保相关内容")


def _first(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if w in text), None)


def _insured_elsewhere(text: str) -> str | None:
    """A place outside the five cities that the message is about (not merely where care took place)."""
    for place in OTHER_PLACES:
        for match in re.finditer(re.escape(place), text):
            before = text[max(0, match.start() - 2):match.start()]
            if re.search(r"[在去到来]$|到了$", before) and CARE_PLACE_AFTER_RE.match(text[match.end():]):
                continue
            return place
    return None


def _comparison(text: str, cities: list[str]) -> str | None:
    if len(cities) >= 2:
        word = _first(text, COMPARE_WORDS)
        if word:
            return f"比较多个城市（{word}）"
        a, b = cities[0], cities[1]
        if re.search(re.escape(a) + CITY_JOIN_RE + re.escape(b), text):
            return f"同时问{a}和{b}"
    word = _first(text, ALL_CITIES_WORDS)
    if word:
        return f"比较各城市（{word}）"
    return None


def _calculation(text: str, slots: Slots) -> str | None:
    has_case_amount = slots.amount is not None or bool(slots.amounts)
    case_asks = RULE_ASK_RE.sub("", text)
    if has_case_amount and ASK_AMOUNT_RE.search(case_asks):
        return "给出了费用金额，问能报/要付多少"
    if has_case_amount and CALC_WORDS_RE.search(text):
        return "要求计算"
    if has_case_amount and KEYWORD_ASK_END_RE.search(text) and not ASK_ANY_RE.search(text) and "?" not in text:
        return "关键词式提问：给出了费用金额和要算的项目"
    case_dates = [slots.dates.payment, slots.dates.status_change, slots.dates.birth, slots.dates.visit]
    if any(case_dates) and (ASK_DATE_RE.search(text) or slots.asked in ("deadline", "cover_end")):
        return "给出了缴费/身份变化日期，问哪天开始享受"
    event_dates = [slots.dates.payment, slots.dates.status_change, slots.dates.birth]
    if any(event_dates) and slots.benefit == "waiting_period" and ASK_WAIT_RE.search(text):
        return "给出了缴费/身份变化日期，问要等多久"
    if (slots.household or slots.household_size) and "contribution" in slots.benefits and ASK_AMOUNT_RE.search(text):
        return "列出了家庭成员，问一共要交多少"
    if (slots.benefit == "contribution" and (slots.dates.year or CALC_WORDS_RE.search(text))
            and SELF_PAYS_RE.search(text)):
        return "问自己某年要交多少"
    if (slots.benefit == "contribution" and (slots.groups or slots.disability_grade) and SELF_IS_RE.search(text)
            and ASK_AMOUNT_RE.search(text)):
        return "说明了自己的身份，问要交多少"
    return None


def _is_follow_up(text: str, slots: Slots, cities: list[str]) -> bool:
    if len(text) > FOLLOW_UP_MAX_CHARS:
        return False
    asks = ASK_ANY_RE.search(text)
    if FOLLOW_UP_START_RE.match(text) and (text.rstrip("?？!！。 ").endswith(("呢", "的话")) or not asks):
        return True
    if len(text) > FRAGMENT_MAX_CHARS or asks or slots.benefits or _first(text, POLICY_TERMS):
        return False
    return bool(slots.level or slots.person or slots.amount is not None or slots.groups or cities)

"""Waiting periods (待遇等待期): from which day a resident's cover starts, and when it ends.

Paid in the collection window (集中缴费期, the fourth quarter of the year before): cover for the
whole contribution year. Paid later: cover starts after the city's waiting period and claims in
the wait are not paid. Special statuses (newborns, veterans, …) start earlier where the city's
documents say so, often only when paid within 90 days of the event.

Day conventions, as the documents are read (each rule's `interpretation` says so to the user):
- "自缴费到账次日起"               → payment date + 1 day;
- "不设/免除待遇等待期" alone      → the payment date itself;
- "缴费到账2个月后" / "满三个月"    → payment date + relativedelta(months=n) (8-05 → 10-05);
- "90天内（含90天）" from an event → the event date + 90 days is the last day that counts
  (the day of the event itself is not counted, as in 民法典 第二百零一条).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from calculators.errors import InputError
from calculators.registry import MAX_DATE, MIN_DATE, CalcInput, register
from calculators.result import Result
from calculators.rules import CityRules, Param
from calculators.vocab import canonical

SECTION = "waiting_period"

StatusName = Literal[
    "普通居民", "新生儿", "退役军人", "刑满释放人员", "职工医保停保人员", "新增医疗救助对象",
    "严重精神障碍患者", "新入学大中专学生", "毕业大中专学生",
]
STATUSES: tuple[str, ...] = get_args(StatusName)
STATUS_ALIASES: dict[str, str] = {
    "普通": "普通居民", "一般居民": "普通居民", "补缴": "普通居民", "断缴": "普通居民", "逾期": "普通居民",
    "ordinary": "普通居民", "late": "普通居民",
    "newborn": "新生儿", "婴儿": "新生儿",
    "veteran": "退役军人", "退役士兵": "退役军人", "军人": "退役军人", "转业军人": "退役军人",
    "退役军人随迁家属": "退役军人",
    "released": "刑满释放人员", "刑满释放": "刑满释放人员",
    "职工医保停保": "职工医保停保人员", "停保": "职工医保停保人员", "职工医保中断": "职工医保停保人员",
    "新增救助对象": "新增医疗救助对象", "医疗救助对象": "新增医疗救助对象", "救助对象": "新增医疗救助对象",
    "精神障碍患者": "严重精神障碍患者", "严重精神障碍": "严重精神障碍患者",
    "大学新生": "新入学大中专学生", "新入学大学生": "新入学大中专学生", "大中专新生": "新入学大中专学生",
    "毕业生": "毕业大中专学生", "应届毕业生": "毕业大中专学生", "大学毕业生": "毕业大中专学生", "graduate": "毕业大中专学生",
}
Status = Annotated[StatusName, BeforeValidator(lambda v: canonical(STATUS_ALIASES, v))]

EVENT_LABEL = {
    "新生儿": "出生日期", "退役军人": "身份转换日期", "刑满释放人员": "身份转换日期",
    "职工医保停保人员": "身份转换日期", "新入学大中专学生": "入学日期", "毕业大中专学生": "毕业日期",
}

StartKind = Literal["event_date", "payment_date", "payment_next_day", "september_first"]
EndKind = Literal["contribution_year_end", "next_year_end"]


class SpecialRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window_days: Param[int] | None = None  # paid within this many days of the event
    start: Param[StartKind]
    end: Param[EndKind] | None = None


class WaitingRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window_start: Param[str]  # "MM-DD", in the year before the contribution year
    window_end: Param[str]
    benefit_year: Param[str]
    late_wait_months: Param[int]
    late_deadline: Param[str] | None = None  # "MM-DD" in the contribution year
    unpaid_in_wait: Param[str] | None = None
    special: dict[str, SpecialRule] = {}
    graduate_cover_end: Param[Literal["graduation_year_end"]] | None = None  # cover paid as a student lasts to


class WaitingInput(CalcInput):
    payment_date: dt.date | None = Field(
        default=None, ge=MIN_DATE, le=MAX_DATE, description="缴费到账日期（毕业大中专学生不需要）")
    contribution_year: int | None = Field(
        default=None, ge=2000, le=2100, description="缴费年度（默认：10至12月缴费为次年度，其余为当年度）"
    )
    status: Status = Field(default="普通居民", description="参保人情形")
    event_date: dt.date | None = Field(
        ge=MIN_DATE, le=MAX_DATE,
        default=None, description="出生日期、身份转换日期或入学日期（新生儿、退役军人等情形需要）"
    )

    @model_validator(mode="after")
    def _payment_needed(self) -> WaitingInput:
        if self.payment_date is None and self.status != "毕业大中专学生":
            raise InputError("payment_date", "缴费到账日期：必须填写")
        if self.status == "毕业大中专学生" and self.event_date is None:
            raise InputError("event_date", "毕业日期：必须填写（如2026年6月30日）")
        return self

    def paid_on(self) -> dt.date:
        assert self.payment_date is not None  # checked by the validator for every status that pays
        return self.payment_date

    def year(self) -> int:
        if self.contribution_year is not None:
            return self.contribution_year
        if self.payment_date is None:
            return self.event_date.year if self.event_date else self.on().year
        return self.payment_date.year + 1 if self.payment_date.month >= 10 else self.payment_date.year


@register(
    "waiting_period",
    "待遇等待期",
    "按缴费日期、缴费年度和参保人情形计算医保待遇从哪天开始享受、到哪天结束，以及是否有等待期",
    WaitingInput,
)
def waiting_period(rules: CityRules, inputs: WaitingInput) -> Result:
    """The first and last day of cover bought by one payment (for a graduate: the last day of the cover
    paid as a student)."""
    year = inputs.year()
    params = rules_for_year(rules, year)
    if inputs.status == "毕业大中专学生":
        return _graduate(rules, params, inputs)
    pay = inputs.paid_on()
    window = (_md(year - 1, params.window_start), _md(year - 1, params.window_end))
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = Result.begin("waiting_period", inputs, unit="date")
    result.details = {"contribution_year": year, "in_collection_window": window[0] <= pay <= window[1],
                      "window_met": None}
    result.step("缴费年度", f"{year}年度", None, params.benefit_year)
    result.step(
        "集中缴费期", f"{window[0].isoformat()} 至 {window[1].isoformat()}", None, params.window_start
    )
    if pay < window[0]:
        raise InputError(
            "payment_date", f"{rules.city}{year}年度的集中缴费期自{window[0].isoformat()}开始，缴费日期早于此"
        )

    start: dt.date | None = None
    end = year_end
    if window[0] <= pay <= window[1]:
        start = year_start
        result.step("在集中缴费期内缴费", f"享受{year}年1月1日至12月31日的待遇，无等待期", None, params.benefit_year)
    else:
        special = _special(params, inputs, year, result)
        if special is not None:
            start, end = special
    waited = start is None
    if start is None:
        start = _late(params, inputs, year, result)

    if pay > year_end and not (inputs.status == "新生儿" and start is not None and start <= year_end):
        raise InputError("payment_date", f"缴费日期已过{year}年度（{year}年12月31日），请确认缴费年度")
    return _finish(result, params, inputs, start, end, waited)


def covered_years(rules: CityRules) -> tuple[list[int], bool]:
    """The contribution years with rules, and whether the last version is open-ended."""
    years: set[int] = set()
    open_ended = False
    for version in rules.versions(SECTION):
        if version.effective_to is None:
            open_ended = True
            years.add(version.effective_from.year)
        else:
            years.update(range(version.effective_from.year, version.effective_to.year + 1))
    return sorted(years), open_ended


def rules_for_year(rules: CityRules, year: int) -> WaitingRules:
    if SECTION not in rules.sections:
        raise InputError("city", f"{rules.city}的政策文件没有规定缴费后何时享受待遇（等待期）", accepted=_cities_with_rules())
    years, open_ended = covered_years(rules)
    in_force = [
        v for v in rules.versions(SECTION)
        if v.effective_from.year <= year and (v.effective_to is None or year <= v.effective_to.year)
    ]
    if not in_force:
        accepted = [f"{y}年度" for y in years]
        if open_ended:
            accepted[-1] += "及以后"
        raise InputError("contribution_year", f"{rules.city}的政策文件没有{year}年度的待遇等待期规定", accepted=accepted)
    return rules.in_force(SECTION, dt.date(year, 1, 1), WaitingRules)  # type: ignore[return-value]


def _cities_with_rules() -> list[str]:
    from calculators.rules import load_city_rules
    from corpus.catalogue import CITIES

    return [c for c in CITIES if SECTION in load_city_rules(c).sections]


def _md(year: int, rule: Param[str]) -> dt.date:
    month, day = (int(part) for part in rule.value.split("-"))
    return dt.date(year, month, day)


def _graduate(rules: CityRules, params: WaitingRules, inputs: WaitingInput) -> Result:
    """Until which day the cover paid as a student lasts after graduating, where the documents say."""
    graduated = inputs.event_date
    assert graduated is not None  # checked by the input model
    rule = params.graduate_cover_end
    if rule is None:
        raise InputError("city", f"{rules.city}的政策文件没有规定大中专学生毕业后居民医保待遇延续到哪一天",
                         accepted=_cities_with("graduate_cover_end"))
    end = dt.date(graduated.year, 12, 31)
    result = Result.begin("waiting_period", inputs, unit="date")
    result.step("毕业日期", graduated.isoformat(), None)
    result.step("在校期间缴费的待遇延续", f"至毕业当年年底：{end.isoformat()}", None, rule)
    result.total = end
    result.details = {"end": end, "graduated": graduated, "covered": True, "asked_end": True}
    result.summary = f"{rules.city}：大中专学生毕业后，在校期间缴纳的居民医保待遇延续至{end.year}年12月31日。"
    return result


def _cities_with(key: str) -> list[str]:
    """The cities whose waiting-period rules give the parameter `key` in some version."""
    from calculators.rules import load_city_rules
    from corpus.catalogue import CITIES

    out = []
    for city in CITIES:
        rules = load_city_rules(city)
        if SECTION in rules.sections and any(key in v.params for v in rules.versions(SECTION)):
            out.append(city)
    return out


def _special(params: WaitingRules, inputs: WaitingInput, year: int, result: Result
             ) -> tuple[dt.date, dt.date] | None:
    """The start and end of cover under the status's own rule, or None to fall back to the late rule."""
    status = inputs.status
    if status == "普通居民":
        return None
    rule = params.special.get(status)
    if rule is None:
        result.caveats.append(
            f"{result.city}的政策文件没有为“{status}”规定单独的待遇享受办法，按集中缴费期外缴费的一般规定计算。"
        )
        return None
    pay = inputs.paid_on()
    event = inputs.event_date
    needs_event = rule.window_days is not None or rule.start.value in ("event_date", "september_first")
    if needs_event and event is None and status != "新入学大中专学生":
        raise InputError("event_date", f"“{status}”需要填写{EVENT_LABEL.get(status, '相关日期')}")
    if status == "新入学大中专学生" and event is None:
        event = dt.date(pay.year, 9, 1)
    if event is not None and rule.window_days is not None:
        if event > pay:
            raise InputError("event_date", f"{EVENT_LABEL.get(status, '相关日期')}不能晚于缴费日期")
        last_day = event + dt.timedelta(days=rule.window_days.value)
        met = pay <= last_day
        result.details["window_met"] = met
        result.details["window_last_day"] = last_day
        result.step(
            f"{status}：{rule.window_days.value}天内缴费到账",
            f"{event.isoformat()} + {rule.window_days.value}天 = {last_day.isoformat()}；"
            f"缴费到账{pay.isoformat()}，{'在期限内' if met else '已超过期限'}",
            None, rule.window_days,
        )
        if not met:
            result.caveats.append(f"超过{rule.window_days.value}天才缴费，按集中缴费期外缴费的一般规定计算等待期。")
            return None
    if status == "新生儿" and event is not None and event.year != year:
        result.caveats.append("新生儿从出生之日起享受待遇，限于出生当年度的缴费；其他年度按一般规定计算。")
        return None

    kind = rule.start.value
    result.details["start_rule"] = kind
    if kind == "event_date":
        start = event
        formula = f"自{EVENT_LABEL.get(status, '事件')}{event.isoformat()}起"
    elif kind == "payment_date":
        start, formula = pay, f"自缴费到账{pay.isoformat()}当日起，不设等待期"
    elif kind == "payment_next_day":
        start = pay + dt.timedelta(days=1)
        formula = f"缴费到账{pay.isoformat()}的次日"
    else:  # september_first
        start = dt.date(event.year, 9, 1)
        formula = f"入学当年9月1日（{start.isoformat()}）起"
    assert start is not None
    end = dt.date(year, 12, 31)
    if rule.end is not None and rule.end.value == "next_year_end":
        end = dt.date(start.year + 1, 12, 31)
    result.step(f"{status}：待遇开始", formula, None, rule.start)
    if rule.end is not None:
        result.step(f"{status}：待遇结束", end.isoformat(), None, rule.end)
    return start, end


def _late(params: WaitingRules, inputs: WaitingInput, year: int, result: Result) -> dt.date:
    pay = inputs.paid_on()
    if params.late_deadline is not None:
        deadline = _md(year, params.late_deadline)
        if pay > deadline:
            raise InputError(
                "payment_date",
                f"{result.city}集中缴费期外补缴{year}年度医保费的期限是{year}年1月1日至{deadline.isoformat()}，"
                f"{pay.isoformat()}已过期限",
            )
    months = params.late_wait_months.value
    start = pay + relativedelta(months=months)
    result.step(
        "集中缴费期外缴费：待遇等待期",
        f"缴费到账{pay.isoformat()} + {months}个月 = {start.isoformat()}",
        None, params.late_wait_months,
    )
    return start


def _finish(result: Result, params: WaitingRules, inputs: WaitingInput, start: dt.date, end: dt.date,
            waited: bool) -> Result:
    pay = inputs.paid_on()
    result.details.update({"start": start, "end": end, "payment_date": pay, "waiting_period": waited})
    if waited:
        unpaid_to = start - dt.timedelta(days=1)
        result.details["waiting_from"], result.details["waiting_to"] = pay, unpaid_to
        result.step(
            "等待期",
            f"{pay.isoformat()} 至 {unpaid_to.isoformat()}，期间发生的医疗费用不予报销",
            None, params.unpaid_in_wait or params.late_wait_months,
        )
    if start > end:
        result.total = None
        result.details["covered"] = False
        result.summary = (
            f"{result.city}：等待期到{start.isoformat()}才结束，已过{end.year}年度（{end.isoformat()}止），"
            f"本次缴费在{end.year}年度内享受不到待遇。"
        )
        return result
    result.total = start
    result.details["covered"] = True
    result.step("待遇享受期", f"{start.isoformat()} 至 {end.isoformat()}", None)
    result.summary = f"{result.city}：自{start.isoformat()}起享受居民医保待遇，至{end.isoformat()}止。"
    return result

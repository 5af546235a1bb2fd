"""Turning a resident's message into an answer: route, retrieve or calculate, ask back, or decline.

`Answerer.answer(question, city, session_id)` is the one path every interface takes (CLI, API,
web page, evaluation). No language model is needed: policy answers are extractive with numbered
citations, calculations come from the calculators with their cited steps; a missing input gets
one short follow-up question whose choices the page shows as buttons.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.answers.calc_bridge import (
    BENEFIT_CHOICES,
    CalcRequest,
    benefit_of_disease,
    calculator_for,
    cost_question,
    follow_up_for,
    headline,
    indifferent_choice,
    prepare,
    value_from_text,
)
from bot.answers.calc_render import citations_for, render
from bot.answers.channels import ChannelAnswer, channel_answer
from bot.answers.compose import PLACE, Composition, compose
from bot.answers.contacts import contact_line
from bot.answers.evidence import profile_question, states_place
from bot.answers.facts import FactAnswer, answer_figures, asked_aspects, figure_ask, quotes_in
from bot.answers.model import Answer, Citation, FollowUp
from bot.storage.sessions import InMemorySessionStore, Session, SessionStore, open_session
from bot.understanding.channel_ask import channel_ask, channel_parts
from bot.understanding.parts import (
    Part,
    contrasted_topic,
    elliptical_subject,
    figures_asked,
    parallel_subject,
    question_parts,
    topic_of,
)
from bot.understanding.slots import disease_of, tier_words
from bot.understanding.understand import Understanding, merge_followup, understand
from calculators.errors import InputError
from calculators.registry import get_calculator, parse_inputs, run
from corpus.catalogue import CITIES

log = logging.getLogger("yibao.answer")

GREETING = (
    "您好！我是医保问答助手，可以解答连云港、淮安、长春、长治、随州五个城市的城乡居民医保政策问题，"
    "例如：缴费标准和时间、待遇什么时候开始、住院和门诊怎么报销、大病保险和医疗救助。"
    "我也可以帮您测算报销金额，比如“淮安三级医院住院花了5万能报多少”。请先选择或说明您的参保城市。"
)
OUT_OF_SCOPE = "抱歉，这个问题不在我能回答的范围内：我只解答连云港、淮安、长春、长治、随州的城乡居民医保政策。"
CITY_QUESTION = "各城市的规定不同，请问您在哪个城市参保？"
# Words of a question about a figure that differs from city to city.
CITY_SPECIFIC_WORDS = ("起付线", "起付标准", "报销比例", "报多少", "报销多少", "缴费标准", "交多少", "缴多少",
                       "封顶线", "最高支付", "限额", "补助多少", "补贴多少", "待遇标准", "支付比例")

EVIDENCE_PASSAGES = 3  # the passages ranked best, whose words must quote a figure read off a rules tree
Searcher = Callable[..., list[Any]]  # (query, city=, k=) -> ranked bot.retrieval.retriever.Passage


class Answerer:
    def __init__(self, search: Searcher, sessions: SessionStore | None = None,
                 on_unanswered: Callable[[str, str, str | None], None] | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 linked: Callable[[str], Any] | None = None):
        self.search = search
        self.linked = linked  # normalised question -> the passage staff linked to it (or a paraphrase), or None
        self.sessions = sessions if sessions is not None else InMemorySessionStore()
        self.on_unanswered = on_unanswered
        self.today = today

    # ------------------------------------------------------------------ entry point
    def answer(self, question: str, city: str | None = None, session_id: str | None = None) -> Answer:
        started = time.perf_counter()
        session = open_session(self.sessions, session_id)
        try:
            result = self._answer(question, city, session)
        except InputError as exc:  # a city or value the resident chose that we do not support
            result = Answer(exc.message, intent="out_of_scope", refused=True)
        result.session_id = session.session_id
        session.turns += 1
        self.sessions.save(session)
        result.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _answer(self, question: str, city: str | None, session: Session) -> Answer:
        today = self.today()
        u = understand(question, today=today, city=city)
        pending = session.state.pop("pending", None)
        if pending is not None:
            filled = self._fill_pending(pending, u, today, session)
            if filled is not None:
                return self._finish(session, filled[0], filled[1])
        previous: Understanding | None = session.state.get("last")
        if u.intent == "follow_up" and previous is not None:
            u = merge_followup(previous, u)
            if previous.followup_of:  # a follow-up of a follow-up: keep the question they both follow
                u = u.model_copy(update={"followup_of": _policy_query(previous)})
        elif u.intent == "follow_up":
            u = u.model_copy(update={"intent": "policy"})
        if u.city is None and session.city and u.intent in ("calculation", "policy") and not u.cities:
            u = u.model_copy(update={"city": session.city, "city_source": "previous"})
        return self._finish(session, u, self._route(u, session, today))

    def _finish(self, session: Session, u: Understanding, answer: Answer) -> Answer:
        session.state["last"] = u
        if u.city:
            session.city = u.city
        answer.city = answer.city or u.city
        return answer

    # ------------------------------------------------------------------ routing
    def _route(self, u: Understanding, session: Session, today: dt.date) -> Answer:
        if u.intent == "greeting":
            return Answer(GREETING, intent="greeting")
        if u.intent == "out_of_scope":
            parts = question_parts(u.normalized)
            if len(parts) >= 2:
                # several questions, one of them outside the scheme (住院起付线多少？养老金怎么领？): each is
                # answered or declined on its own, the message read whole being outside it
                inside = u.model_copy(update={"intent": "policy"})
                answer = self._several(inside, parts, u.normalized, passages=None)
                if answer is not None:
                    return answer
            return self._decline(u, OUT_OF_SCOPE, reason=u.reason)
        if u.intent == "comparison":
            return self._compare(u)
        if u.intent == "calculation":
            name = (calculator_for(u.slots, text=f"{u.followup_of or ''}。{u.normalized}")
                    or benefit_of_disease(u.slots, u.city, today, u.normalized))
            if name is None:
                return self._ask(session, {"kind": "benefit", "understanding": u}, u,
                                 FollowUp("请问您想算哪一项？", tuple(BENEFIT_CHOICES), slot="benefit"))
            return self._calculate(prepare(name, u.slots, u.city, today, text=u.normalized), u, session)
        return self._policy(u, session)

    def _ask(self, session: Session, pending: dict[str, Any], u: Understanding, follow_up: FollowUp,
             intent: str | None = None) -> Answer:
        session.state["pending"] = {**pending, "field": follow_up.slot}
        return Answer(follow_up.question, intent=intent or u.intent, follow_up=follow_up)

    # ------------------------------------------------------------------ calculations
    def _calculate(self, request: CalcRequest, u: Understanding, session: Session) -> Answer:
        if request.follow_up is not None:
            pending = {"kind": "calc", "name": request.name, "payload": request.payload,
                       "assumptions": request.assumptions or [], "understanding": u}
            return self._ask(session, pending, u, request.follow_up, intent="calculation")
        try:
            result = run(request.name, request.payload, today=self.today())
        except InputError as exc:
            # The calculator needs an input this city grades by (e.g. 长春's 省级/市级 for 三级):
            # ask for it, keeping what was said so far.
            if exc.field in get_calculator(request.name).input_model.model_fields and exc.field not in ("city", "date"):
                said = value_from_text(exc, u.normalized)  # a choice the message states is not asked for
                if said is not None and request.payload.get(exc.field) != said:
                    stated = CalcRequest(request.name, {**request.payload, exc.field: said}, None, request.assumptions)
                    return self._calculate(stated, u, session)
                either = indifferent_choice(request.name, request.payload, exc, self.today())
                if either is not None:  # every choice gives the same result: nothing to ask
                    same = CalcRequest(request.name, {**request.payload, exc.field: either[0]}, None,
                                       [*(request.assumptions or []), either[1]])
                    return self._calculate(same, u, session)
                payload = {k: v for k, v in request.payload.items() if k != exc.field}
                retry = CalcRequest(request.name, payload, follow_up_for(request.name, exc), request.assumptions)
                return self._calculate(retry, u, session)
            return Answer(f"无法按所给条件计算：{exc.message}", intent="calculation")
        calculation = result.to_dict()
        citations, numbers = citations_for(calculation)
        text = render(calculation, request.assumptions or [], numbers)
        lead = headline(u.slots, calculation)  # the quantity asked, when not the calculator's total
        if lead:
            text = f"{lead}\n\n{text}"
        return Answer(text, intent="calculation", citations=citations, calculation=calculation, city=result.city)

    def _fill_pending(self, pending: dict[str, Any], u: Understanding, today: dt.date,
                      session: Session) -> tuple[Understanding, Answer] | None:
        """The resident's reply to our follow-up question, or None when the message is a new question."""
        field = pending.get("field")
        base: Understanding = pending["understanding"]
        value = _value_for(field, u)
        if value is None:
            return None
        if pending["kind"] == "benefit":
            slots = base.slots.model_copy(update={"benefit": value})
            merged = base.model_copy(update={"slots": slots})
            name = calculator_for(slots)
            if name is None:  # the reply names no benefit a calculator covers: a new question
                return None
            return merged, self._calculate(prepare(name, slots, merged.city, today, text=base.normalized), merged, session)
        if pending["kind"] == "policy_city":
            merged = base.model_copy(update={"city": value, "city_source": "argument"})
            return merged, self._policy(merged, session)
        # a calculator input
        if field == "city":
            merged = base.model_copy(update={"city": value, "city_source": "argument"})
            return merged, self._calculate(prepare(pending["name"], base.slots, value, today, text=base.normalized), merged,
                                           session)
        payload = {**pending["payload"], field: value}
        request = CalcRequest(pending["name"], payload, None, pending["assumptions"])
        request = _revalidate(request, today)
        return base, self._calculate(request, base, session)

    # ------------------------------------------------------------------ policy questions
    def _policy(self, u: Understanding, session: Session) -> Answer:
        started = time.perf_counter()
        query = _policy_query(u)
        passages = self.search(query, city=u.city, k=5)
        retrieval_ms = (time.perf_counter() - started) * 1000
        linked = self._linked_answer(u, query, passages)
        if linked is not None:
            linked.timings_ms["retrieval"] = round(retrieval_ms, 2)
            return linked
        parts = [] if u.followup_of else question_parts(u.normalized)
        if len(parts) < 2 and not u.followup_of:  # a channel asked for beside another question, after a comma
            parts = channel_parts(u.normalized) or parts
        if u.city is None and (self._needs_city(u, passages) or figure_ask(u.normalized, u.slots) is not None
                               or channel_ask(u.normalized) is not None):
            return self._ask_city(session, u, passages)
        answer = self._several(u, parts, query, passages) if len(parts) >= 2 else None
        if answer is None:
            answer = self._one(u, query, passages, may_ask_city=True)
        if answer is None:  # no city named, and the documents of the city found first do not answer
            return self._ask_city(session, u, passages)
        if answer.refused and not u.followup_of:
            # a case a calculator prices, told without its cost (长春血透能报多少): its cost is asked for
            request = cost_question(u.slots, u.city, self.today(), u.normalized)
            if request is not None:
                return self._calculate(request, u, session)
        answer.retrieved = [p.to_dict() for p in passages]
        answer.timings_ms["retrieval"] = round(retrieval_ms, 2)
        return answer

    def _ask_city(self, session: Session, u: Understanding, passages: list[Any]) -> Answer:
        pending = {"kind": "policy_city", "understanding": u}
        answer = self._ask(session, pending, u, FollowUp(CITY_QUESTION, CITIES, slot="city"), intent="policy")
        answer.retrieved = [p.to_dict() for p in passages]
        return answer

    def _one(self, u: Understanding, query: str, passages: list[Any], may_ask_city: bool = False) -> Answer | None:
        """The answer to one question: figures from the rules data when it asks one they hold, else
        the documents' own words. With `may_ask_city`, None instead of declining a question that names
        no city when the passages found are of several cities: one city's documents not answering it is
        no evidence about the others', so the caller asks which city is meant. A question asking for
        a channel itself (which number to call) is answered from the channels the documents name."""
        channel = self._channel(u)
        if channel is not None and channel.declined:  # with the channels given instead, when there are
            declined = self._decline(u, channel.text, reason="channel_not_given", with_contact=not channel.citations)
            declined.citations = channel.citations
            return declined
        if channel is not None:
            return Answer(channel.text, intent="policy", citations=channel.citations)
        facts = self._facts(u, [p.text for p in passages[:EVIDENCE_PASSAGES]])
        if facts is not None and facts.declined:
            return self._decline(u, facts.text, reason="year_not_covered")
        if facts is not None:
            text, citations = self._with_document_words(query, u, passages, facts, facts.text, list(facts.citations))
            return Answer(text, intent="policy", citations=citations)
        composition = compose(query, passages, u.city)
        if not composition.answered:  # its text is the full refusal, with the city's contact channel
            if may_ask_city and u.city is None and len({p.city for p in passages if p.city}) > 1:
                return None
            return self._decline(u, composition.text, reason=composition.reason or "检索结果不足以回答",
                                 with_contact=False)
        return Answer(_for_city(composition), intent="policy", citations=composition.citations())

    def _several(self, u: Understanding, parts: list[Part], query: str, passages: list[Any] | None
                 ) -> Answer | None:
        """A message asking several things (住院最多报多少？去市外住院起付线呢？): each question answered in
        turn, read with the statements before it, an elliptical one (门诊呢？) as a follow-up of the one
        before, one that cannot be answered alone from the message read whole (`passages`: its search
        results; None when the message read whole is outside the scheme); None when no question is
        answered on its own (the message is then read whole)."""
        answered: list[tuple[Part, Answer]] = []
        outside: set[int] = set()  # the questions outside the scheme: declined whatever the message says
        previous: Understanding | None = None
        last_outside: Understanding | None = None  # the last question outside the scheme, if the latest
        for part in parts:
            pu = understand(part.read_with_context, today=u.today, city=u.city)
            if last_outside is not None and not pu.slots.benefits and pu.intent != "out_of_scope":
                # a question naming no benefit after one outside the scheme (失业金能领吗？每月领多少？)
                joined = understand(f"{last_outside.normalized}，{part.text}", today=u.today, city=u.city)
                if joined.intent == "out_of_scope":
                    pu = joined
            if (previous is not None and not pu.slots.benefits and previous.slots.benefits
                    and pu.intent != "follow_up"):  # a changed level or group (三级呢？) is merged below
                # a question naming no benefit (报几成？一年最多报多少？) is about the one before
                topic = topic_of(previous.normalized)
                # 其他病种呢？ / 低保户的又是多少？: the question before asked again, of this subject
                subject = elliptical_subject(part.text) or parallel_subject(part.text)
                asked = figures_asked(previous.normalized)
                if topic and subject:
                    topic = contrasted_topic(topic, subject)  # 居民医保呢？ after 职工医保…: not both
                if topic and subject and asked and not figures_asked(part.text):  # that figure, of it
                    pu = understand(f"{part.context}{topic}，{subject}{asked}是多少", today=u.today, city=u.city)
                elif topic:
                    pu = understand(f"{part.context}{topic}，{part.text}", today=u.today, city=u.city)
            if previous is not None and (pu.intent == "follow_up" or (
                    pu.intent == "out_of_scope" and _continues(previous, part, u))):
                pu = merge_followup(previous, pu.model_copy(update={"intent": "follow_up"}))
            if pu.intent in ("greeting", "out_of_scope"):
                answered.append((part, self._decline(pu, OUT_OF_SCOPE, reason=pu.reason)))
                outside.add(len(answered) - 1)
                last_outside = pu if pu.intent == "out_of_scope" else None
                continue
            last_outside = None
            pu = pu.model_copy(update={"intent": "policy", "city": u.city, "city_source": u.city_source})
            part_query = _policy_query(pu)
            part_passages = self.search(part_query, city=u.city, k=5)
            answer = self._one(pu, part_query, part_passages)
            assert answer is not None  # _one answers or declines unless asked to leave the city open
            told = [_without_city_tag(a.answer, u.city) for _, a in answered if not a.refused]
            if not answer.refused and _without_city_tag(answer.answer, u.city) in told:
                # the same answer as an earlier question's: the passages' other units that answer this one
                other = compose(part_query, part_passages, u.city, shown="\n".join(told))
                if other.answered:
                    answer = Answer(_for_city(other), intent="policy", citations=other.citations())
            answered.append((part, answer))
            previous = pu
        if all(a.refused for _, a in answered):
            return None
        if passages is not None and any(a.refused for n, (_, a) in enumerate(answered) if n not in outside):
            whole = self._one(u, query, passages)
            if whole is not None and not whole.refused and all(whole.answer != a.answer for _, a in answered):
                answered = [(p, whole if a.refused and n not in outside else a)
                            for n, (p, a) in enumerate(answered)]
        text, citations, shown = "", list[Citation](), list[str]()
        for number, (part, answer) in enumerate(answered, start=1):
            body = _without_city_tag(answer.answer, u.city)
            if answer.refused:  # its reason only: the contact channel is given once, below
                body = body.split("。", 1)[0] + "。"
            if not answer.refused and body in shown:
                body = "同上。"
            shown.append(body)
            text, citations = _joined(text, citations, f"\n\n**{number}. {part.text}？**\n\n{body}", answer.citations)
        contact = contact_line(u.city) if u.city and any(a.refused for _, a in answered) else None
        if contact:
            text += f"\n\n{contact.strip()}"
        return Answer(f"【{u.city}】{text}" if u.city else text.strip(), intent="policy", citations=citations)

    def _with_document_words(self, query: str, u: Understanding, passages: list[Any], facts: FactAnswer,
                             text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
        """Figures read off a rules tree, followed by the documents' own answer when it quotes the
        passage those figures come from: the table gives the figures the data hold, the sentences what
        the question asks beyond them (一年多少钱以内能报: a cap written as a cost)."""
        # where to go is no figure of the rules data: a question asking it beside a figure (出生后多久、在哪办)
        # takes the documents' answer when it names the place
        asks_where = PLACE in profile_question(query).figure_kinds
        if not facts.quotes and not asks_where:
            return text, citations
        composition = compose(query, passages, u.city)
        if not composition.answered:
            return text, citations
        where = asks_where and states_place(composition.text)
        if not where and not any(quotes_in(facts.quotes, p.text) for p in composition.used):
            return text, citations
        return _appended(text, citations, composition, "\n\n文件原文：")

    def _linked_answer(self, u: Understanding, query: str, passages: list[Any]) -> Answer | None:
        """The answer from the passage staff linked to this question, when there is one for its city."""
        if self.linked is None or u.followup_of:
            return None
        try:
            passage = self.linked(u.normalized)
        except Exception:  # a store that cannot be read never stops answering
            log.exception("could not read the staff links")
            return None
        if passage is None or (u.city is not None and passage.city != u.city):
            return None
        ranked = [passage] + [p for p in passages if p.chunk_id != passage.chunk_id]
        composition = compose(query, ranked, passage.city)
        if not composition.answered or composition.used[0].chunk_id != passage.chunk_id:
            return None
        answer = Answer(_for_city(composition), intent="policy", citations=composition.citations())
        answer.retrieved = [p.to_dict() for p in ranked]
        return answer

    def _facts(self, u: Understanding, evidence: list[str]) -> FactAnswer | None:
        """The answer from the rules data when the question asks for a figure they hold."""
        if u.city is None:
            return None
        # a follow-up (那二级医院呢) asks the figure of the question it follows, for the values it changed
        text = _restated(u) if u.followup_of else u.normalized
        ask = figure_ask(text, u.slots)
        return answer_figures(u.city, ask, u.slots, self.today(), text, evidence) if ask is not None else None

    def _channel(self, u: Understanding) -> ChannelAnswer | None:
        """The answer from the channels data when the question asks for a channel (电话多少, 打哪个电话)."""
        if u.city is None:
            return None
        text = _restated(u) if u.followup_of else u.normalized  # 那长春呢 asks the channel of the question before
        ask = channel_ask(text)
        return channel_answer(u.city, ask, text) if ask is not None else None

    def _needs_city(self, u: Understanding, passages: list[Any]) -> bool:
        """A question about a figure that differs by city, with evidence from several cities (what a
        term means is the same everywhere: not such a question)."""
        if not any(word in u.normalized for word in CITY_SPECIFIC_WORDS) or "definition" in asked_aspects(u.normalized):
            return False
        return len({p.city for p in passages[:3]}) > 1

    def _compare(self, u: Understanding) -> Answer:
        cities = u.cities if len(u.cities) >= 2 else list(CITIES)
        parts: list[str] = []
        citations: list[Citation] = []
        retrieved: list[dict[str, Any]] = []
        for city in cities:
            passages = self.search(u.normalized, city=city, k=3)
            retrieved += [p.to_dict() for p in passages]
            composition = compose(u.normalized, passages, city)
            if composition.answered:
                part, citations = _appended("", citations, composition, f"**{city}**：")
                parts.append(part)
            else:
                parts.append(f"**{city}**：现有文件中没有找到相关规定。")
        answer = Answer("\n\n".join(parts), intent="comparison", citations=citations)
        answer.retrieved = retrieved
        return answer

    # ------------------------------------------------------------------ declining
    def _decline(self, u: Understanding, message: str, reason: str, with_contact: bool = True) -> Answer:
        text = message
        if with_contact:
            contact = contact_line(u.city) if u.city else None
            text += contact or "建议咨询参保地医保经办机构或拨打当地医保服务热线。"
        if self.on_unanswered is not None:
            try:
                self.on_unanswered(u.text, reason, u.city)
            except Exception:  # recording must never break answering
                log.exception("could not record an unanswered question")
        return Answer(text, intent=u.intent if u.intent != "follow_up" else "policy", refused=True)


def _for_city(composition: Composition) -> str:
    """The answer opening with the city whose documents it quotes: never silently one city's rule."""
    cities = list(dict.fromkeys(p.city for p in composition.used))
    return _labelled(f"【{'、'.join(cities)}】", composition.text) if cities else composition.text


def _labelled(label: str, text: str) -> str:
    """`text` after a label (【淮安】, **淮安**：): a text opening with a Markdown table or list keeps it
    on its own line, since a table's header row must start its line to render as a table."""
    body = text.lstrip("\n")
    return f"{label}\n\n{body}" if body.startswith(("|", "- ", "* ")) else f"{label}{text}"



def _continues(previous: Understanding, part: Part, u: Understanding) -> bool:
    """Whether a question that names no topic of its own (超出部分怎么办？这个功能啥时候推出的？) is in
    scope once read after the question before it: it then continues that one."""
    joined = understand(f"{previous.normalized}，{part.text}", today=u.today, city=u.city)
    return joined.intent != "out_of_scope"


def _without_city_tag(text: str, city: str | None) -> str:
    """An answer's text without the 【city】 it opens with (a message's answers name their city once)."""
    tag = f"【{city}】"
    return text[len(tag):].lstrip("\n") if city and text.startswith(tag) else text


def _policy_query(u: Understanding) -> str:
    """What to look up: the message, or for a follow-up (那长春呢, 那二级医院呢) the question it follows
    with the city switched, then the follow-up's own words."""
    if not u.followup_of:
        return u.normalized
    return f"{_restated(u)} {u.normalized}"


_LEVEL_NUMERAL = re.compile(r"[一二三123]级")


def _restated(u: Understanding) -> str:
    """The question a follow-up continues, with the values the follow-up changed put in place of the
    old ones: its city (那长春呢), its hospital level written as a numeral level (那二级医院呢), its
    hospital's tier in the follow-up's own word (区级的呢 after 市级医院…)."""
    previous = u.followup_of or ""
    if u.city:
        for city in CITIES:
            previous = previous.replace(city, u.city)
    level = u.slots.level
    if level and _LEVEL_NUMERAL.fullmatch(level):
        previous = _LEVEL_NUMERAL.sub(level, previous)
    own = tier_words(u.normalized)  # 区级的呢 after 市级医院…: the tier it names for the one before's
    for word in tier_words(previous) if own else []:
        previous = previous.replace(word, own[0])
    return previous


def _appended(text: str, citations: list[Citation], composition: Composition, joiner: str
              ) -> tuple[str, list[Citation]]:
    """`text` followed by `joiner` and the composition, under one citation list."""
    return _joined(text, citations, _labelled(joiner, composition.text), composition.citations())


def _joined(text: str, citations: list[Citation], more: str, more_citations: list[Citation]
            ) -> tuple[str, list[Citation]]:
    """`text` followed by `more`, whose [n] marks are renumbered into `citations`: a passage already
    cited keeps its number, a new one takes the next."""
    numbers: dict[int, int] = {}
    merged = list(citations)
    for c in more_citations:
        same = next((m for m in merged if m.doc_id == c.doc_id and m.text == c.text), None)
        if same is None:
            same = replace(c, n=len(merged) + 1)
            merged.append(same)
        numbers[c.n] = same.n
    renumbered = re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", more)
    return text + renumbered, merged


def _value_for(field: str | None, u: Understanding) -> Any:
    """What the reply says for the input we asked about (button text or a typed answer)."""
    text = u.normalized.strip("。.!！ ")
    s = u.slots
    if field == "benefit":
        return BENEFIT_CHOICES.get(text) or s.benefit
    if field == "city":
        # a city named in the reply, or chosen in the page (understand() sets city only from those)
        return u.city if u.city_source in ("text", "argument") else (text if text in CITIES else None)
    if field in ("level", "tier", "grade"):
        return getattr(s, field) or (text if text else None)
    if field == "person":
        return s.person_type() or (text or None)
    if field in ("cost", "burden", "amount", "compliant_amount", "daily_cost"):
        return str(s.amount) if s.amount is not None else None
    if field == "group":
        return s.groups[0] if s.groups else (text or None)
    if field in ("payment_date", "event_date"):
        d = s.dates.payment or s.dates.status_change or s.dates.birth or (s.dates.other[0] if s.dates.other else None)
        return d.isoformat() if d else None
    if field == "days":
        return s.days
    if field == "diseases":
        ds = [disease_of(d) for d in s.diseases if disease_of(d) in ("高血压", "糖尿病")]
        return "高血压和糖尿病" if len(set(ds)) == 2 else (ds[0] if ds else (text or None))
    return text or None


def _revalidate(request: CalcRequest, today: dt.date) -> CalcRequest:
    try:
        parse_inputs(request.name, request.payload, today)
        return request
    except InputError as exc:
        return CalcRequest(request.name, request.payload, follow_up_for(request.name, exc), request.assumptions)

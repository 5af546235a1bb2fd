"""The residents' Chinese web page (gradio Blocks): chat and calculator forms (the staff page is
`bot.web.staff_tab`, behind a login).

`build_ui(service_of)` only builds the Blocks; `bot.web.server.create_app` mounts it on the FastAPI app
(one process, one port). `service_of()` returns the answering service (`bot.service.Service` or a
stand-in with the same methods). One conversation per browser tab: its session id and turns live
in `gr.State`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr
import pandas as pd

from bot.web import chat_tab as ui_chat
from bot.web.calc_tab import build_calculator_tab
from bot.web.render import PAGE_ONLY, STEP_HEADERS

TITLE = "医保问答"
SUBTITLE = "连云港 · 淮安 · 长春 · 长治 · 随州　城乡居民医保政策咨询"
INTRO = ("您可以询问缴费、待遇、报销比例、异地就医等政策，也可以让我测算报销金额。"
         "每条回答都附有政策原文出处，点击编号即可查看原文。")
DISCLAIMER = "本服务依据各市公开的医保政策文件作答，仅供参考；实际待遇以当地医保经办机构审核结算为准。"
EXAMPLES = (
    "淮安住院起付线是多少？",
    "长春三级医院住院花了5万元，能报销多少？",
    "连云港大病保险怎么报销？",
    "随州高血压糖尿病门诊用药能报多少？",
    "长治居民医保什么时候缴费？",
    "新生儿出生后多久参保才能享受待遇？",
)
MAX_FOLLOW_UPS = 6

CSS = """
.yb-header h1 { margin-bottom: 0.2em; }
.yb-cite { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px 10px; margin: 6px 0; }
.yb-cite summary { cursor: pointer; line-height: 1.6; }
.yb-passage { white-space: pre-wrap; margin-top: 6px; padding: 8px; line-height: 1.7;
              background: var(--background-fill-secondary); border-radius: 6px; font-size: 0.95em; }
.yb-source { font-size: 0.85em; word-break: break-all; margin: 4px 0 0 0; }
.yb-none { color: var(--body-text-color-subdued); }
.yb-disclaimer { color: var(--body-text-color-subdued); font-size: 0.85em; }
"""


CJK_FONTS = ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "system-ui", "sans-serif")


def theme() -> gr.themes.Base:
    """A calm theme whose fonts are local (no font download) and cover Chinese."""
    return gr.themes.Soft(font=CJK_FONTS, font_mono=("Menlo", "Consolas", "monospace"))


def _steps_update(answer: dict[str, Any] | None) -> Any:
    rows = ui_chat.latest_steps(answer)
    if not rows:
        return gr.update(value=pd.DataFrame([], columns=STEP_HEADERS), visible=False)
    return gr.update(value=pd.DataFrame(rows, columns=STEP_HEADERS), visible=True)


def _follow_up_updates(answer: dict[str, Any] | None) -> list[Any]:
    choices = ui_chat.follow_up_choices(answer)[:MAX_FOLLOW_UPS]
    updates = [gr.update(value=c, visible=True) for c in choices]
    updates += [gr.update(value="", visible=False)] * (MAX_FOLLOW_UPS - len(choices))
    return updates


def build_ui(service_of: Callable[[], Any]) -> gr.Blocks:
    """The page; `service_of()` is called per request so the service can be built lazily."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        gr.Markdown(f"# {TITLE}\n{SUBTITLE}", elem_classes=["yb-header"])
        with gr.Tabs():
            with gr.Tab("居民问答", id="chat"):
                _build_chat(service_of)
            with gr.Tab("报销计算器", id="calc"):
                build_calculator_tab()
        gr.Markdown(DISCLAIMER, elem_classes=["yb-disclaimer"])
    return blocks


def _build_chat(service_of: Callable[[], Any]) -> None:
    session = gr.State(None)
    turns = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=360):
            gr.Markdown(INTRO)
            city = gr.Radio(ui_chat.CITY_CHOICES, value=ui_chat.ANY_CITY, label="参保城市",
                            elem_id="yb-city")
            chatbot = gr.Chatbot(
                label="对话", show_label=False, elem_id="yb-chat", height=460, sanitize_html=True, allow_tags=False,
                latex_delimiters=[], buttons=["copy"], feedback_options=("Like", "Dislike"),
                placeholder="请在下方输入您的问题，或点击示例问题。", layout="bubble",
            )
            with gr.Row():
                follow_ups = [gr.Button("", visible=False, size="sm", elem_classes=["yb-follow-up"])
                              for _ in range(MAX_FOLLOW_UPS)]
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    label="您的问题", placeholder="请输入您的问题，例如：淮安住院起付线是多少？", show_label=False,
                    lines=1, max_lines=4, max_length=ui_chat.MAX_QUESTION_CHARS + 100, scale=5,
                    elem_id="yb-question", autofocus=True,
                )
                send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="yb-send")
            with gr.Row():
                like = gr.Button("👍 有帮助", size="sm", elem_id="yb-like")
                dislike = gr.Button("👎 没帮助", size="sm", elem_id="yb-dislike")
                clear = gr.Button("开始新对话", size="sm", elem_id="yb-clear")
            feedback_notice = gr.Markdown("", elem_id="yb-feedback")
            gr.Markdown("**示例问题**（点击即可提问）")
            with gr.Row():
                examples = [gr.Button(text, size="sm", elem_classes=["yb-example"]) for text in EXAMPLES]
        with gr.Column(scale=2, min_width=300):
            gr.Markdown("### 政策依据（最新回答）")
            citations = gr.HTML(ui_chat.latest_citations_html(None), elem_id="yb-citations")
            steps = gr.Dataframe(
                value=pd.DataFrame([], columns=STEP_HEADERS), headers=STEP_HEADERS, label="计算步骤",
                interactive=False, wrap=True, visible=False, elem_id="yb-steps",
                column_widths=["20%", "38%", "17%", "25%"],
            )

    pending = gr.State("")
    shown = [chatbot, pending, question, *follow_ups]
    outputs = [chatbot, turns, session, citations, steps, *follow_ups, feedback_notice]

    def show_question(text: str, history: list[dict[str, Any]]):
        """Step 1, at once: the question in the chat; the box cleared."""
        text = (text or "").strip()
        if not text:
            return gr.update(), "", gr.update(), *[gr.update()] * MAX_FOLLOW_UPS
        return (ui_chat.pending_messages(history, text), text, "",
                *[gr.update(visible=False)] * MAX_FOLLOW_UPS)

    def respond(text: str, city_choice: str, session_id: str | None, history: list[dict[str, Any]]):
        """Step 2: the answer, its citations, its step table and its follow-up choices."""
        reply = ui_chat.ask(service_of(), text, city_choice, session_id, history)
        latest = reply.latest
        if latest is None and not reply.notice:  # empty input: leave the page as it is
            return (gr.update(), reply.turns, reply.session_id, gr.update(), gr.update(),
                    *[gr.update()] * MAX_FOLLOW_UPS, gr.update())
        shown_answer = latest if latest is not None else (reply.turns[-1]["answer"] if reply.turns else None)
        return (reply.messages(), reply.turns, reply.session_id,
                ui_chat.latest_citations_html(shown_answer), _steps_update(latest),
                *_follow_up_updates(latest), "")

    answer_inputs = [pending, city, session, turns]
    triggers = [(send.click, question), (question.submit, question)]
    triggers += [(button.click, button) for button in [*follow_ups, *examples]]
    for trigger, source in triggers:
        trigger(show_question, [source, turns], shown, queue=False, api_visibility=PAGE_ONLY).then(
            respond, answer_inputs, outputs, api_visibility=PAGE_ONLY)

    def rate_latest(rating: int):
        def handler(session_id: str | None, history: list[dict[str, Any]]) -> str:
            return ui_chat.rate(lambda: service_of().store, history, None, rating, session_id)
        return handler

    like.click(rate_latest(1), [session, turns], feedback_notice, api_visibility=PAGE_ONLY)
    dislike.click(rate_latest(-1), [session, turns], feedback_notice, api_visibility=PAGE_ONLY)

    def rate_message(session_id: str | None, history: list[dict[str, Any]], data: gr.LikeData) -> str:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        rating = 1 if data.liked is True else -1 if data.liked is False else 0
        if rating == 0:
            return ""
        return ui_chat.rate(lambda: service_of().store, history, int(index) // 2, rating, session_id)

    chatbot.like(rate_message, [session, turns], feedback_notice, api_visibility=PAGE_ONLY)

    def restart():
        return ([], [], None, ui_chat.latest_citations_html(None), _steps_update(None),
                *_follow_up_updates(None), "")

    clear.click(restart, None, outputs, api_visibility=PAGE_ONLY)
    chatbot.clear(restart, None, outputs, api_visibility=PAGE_ONLY)

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

from bot.web import chat_tab as ui_chat
from bot.web.calc_tab import build_calculator_tab
from bot.web.render import PAGE_ONLY

TITLE = "医保问答"
SUBTITLE = "连云港 · 淮安 · 长春 · 长治 · 随州　城乡居民医保政策咨询"
INTRO = ("您可以询问缴费、待遇、报销比例、异地就医等政策，也可以让我测算报销金额。"
         "每条回答都附有政策原文出处，点击编号即可查看原文。")
DISCLAIMER = "本服务依据各市公开的医保政策文件作答，仅供参考；实际待遇以当地医保经办机构审核结算为准。"
EXAMPLES = (
    "淮安住院起付线是多少？",
    "长春三级医院住院花了5万元，能报销多少？",
    "连云港大病保险报销比例是多少？",
    "随州高血压门诊用药一年最多报多少？",
    "长治门诊统筹报销比例是多少？",
    "新生儿出生后多久参保才能享受待遇？",
)
MAX_FOLLOW_UPS = 6

CSS = """
.yb-header h1 { margin-bottom: 0.2em; }
.yb-cite { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px 10px; margin: 6px 0; }
.yb-cite summary { cursor: pointer; line-height: 1.6; }
.yb-cite.yb-flash { outline: 2px solid var(--color-accent); }
.yb-passage { white-space: pre-wrap; margin-top: 6px; padding: 8px; line-height: 1.7; overflow-wrap: anywhere;
              background: var(--background-fill-secondary); border-radius: 6px; font-size: 0.95em; }
.yb-sources { margin-top: 8px; }
.yb-sources-title { font-size: 0.9em; color: var(--body-text-color-subdued); margin: 4px 0; }
.yb-source { font-size: 0.85em; word-break: break-all; margin: 4px 0 0 0; }
.yb-ref { text-decoration: none; font-weight: 600; padding: 0 1px; }
.yb-tel { font-weight: 600; }
.yb-none { color: var(--body-text-color-subdued); }
.yb-score { font-size: 0.85em; color: var(--body-text-color-subdued); margin-left: 6px; }
.yb-actions { display: flex; flex-wrap: wrap; gap: 6px 16px; margin-top: 8px; font-size: 0.9em; }
.yb-actions a { text-decoration: none; padding: 2px 8px; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.yb-copy-text { display: none; }
.yb-actions a.yb-rated { font-weight: 700; border-color: var(--color-accent); }
.yb-disclaimer { color: var(--body-text-color-subdued); font-size: 0.85em; }
/* a phone (390 px): nothing wider than the screen; a table scrolls inside its message, amounts stay whole */
#yb-chat .message-wrap table { display: block; max-width: 100%; overflow-x: auto; }
#yb-chat .message-wrap td, #yb-chat .message-wrap th { min-width: 4.5em; overflow-wrap: normal; }
#yb-chat .message-wrap td:nth-child(2), #yb-chat .message-wrap td:nth-child(3),
#yb-chat .message-wrap th:nth-child(3) { white-space: nowrap; }
#yb-chat .message-wrap p, #yb-chat .message-wrap summary { overflow-wrap: anywhere; }
.gradio-container { max-width: 100% !important; overflow-x: hidden; }
/* 长辈版: every text size of the theme a step larger, buttons taller */
body.yb-large { --text-xxs: 13px; --text-xs: 15px; --text-sm: 17px; --text-md: 20px; --text-lg: 22px;
                --text-xl: 26px; --text-xxl: 30px; }
body.yb-large .gradio-container { font-size: 20px; }
body.yb-large #yb-chat .message-wrap, body.yb-large #yb-chat .message-wrap * { font-size: 20px; line-height: 1.7; }
body.yb-large button { min-height: 44px; }
/* keyboard use: a visible focus ring on every control */
.gradio-container :focus-visible { outline: 3px solid var(--color-accent); outline-offset: 2px; }
/* the evaluator's per-city chart */
.yb-city-chart { margin: 10px 0; }
.yb-bar-row { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.yb-bar-label { flex: 0 0 7em; font-size: 0.9em; }
.yb-bar { flex: 1 1 auto; height: 12px; background: var(--background-fill-secondary); border-radius: 6px; overflow: hidden; }
.yb-bar-fill { display: block; height: 100%; background: var(--color-accent); }
.yb-bar-value { flex: 0 0 4em; text-align: right; font-size: 0.9em; }
"""

# gradio's own words (tooltips, labels for screen readers, its loading text) in Chinese: the
# browser's language decides gradio's, and its Chinese table lacks these, so the page rewrites them
GRADIO_WORDS = {
    "Clear": "清空对话", "More tabs": "更多", "chatbot conversation": "对话记录", "Copy message": "复制",
    "Copied message": "已复制", "Fullscreen": "全屏", "Exit fullscreen mode": "退出全屏", "Copy": "复制",
    "Copied": "已复制", "Reset to default value": "恢复默认值", "Dataframe": "表格", "Open cell menu": "单元格菜单",
    "File upload": "上传文件", "Loading": "加载中", "Loading...": "加载中…", "Download": "下载", "Share": "分享",
    "Click to upload or drop files": "点击上传或把文件拖到这里", "Like": "有帮助", "Dislike": "没帮助", "Retry": "重试", "Undo": "撤销", "Edit": "编辑", "Submit": "提交",
    "Error": "出错了", "Close": "关闭", "Sort column": "排序", "Select all": "全选", "Search": "搜索",
}
GRADIO_PREFIXES = {"user's message: ": "您的提问：", "bot's message: ": "回答：", "number input for ": "数字：",
                   "range slider for ": "滑块："}


def _translator_js() -> str:
    import json

    words = json.dumps(GRADIO_WORDS, ensure_ascii=False)
    prefixes = json.dumps(GRADIO_PREFIXES, ensure_ascii=False)
    return """
  const words = %s, prefixes = %s;
  const plain = (markup) => {  // a message's label read aloud: its text, not its markup
    const box = document.createElement('textarea');
    box.innerHTML = markup.replace(/<[^>]*>/g, '');
    return box.value;
  };
  const put = (value) => {
    if (!value) { return null; }
    const bare = value.trim();
    if (Object.prototype.hasOwnProperty.call(words, bare)) { return words[bare]; }
    for (const [head, chinese] of Object.entries(prefixes)) {
      if (value.startsWith(head)) { return chinese + plain(value.slice(head.length)); }
    }
    return null;
  };
  const fix = (root) => {
    const elements = root.querySelectorAll ? [root, ...root.querySelectorAll('[title],[aria-label],[placeholder]')] : [];
    for (const el of elements) {
      for (const name of ['title', 'aria-label', 'placeholder']) {
        const value = el.getAttribute && el.getAttribute(name);
        const chinese = put(value);
        if (chinese !== null) { el.setAttribute(name, chinese); }
      }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const chinese = put(walker.currentNode.textContent);
      if (chinese !== null) { walker.currentNode.textContent = chinese; }
    }
  };
  fix(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') { fix(change.target); }
      for (const node of change.addedNodes || []) { fix(node.nodeType === 1 ? node : node.parentNode || document.body); }
      if (change.type === 'characterData' && change.target.parentNode) { fix(change.target.parentNode); }
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true,
                               attributeFilter: ['title', 'aria-label', 'placeholder'] });
""" % (words, prefixes)


COPIED = "已复制"

# the staff page: gradio's words in Chinese
STAFF_JS = "() => {" + _translator_js() + "}"

# the residents' page: the same, and [n] in an answer opens its passage below the answer, in place
# (one listener on the page, so answers added later need nothing of their own)
PAGE_JS = "() => {" + _translator_js() + """
  try { if (localStorage.getItem('yb-large')) { document.body.classList.add('yb-large'); } } catch (e) {}
  if (window.__ybRefs) { return; }
  window.__ybRefs = true;
  const copyByCommand = (text) => {
    const box = document.createElement('textarea');
    box.value = text; document.body.appendChild(box); box.select();
    try { document.execCommand('copy'); } finally { box.remove(); }
  };
  const copyText = (text) => {  // a refused clipboard write (page not focused) falls back to the command
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(() => copyByCommand(text));
    }
    copyByCommand(text);
    return Promise.resolve();
  };
  document.addEventListener('click', (event) => {
    const action = event.target.closest ? event.target.closest('a.yb-copy, a.yb-rate') : null;
    if (action) {  // the controls below one answer
      event.preventDefault();
      if (action.classList.contains('yb-copy')) {
        const label = action.textContent;
        const hidden = action.parentNode.querySelector('.yb-copy-text');
        const text = hidden ? hidden.cloneNode(true) : document.createElement('span');
        for (const br of text.querySelectorAll('br')) { br.replaceWith('\\n'); }
        copyText(text.textContent).then(() => {
          action.textContent = '__COPIED__';
          setTimeout(() => { action.textContent = label; }, 3000);
        });
        return;
      }
      for (const other of action.parentNode.querySelectorAll('a.yb-rate')) {
        other.classList.toggle('yb-rated', other === action);
        other.setAttribute('aria-pressed', other === action ? 'true' : 'false');
      }
      const wanted = /^#yb-rate-(\\d+)-(up|down)$/.exec(action.getAttribute('href') || '');
      if (!wanted) { return; }
      window.__ybRate = wanted[1] + ':' + (wanted[2] === 'up' ? '1' : '-1');
      const go = document.getElementById('yb-rate-go');
      if (go) { go.click(); }
      return;
    }
    const ref = event.target.closest ? event.target.closest('a.yb-ref') : null;
    if (!ref) { return; }
    event.preventDefault();
    const id = ref.getAttribute('data-cite') || (ref.getAttribute('href') || '').slice(1);
    const target = document.getElementById(id);
    if (!target) { return; }
    target.open = true;
    target.scrollIntoView({ block: 'nearest' });
    target.classList.add('yb-flash');
    setTimeout(() => target.classList.remove('yb-flash'), 1500);
  });
}""".replace("__COPIED__", COPIED)

# 长辈版: larger text everywhere on the page, kept for the next visit (the page's script applies it on load)
LARGE_JS = """
() => {
  const on = !document.body.classList.contains('yb-large');
  document.body.classList.toggle('yb-large', on);
  try { localStorage.setItem('yb-large', on ? '1' : ''); } catch (e) {}
  const button = document.getElementById('yb-large');
  if (button) { button.textContent = on ? '标准字号' : '长辈版（大字）'; }
}
"""

# the rating request of the 👍/👎 last clicked (set by the page's script) as the event's first input
RATE_JS = "(request, session, turns, comment) => [window.__ybRate || '', session, turns, comment]"
COMMENT_HINT = "意见（可不填）：写好后点击回答下方的“👍 有帮助”或“👎 没帮助”"

CJK_FONTS = ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "system-ui", "sans-serif")


def theme() -> gr.themes.Base:
    """A calm theme whose fonts are local (no font download) and cover Chinese."""
    return gr.themes.Soft(font=CJK_FONTS, font_mono=("Menlo", "Consolas", "monospace"))


def _follow_up_updates(answer: dict[str, Any] | None) -> list[Any]:
    choices = ui_chat.follow_up_choices(answer)[:MAX_FOLLOW_UPS]
    updates = [gr.update(value=c, visible=True) for c in choices]
    updates += [gr.update(value="", visible=False)] * (MAX_FOLLOW_UPS - len(choices))
    return updates


def _related_updates(questions: list[str]) -> list[Any]:
    """The 猜你想问 title and buttons: shown with the questions, hidden without."""
    shown = [gr.update(value=q, visible=True) for q in questions[:ui_chat.MAX_RELATED]]
    shown += [gr.update(value="", visible=False)] * (ui_chat.MAX_RELATED - len(shown))
    return [gr.update(visible=bool(questions)), *shown]


def build_ui(service_of: Callable[[], Any]) -> gr.Blocks:
    """The page; `service_of()` is called per request so the service can be built lazily."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        with gr.Row(equal_height=True):
            gr.Markdown(f"# {TITLE}\n{SUBTITLE}", elem_classes=["yb-header"])
            large = gr.Button("长辈版（大字）", size="sm", scale=0, min_width=130, elem_id="yb-large")
        large.click(None, None, None, js=LARGE_JS)
        with gr.Tabs(overflow_behavior="wrap"):  # every tab in sight on a phone, no “更多” menu
            with gr.Tab("居民问答", id="chat"):
                _build_chat(service_of)
            with gr.Tab("报销计算器", id="calc"):
                build_calculator_tab()
        gr.Markdown(DISCLAIMER, elem_classes=["yb-disclaimer"])
    return blocks


def _build_chat(service_of: Callable[[], Any]) -> None:
    session = gr.State(None)
    turns = gr.State([])
    gr.Markdown(INTRO)
    city = gr.Radio(ui_chat.CITY_CHOICES, value=ui_chat.ANY_CITY, label="参保城市", elem_id="yb-city")
    chatbot = gr.Chatbot(
        label="对话", show_label=False, elem_id="yb-chat", height=520, sanitize_html=True, allow_tags=False,
        latex_delimiters=[], buttons=[], placeholder="请在下方输入您的问题，或点击示例问题。", layout="bubble",
    )
    with gr.Row():
        follow_ups = [gr.Button("", visible=False, size="sm", elem_classes=["yb-follow-up"])
                      for _ in range(MAX_FOLLOW_UPS)]
    related_title = gr.Markdown("**猜你想问**", visible=False, elem_id="yb-related-title")
    with gr.Row():
        related = [gr.Button("", visible=False, size="sm", elem_classes=["yb-related"])
                   for _ in range(ui_chat.MAX_RELATED)]
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            label="您的问题", placeholder="请输入您的问题，例如：淮安住院起付线是多少？", show_label=False,
            lines=1, max_lines=4, max_length=ui_chat.MAX_QUESTION_CHARS + 100, scale=5,
            elem_id="yb-question", autofocus=True,
        )
        send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="yb-send")
    with gr.Row(equal_height=True):
        comment = gr.Textbox(label="意见（可不填）", placeholder=COMMENT_HINT, show_label=False,
                             lines=1, max_lines=3, max_length=ui_chat.MAX_COMMENT_CHARS, scale=4,
                             elem_id="yb-comment")
        clear = gr.Button("开始新对话", size="sm", scale=1, min_width=100, elem_id="yb-clear")
    feedback_notice = gr.Markdown("", elem_id="yb-feedback")
    # the 👍/👎 under an answer: the page's script names the turn and rating, then clicks this
    rating_request = gr.Textbox("", visible="hidden", elem_id="yb-rate-request")
    rate_go = gr.Button("评价", visible="hidden", elem_id="yb-rate-go")
    gr.Markdown("**示例问题**（点击即可提问）")
    with gr.Row():
        examples = [gr.Button(text, size="sm", elem_classes=["yb-example"]) for text in EXAMPLES]

    pending = gr.State("")
    busy = gr.State(False)  # a question is being answered: the next waits (it would drop this turn)
    shown = [chatbot, pending, question, *follow_ups, busy, feedback_notice]
    outputs = [chatbot, turns, session, *follow_ups, feedback_notice, related_title, *related, busy]

    def show_question(text: str, history: list[dict[str, Any]], answering: bool):
        """Step 1, at once: the question in the chat; the box cleared. While an answer is on its
        way, nothing is sent (the box keeps the text) and the resident is asked to wait."""
        text = (text or "").strip()
        if answering:
            return gr.update(), "", gr.update(), *[gr.update()] * MAX_FOLLOW_UPS, gr.update(), ui_chat.WAIT
        if not text:
            return gr.update(), "", gr.update(), *[gr.update()] * MAX_FOLLOW_UPS, gr.update(), gr.update()
        return (ui_chat.pending_messages(history, text), text, "",
                *[gr.update(visible=False)] * MAX_FOLLOW_UPS, True, "")

    def respond(text: str, city_choice: str, session_id: str | None, history: list[dict[str, Any]]):
        """Step 2: the answer with its own sources, and its follow-up choices."""
        reply = ui_chat.ask(service_of(), text, city_choice, session_id, history)
        latest = reply.latest
        if latest is None and not reply.notice:  # nothing sent (empty, or waiting): leave the page as it is
            return (gr.update(), gr.update(), gr.update(),
                    *[gr.update()] * MAX_FOLLOW_UPS, gr.update(), *[gr.update()] * (ui_chat.MAX_RELATED + 1),
                    gr.update())
        return (reply.messages(), reply.turns, reply.session_id,
                *_follow_up_updates(latest), "",
                *_related_updates(ui_chat.related_questions(service_of(), text, latest) if latest else []), False)

    answer_inputs = [pending, city, session, turns]
    triggers = [(send.click, question), (question.submit, question)]
    triggers += [(button.click, button) for button in [*follow_ups, *related, *examples]]
    for trigger, source in triggers:
        trigger(show_question, [source, turns, busy], shown, queue=False, api_visibility=PAGE_ONLY).then(
            respond, answer_inputs, outputs, api_visibility=PAGE_ONLY)

    def rate_turn(request: str, session_id: str | None, history: list[dict[str, Any]], text: str):
        """👍/👎 under one answer: that turn's question and answer stored with the comment typed."""
        wanted = ui_chat.parse_rating_request(request)
        if wanted is None:
            return ui_chat.NOTHING_TO_RATE, gr.update()
        index, rating = wanted
        notice = ui_chat.rate(lambda: service_of().store, history, index, rating, session_id, text)
        return notice, ("" if notice == ui_chat.THANKS[rating] else gr.update())

    rate_go.click(rate_turn, [rating_request, session, turns, comment], [feedback_notice, comment],
                  js=RATE_JS, api_visibility=PAGE_ONLY)

    def restart():
        return ([], [], None, *_follow_up_updates(None), "", *_related_updates([]), False)

    clear.click(restart, None, outputs, api_visibility=PAGE_ONLY)
    chatbot.clear(restart, None, outputs, api_visibility=PAGE_ONLY)

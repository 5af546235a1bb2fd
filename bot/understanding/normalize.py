"""Normalising a resident's message before it is understood.

`normalize(text)` makes the many ways people type the same thing look alike:

- full-width ASCII (ＡＢＣ１２３％，？) becomes half-width (ABC123%,?); the ideographic space becomes
  a space. Chinese punctuation outside the full-width block (。、《》“”) is kept: it marks sentences
  and lists for the slot extractor.
- traditional characters common in this domain (醫療報銷費…) become simplified ones: a small table
  of the characters that matter here rather than a conversion library.
- runs of whitespace collapse to one space, and the ends are stripped.
- the text is cut at `MAX_INPUT_CHARS`: a message longer than that is not a question.

`clean_input(text, max_chars)` is the boundary every text from outside passes first (the service
calls it on questions, cities, queries and session ids before anything else): lone surrogates
(which cannot be encoded, e.g. by the embedder's tokenizer), control and invisible format
characters are removed, line breaks and tabs become spaces, and the length is bounded.
"""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT_CHARS = 2000

# Traditional -> simplified, only characters that occur in medical-insurance questions and whose
# simplified form is unambiguous. Pairs are written side by side: 繁简.
_TRADITIONAL_PAIRS = (
    "醫医險险報报銷销費费門门診诊療疗繳缴歲岁級级萬万億亿參参與与對对個个們们這这麼么麽么嗎吗錢钱"
    "開开時时間间還还會会號号辦办證证貧贫殘残護护藥药種种類类區区縣县鄉乡鎮镇衛卫務务幾几兩两"
    "壓压腫肿癥症結结腎肾臟脏額额標标準准線线統统籌筹稱称覺觉說说請请問问題题謝谢幫帮學学孫孙"
    "爺爷媽妈兒儿長长連连隨随雲云齡龄補补貼贴資资勞劳動动職职業业養养機机構构頭头實实際际條条"
    "規规異异轉转備备簽签約约師师減减點点為为爲为於于從从後后裏里裡里邊边歡欢氣气數数計计應应該该"
    "內内續续斷断買买賣卖單单據据屬属傷伤災灾難难總总價价優优撫抚脫脱穩稳窮穷戶户讀读書书園园"
    "產产婦妇嬰婴檢检驗验術术腦脑顯显週周緊紧歷历紀纪錄录碼码廳厅館馆賬账帳账網网頁页預预樣样"
    "險险療疗寶宝關关係系繫系製制鐘钟餘余臺台髮发發发團团陽阳臨临聯联綫线"
    "獲获員员盡尽權权處处協协議议驗验險险費费貸贷證证務务險险診诊夠够歲岁"
    "來来電电記记負负擔担賠赔償偿認认親亲專专"
    "農农頂顶範范圍围項项順顺領领當当體体雙双層层達达選选擇择歸归離离鄰邻圖图擴扩蓋盖劃划礎础"
)
_TRADITIONAL_TO_SIMPLIFIED = {
    ord(_TRADITIONAL_PAIRS[i]): _TRADITIONAL_PAIRS[i + 1]
    for i in range(0, len(_TRADITIONAL_PAIRS), 2)
    if _TRADITIONAL_PAIRS[i] != _TRADITIONAL_PAIRS[i + 1]
}

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the ideographic space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Look-alikes residents paste from documents and phones.
_LOOKALIKES = {ord("﹪"): "%", ord("﹒"): ".", ord("．"): ".", ord("―"): "-", ord("－"): "-"}

_TRANSLATION = {**_WIDTH, **_TRADITIONAL_TO_SIMPLIFIED, **_LOOKALIKES}
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The message with widths unified, common traditional characters simplified and spaces collapsed.

    Raises TypeError when `text` is not a string (a programming error, not a resident's).
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() takes a str, got {type(text).__name__}")
    clipped = text[: MAX_INPUT_CHARS * 2]  # bound the work before translating
    unified = clipped.translate(_TRANSLATION)
    collapsed = _SPACES.sub(" ", unified).strip()
    return collapsed[:MAX_INPUT_CHARS].rstrip()


def was_truncated(text: str) -> bool:
    """Whether `normalize(text)` dropped part of the message for being too long."""
    return len(_SPACES.sub(" ", text).strip()) > MAX_INPUT_CHARS


# Unicode categories that never belong in a message: controls, invisible formats, surrogates,
# private-use and unassigned code points.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_KEPT_AS_SPACE = frozenset("\t\n\r\v\f\x85\u2028\u2029")


def clean_input(text: object, max_chars: int = MAX_INPUT_CHARS) -> str:
    """`text` made safe to process: a string of at most `max_chars` characters, without lone
    surrogates, control, format, private-use or unassigned characters (line breaks and tabs become
    spaces). `None` and non-strings become "" (the caller decides whether that is an error)."""
    if not isinstance(text, str):
        return ""
    clipped = text[: max_chars * 2]  # bound the work first
    kept = []
    for char in clipped:
        if char in _KEPT_AS_SPACE:
            kept.append(" ")
        elif char.isascii() and char.isprintable() or unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    return "".join(kept).strip()[:max_chars].rstrip()

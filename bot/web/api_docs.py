"""`/docs`: the API's documentation page in Chinese, rendered on the server from the app's OpenAPI
schema (the same `/openapi.json` programs read), with no script or style from elsewhere.

Each route shows its summary and description, its parameters and request-body fields (type, whether
required, range, allowed values, Chinese description), its answers by status and a 试一试 form that
sends the request from the browser and shows the answer. The JSON names of fields and the HTTP
methods are the API's own words and stay as they are.
"""

from __future__ import annotations

import html
import json
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

DOCS_PATH = "/docs"
TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否（true 或 false）",
              "array": "列表", "object": "JSON 对象", "null": "空"}
FORMAT_NAMES = {"date": "日期（如 2026-01-31）", "date-time": "日期时间"}
PLACES = {"query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}
METHOD_NAMES = {"get": "查询", "post": "提交", "put": "替换", "delete": "删除", "patch": "修改"}

STYLE = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif; margin: 0;
       color: #1f2933; background: #f7f8fa; line-height: 1.6; }
main { max-width: 980px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6em; margin: 0.4em 0; } h2 { margin-top: 1.6em; border-bottom: 2px solid #d5dbe3; }
section.op { background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; margin: 12px 0; padding: 4px 14px 12px; }
section.op > h3 { font-size: 1.05em; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.method { color: #fff; border-radius: 4px; padding: 1px 8px; font-size: 0.85em; }
.method.get { background: #2f6fb3; } .method.post { background: #2f8f5b; } .method.delete { background: #b33a3a; }
code, pre, textarea, input { font-family: Menlo, Consolas, monospace; }
code.path { font-size: 1em; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 0.92em; display: block; overflow-x: auto; }
th, td { border: 1px solid #d5dbe3; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; white-space: nowrap; }
details.try { margin-top: 8px; } details.try summary { cursor: pointer; font-weight: 600; color: #2f6fb3; }
label { display: block; margin: 6px 0 2px; font-size: 0.92em; }
input, textarea { width: 100%; box-sizing: border-box; padding: 6px; border: 1px solid #b8c1cc; border-radius: 4px; }
button { margin-top: 8px; padding: 6px 18px; border: 0; border-radius: 4px; background: #2f6fb3; color: #fff;
         font-size: 1em; cursor: pointer; }
pre.result { background: #1f2933; color: #e6edf3; padding: 8px; border-radius: 6px; overflow-x: auto;
             white-space: pre-wrap; word-break: break-all; min-height: 1.5em; }
.muted { color: #5f6b7a; font-size: 0.9em; }
:focus-visible { outline: 3px solid #f0a020; outline-offset: 2px; }
"""

SCRIPT = """
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!form.classList.contains('try-form')) { return; }
  event.preventDefault();
  const out = form.querySelector('pre.result');
  let path = form.dataset.path;
  const query = new URLSearchParams();
  for (const input of form.querySelectorAll('input[data-in]')) {
    if (!input.value) { continue; }
    if (input.dataset.in === 'path') { path = path.replace('{' + input.name + '}', encodeURIComponent(input.value)); }
    else { query.append(input.name, input.value); }
  }
  const headers = {};
  const token = document.getElementById('auth').value.trim();
  if (token) { headers['Authorization'] = token; }
  const options = { method: form.dataset.method.toUpperCase(), headers, credentials: 'same-origin' };
  const body = form.querySelector('textarea');
  if (body) { options.body = body.value; headers['Content-Type'] = 'application/json'; }
  out.textContent = '正在请求…';
  try {
    const response = await fetch(path + (query.toString() ? '?' + query : ''), options);
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {}
    out.textContent = '状态码 ' + response.status + '\\n' + shown;
  } catch (e) {
    out.textContent = '请求没有发出去，请检查网络后再试。';
  }
});
"""


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    return schema


def _alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return [o for o in options if o.get("type") != "null"] or options
    return [schema]


def type_text(schema: dict[str, Any]) -> str:
    """A field's type in Chinese: 文字、整数、日期… (the first non-null alternative)."""
    names = []
    for option in _alternatives(schema):
        if option.get("format") in FORMAT_NAMES:
            names.append(FORMAT_NAMES[option["format"]])
        elif "enum" in option or "const" in option:
            names.append("可选值之一")
        else:
            names.append(TYPE_NAMES.get(str(option.get("type")), "任意"))
    return "或".join(dict.fromkeys(names))


def range_text(schema: dict[str, Any]) -> str:
    """Limits and allowed values of a field, in Chinese."""
    parts = []
    for option in _alternatives(schema):
        if "enum" in option:
            parts.append("可选：" + "、".join(json.dumps(v, ensure_ascii=False) for v in option["enum"]))
        if "const" in option:
            parts.append("只能是 " + json.dumps(option["const"], ensure_ascii=False))
        if "minLength" in option or "maxLength" in option:
            parts.append(f"{option.get('minLength', 0)}–{option['maxLength']} 个字" if "maxLength" in option
                         else f"至少 {option['minLength']} 个字")
        if "minimum" in option or "maximum" in option:
            low, high = option.get("minimum", ""), option.get("maximum", "")
            parts.append(f"{low}–{high}" if low != "" and high != "" else (f"不小于 {low}" if low != "" else f"不大于 {high}"))
    if "default" in schema and schema["default"] is not None:
        parts.append("默认 " + json.dumps(schema["default"], ensure_ascii=False))
    return "；".join(parts)


def example_body(body_schema: dict[str, Any], content: dict[str, Any], spec: dict[str, Any]) -> Any:
    """An example request body: the route's own example, else one built from the fields' examples."""
    if "example" in content:
        return content["example"]
    examples = content.get("examples") or body_schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        return first.get("value", first) if isinstance(first, dict) else first
    schema = _resolve(body_schema, spec)
    body: dict[str, Any] = {}
    for name, field in (schema.get("properties") or {}).items():
        if field.get("examples"):
            body[name] = field["examples"][0]
        elif name in (schema.get("required") or []):
            option = _alternatives(field)[0]
            values = option.get("enum") or [option.get("const")] if ("enum" in option or "const" in option) else None
            body[name] = values[0] if values else {"integer": 1, "number": 1, "boolean": True}.get(option.get("type"), "")
    return body


def _fields_table(rows: list[list[str]], headers: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _operation(path: str, method: str, op: dict[str, Any], spec: dict[str, Any]) -> str:
    parts = [f'<section class="op" id="{_esc(op.get("operationId", path))}">',
             f'<h3><span class="method {_esc(method)}">{_esc(method.upper())}</span>'
             f'<code class="path">{_esc(path)}</code><span>{_esc(op.get("summary", ""))}</span></h3>']
    if op.get("description"):
        parts.append(f"<p>{_esc(op['description'])}</p>")
    params = op.get("parameters") or []
    if params:
        rows = [[f"<code>{_esc(p['name'])}</code>", PLACES.get(p.get("in"), _esc(p.get("in"))),
                 "是" if p.get("required") else "否", _esc(type_text(p.get("schema", {}))),
                 _esc(p.get("description") or p.get("schema", {}).get("description", "")),
                 _esc(range_text(p.get("schema", {})))] for p in params]
        parts.append("<h4>参数</h4>" + _fields_table(rows, ["名称", "位置", "必填", "类型", "说明", "取值"]))
    body_text = ""
    request = op.get("requestBody")
    if request:
        content = (request.get("content") or {}).get("application/json", {})
        raw = content.get("schema", {})
        schema = _resolve(raw, spec)
        parts.append("<h4>请求体（JSON）</h4>")
        described = schema.get("description") or raw.get("description") or request.get("description")
        if described:
            parts.append(f"<p>{_esc(described)}</p>")
        properties = schema.get("properties") or {}
        if properties:
            required = set(schema.get("required") or [])
            rows = [[f"<code>{_esc(name)}</code>", "是" if name in required else "否", _esc(type_text(field)),
                     _esc(field.get("description", "")), _esc(range_text(field))] for name, field in properties.items()]
            parts.append(_fields_table(rows, ["字段", "必填", "类型", "说明", "取值"]))
        body_text = json.dumps(example_body(raw, content, spec), ensure_ascii=False, indent=2)
    responses = op.get("responses") or {}
    rows = [[_esc(status), _esc(answer.get("description", ""))] for status, answer in responses.items()]
    parts.append("<h4>返回</h4>" + _fields_table(rows, ["状态码", "说明"]))
    if any(str(status) != "200" for status in responses):
        parts.append('<p class="muted">出错时返回 JSON：{"error": 中文说明, "field": 出错的参数, "accepted": 可选的值}。</p>')
    parts.append(_try_form(path, method, params, body_text))
    parts.append("</section>")
    return "".join(parts)


def _try_form(path: str, method: str, params: list[dict[str, Any]], body_text: str) -> str:
    inputs = []
    for p in params:
        if p.get("in") not in ("query", "path"):
            continue
        schema = p.get("schema", {})
        example = (schema.get("examples") or [""])[0] if schema.get("examples") else ""
        inputs.append(f'<label>{_esc(p["name"])}（{_esc(p.get("description") or PLACES[p["in"]])}）'
                      f'<input name="{_esc(p["name"])}" data-in="{_esc(p["in"])}" value="{_esc(example)}"></label>')
    if body_text:
        inputs.append(f'<label>请求体（JSON）<textarea rows="{min(12, body_text.count(chr(10)) + 2)}">'
                      f"{_esc(body_text)}</textarea></label>")
    return (f'<details class="try"><summary>试一试</summary><form class="try-form" data-method="{_esc(method)}"'
            f' data-path="{_esc(path)}">{"".join(inputs)}<button type="submit">发送请求</button>'
            '<pre class="result" aria-live="polite"></pre></form></details>')


def docs_html(spec: dict[str, Any]) -> str:
    """The whole documentation page of `spec` (an OpenAPI schema)."""
    info = spec.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, operations in (spec.get("paths") or {}).items():
        for method, op in operations.items():
            if method not in METHOD_NAMES:
                continue
            tag = (op.get("tags") or ["其他"])[0]
            by_tag.setdefault(tag, []).append(_operation(path, method, op, spec))
    contents = "".join(f'<li><a href="#tag-{i}">{_esc(tag)}</a>（{len(ops)} 个接口）</li>'
                       for i, (tag, ops) in enumerate(by_tag.items()))
    sections = "".join(f'<h2 id="tag-{i}">{_esc(tag)}</h2>' + "".join(ops) for i, (tag, ops) in enumerate(by_tag.items()))
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(info.get("title", "接口说明"))} · 接口说明</title><style>{STYLE}</style></head>
<body><main>
<h1>{_esc(info.get("title", ""))} · 接口说明</h1>
<p>{_esc(info.get("description", ""))}</p>
<p class="muted">版本 {_esc(info.get("version", ""))}；机器可读的接口描述（OpenAPI）：<a href="/openapi.json">/openapi.json</a>。
请求和返回都是 UTF-8 编码的 JSON。</p>
<label for="auth">工作人员凭据（Authorization 请求头，调用工作人员接口时填写，如 Bearer 加令牌；已在工作人员页面登录的可不填）</label>
<input id="auth" autocomplete="off" placeholder="Bearer 令牌">
<ul>{contents}</ul>
{sections}
</main><script>{SCRIPT}</script></body></html>"""


def install_docs(app: FastAPI) -> None:
    """Serve the Chinese documentation page at `/docs` (build the FastAPI app with docs_url=None)."""

    @app.get(DOCS_PATH, include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_html(app.openapi()))

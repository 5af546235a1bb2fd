"""`yibao staff add|remove|list|token`: the staff accounts that may use `/staff/` and the staff API.

`add NAME` creates an account and prints its generated password once (only its scrypt hash is
kept, in `<YIBAO_DATA_DIR>/staff.json` or `YIBAO_STAFF_FILE`); `--reset` gives an existing account
a new password (its sessions end). `token` prints a new operator token for scripts and the hash
to set as `YIBAO_STAFF_TOKEN_HASH` (the token itself is stored nowhere).
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="新建工作人员账号并显示密码 (create an account, print its password)")
    add.add_argument("name", help="账号名（汉字、字母、数字或 _ . -，最多 32 个）")
    add.add_argument("--reset", action="store_true", help="账号已存在时重设密码（原登录失效）")
    add.add_argument("--ask-password", action="store_true", help="自己输入密码（不自动生成）")
    remove = actions.add_parser("remove", help="删除工作人员账号 (remove an account)")
    remove.add_argument("name")
    actions.add_parser("list", help="列出工作人员账号 (list the accounts)")
    actions.add_parser("token", help="生成运维令牌及其哈希 (a new operator token and its hash)")


def run(args: argparse.Namespace) -> int:
    from bot.web.auth import TOKEN_HASH_ENV, StaffAccounts, hash_secret

    accounts = StaffAccounts.from_env()
    if args.action == "list":
        names = accounts.names()
        print("\n".join(names) if names else f"还没有工作人员账号（账号文件：{accounts.path}）。")
        return 0
    if args.action == "remove":
        if not accounts.remove(args.name):
            print(f"没有账号“{args.name}”。", file=sys.stderr)
            return 1
        print(f"已删除账号“{args.name}”，其登录已失效。")
        return 0
    if args.action == "token":
        token = secrets.token_urlsafe(32)
        print(f"运维令牌（只显示这一次，请求时放在 Authorization: Bearer 后面）：\n{token}\n")
        print(f"请在服务的环境中设置：\n{TOKEN_HASH_ENV}='{hash_secret(token)}'")
        return 0
    password = None
    if args.ask_password:
        password = getpass.getpass("密码（至少 8 个字符）：")
        if password != getpass.getpass("再输入一次："):
            print("两次输入的密码不一致。", file=sys.stderr)
            return 1
    try:
        password = accounts.add(args.name, password, replace=args.reset)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"账号“{args.name}”已{'重设' if args.reset else '建立'}（保存在 {accounts.path}，只存密码的哈希）。")
    if not args.ask_password:
        print(f"密码（只显示这一次，请转交本人）：{password}")
    print("登录地址：http://<服务地址>/staff/login")
    return 0

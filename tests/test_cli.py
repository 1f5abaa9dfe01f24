"""`python -m bot ask` and `chat`: the reply a member would get, from a shell."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import cmd_chat, main
from bot.settings import REPO_ROOT


def test_ask_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "ลงนามที่ไหนครับ"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert {"matched", "id", "score", "answer", "suggestions"} <= reply.keys()
    assert (reply["matched"], reply["id"]) == (True, "venue")
    assert "แชงกรี-ลา" in reply["answer"]
    assert 0 <= reply["score"] <= 100


def test_ask_declines_with_the_fallback_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "ราคาทองวันนี้"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert (reply["matched"], reply["id"], reply["suggestions"]) == (False, None, [])
    assert reply["answer"].startswith("ขออภัย")


def test_ask_reads_stdin_as_json_lines_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("ลงนามที่ไหน\nWhen was the LOI signed?\nราคาทอง\n"))
    assert main(["ask", "--json"]) == 0
    replies = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in replies] == ["venue", "signing-date", None]
    assert "2022" in replies[1]["answer"]


def test_ask_reads_faq_path_from_environment(tmp_path: Path) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(
        "entries:\n  - id: only\n    title: t\n    questions: [ลงนามที่ไหน, where]\n"
        "    answer: คำตอบทดสอบ\n    answer_en: test answer\n    source: s\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "ลงนามที่ไหน"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"PATH": "/usr/bin:/bin", "FAQ_PATH": str(faq), "CACHE_DIR": os.environ["CACHE_DIR"]},
    )
    assert done.stdout.strip() == "คำตอบทดสอบ"


def test_chat_answers_and_follows_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    lines = iter(["ลงนามที่ไหน", "/quit"])
    assert cmd_chat(None, read=lambda prompt: next(lines)) == 0  # type: ignore[arg-type]
    assert "แชงกรี-ลา" in capsys.readouterr().out


def test_chat_ends_on_end_of_input(capsys: pytest.CaptureFixture[str]) -> None:
    def read(prompt: str) -> str:
        raise EOFError

    assert cmd_chat(None, read=read) == 0  # type: ignore[arg-type]

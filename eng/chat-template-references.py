#!/usr/bin/env python3
"""Writes the reference renderings the chat-template tests compare against, using Python's Jinja2 set up the way
transformers' apply_chat_template sets it up (trim_blocks, lstrip_blocks, loopcontrols, raise_exception, its tojson).

Run once after changing a template or a case: python3 eng/chat-template-references.py  (needs: pip install jinja2)
"""
import json
import pathlib

from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "tests" / "Crossover.LocalModels.Tests" / "ChatTemplates"

SYSTEM_USER = [{"role": "system", "content": "  Route tickets.  "}, {"role": "user", "content": "My card was charged twice."}]
MULTI_TURN = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Hi there"},
    {"role": "assistant", "content": " billing \n"},
    {"role": "user", "content": "And my name is wrong"},
]
NO_SYSTEM = [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}, {"role": "user", "content": "Café ☕ \"quoted\""}]
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
TOOL_TURNS = [
    {"role": "user", "content": "Weather in Oslo?"},
    {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}]},
    {"role": "tool", "content": "-3 C"},
]

TOKENS = {
    "llama-3.1": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
    "qwen2.5": {"eos_token": "<|im_end|>"},
    "mistral-7b-v0.1": {"bos_token": "<s>", "eos_token": "</s>"},
    "mistral-v0.3": {"bos_token": "<s>", "eos_token": "</s>"},
    "llama-2-chat": {"bos_token": "<s>", "eos_token": "</s>"},
    "zephyr": {"eos_token": "</s>"},
    "edge-cases": {},
    "python-semantics": {},
}

CASES = {
    "llama-3.1": [("system-user", SYSTEM_USER, True, {}), ("multi-turn", MULTI_TURN, False, {}), ("no-system", NO_SYSTEM, True, {}),
                  ("tools-in-user-message", [{"role": "user", "content": "Weather in Oslo?"}], True, {"tools": TOOLS}),
                  ("tool-call-and-result", TOOL_TURNS, True, {"tools": TOOLS, "tools_in_user_message": False}),
                  ("builtin-tools", [{"role": "user", "content": "Search it"}], True, {"builtin_tools": ["brave_search", "code_interpreter"]})],
    "qwen2.5": [("system-user", SYSTEM_USER, True, {}), ("multi-turn", MULTI_TURN, False, {}), ("default-system", NO_SYSTEM, True, {}),
                ("tools", TOOL_TURNS, True, {"tools": TOOLS})],
    "mistral-7b-v0.1": [("multi-turn-without-system", NO_SYSTEM, True, {}), ("system-is-rejected", SYSTEM_USER, True, {})],
    "mistral-v0.3": [("system-user", SYSTEM_USER, True, {}), ("multi-turn", MULTI_TURN, True, {}), ("tools", [{"role": "user", "content": "Weather?"}], True, {"tools": TOOLS}),
                     ("roles-must-alternate", [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], True, {})],
    "llama-2-chat": [("system-user", SYSTEM_USER, True, {}), ("multi-turn", MULTI_TURN, True, {}),
                     ("roles-must-alternate", [{"role": "assistant", "content": "first"}], True, {})],
    "zephyr": [("system-user", SYSTEM_USER, True, {}), ("multi-turn", MULTI_TURN, False, {}), ("no-system", NO_SYSTEM, True, {})],
    "edge-cases": [("mixed", MULTI_TURN, True, {}), ("no-messages", [{"role": "system", "content": "only system"}], True, {})],
    "python-semantics": [("python-semantics", [{"role": "user", "content": "hi"}], False,
                          {"padded": "\x1c\x1d text \x1e\x1f", "x": 4, "word": "a\U0001D400b\U0001F600", "data": {"name": "Caf\u00e9 \U0001F600", "n": [1, 2]}})],
}


def raise_exception(message):
    raise RuntimeError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def main():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    for name, cases in CASES.items():
        template = env.from_string((FOLDER / f"{name}.jinja").read_text())
        out = []
        for case, messages, add_generation_prompt, extra in cases:
            # apply_chat_template always passes tools and documents, None when the caller gives none.
            variables = {"messages": messages, "tools": None, "documents": None, "add_generation_prompt": add_generation_prompt, **TOKENS[name], **extra}
            entry = {"case": case, "variables": variables}
            try:
                entry["expected"] = template.render(**variables)
            except RuntimeError as error:
                entry["raises"] = str(error)
            out.append(entry)
        (FOLDER / f"{name}.cases.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()

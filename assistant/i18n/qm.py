"""Compile Qt Linguist ``.ts`` sources to the ``.qm`` files ``QTranslator`` loads.

Pure Python with no Qt, so a wheel build (whose isolated environment has only
setuptools) and ``scripts/setup.sh`` compile the same way ``pyside6-lrelease``
would for what the app uses: messages with a context, an optional
disambiguation comment and plural (numerus) forms. The layout is Qt's
(``qtranslator.cpp``): a magic number, then tagged blocks: a hash table of
(ELF hash of source + comment, offset), the messages, and the plural rule.

Run as a script: ``python assistant/i18n/qm.py SOURCE.ts... --out-dir DIR``.
"""

from __future__ import annotations

import struct
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAGIC = bytes((0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95,
               0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD))
_HASHES, _MESSAGES, _NUMERUS_RULES, _LANGUAGE = 0x42, 0x69, 0x88, 0xA7
_END, _TRANSLATION, _SOURCE, _CONTEXT, _COMMENT = 1, 3, 6, 7, 8
# "n == 1" picks the first form, anything else the second: English, Swedish, Danish.
_ONE_OTHER_RULE = bytes((0x01, 1))


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translations: tuple[str, ...]  # one, or one per plural form


def read_ts(path: Path) -> tuple[str, list[Message]]:
    """(the file's language, its finished translations)."""
    root = ET.parse(path).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete",
                                                                   "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            texts = tuple(forms) if message.get("numerus") == "yes" else (translation.text or "",)
            if not all(texts):
                continue
            messages.append(Message(name, message.findtext("source") or "",
                                    message.findtext("comment") or "", texts))
    return root.get("language", ""), messages


def elf_hash(data: bytes) -> int:
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h or 1


def _tagged(tag: int, data: bytes) -> bytes:
    """A block of the file, or a field of a message: tag, big-endian length, bytes."""
    return struct.pack(">BI", tag, len(data)) + data


def compile_messages(language: str, messages: list[Message]) -> bytes:
    body = bytearray()
    hashes: list[tuple[int, int]] = []
    for m in messages:
        hashes.append((elf_hash((m.source + m.comment).encode("utf-8")), len(body)))
        for text in m.translations:
            body += _tagged(_TRANSLATION, text.encode("utf-16-be"))
        body += _tagged(_SOURCE, m.source.encode("utf-8"))
        body += _tagged(_CONTEXT, m.context.encode("utf-8"))
        body += _tagged(_COMMENT, m.comment.encode("utf-8"))
        body.append(_END)
    table = b"".join(struct.pack(">II", h, offset) for h, offset in sorted(hashes))
    return (MAGIC + _tagged(_LANGUAGE, language.encode("utf-8")) + _tagged(_HASHES, table)
            + _tagged(_MESSAGES, bytes(body)) + _tagged(_NUMERUS_RULES, _ONE_OTHER_RULE))


def compile_ts(source: Path) -> bytes:
    language, messages = read_ts(source)
    return compile_messages(language, messages)


def compile_all(sources: list[Path], out_dir: Path) -> list[Path]:
    """Each ``name.ts`` to ``out_dir/name.qm``; written only when the bytes change."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        target = out_dir / (source.stem + ".qm")
        data = compile_ts(source)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if "--out-dir" not in argv or argv.index("--out-dir") + 1 >= len(argv):
        print("usage: qm.py SOURCE.ts... --out-dir DIR", file=sys.stderr)
        return 2
    at = argv.index("--out-dir")
    sources = [Path(a) for a in argv[:at] + argv[at + 2:]]
    try:
        for target in compile_all(sources, Path(argv[at + 1])):
            print(f"compiled {target}")
    except (OSError, ET.ParseError) as exc:
        print(f"qm.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

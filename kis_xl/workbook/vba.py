"""The workbook's VBA project: xlwings' modules plus ours (``KisXl.bas``), written as Excel reads it (MS-OVBA).

xlwings ships its VBA only inside ``quickstart_standalone.xlsm``, whose one macro (``SampleCall``) imports a Python
module named after the workbook file. We take that project apart (olefile reads the container), keep xlwings'
module and class (``xlwings``, ``Dictionary``) and the references, drop ``Module1`` (``SampleCall``), add our
module with fixed entry points and one document module per sheet, and write it back: every module stream holds
its compressed source only and ``_VBA_PROJECT`` says version 0xFFFF, so Excel compiles the project from source
on open (MS-OVBA 2.3.4.1: no performance cache).
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cfb import write_compound_file

OUR_MODULE = Path(__file__).with_name("KisXl.bas")
KEPT_MODULES = ("xlwings", "Dictionary")  # from xlwings' project; ThisWorkbook and the sheets are made anew
CODE_PAGE = "cp1252"  # the project's code page (PROJECTCODEPAGE 1252 in xlwings' project)
_CHUNK = 4096


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 compression: a 0x01 signature, then chunks of up to 4,096 bytes, each of tokens."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        chunk = data[start:start + _CHUNK]
        body = _compress_chunk(chunk)
        if len(body) > _CHUNK and len(chunk) == _CHUNK:  # stored raw when compressing would not shrink it
            out += struct.pack("<H", (_CHUNK - 1) | 0x3000) + chunk
        elif len(body) > _CHUNK:
            raise ValueError("a short final chunk that does not compress cannot be stored")
        else:
            out += struct.pack("<H", (len(body) + 2 - 3) | 0x3000 | 0x8000) + body
    return bytes(out)


def _copy_token_layout(position: int) -> tuple[int, int]:
    """(bit count of the offset, the longest match) at ``position`` bytes into a chunk."""
    bits = 4
    while (1 << bits) < position:
        bits += 1
    return bits, (0xFFFF >> bits) + 3


def _compress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}  # 3-byte prefix → where it starts in the chunk, newest last
    i = 0
    while i < len(chunk):
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if i >= len(chunk):
                break
            bits, longest = _copy_token_layout(i)
            best_len, best_at = 0, 0
            for at in reversed(seen.get(chunk[i:i + 3], [])[-64:]):
                length = 0
                while length < longest and i + length < len(chunk) and chunk[at + length] == chunk[i + length]:
                    length += 1
                if length > best_len:
                    best_len, best_at = length, at
            step = best_len if best_len >= 3 else 1
            if step > 1:
                flags |= 1 << bit
                tokens += struct.pack("<H", ((i - best_at - 1) << (16 - bits)) | (best_len - 3))
            else:
                tokens.append(chunk[i])
            for k in range(i, i + step):
                seen.setdefault(chunk[k:k + 3], []).append(k)
            i += step
        out.append(flags)
        out += tokens
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The inverse of ``compress`` (MS-OVBA 2.4.1.3.1), for reading xlwings' project."""
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size, compressed = (header & 0x0FFF) + 3, header & 0x8000
        end, pos = pos + size, pos + 2
        start = len(out)
        if not compressed:
            out += data[pos:pos + _CHUNK]
            pos += _CHUNK
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags & (1 << bit):
                    token = struct.unpack_from("<H", data, pos)[0]
                    pos += 2
                    bits, _ = _copy_token_layout(len(out) - start)
                    offset, length = (token >> (16 - bits)) + 1, (token & (0xFFFF >> bits)) + 3
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(data[pos])
                    pos += 1
    return bytes(out)


def _records(data: bytes) -> list[tuple[int, bytes]]:
    """The ``dir`` stream's records in order (PROJECTVERSION carries two bytes beyond its stated size)."""
    out, i = [], 0
    while i < len(data):
        rid, size = struct.unpack_from("<HI", data, i)
        i += 6
        body = data[i:i + size]
        i += size
        if rid == 0x0009:
            body += data[i:i + 2]
            i += 2
        out.append((rid, body))
    return out


def _record(rid: int, body: bytes) -> bytes:
    size = 4 if rid == 0x0009 else len(body)
    return struct.pack("<HI", rid, size) + body


@dataclass
class Module:
    """One VBA module: its name, its source (``Attribute VB_Name`` first) and its kind."""

    name: str
    source: str
    kind: str  # how the PROJECT stream lists it: Module (procedural), Class or Document
    doc: bytes = b""  # MODULEDOCSTRING, kept for xlwings' Dictionary

    def records(self) -> bytes:
        name = self.name.encode(CODE_PAGE)
        wide = self.name.encode("utf-16-le")
        parts = [(0x0019, name), (0x0047, wide), (0x001A, name), (0x0032, wide),
                 (0x001C, self.doc), (0x0048, self.doc.decode(CODE_PAGE).encode("utf-16-le")),
                 (0x0031, struct.pack("<I", 0)), (0x001E, struct.pack("<I", 0)), (0x002C, b"\xff\xff"),
                 (0x0021 if self.kind == "Module" else 0x0022, b""), (0x002B, b"")]
        return b"".join(_record(rid, body) for rid, body in parts)


def document_module(name: str, base: str) -> Module:
    """The code-behind module Excel keeps for the workbook (``0{00020819…}``) or a sheet (``0{00020820…}``)."""
    lines = [f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{base}"', "Attribute VB_GlobalNameSpace = False",
             "Attribute VB_Creatable = False", "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
             "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
    return Module(name, "\r\n".join(lines) + "\r\n", "Document")


WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"


def _xlwings_project() -> Any:
    """xlwings' shipped project, opened with olefile (an ``OleFileIO``)."""
    import olefile
    import xlwings

    source = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(source) as z:
        return olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))


def xlwings_parts() -> tuple[bytes, list[Module], str]:
    """From xlwings' shipped project: the ``dir`` records before the modules (information and references),
    the modules we keep, and its PROJECT stream's text."""
    ole = _xlwings_project()
    records = _records(decompress(ole.openstream("VBA/dir").read()))
    split = next(i for i, (rid, _) in enumerate(records) if rid == 0x000F)
    head = b"".join(_record(rid, body) for rid, body in records[:split])
    modules, current = [], {}
    for rid, body in records[split:]:
        if rid == 0x0019:
            current = {"name": body.decode(CODE_PAGE), "doc": b""}
        elif rid == 0x001A:
            current["stream"] = body.decode(CODE_PAGE)
        elif rid == 0x001C:
            current["doc"] = body
        elif rid == 0x0031:
            current["offset"] = struct.unpack("<I", body)[0]
        elif rid in (0x0021, 0x0022):
            current["kind"] = "Module" if rid == 0x0021 else "Class"
        elif rid == 0x002B and current["name"] in KEPT_MODULES:
            raw = decompress(ole.openstream(f"VBA/{current['stream']}").read()[current["offset"]:])
            modules.append(Module(current["name"], raw.decode(CODE_PAGE), current["kind"], current["doc"]))
    project = ole.openstream("PROJECT").read().decode(CODE_PAGE)
    return head, modules, project


def our_module() -> Module:
    """``KisXl.bas``: the buttons' entry points (CRLF line ends, as the VBA editor keeps them)."""
    text = OUR_MODULE.read_text(encoding="ascii").replace("\r\n", "\n").replace("\n", "\r\n")
    name = re.match(r'Attribute VB_Name = "(\w+)"', text)
    if name is None:
        raise ValueError(f"{OUR_MODULE.name} must open with its Attribute VB_Name line")
    return Module(name.group(1), text, "Module")


def _project_text(xlwings_text: str, modules: list[Module]) -> str:
    """The PROJECT stream: xlwings' project id and protection state, our module list, no window layout."""
    keep = [line for line in xlwings_text.split("\r\n")
            if line.startswith(("ID=", "Name=", "HelpContextID=", "VersionCompatible32=", "CMG=", "DPB=", "GC="))]
    listed = [f"Document={m.name}/&H00000000" if m.kind == "Document" else f"{m.kind}={m.name}" for m in modules]
    return "\r\n".join(keep[:1] + listed + keep[1:] + ["", "[Host Extender Info]",
                                                       "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;"
                                                       "&H00000000", ""])


@functools.lru_cache(maxsize=4)
def build_vba_project(sheet_code_names: tuple[str, ...]) -> bytes:
    """``vbaProject.bin``: ThisWorkbook, a document module per sheet code name, xlwings' modules and ours."""
    head, kept, xlwings_text = xlwings_parts()
    modules = ([document_module("ThisWorkbook", WORKBOOK_BASE)]
               + [document_module(name, SHEET_BASE) for name in sheet_code_names] + kept + [our_module()])
    directory = (head + _record(0x000F, struct.pack("<H", len(modules))) + _record(0x0013, b"\xff\xff")
                 + b"".join(m.records() for m in modules) + _record(0x0010, b""))
    streams = {
        "PROJECT": _project_text(xlwings_text, modules).encode(CODE_PAGE),
        "PROJECTwm": b"".join(m.name.encode(CODE_PAGE) + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
                              for m in modules) + b"\0\0",
        "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
        "VBA/dir": compress(directory),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.source.encode(CODE_PAGE))
    return write_compound_file(streams)

"""A small writer of OLE compound files (MS-CFB, version 3): the container a ``vbaProject.bin`` is.

olefile reads compound files but cannot create one with new streams, so the workbook's VBA project is written
here: 512-byte sectors, streams under 4,096 bytes in the mini stream, each storage's children in a balanced
binary tree (all black, as Apache POI writes them), no timestamps (the same bytes on every build).
"""

from __future__ import annotations

import struct

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECT, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
EMPTY, STORAGE, STREAM, ROOT = 0, 1, 2, 5
_HEADER_FAT_SLOTS = 109


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b""):
        if len(name) > 31:
            raise ValueError(f"compound-file names hold at most 31 characters: {name!r}")
        self.name, self.kind, self.data = name, kind, data
        self.children: dict[str, _Entry] = {}
        self.index = 0
        self.left = self.right = self.child = NO_STREAM
        self.start, self.size = END, 0


def _order(name: str) -> tuple[int, str]:
    """The directory's sort order: shorter names first, then by upper-cased characters."""
    return len(name), name.upper()


def _tree(entries: list[_Entry]) -> int:
    """Link sorted siblings into a balanced binary tree; the index of its root."""
    if not entries:
        return NO_STREAM
    middle = len(entries) // 2
    root = entries[middle]
    root.left, root.right = _tree(entries[:middle]), _tree(entries[middle + 1:])
    return root.index


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else END


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\0" * (-len(data) % size)


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` by path (``"VBA/dir"``); storages are made for the folders."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        *folders, name = path.split("/")
        node = root
        for folder in folders:
            node = node.children.setdefault(folder, _Entry(folder, STORAGE))
        node.children[name] = _Entry(name, STREAM, bytes(data))
    entries: list[_Entry] = []

    def number(node: _Entry) -> None:
        node.index = len(entries)
        entries.append(node)
        for child in sorted(node.children.values(), key=lambda e: _order(e.name)):
            number(child)

    number(root)
    for node in entries:
        node.child = _tree(sorted(node.children.values(), key=lambda e: _order(e.name)))
    small = [e for e in entries if e.kind == STREAM and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == STREAM and len(e.data) >= MINI_CUTOFF]
    mini_fat: list[int] = []
    mini_stream = b""
    for e in small:
        e.size = len(e.data)
        if e.data:
            e.start = len(mini_fat)
            count = -(-len(e.data) // MINI_SECTOR)
            mini_fat.extend([0] * count)
            _chain(mini_fat, e.start, count)
            mini_stream += _pad(e.data, MINI_SECTOR)
    body: list[bytes] = []  # the sectors after the header, in order

    def place(data: bytes) -> tuple[int, int]:
        first = sum(len(b) for b in body) // SECTOR
        padded = _pad(data, SECTOR)
        body.append(padded)
        return first, len(padded) // SECTOR

    chains: list[tuple[int, int]] = []
    if mini_stream:
        root.start, count = place(mini_stream)
        root.size = len(mini_stream)
        chains.append((root.start, count))
    for e in large:
        e.start, count = place(e.data)
        e.size = len(e.data)
        chains.append((e.start, count))
    mini_fat_start, mini_fat_count = END, 0
    if mini_fat:
        mini_fat_start, mini_fat_count = place(struct.pack(f"<{len(mini_fat)}I", *mini_fat)
                                               + b"\xff" * (-len(mini_fat) * 4 % SECTOR))
        chains.append((mini_fat_start, mini_fat_count))
    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _directory_entry(None) * (-len(entries) % (SECTOR // 128))
    dir_start, dir_count = place(directory)
    chains.append((dir_start, dir_count))
    used = sum(len(b) for b in body) // SECTOR
    fat_count = 1
    while fat_count * (SECTOR // 4) < used + fat_count:
        fat_count += 1
    if fat_count > _HEADER_FAT_SLOTS:
        raise ValueError("compound file too large for a header-only FAT (about 7 MB)")
    fat = [FREE] * (fat_count * SECTOR // 4)
    for first, count in chains:
        _chain(fat, first, count)
    for i in range(fat_count):
        fat[used + i] = FAT_SECT
    body.append(struct.pack(f"<{len(fat)}I", *fat))
    difat = list(range(used, used + fat_count)) + [FREE] * (_HEADER_FAT_SLOTS - fat_count)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_count, dir_start, 0, MINI_CUTOFF, mini_fat_start, mini_fat_count,
                            END, 0)
              + struct.pack(f"<{_HEADER_FAT_SLOTS}I", *difat))
    return header + b"".join(body)


def _directory_entry(e: _Entry | None) -> bytes:
    if e is None:
        return b"\0" * 64 + struct.pack("<HBBIII", 0, EMPTY, 0, NO_STREAM, NO_STREAM, NO_STREAM) + b"\0" * 16 \
            + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", 0, 0)
    name = (e.name + "\0").encode("utf-16-le")
    start = e.start if e.kind != STORAGE else 0
    return (name.ljust(64, b"\0") + struct.pack("<HBBIII", len(name), e.kind, 1, e.left, e.right, e.child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, e.size))

"""The VBA project writer's two halves, checked against independent readers: MS-OVBA compression (oletools'
decompressor) and the compound file (olefile)."""

import io
import random

import olefile
import pytest
from oletools.olevba import decompress_stream

from kis_xl.workbook.cfb import write_compound_file
from kis_xl.workbook.vba import compress, decompress, our_module

SAMPLES = {
    "empty": b"",
    "one byte": b"a",
    "repeats across chunks": b"abcabcabcabc" * 1000,
    "incompressible full chunks": random.Random(7).randbytes(3 * 4096),
    "text of two letters": bytes(random.Random(1).choice(b"ab \r\n") for _ in range(9000)),
    "our module": our_module().source.encode("cp1252"),
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_compression_reads_back_with_oletools(name):
    data = SAMPLES[name]
    packed = compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert decompress(packed) == data
    if name.startswith("repeats"):
        assert len(packed) < len(data) // 20


def test_compound_file_reads_back_with_olefile():
    streams = {
        "PROJECT": b"ID=\"{X}\"\r\n",
        "PROJECTwm": b"",
        "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
        "VBA/dir": random.Random(2).randbytes(5000),  # a regular-sector stream
        "VBA/a": b"x" * 4095,  # the largest mini stream
        "VBA/Zzzzzzzzzzzz": b"z" * 64,
        **{f"VBA/Sheet{i}": bytes([i]) * (100 + i) for i in range(1, 12)},
        "Other/deep": b"d" * 9000,
    }
    ole = olefile.OleFileIO(io.BytesIO(write_compound_file(streams)))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data, path
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE


def test_a_name_longer_than_the_format_allows_is_refused():
    with pytest.raises(ValueError, match="31 characters"):
        write_compound_file({"x" * 32: b""})

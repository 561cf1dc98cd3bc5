"""Unicode bidirectional levels from GNU FriBidi, through ctypes.

FriBidi implements the Unicode Bidirectional Algorithm, paired brackets
included. It is a C library that Debian ships as ``libfribidi0``; the
Makefile and .ci/run install it. Only the resolution of embedding levels is
taken from it: reordering a line is done by the right-to-left setter, which
knows where its lines break.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from array import array
from functools import lru_cache

PAR_LTR = 0x110  # FRIBIDI_PAR_LTR
PAR_RTL = 0x111  # FRIBIDI_PAR_RTL


class BidiUnavailable(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _library():
    name = ctypes.util.find_library("fribidi") or "libfribidi.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise BidiUnavailable("GNU FriBidi is missing: install Debian's libfribidi0 (make does this)") from exc
    u32 = ctypes.POINTER(ctypes.c_uint32)
    lib.fribidi_get_bidi_types.argtypes = [u32, ctypes.c_int, u32]
    lib.fribidi_get_bidi_types.restype = None
    lib.fribidi_get_bracket_types.argtypes = [u32, ctypes.c_int, u32, u32]
    lib.fribidi_get_bracket_types.restype = None
    lib.fribidi_get_par_embedding_levels_ex.argtypes = [u32, u32, ctypes.c_int, u32, ctypes.POINTER(ctypes.c_int8)]
    lib.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
    return lib


def _buffer(values: array):
    address, _ = values.buffer_info()
    return ctypes.cast(address, ctypes.POINTER(ctypes.c_uint32))


def levels(text: str, rtl: bool = True) -> list[int]:
    """The embedding level of every character of one paragraph (even: left to right)."""
    n = len(text)
    if n == 0:
        return []
    lib = _library()
    chars = array("I", map(ord, text))
    types = array("I", bytes(4 * n))
    brackets = array("I", bytes(4 * n))
    out = (ctypes.c_int8 * n)()
    lib.fribidi_get_bidi_types(_buffer(chars), n, _buffer(types))
    lib.fribidi_get_bracket_types(_buffer(chars), n, _buffer(types), _buffer(brackets))
    base = ctypes.c_uint32(PAR_RTL if rtl else PAR_LTR)
    if lib.fribidi_get_par_embedding_levels_ex(_buffer(types), _buffer(brackets), n, ctypes.byref(base), out) == 0:
        raise BidiUnavailable("FriBidi could not resolve the levels of a paragraph")
    return list(out)


def visual_order(run_levels: list[int]) -> list[int]:
    """Rule L2: the visual order of runs (by index) from their levels."""
    order = list(range(len(run_levels)))
    if not run_levels:
        return order
    highest = max(run_levels)
    lowest_odd = min(level for level in run_levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if run_levels[order[i]] >= level:
                j = i
                while j < len(order) and run_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order

"""Arrow arrays and scalars built without pyarrow's pandas probe.

``pa.array``, ``pa.scalar`` and a compute call given a Python value (``pc.less(col, 3)``)
all ask pyarrow whether the value is a pandas object, and that question imports pandas
(about 0.15 s, more than a fast command's whole budget). These helpers build the same
arrays from raw buffers instead, which pyarrow takes as they are; other types come from
a string array by Arrow's own cast, so every value is parsed the way Arrow parses it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa


def _validity(valid: np.ndarray) -> Any:
    """Arrow's validity bitmap of a boolean numpy mask (``None`` when every value is set)."""
    return None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))


def strings(values: list[str | None]) -> pa.Array:
    """A string array of Python strings (``None`` is null).

    >>> strings(["a", None, "é"]).to_pylist()
    ['a', None, 'é']
    """
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    valid = _validity(np.array([v is not None for v in values], dtype=bool))
    return pa.Array.from_buffers(pa.large_string(), len(values),
                                 [valid, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
                                 ).cast(pa.string())


def booleans(mask: np.ndarray) -> pa.Array:
    """A boolean array of a numpy boolean array.

    >>> import numpy as np
    >>> booleans(np.array([True, False, True])).to_pylist()
    [True, False, True]
    """
    mask = np.asarray(mask, dtype=bool)
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(np.packbits(mask, bitorder="little"))])


def falses(n: int) -> pa.Array:
    """A boolean array of ``n`` false values.

    >>> falses(2).to_pylist()
    [False, False]
    """
    return pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(bytes((n + 7) // 8))])


def int64s(values: np.ndarray) -> pa.Array:
    """An int64 array sharing a numpy array's memory.

    >>> import numpy as np
    >>> int64s(np.arange(3)).to_pylist()
    [0, 1, 2]
    """
    values = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def scalar(value: Any, type: Any) -> pa.Scalar:
    """An Arrow scalar of ``type`` from a Python value (a number, a bool, an ISO date, a string).

    >>> import pyarrow as pa
    >>> scalar(3, pa.int64()).as_py(), scalar("2023-07-26", pa.date32()).as_py().year
    (3, 2023)
    """
    return _scalar(str(value).lower() if isinstance(value, bool) else str(value), type)


@lru_cache(maxsize=4096)
def _scalar(text: str, type: Any) -> pa.Scalar:
    # Cached: a check of fifteen tables asks for the same few bounds and fill values hundreds of times.
    return strings([text]).cast(type)[0]


@lru_cache(maxsize=1024)
def value_set(values: tuple[str, ...]) -> pa.Array:
    """A string array of ``values``, built once per tuple (an enumeration's allowed values).

    >>> value_set(("a", "b")).to_pylist()
    ['a', 'b']
    """
    return strings(list(values))


def column(values: list[Any], type: Any) -> pa.Array:
    """An array of ``type`` from Python values (``None`` is null), each parsed from its text by Arrow.

    >>> import datetime as dt, pyarrow as pa
    >>> column([1.5, None], pa.float64()).to_pylist(), column([dt.date(2024, 3, 16)], pa.date32()).type
    ([1.5, None], DataType(date32[day]))
    >>> column([True, None], pa.bool_()).to_pylist()
    [True, None]
    """
    texts = [None if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    return strings(texts).cast(type)


def filled(values: Any, value: Any) -> Any:
    """``values`` with every null replaced by ``value`` (``pc.fill_null`` without the probe).

    >>> import pyarrow as pa
    >>> filled(strings(["a", None]), "-").to_pylist()
    ['a', '-']
    """
    import pyarrow.compute as pc

    return pc.fill_null(values, scalar(value, values.type))


def numpy_of(values: Any) -> np.ndarray:
    """A boolean or fixed-width numeric Arrow array without nulls as numpy, read from its buffers.

    ``Array.to_numpy`` goes through pyarrow's pandas conversion, which imports pandas
    even for a zero-copy read; the data buffer says the same without it.

    >>> import numpy as np
    >>> numpy_of(booleans(np.array([True, False, True]))[1:]).tolist()
    [False, True]
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if values.null_count:
        raise ValueError("numpy_of needs an array without nulls (fill them first)")
    n, start = len(values), values.offset
    data = values.buffers()[1]
    if data is None:
        return np.zeros(n, dtype=bool if pa.types.is_boolean(values.type) else np.int64)
    raw = np.frombuffer(data, dtype=np.uint8)
    if pa.types.is_boolean(values.type):
        return np.unpackbits(raw, count=start + n, bitorder="little")[start:].astype(bool)
    dtype = np.dtype(values.type.to_pandas_dtype())
    return np.frombuffer(data, dtype=dtype)[start:start + n]

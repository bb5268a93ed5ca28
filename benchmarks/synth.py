"""Synthetic events and evidence at any scale, valid under schema/v1, vectorised.

Source texts are random words (with curly quotes, em dashes and no-break spaces,
so that code-point and byte offsets differ); every evidence span is cut from its
source by gathering UTF-8 bytes with numpy, so provenance can be verified with an
independent method (Python ``str`` slicing, see ``fastcheck.provenance_mismatches``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sahel_dataset.core.dtypes import arrow_schema
from sahel_dataset.core.schema import table

WORDS = (
    "Niger", "troops", "withdrawal", "Agadez", "base", "junta", "Niamey", "U.S.", "French", "Russian",
    "agreement", "Sahel", "alliance", "Niger\u2019s", "\u201cpartnership\u201d", "\u2014", "drone",
    "Air\u00a0Base\u00a0201", "months", "officials", "said", "the", "of", "and", "in", "on", "a", "coup",
)


def seeds(n_sources: int, chars: int, rng: np.random.Generator) -> dict[str, str]:
    """``n_sources`` source texts of about ``chars`` code points, keyed by source id."""
    vocab = np.array(WORDS, dtype=object)
    n_words = max(chars // 6, 50)
    return {
        f"src-{k:03d}": " ".join(vocab[rng.integers(0, len(vocab), n_words)].tolist())
        for k in range(n_sources)
    }


def _spans(texts: dict[str, str], n: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """n random spans: source index, code-point start/end, and their UTF-8 text as an Arrow array."""
    encoded = [t.encode("utf-8") for t in texts.values()]
    corpus = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    cps = [np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32) for t in texts.values()]
    lengths = np.array([len(c) for c in cps])
    cp_base = np.concatenate([[0], np.cumsum(lengths)])
    utf8_len = np.concatenate([1 + (c >= 0x80) + (c >= 0x800) + (c >= 0x10000) for c in cps]).astype(np.int64)
    byte_at = np.concatenate([[0], np.cumsum(utf8_len)])  # global code point -> byte offset
    src = rng.integers(0, len(texts), n)
    span_len = rng.integers(20, 120, n)
    start = (rng.random(n) * (lengths[src] - span_len)).astype(np.int64)
    end = start + span_len
    b0, b1 = byte_at[cp_base[src] + start], byte_at[cp_base[src] + end]
    blen = b1 - b0
    offsets = np.concatenate([[0], np.cumsum(blen)])
    pos = np.repeat(b0 - offsets[:-1], blen) + np.arange(offsets[-1])
    data = corpus[pos]
    text = pa.StringArray.from_buffers(n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data))
    return src, start, end, text


def _ids(prefix: str, n: int, suffix: str = "") -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(np.arange(n)), pa.string()), suffix, "")


def _enum(values: tuple[str, ...], n: int, rng: np.random.Generator, null_share: float = 0.0) -> pa.Array:
    idx = pa.array(rng.integers(0, len(values), n).astype(np.int32), mask=rng.random(n) < null_share)
    return pa.DictionaryArray.from_arrays(idx, pa.array(values, pa.string()))


def generate(n: int, seed: int = 6) -> tuple[pa.Table, pa.Table, dict[str, str]]:
    """``n`` events, one evidence span per event, and the source texts.

    >>> events, evidence, texts = generate(50)
    >>> events.num_rows, evidence.num_rows, len(texts)
    (50, 50, 5)
    """
    rng = np.random.default_rng(seed)
    texts = seeds(min(1000, max(5, n // 1000)), 20_000, rng)
    ev_t, evd_t = table("events"), table("evidence")
    f = {x.name: x for x in ev_t.fields}
    start = rng.integers(0, 730, n).astype(np.int32) + (dt.date(2023, 1, 1) - dt.date(1970, 1, 1)).days
    some = rng.random(n) < 0.3
    events = pa.table({
        "event_id": _ids("evt-s", n),
        "event_type": _enum(f["event_type"].enum or (), n, rng),
        "summary": _ids("Synthetic event number ", n, "."),
        "short_title": _ids("Synthetic ", n),
        "status": _enum(f["status"].enum or (), n, rng),
        "date_text": pa.array(np.where(some, None, "in 2023"), pa.string()),
        "date_start": pa.array(start, pa.date32()),
        "date_end": pa.array(start + rng.integers(0, 31, n).astype(np.int32), pa.date32()),
        "date_precision": _enum(f["date_precision"].enum or (), n, rng, 0.1),
        "date_basis": _enum(f["date_basis"].enum or (), n, rng, 0.1),
        "date_note": pa.nulls(n, pa.string()),
        "location_id": pc.if_else(pa.array(some), pa.scalar(None, pa.string()),
                                  _ids("loc-s", n)),
        "agreement_id": pa.nulls(n, pa.string()),
        "plover_event": _enum(f["plover_event"].enum or (), n, rng, 0.1),
        "plover_mode": _enum(f["plover_mode"].enum or (), n, rng, 0.5),
        "plover_context": _enum(f["plover_context"].enum or (), n, rng, 0.1),
        "note": pa.nulls(n, pa.string()),
    }).cast(arrow_schema(ev_t))
    src, s, e, text = _spans(texts, n, rng)
    keys = np.array(list(texts), dtype=object)
    evidence = pa.table({
        "evidence_id": _ids("ev-evt-s", n, "-1"),
        "record_table": pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array(["events"])),
        "record_id": events["event_id"],
        "source_id": pa.array(keys[src].tolist(), pa.string()),
        "start": pa.array(s),
        "end": pa.array(e),
        "text": text,
        "field": pa.nulls(n, pa.string()),
    }).cast(arrow_schema(evd_t))
    return events, evidence, texts


def write(n: int, folder: Path, csv: bool = False) -> dict[str, int]:
    """Write ``n`` synthetic rows to ``folder``: parquet/, seeds/ and (``csv``) csv/."""
    events, evidence, texts = generate(n)
    for sub in ("parquet", "seeds", "csv"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name, data in (("events", events), ("evidence", evidence)):
        # Row groups of 64k rows, as a large release would have: readers can stream them.
        pq.write_table(data, folder / "parquet" / f"{name}.parquet", compression="zstd", row_group_size=65_536)
        if csv:
            import pyarrow.csv as pacsv

            pacsv.write_csv(data.cast(pa.schema([(c.name, pa.string()) if pa.types.is_dictionary(c.type)
                                                 else c for c in data.schema])),
                            folder / "csv" / f"{name}.csv",
                            pacsv.WriteOptions(quoting_style="needed"))
    for key, text in texts.items():
        (folder / "seeds" / f"{key}.txt").write_text(text, encoding="utf-8")
    return {"events": events.num_rows, "evidence": evidence.num_rows,
            "bytes": events.nbytes + evidence.nbytes}


def read_seeds(folder: Path) -> dict[str, str]:
    """The source texts written by :func:`write`, keyed by source id."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "seeds").glob("*.txt"))}

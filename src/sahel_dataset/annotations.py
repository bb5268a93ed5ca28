"""The W3C Web Annotations of every evidence span, readable offline.

Every build holds ``annotations.jsonld``, whose ``@context`` is the standard W3C
Web Annotation context IRI, ``http://www.w3.org/ns/anno.jsonld``. A JSON-LD
processor fetches that document over the network; :func:`document_loader` serves
the copy that ships in this package (``jsonld/anno.jsonld``, the W3C's published
context document, used under the W3C Software and Document License), so the
annotations expand offline:

>>> import json
>>> from sahel_dataset.load import PACKAGE_DIR
>>> collection = json.loads((PACKAGE_DIR / "annotations.jsonld").read_text(encoding="utf-8"))
>>> collection["@context"] == ANNO_CONTEXT
True
>>> document_loader()(ANNO_CONTEXT)["document"]["@context"]["oa"]
'http://www.w3.org/ns/oa#'

With pyld: ``jsonld.expand(collection, {"documentLoader": document_loader()})``.
Each annotation's target is a seed named by an absolute IRI, ``urn:sha256:<hex>``
of its bytes (:func:`seed_iri`; ``sources.sha256``, and ``seeds/<file>`` in the
package), so no base IRI is needed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The W3C Web Annotation JSON-LD context IRI (also served as ``https://``)."""

CONTEXT_FILE = Path(__file__).parent / "jsonld" / "anno.jsonld"
"""The shipped copy of the context document."""


@cache
def context_document() -> dict[str, Any]:
    """The W3C Web Annotation context document, from the shipped copy."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))


def document_loader(fallback: Callable[..., Any] | None = None) -> Callable[..., dict[str, Any]]:
    """A pyld document loader that serves the W3C context offline; any other IRI goes to
    ``fallback`` (e.g. ``pyld.jsonld.requests_document_loader()``) or is refused.

    >>> document_loader()("https://www.w3.org/ns/anno.jsonld")["documentUrl"]
    'https://www.w3.org/ns/anno.jsonld'
    >>> document_loader()("https://example.org/other.jsonld")
    Traceback (most recent call last):
    ...
    ValueError: https://example.org/other.jsonld: only the W3C Web Annotation context is served offline
    """
    known = {ANNO_CONTEXT, ANNO_CONTEXT.replace("http://", "https://", 1)}

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if url in known:
            return {"contextUrl": None, "documentUrl": url, "document": context_document()}
        if fallback is not None:
            return fallback(url, options or {})
        raise ValueError(f"{url}: only the W3C Web Annotation context is served offline")

    return load


def seed_iri(sha256: str) -> str:
    """The absolute IRI an annotation's target names a seed by: ``urn:sha256:`` and its hash.

    >>> seed_iri("ab" * 32)[:16]
    'urn:sha256:ababa'
    """
    return f"urn:sha256:{sha256}"

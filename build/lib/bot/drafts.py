"""A document an admin is adding: where its text came from, what they stated, and what it becomes.

Pure: the handlers gather the input (text parts, a forwarded post, a file's bytes, a fetched page) and
these functions turn it into a ``Draft``, and a draft into a ``NewDocument`` ready to publish.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.extraction import Article, NoArticleError, has_article
from bot.ingest import EmptyDocumentError, Overrides, prepare_document
from bot.metadata import Header, Source, parse_header, site_name
from storage.documents import Document, NewDocument


@dataclass(frozen=True)
class Draft:
    """Everything needed to build the document: its text, source, and the metadata stated by hand."""

    raw_text: str
    source: Source
    overrides: Overrides
    added_by: int | None

    def with_country(self, country: str) -> Draft:
        """The same draft with the country set by the admin."""
        return replace(self, overrides=replace(self.overrides, country=country))

    def with_date(self, day: date, precision: str) -> Draft:
        """The same draft with the publication date set by the admin."""
        return replace(self, overrides=replace(self.overrides, published=day, date_precision=precision))


def _merge(stated: Overrides, found: Overrides) -> Overrides:
    """What the admin stated wins over what the page or file stated."""
    published, precision = (stated.published, stated.date_precision)
    if published is None:
        published, precision = (found.published, found.date_precision)
    return Overrides(
        title=stated.title or found.title,
        country=stated.country or found.country,
        language=stated.language or found.language,
        published=published,
        date_precision=precision,
    )


def _checked(text: str) -> str:
    if not text.strip():
        raise EmptyDocumentError("the text is empty")
    if not has_article(text):
        raise NoArticleError("the text is only boilerplate")
    return text


def draft_from_text(text: str, *, added_by: int | None) -> Draft:
    """Pasted text, possibly starting with header lines (raises FieldError, EmptyDocumentError,
    NoArticleError)."""
    header = parse_header(text)
    return Draft(
        raw_text=_checked(header.body),
        source=header.source or Source(),
        overrides=header.overrides,
        added_by=added_by,
    )


def draft_from_forward(text: str, origin: Source, *, added_by: int | None) -> Draft:
    """A forwarded post; its origin is the source."""
    return Draft(raw_text=_checked(text.strip()), source=origin, overrides=Overrides(), added_by=added_by)


def draft_from_article(
    article: Article, header: Header, *, url: str | None = None, added_by: int | None
) -> Draft:
    """A fetched page or a file; header lines (a link's message, a file's caption) win over its metadata."""
    found = Overrides(
        title=article.title,
        published=article.published,
        date_precision="day" if article.published else None,
    )
    source = header.source
    if source is None:
        source = Source(name=article.site_name or (site_name(url) if url else None), url=url)
    return Draft(
        raw_text=_checked(article.as_raw_text()),
        source=source,
        overrides=_merge(header.overrides, found),
        added_by=added_by,
    )


def build_document(draft: Draft) -> NewDocument:
    """The document the draft becomes (raises EmptyDocumentError when analysis finds no article)."""
    new, _analysis = prepare_document(
        draft.raw_text,
        source=draft.source.name,
        url=draft.source.url,
        added_by=draft.added_by,
        overrides=draft.overrides,
    )
    return new


def as_document(new: NewDocument) -> Document:
    """A not yet stored document as a ``Document`` (id 0), for summaries and rendering."""
    return Document(
        id=0,
        content_hash=new.content_hash,
        title=new.title,
        text=new.text,
        language=new.language,
        country=new.country,
        countries_mentioned=tuple(new.countries_mentioned),
        published=new.published,
        date_precision=new.date_precision,
        messengers=tuple(new.messengers),
        platforms=tuple(new.platforms),
        actions=tuple(new.actions),
        source=new.source,
        url=new.url,
        added_by=new.added_by,
        added_at=new.added_at or "",
    )

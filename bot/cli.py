"""The ``mpbot`` command: run the bot, chat with it in the console, and the admin's offline tools."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bot.backup import BackupError, write_backup
from bot.health import run_checks
from bot.ingest import Submission, add_quietly_in, ingest_many, load_seeds, read_text_file
from bot.logs import configure_logging
from bot.publishing import publish_in
from bot.query import FilterError
from bot.search import SearchHit, SearchQuery
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.understanding import resolve_country
from storage.deliveries import delivery_counts
from storage.documents import Document

log = logging.getLogger("mpbot")


def document_json(document: Document, **extra: Any) -> dict[str, Any]:
    """A document as the CLI prints it with ``--json``."""
    return {
        "id": document.id,
        **extra,
        "title": document.title,
        "language": document.language,
        "country": document.country,
        "countries_mentioned": list(document.countries_mentioned),
        "date": document.published,
        "date_precision": document.date_precision,
        "messengers": list(document.messengers),
        "platforms": list(document.platforms),
        "actions": [{"kind": a.kind, "sentence": a.sentence} for a in document.actions],
        "source": document.source,
        "url": document.url,
    }


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False))


async def _ingest(
    settings: Settings, paths: Sequence[Path], as_json: bool, notify: bool = False, workers: int | None = None
) -> int:
    services = await Services.open(settings)
    added = skipped = failed = 0

    def submissions() -> Iterator[Submission]:
        nonlocal failed
        for path in paths:
            try:
                yield Submission(str(path), read_text_file(path))
            except (OSError, UnicodeDecodeError) as error:
                failed += 1
                print(f"mpbot: {path}: {error}", file=sys.stderr)

    try:
        results = ingest_many(
            services.documents,
            submissions(),
            workers=workers,
            keep_in=publish_in if notify else add_quietly_in,
        )
        async for result in results:
            document = result.document
            if document is None:
                failed += 1
                print(f"mpbot: {result.name}: the text holds no article", file=sys.stderr)
                continue
            if result.created:
                added += 1
            else:
                skipped += 1
            if as_json:
                _print_json(document_json(document, file=result.name, created=result.created))
            else:
                state = "added" if result.created else "already stored"
                print(
                    f"{result.name}: {state} as #{document.id} — {document.language}/"
                    f"{document.country or '??'} {document.published or 'undated'} — {document.title}"
                )
        # The search index learns of them here, not in the bot's next search (a bot beside this command
        # holding the index's writer leaves them in the change log for that search instead).
        await services.search.index.sync()
    finally:
        await services.close()
    note = f"{added} added, {skipped} already stored"
    if failed:
        note += f", {failed} failed"
    if added == 0 and skipped:
        note += " — nothing new"
    print(note, file=sys.stderr)
    return 1 if failed else 0


async def _search(settings: Settings, args: argparse.Namespace, limit: int) -> int:
    # Options are filters as a reader writes them into the question ("country:IR from:2024").
    options = (("lang", args.language), ("from", args.date_from), ("to", args.date_to))
    written = " ".join(args.query) + "".join(f" {key}:{value}" for key, value in options if value)
    try:
        question = SearchQuery.read(written, limit=limit)
    except FilterError as error:
        print(f"mpbot: cannot read the {error.kind} {error.value!r}", file=sys.stderr)
        return 2
    if args.country:
        code = resolve_country(args.country)
        if code is None:
            print(f"mpbot: unknown country {args.country!r}", file=sys.stderr)
            return 2
        question = dataclasses.replace(question, country=code)
    services = await Services.open(settings)
    try:
        await load_seeds(services.documents, settings.seeds_dir)
        hits = await services.search.search(question)
    finally:
        await services.close()
    for rank, hit in enumerate(hits, 1):
        if args.json:
            _print_json(_hit_json(hit, rank))
        else:
            document = hit.document
            where = f"{document.country or '??'}, {document.published or 'undated'}"
            print(f"{rank}. #{document.id} [{where}] {document.title}")
            print(f"   {document.source or 'source not recorded'}")
            print(f"   {hit.passage.text}\n")
    if not hits and not args.json:
        print("nothing found", file=sys.stderr)
    return 0


def _hit_json(hit: SearchHit, rank: int) -> dict[str, Any]:
    document = hit.document
    passage = hit.passage
    return {
        "rank": rank,
        "id": document.id,
        "title": document.title,
        "country": document.country,
        "language": document.language,
        "date": document.published,
        "source": document.source,
        "url": document.url,
        "score": round(hit.score, 4),
        "passage": passage.text,
        "matched": [passage.text[start:end] for start, end in passage.highlights],
    }


async def _docs(settings: Settings, as_json: bool) -> int:
    services = await Services.open(settings)
    try:
        await load_seeds(services.documents, settings.seeds_dir)
        documents = await services.documents.all()
    finally:
        await services.close()
    for document in documents:
        if as_json:
            _print_json(document_json(document))
        else:
            where = f"{document.language}/{document.country or '??'} {document.published or 'undated'}"
            print(f"#{document.id} {where} {', '.join(document.messengers) or '-'} — {document.title}")
    return 0


async def _deliveries(settings: Settings, as_json: bool) -> int:
    services = await Services.open(settings)
    try:
        counts = await delivery_counts(services.database)
    finally:
        await services.close()
    if as_json:
        _print_json(counts.as_dict())
    else:
        print(
            f"deliveries: {counts.pending} pending, {counts.sent} sent, {counts.failed} failed,"
            f" {counts.cancelled} cancelled; subscriptions: {counts.active} active, {counts.paused} paused"
        )
    return 0


async def _export(settings: Settings, path: str, include_deleted: bool) -> int:
    from bot.transfer import export_lines

    services = await Services.open(settings)
    try:
        lines = await export_lines(services.documents, include_deleted=include_deleted)
    finally:
        await services.close()
    if path == "-":
        sys.stdout.writelines(lines)
    else:
        await asyncio.to_thread(Path(path).write_text, "".join(lines), encoding="utf-8")
    print(f"{len(lines)} documents exported", file=sys.stderr)
    return 0


async def _import(settings: Settings, path: Path) -> int:
    from bot.transfer import InvalidExportError, import_documents

    try:
        lines = (await asyncio.to_thread(path.read_text, encoding="utf-8-sig")).splitlines()
    except (OSError, UnicodeDecodeError) as error:
        print(f"mpbot: {path}: {error}", file=sys.stderr)
        return 1
    services = await Services.open(settings)
    try:
        report = await import_documents(services.documents, lines)
    except InvalidExportError as error:
        for problem in error.errors:
            print(f"mpbot: {path}:{problem.line}: {problem.reason}", file=sys.stderr)
        print("nothing imported", file=sys.stderr)
        return 1
    finally:
        await services.close()
    print(f"{len(report.added)} imported, {report.already_stored} already stored", file=sys.stderr)
    return 0


async def _eval(corpus: Path, as_json: bool) -> int:
    from bot.evaluate import evaluate_corpus, format_report

    if not (corpus / "labels.jsonl").is_file():
        print(f"mpbot: {corpus}: no labels.jsonl there", file=sys.stderr)
        return 2
    figures = await evaluate_corpus(corpus)
    print(json.dumps(figures, ensure_ascii=False) if as_json else format_report(figures))
    return 0


async def _reindex(settings: Settings) -> int:
    started = time.perf_counter()
    services = await Services.open(settings, reindex=True)
    try:
        count = await services.documents.stored_count()
    finally:
        await services.close()
    elapsed = time.perf_counter() - started
    print(
        f"search terms derived again, apps and actions found again, and the search index rebuilt: "
        f"{count} documents, {elapsed:.1f} s"
    )
    return 0


def _run(settings: Settings, webhook: bool = False) -> int:
    from bot.runner import run_service

    webhook = webhook or settings.webhook_url is not None
    if webhook and (settings.bot_token is None or settings.webhook_url is None):
        print("mpbot: webhook mode needs BOT_TOKEN, WEBHOOK_URL and WEBHOOK_SECRET", file=sys.stderr)
        return 2
    if settings.bot_token is None:
        print("No BOT_TOKEN set: starting the console chat instead (put BOT_TOKEN in .env to go online).")
        return _chat(settings)
    return run_service(settings, webhook=webhook)


async def _check(settings: Settings) -> int:
    report = await run_checks(settings)
    for line in report.passed:
        print(f"ok: {line}")
    for line in report.problems:
        print(f"mpbot check: {line}", file=sys.stderr)
    return 0 if report.ok else 1


async def _backup(settings: Settings, target: Path) -> int:
    try:
        made = await write_backup(settings.database_path, target)
    except BackupError as error:
        print(f"mpbot backup: {error}", file=sys.stderr)
        return 1
    print(f"{made.path}: {made.size} bytes{' (gzip)' if made.compressed else ''}, integrity ok")
    return 0


def _chat(settings: Settings) -> int:
    from bot.console import chat

    return asyncio.run(chat(settings))


def parser() -> argparse.ArgumentParser:
    """The command line."""
    root = argparse.ArgumentParser(prog="mpbot", description="Messenger policy news bot.")
    commands = root.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the bot (long polling; without BOT_TOKEN, the console chat)")
    run.add_argument("--webhook", action="store_true", help="take updates at WEBHOOK_URL, not by polling")
    commands.add_parser("chat", help="chat with the bot in this terminal, or through a pipe")
    ingest = commands.add_parser("ingest", help="add documents from text files")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--json", action="store_true", help="one JSON object per document")
    ingest.add_argument("--notify", action="store_true", help="announce new documents to their subscribers")
    ingest.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes that analyse texts (default: one per core; 0: none)",
    )
    search = commands.add_parser("search", help="search the documents")
    search.add_argument("query", nargs="+")
    search.add_argument("--country", help="name or ISO code")
    search.add_argument("--language", help="language code of the documents (en, ru, kk, fa…)")
    search.add_argument(
        "--from", dest="date_from", metavar="DATE", help="from a year, month or day (2024-05)"
    )
    search.add_argument("--to", dest="date_to", metavar="DATE", help="to a year, month or day, inclusive")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--json", action="store_true", help="one JSON object per result")
    evaluate = commands.add_parser(
        "eval", help="measure detection, search and summaries on a labelled corpus"
    )
    evaluate.add_argument(
        "path", type=Path, metavar="PATH", help="folder with *.txt, labels.jsonl, queries.jsonl"
    )
    evaluate.add_argument("--json", action="store_true", help="one JSON object with every figure")
    docs = commands.add_parser("docs", help="list the stored documents")
    docs.add_argument("--json", action="store_true", help="one JSON object per document")
    deliveries = commands.add_parser("deliveries", help="how the notification outbox stands")
    deliveries.add_argument("--json", action="store_true", help="the counts as one JSON object")
    export = commands.add_parser("export", help="write every document as JSON Lines (to PATH or stdout)")
    export.add_argument("path", nargs="?", default="-", metavar="PATH")
    export.add_argument("--all", action="store_true", help="include deleted documents")
    importing = commands.add_parser("import", help="load documents from a JSON Lines export, all or nothing")
    importing.add_argument("file", type=Path, metavar="FILE")
    commands.add_parser(
        "reindex",
        help="derive every document's search terms, apps and actions again and rebuild the search index",
    )
    commands.add_parser("check", help="check settings, database, migrations, seeds, token")
    backup = commands.add_parser("backup", help="copy the live database to PATH (gzip when PATH ends in .gz)")
    backup.add_argument("path", type=Path, metavar="PATH")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``mpbot`` and ``python -m bot``."""
    try:
        try:
            return _dispatch(argv)
        finally:
            sys.stdout.flush()  # here, not at exit, where a closed pipe could only be reported
    except BrokenPipeError:
        # Whoever read our output stopped early (``mpbot search … | head -1``): end quietly, with the
        # status a shell reports for a tool that SIGPIPE ended, and no second error at exit.
        _discard_stdout()
        return 128 + signal.SIGPIPE


def _discard_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _dispatch(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    settings = load_settings()
    # The bot online and a reindex (progress on large databases) log at LOG_LEVEL; other commands quietly.
    loud = args.command == "reindex" or (args.command == "run" and settings.bot_token is not None)
    configure_logging(settings, quiet=not loud)
    if args.command == "run":
        return _run(settings, args.webhook)
    if args.command == "check":
        return asyncio.run(_check(settings))
    if args.command == "backup":
        return asyncio.run(_backup(settings, args.path))
    if args.command == "chat":
        return _chat(settings)
    if args.command == "ingest":
        return asyncio.run(_ingest(settings, args.paths, args.json, args.notify, args.workers))
    if args.command == "search":
        limit = max(1, min(args.limit, 100))
        return asyncio.run(_search(settings, args, limit))
    if args.command == "eval":
        return asyncio.run(_eval(args.path, args.json))
    if args.command == "docs":
        return asyncio.run(_docs(settings, args.json))
    if args.command == "deliveries":
        return asyncio.run(_deliveries(settings, args.json))
    if args.command == "export":
        return asyncio.run(_export(settings, args.path, args.all))
    if args.command == "import":
        return asyncio.run(_import(settings, args.file))
    if args.command == "reindex":
        return asyncio.run(_reindex(settings))
    return 2

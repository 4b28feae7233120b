"""Audit details are read back exactly as they were written, and anything else is left as it is."""

from bot.audit_details import (
    ExportDetail,
    ImportDetail,
    edit_detail,
    export_detail,
    import_detail,
    read_edit,
    read_export,
    read_import,
)


def test_an_edit_reads_back_field_by_field_even_when_a_value_holds_the_separator() -> None:
    written = edit_detail({"title": "Iran; Telegram blocked again", "country": "IR"})
    assert read_edit(written) == [("title", "Iran; Telegram blocked again"), ("country", "IR")]


def test_an_edit_of_the_date_keeps_its_precision() -> None:
    written = edit_detail({"published": "2024-03-01", "date_precision": "month"})
    assert read_edit(written) == [("published", "2024-03-01"), ("date_precision", "month")]


def test_a_source_without_a_name_is_written_empty() -> None:
    assert (
        edit_detail({"url": "https://example.org/a", "source": None}) == "url=https://example.org/a; source="
    )


def test_an_export_reads_back_its_count_and_whether_deleted_documents_were_in_it() -> None:
    assert read_export(export_detail(12, deleted_included=True)) == ExportDetail(12, deleted_included=True)
    assert read_export(export_detail(1, deleted_included=False)) == ExportDetail(1, deleted_included=False)


def test_an_import_reads_back_what_it_added_and_what_was_stored_already() -> None:
    assert read_import(import_detail(3, 1)) == ImportDetail(added=3, already_stored=1)


def test_details_of_another_shape_are_not_read() -> None:
    assert read_edit("a document title") is None
    assert read_export("12 files") is None
    assert read_import("") is None

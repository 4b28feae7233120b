-- The search index (tantivy, beside the database file) follows the documents through this change log:
-- every insert, update or delete of a document adds a row, and the index applies the rows it has not
-- seen yet before it answers. Any writer (ingest, edits, deletes, imports) keeps it in step this way.
CREATE TABLE search_index_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL
);

CREATE TABLE search_index_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    applied_seq INTEGER NOT NULL DEFAULT 0
);

INSERT INTO search_index_state (id, applied_seq) VALUES (1, 0);

CREATE TRIGGER documents_indexed_on_insert AFTER INSERT ON documents BEGIN
    INSERT INTO search_index_changes (document_id) VALUES (new.id);
END;

CREATE TRIGGER documents_indexed_on_update AFTER UPDATE ON documents BEGIN
    INSERT INTO search_index_changes (document_id) VALUES (new.id);
END;

CREATE TRIGGER documents_indexed_on_delete AFTER DELETE ON documents BEGIN
    INSERT INTO search_index_changes (document_id) VALUES (old.id);
END;

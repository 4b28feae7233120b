-- Documents: the store of record. The search index is derived from it and can be rebuilt.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    language TEXT NOT NULL,
    country TEXT,
    countries_mentioned TEXT NOT NULL DEFAULT '[]',
    published TEXT,
    date_precision TEXT NOT NULL DEFAULT 'unknown'
        CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
    messengers TEXT NOT NULL DEFAULT '[]',
    platforms TEXT NOT NULL DEFAULT '[]',
    actions TEXT NOT NULL DEFAULT '[]',
    source TEXT,
    url TEXT,
    added_by INTEGER,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX documents_country ON documents (country, published);
CREATE INDEX documents_published ON documents (published);

-- Normalised, stemmed terms of each document (rowid = documents.id), written by storage/documents.py.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title_terms,
    body_terms,
    tokenize = 'unicode61 remove_diacritics 2'
);

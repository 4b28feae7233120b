-- What search re-ranking reads of each candidate, in a narrow table of its own: in `documents` these
-- columns sit behind the texts, so reading them for sixty candidates meant reading sixty texts from disk.
-- Kept in step by triggers, like the search index's change log. Lists are joined with the unit separator
-- (char 31), which no code or name contains: splitting them is far cheaper than decoding JSON.
CREATE TABLE ranking_facts (
    document_id INTEGER PRIMARY KEY,
    country TEXT,
    countries_mentioned TEXT NOT NULL,
    apps TEXT NOT NULL,
    action_kinds TEXT NOT NULL,
    published TEXT,
    deleted_at TEXT
);

-- The one place that says how a document's row becomes its ranking facts.
CREATE VIEW ranking_facts_of_documents AS
SELECT id AS document_id, country,
       coalesce((SELECT group_concat(value, char(31)) FROM json_each(countries_mentioned)), '')
           AS countries_mentioned,
       coalesce((SELECT group_concat(value, char(31))
                 FROM (SELECT value FROM json_each(messengers) UNION ALL SELECT value FROM json_each(platforms))),
                '') AS apps,
       coalesce((SELECT group_concat(json_extract(value, '$.kind'), char(31)) FROM json_each(actions)), '')
           AS action_kinds,
       published, deleted_at
FROM documents;

INSERT INTO ranking_facts SELECT * FROM ranking_facts_of_documents;

CREATE TRIGGER documents_ranked_on_insert AFTER INSERT ON documents BEGIN
    INSERT INTO ranking_facts SELECT * FROM ranking_facts_of_documents WHERE document_id = new.id;
END;

CREATE TRIGGER documents_ranked_on_update AFTER UPDATE ON documents BEGIN
    DELETE FROM ranking_facts WHERE document_id = old.id;
    INSERT INTO ranking_facts SELECT * FROM ranking_facts_of_documents WHERE document_id = new.id;
END;

CREATE TRIGGER documents_ranked_on_delete AFTER DELETE ON documents BEGIN
    DELETE FROM ranking_facts WHERE document_id = old.id;
END;

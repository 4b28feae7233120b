-- Which normaliser wrote the stored search terms (documents_fts): the fingerprint of the code and word
-- lists that derive them (bot.understanding.terms_version). A database opened with another fingerprint
-- has every document's terms derived again from its title and text, so they meet today's questions.
-- Empty until the first check: terms written before this migration are of unknown make.
CREATE TABLE search_terms_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    terms_version TEXT NOT NULL
);

INSERT INTO search_terms_state (id, terms_version) VALUES (1, '');

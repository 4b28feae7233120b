-- Admins added in the chat by an owner (owners themselves come from the ADMIN_IDS setting).
CREATE TABLE admins (
    user_id INTEGER PRIMARY KEY,
    added_by INTEGER,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Who did what and when: one row per admin action that changed something (or exported it).
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    user_id INTEGER,
    action TEXT NOT NULL,
    document_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);

-- Soft delete: a deleted document keeps its row (and index terms) so /restore can bring it back,
-- but every read query of storage/documents.py leaves it out.
ALTER TABLE documents ADD COLUMN deleted_at TEXT;

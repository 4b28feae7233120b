-- Readers' preferences: the interface language a user chose with /language (absent until they choose).
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    language TEXT NOT NULL CHECK (language IN ('en', 'ru', 'kk', 'fa')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Which detectors found the stored apps and policy actions of documents (their messengers, platforms and
-- actions columns): the fingerprint of the code and knowledge files behind them
-- (bot.understanding.detections_version). A database opened with another fingerprint has them detected
-- again from each document's title and text. Empty until the first check: detections written before this
-- migration are of unknown make.
CREATE TABLE detections_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    detections_version TEXT NOT NULL
);

INSERT INTO detections_state (id, detections_version) VALUES (1, '');

-- Country lists and counts read only visible documents, newest first: an index that answers them without
-- reading the documents' texts.
CREATE INDEX documents_visible_by_country ON documents (country, published, id) WHERE deleted_at IS NULL;

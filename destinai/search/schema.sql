-- Search index tables (destinai.search.build); the FTS5 tables over them are created in code
CREATE TABLE search_labels (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,             -- occupation | skill
    target TEXT NOT NULL,           -- ESCO URI, or O*NET-SOC code when source starts with onet
    source TEXT NOT NULL,           -- preferred | alt | hidden | onet_title | onet_alt
    text TEXT NOT NULL,
    folded TEXT NOT NULL            -- lower case, no accents or punctuation (fuzzy matching)
);
CREATE INDEX search_labels_target ON search_labels(target);
CREATE TABLE search_descriptions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    uri TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE search_vectors (
    name TEXT PRIMARY KEY,          -- labels | descriptions
    model TEXT NOT NULL,
    rows INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    scale BLOB NOT NULL,            -- float32 per row
    data BLOB NOT NULL              -- int8 rows x dim
);

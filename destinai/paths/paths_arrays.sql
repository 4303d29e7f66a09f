-- paths_arrays: numpy arrays stored as blobs (destinai.paths.store)
DROP TABLE IF EXISTS paths_arrays;
CREATE TABLE paths_arrays (
    name TEXT PRIMARY KEY,
    dtype TEXT NOT NULL,            -- numpy dtype string, or 'json' for a list of strings;
                                    -- "zs:" first when packed (destinai.catalog.blobs)
    shape TEXT NOT NULL,            -- JSON list
    data BLOB NOT NULL
) WITHOUT ROWID;

-- crosswalk_candidates: the ranked O*NET codes behind each derived link (destinai.crosswalk.build)
CREATE TABLE IF NOT EXISTS crosswalk_candidates (
    esco_uri TEXT NOT NULL,
    onet_code TEXT NOT NULL,
    rank INTEGER NOT NULL,          -- 1 = best
    probability REAL NOT NULL,      -- the model's P(code | occupation) among its candidates
    chosen INTEGER NOT NULL,        -- 1 when kept as a derived link in occupation_onet
    features TEXT NOT NULL,         -- JSON: feature name -> value
    PRIMARY KEY (esco_uri, rank)
) WITHOUT ROWID;

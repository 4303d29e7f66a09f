-- skill_neighbours: partial credit between skills (destinai.paths.build)
DROP TABLE IF EXISTS skill_neighbours;
CREATE TABLE skill_neighbours (
    skill_uri TEXT NOT NULL,
    neighbour_uri TEXT NOT NULL,
    similarity REAL NOT NULL,       -- partial credit 0..1 when neighbour stands in for skill
    source TEXT NOT NULL,           -- text | related | text+related
    PRIMARY KEY (skill_uri, neighbour_uri)
) WITHOUT ROWID;
-- occupation_seniority: each occupation's seniority in levels and its evidence (paths/seniority.py)
DROP TABLE IF EXISTS occupation_seniority;
CREATE TABLE occupation_seniority (
    uri TEXT PRIMARY KEY,
    score REAL NOT NULL,            -- seniority in levels (destinai/paths/seniority.py)
    evidence TEXT NOT NULL          -- JSON list of {kind, points, text}
) WITHOUT ROWID;

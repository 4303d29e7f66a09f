-- DestinAI catalog schema. Every table records data from one official release; the
-- build_sources table names each file with its checksum and release.

CREATE TABLE isco_groups (
    code TEXT PRIMARY KEY,          -- ISCO-08 code: 1 digit (major) to 4 digits (unit group)
    uri TEXT NOT NULL,
    level INTEGER NOT NULL,         -- 1 major, 2 sub-major, 3 minor, 4 unit group
    parent_code TEXT,
    label TEXT NOT NULL,
    label_raw TEXT NOT NULL,
    alt_labels TEXT NOT NULL DEFAULT '[]',
    description TEXT
);

CREATE TABLE occupations (
    uri TEXT PRIMARY KEY,
    code TEXT,                      -- ESCO code, e.g. 2654.1.7
    isco_group TEXT,                -- ISCO-08 unit group code
    label TEXT NOT NULL,
    label_raw TEXT NOT NULL,
    alt_labels TEXT NOT NULL,       -- JSON list, cleaned, includes the preferred label
    alt_labels_raw TEXT NOT NULL,
    hidden_labels TEXT NOT NULL DEFAULT '[]',
    description TEXT,
    definition TEXT,
    scope_note TEXT,
    regulated_note TEXT,
    status TEXT,
    modified TEXT,
    is_research INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX occupations_code ON occupations(code);
CREATE INDEX occupations_isco ON occupations(isco_group);
CREATE INDEX occupations_label ON occupations(label COLLATE NOCASE);

CREATE TABLE occupation_broader (
    uri TEXT NOT NULL,
    concept_type TEXT NOT NULL,     -- Occupation or ISCOGroup
    broader_uri TEXT NOT NULL,
    broader_type TEXT NOT NULL,     -- Occupation or ISCOGroup
    PRIMARY KEY (uri, broader_uri)
);
CREATE INDEX occupation_broader_up ON occupation_broader(broader_uri);

CREATE TABLE skills (
    uri TEXT PRIMARY KEY,
    skill_type TEXT,                -- knowledge | skill/competence | '' (a few are untyped)
    reuse_level TEXT,               -- transversal | cross-sector | sector-specific | occupation-specific
    label TEXT NOT NULL,
    label_raw TEXT NOT NULL,
    alt_labels TEXT NOT NULL,
    alt_labels_raw TEXT NOT NULL,
    hidden_labels TEXT NOT NULL DEFAULT '[]',
    description TEXT,
    definition TEXT,
    scope_note TEXT,
    status TEXT,
    modified TEXT,
    is_digital INTEGER NOT NULL DEFAULT 0,
    is_green INTEGER NOT NULL DEFAULT 0,
    is_transversal INTEGER NOT NULL DEFAULT 0,
    is_language INTEGER NOT NULL DEFAULT 0,
    is_research INTEGER NOT NULL DEFAULT 0,
    is_digcomp INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX skills_label ON skills(label COLLATE NOCASE);

CREATE TABLE occupation_skills (
    occupation_uri TEXT NOT NULL,
    skill_uri TEXT NOT NULL,
    relation TEXT NOT NULL,         -- essential | optional
    skill_type TEXT,
    PRIMARY KEY (occupation_uri, skill_uri)
) WITHOUT ROWID;
CREATE INDEX occupation_skills_skill ON occupation_skills(skill_uri, relation);

CREATE TABLE skill_relations (
    skill_uri TEXT NOT NULL,
    related_uri TEXT NOT NULL,
    relation TEXT NOT NULL,
    PRIMARY KEY (skill_uri, related_uri)
) WITHOUT ROWID;
CREATE INDEX skill_relations_back ON skill_relations(related_uri);

CREATE TABLE skill_groups (
    uri TEXT PRIMARY KEY,
    code TEXT,                      -- e.g. S1.2, or an ISCED-F 2013 code in the knowledge branch
    label TEXT NOT NULL,
    label_raw TEXT NOT NULL,
    alt_labels TEXT NOT NULL DEFAULT '[]',
    description TEXT,
    scope_note TEXT,
    isced_f TEXT                    -- ISCED-F 2013 field code when the group is one
);

CREATE TABLE skill_broader (
    uri TEXT NOT NULL,
    broader_uri TEXT NOT NULL,
    concept_type TEXT,
    broader_type TEXT,
    PRIMARY KEY (uri, broader_uri)
) WITHOUT ROWID;
CREATE INDEX skill_broader_up ON skill_broader(broader_uri);

CREATE TABLE skill_hierarchy (
    uri TEXT PRIMARY KEY,
    level INTEGER NOT NULL,
    code TEXT,
    label TEXT NOT NULL,
    parent_uri TEXT,
    description TEXT
);

CREATE TABLE onet_occupations (
    code TEXT PRIMARY KEY,          -- O*NET-SOC 2019, e.g. 11-1011.00
    soc_code TEXT NOT NULL,         -- SOC 2018, the first seven characters
    title TEXT NOT NULL,
    description TEXT,
    job_zone INTEGER
);
CREATE INDEX onet_occupations_soc ON onet_occupations(soc_code);

CREATE TABLE onet_alternate_titles (
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    short_title TEXT,
    sources TEXT
);
CREATE INDEX onet_alternate_titles_code ON onet_alternate_titles(code);

CREATE TABLE onet_tasks (
    code TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    task TEXT NOT NULL,
    task_type TEXT,                 -- Core | Supplemental | NULL
    incumbents_responding REAL,
    date TEXT,
    domain_source TEXT,
    PRIMARY KEY (code, task_id)
);

CREATE TABLE onet_emerging_tasks (
    code TEXT NOT NULL,
    task TEXT NOT NULL,
    category TEXT,
    original_task_id INTEGER,
    date TEXT
);
CREATE INDEX onet_emerging_tasks_code ON onet_emerging_tasks(code);

-- Skills and Knowledge ratings, importance (IM) and level (LV) side by side.
CREATE TABLE onet_ratings (
    domain TEXT NOT NULL,           -- skills | knowledge
    code TEXT NOT NULL,
    element_id TEXT NOT NULL,
    element_name TEXT NOT NULL,
    importance REAL,
    level REAL,
    not_relevant INTEGER,
    suppress INTEGER,
    date TEXT,
    domain_source TEXT,
    PRIMARY KEY (domain, code, element_id)
) WITHOUT ROWID;

-- Interests (RIASEC), work styles and work values: one score per element and scale.
CREATE TABLE onet_scores (
    domain TEXT NOT NULL,           -- interests | work_styles | work_values
    code TEXT NOT NULL,
    element_id TEXT NOT NULL,
    element_name TEXT NOT NULL,
    scale_id TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (domain, code, element_id, scale_id)
) WITHOUT ROWID;

CREATE TABLE onet_technology_skills (
    code TEXT NOT NULL,
    example TEXT NOT NULL,
    commodity_code INTEGER,
    commodity_title TEXT,
    hot_technology INTEGER NOT NULL,
    in_demand INTEGER NOT NULL
);
CREATE INDEX onet_technology_skills_code ON onet_technology_skills(code);

CREATE TABLE onet_tools (
    code TEXT NOT NULL,
    example TEXT NOT NULL,
    commodity_code INTEGER,
    commodity_title TEXT
);
CREATE INDEX onet_tools_code ON onet_tools(code);

CREATE TABLE onet_related (
    code TEXT NOT NULL,
    related_code TEXT NOT NULL,
    tier TEXT NOT NULL,             -- Primary-Short | Primary-Long | Supplemental
    rank INTEGER NOT NULL,
    PRIMARY KEY (code, related_code)
) WITHOUT ROWID;

CREATE TABLE onet_job_zone_reference (
    job_zone INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    experience TEXT,
    education TEXT,
    training TEXT,
    examples TEXT,
    svp_range TEXT
);

CREATE TABLE onet_education (
    code TEXT NOT NULL,
    element_id TEXT NOT NULL,       -- 2.D.1 education, 3.A.1 experience, 3.A.2/3.A.3 training
    element_name TEXT NOT NULL,
    scale_id TEXT NOT NULL,
    category INTEGER NOT NULL,
    value REAL,                     -- percentage of respondents
    suppress INTEGER,
    PRIMARY KEY (code, element_id, scale_id, category)
) WITHOUT ROWID;

CREATE TABLE onet_education_categories (
    element_id TEXT NOT NULL,
    scale_id TEXT NOT NULL,
    category INTEGER NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (element_id, scale_id, category)
);

CREATE TABLE onet_content_model (
    element_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT
);

CREATE TABLE onet_scales (
    scale_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    minimum REAL,
    maximum REAL
);

CREATE TABLE oews_wages (
    soc_code TEXT NOT NULL,         -- SOC 2018, e.g. 11-1011 (also broad/minor/major groups)
    title TEXT NOT NULL,
    o_group TEXT,                   -- total | major | minor | broad | detailed
    year INTEGER NOT NULL,
    employment REAL,
    emp_prse REAL,
    hourly_mean REAL,
    annual_mean REAL,
    mean_prse REAL,
    hourly_p10 REAL, hourly_p25 REAL, hourly_median REAL, hourly_p75 REAL, hourly_p90 REAL,
    annual_p10 REAL, annual_p25 REAL, annual_median REAL, annual_p75 REAL, annual_p90 REAL,
    annual_only INTEGER NOT NULL DEFAULT 0,
    hourly_only INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '{}', -- {field: "*" | "#"}: * not available, # at or above the top-coded value
    PRIMARY KEY (soc_code, o_group)
);

CREATE TABLE bls_projections (
    soc_code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    occupation_type TEXT,
    employment_2024 REAL,           -- thousands
    employment_2034 REAL,
    change_numeric REAL,
    change_percent REAL,
    self_employed_percent REAL,
    annual_openings REAL,
    median_wage REAL,
    education TEXT,
    experience TEXT,
    training TEXT
);

CREATE TABLE xw_esco_onet_2010 (
    esco_uri TEXT NOT NULL,
    onet_2010_code TEXT NOT NULL,
    confidence REAL,
    semantic_similarity REAL,
    matching_titles TEXT,
    source_id TEXT,
    PRIMARY KEY (esco_uri, onet_2010_code)
);

CREATE TABLE xw_onet_2010_2019 (
    code_2010 TEXT NOT NULL,
    title_2010 TEXT,
    code_2019 TEXT NOT NULL,
    title_2019 TEXT,
    PRIMARY KEY (code_2010, code_2019)
);

CREATE TABLE xw_isco_soc (
    isco_code TEXT NOT NULL,
    isco_title TEXT,
    soc2010_code TEXT NOT NULL,
    soc2010_title TEXT,
    part INTEGER NOT NULL DEFAULT 0, -- 1 when the match is partial ('*' in the BLS file)
    PRIMARY KEY (isco_code, soc2010_code)
);
CREATE INDEX xw_isco_soc_soc ON xw_isco_soc(soc2010_code);

-- ESCO occupation -> O*NET-SOC 2019 code, the resolved link every feature uses.
CREATE TABLE occupation_onet (
    esco_uri TEXT NOT NULL,
    onet_code TEXT NOT NULL,
    method TEXT NOT NULL,           -- reviewed (Nesta) | derived (DestinAI's builder)
    confidence REAL,                -- 0..1
    via TEXT,                       -- e.g. the O*NET-SOC 2010 code it was resolved through
    evidence TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (esco_uri, onet_code)
) WITHOUT ROWID;
CREATE INDEX occupation_onet_code ON occupation_onet(onet_code);

CREATE TABLE build_sources (
    key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    release TEXT NOT NULL,
    publisher TEXT,
    download TEXT,
    bytes INTEGER,
    sha256 TEXT
);

CREATE TABLE build_record (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL             -- JSON
);

-- O*NET-SOC 2019 code -> the OEWS row that gives its wage: the SOC 2018 detailed code, else
-- its broad group (OEWS publishes some occupations only as an aggregate).
CREATE TABLE onet_wage_link (
    code TEXT PRIMARY KEY,
    soc_code TEXT NOT NULL,
    o_group TEXT NOT NULL,
    match TEXT NOT NULL              -- exact | broad
);

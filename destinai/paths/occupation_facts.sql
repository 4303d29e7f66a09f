-- occupation_facts: job zone, wage, education and ISCO groups per occupation (destinai.paths.facts)
CREATE TABLE occupation_facts (
    uri TEXT PRIMARY KEY,
    onet_code TEXT,                 -- the best-confidence O*NET link, if any
    job_zone INTEGER,
    job_zone_estimated INTEGER NOT NULL,  -- 1 when estimated from the ISCO major group
    wage_annual_median REAL,        -- US OEWS May 2024, USD
    wage_soc TEXT,
    education_isced INTEGER,        -- typical required education (ISCED 2011 level)
    education_estimated INTEGER NOT NULL,
    isco_major TEXT,
    isco_sub_major TEXT
);

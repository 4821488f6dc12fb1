-- The run history's first schema. Placeholders in braces are the engine's words:
-- {id} an auto-numbered primary key, {real} a double. Every integer is BIGINT (booleans 0/1),
-- dates and times are TEXT (YYYY-MM-DD, RFC 3339 UTC), JSON is TEXT.

CREATE TABLE portals (
    id {id},
    key TEXT NOT NULL UNIQUE,
    name TEXT,
    url TEXT NOT NULL
);

CREATE TABLE runs (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    seq BIGINT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    as_of TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    options TEXT NOT NULL,
    stats TEXT,
    errors TEXT,
    crawl_complete BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    score {real},
    veto BIGINT NOT NULL DEFAULT 0,
    problems BIGINT NOT NULL DEFAULT 0,
    counts TEXT,
    UNIQUE (portal_id, seq)
);

CREATE TABLE pages (
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    url_key TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    status BIGINT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT NOT NULL,
    verified_seq BIGINT NOT NULL,
    last_seen_seq BIGINT NOT NULL,
    PRIMARY KEY (portal_id, url_key)
);

-- A page's parsed record, per page and body: the same body at another address reads
-- differently (its links resolve against its own address). The record is deflate-compressed
-- JSON: it holds the page's text, and is most of the store.
CREATE TABLE page_records (
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    url_key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    record {blob} NOT NULL,
    last_used_seq BIGINT NOT NULL,
    PRIMARY KEY (portal_id, url_key, content_hash)
);

CREATE TABLE problems (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    url TEXT NOT NULL,
    first_seen_run BIGINT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen_run BIGINT NOT NULL,
    latest TEXT NOT NULL,
    UNIQUE (portal_id, fingerprint)
);

CREATE TABLE run_findings (
    run_id BIGINT NOT NULL REFERENCES runs (id),
    problem_id BIGINT NOT NULL REFERENCES problems (id),
    status TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (run_id, problem_id)
);

CREATE INDEX run_findings_problem ON run_findings (problem_id);

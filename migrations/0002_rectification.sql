-- The rectification loop (整改台账, 交办单 → 催办单 → 督办通知单), people's explanations and
-- self-declared evidence, the alerts outbox, and home-page probes. Same conventions as 0001.

ALTER TABLE portals ADD COLUMN unit TEXT;

-- One record per problem: who must fix it, by when, and how far the chase has gone. A reopened
-- problem starts a new cycle of the same record (cycle + 1); earlier cycles live on in
-- rectification_events.
CREATE TABLE rectifications (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    problem_id BIGINT NOT NULL UNIQUE REFERENCES problems (id),
    cycle BIGINT NOT NULL DEFAULT 1,
    department TEXT NOT NULL,
    assigned_on TEXT NOT NULL,
    deadline_days BIGINT NOT NULL,
    deadline TEXT NOT NULL,
    stage TEXT NOT NULL,
    reminded_on TEXT,
    supervised_on TEXT,
    resolved_on TEXT,
    assign_notice BIGINT,
    remind_notice BIGINT,
    supervise_notice BIGINT,
    updated_run BIGINT NOT NULL
);

CREATE INDEX rectifications_portal ON rectifications (portal_id, stage);

-- Every change of stage, dated by the as-of day of the run (or the day a person acted).
CREATE TABLE rectification_events (
    id {id},
    rectification_id BIGINT NOT NULL REFERENCES rectifications (id),
    cycle BIGINT NOT NULL,
    stage TEXT NOT NULL,
    on_day TEXT NOT NULL,
    department TEXT NOT NULL,
    deadline TEXT NOT NULL,
    run_id BIGINT,
    notice_id BIGINT
);

CREATE INDEX rectification_events_day ON rectification_events (on_day);

-- Issued documents. Numbers run per year and kind across the store and are never reused; the
-- document is stored as issued (JSON) and reprinted from it.
CREATE TABLE notices (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    number BIGINT NOT NULL,
    department TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    run_id BIGINT,
    document TEXT NOT NULL,
    UNIQUE (kind, year, number)
);

CREATE INDEX notices_issued ON notices (issued_on);

-- A person's explanation of why a problem stands (false positive, 不予公开 by law, a page outside
-- the office's control). The newest one of a problem is in force; older ones are its history.
CREATE TABLE explanations (
    id {id},
    problem_id BIGINT NOT NULL REFERENCES problems (id),
    note TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    withdrawn BIGINT NOT NULL DEFAULT 0
);

-- 台账 evidence a person declares for an indicator row the portal cannot show. The newest
-- declaration of a (portal, table, row) is in force.
CREATE TABLE declarations (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    indicator_table TEXT NOT NULL,
    row_id TEXT NOT NULL,
    met BIGINT NOT NULL,
    note TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    file_name TEXT,
    file_sha256 TEXT,
    file_content {blob}
);

CREATE INDEX declarations_row ON declarations (portal_id, indicator_table, row_id);

-- Alerts waiting to be sent, or sent: a failed one is retried by later runs.
CREATE TABLE alerts (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    run_id BIGINT,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at TEXT
);

CREATE INDEX alerts_unsent ON alerts (sent_at);

-- Home-page probes (gongkai probe): one row per visit.
CREATE TABLE probes (
    id {id},
    portal_id BIGINT NOT NULL REFERENCES portals (id),
    at TEXT NOT NULL,
    ok BIGINT NOT NULL,
    status BIGINT,
    millis BIGINT,
    error TEXT
);

CREATE INDEX probes_portal_at ON probes (portal_id, at);

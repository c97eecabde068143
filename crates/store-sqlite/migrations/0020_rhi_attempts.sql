-- Steps towards a return home interview before it is held, declined or found not possible
-- (issue 18): the case allocated to a worker, and each try at reaching the child, with its time.
-- Only ever added, in order.
CREATE TABLE episode_rhi_attempts (
    episode_id BLOB NOT NULL REFERENCES missing_episodes (id),
    position INTEGER NOT NULL,
    step TEXT NOT NULL CHECK (step IN ('allocated', 'phone', 'visit', 'message', 'letter')),
    at DATETIME NOT NULL,
    worker TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    recorded_at DATETIME NOT NULL,
    PRIMARY KEY (episode_id, position)
);

-- Steps towards a return home interview (issue 18): the same table and meaning as the SQLite
-- store.
CREATE TABLE episode_rhi_attempts (
    episode_id uuid NOT NULL CONSTRAINT episode_rhi_attempts_episode_id_fkey REFERENCES missing_episodes (id),
    position bigint NOT NULL,
    step text NOT NULL CHECK (step IN ('allocated', 'phone', 'visit', 'message', 'letter')),
    at timestamptz NOT NULL,
    worker text NOT NULL,
    note text NOT NULL,
    recorded_by uuid CONSTRAINT episode_rhi_attempts_recorded_by_fkey REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (episode_id, position)
);

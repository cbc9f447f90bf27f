-- zhengwu schema version 8 (sqlite): the login guard's state, shared by every instance on the database
-- (rate limits and lockout hold across instances behind a load balancer). One row per key: kind
-- 'address' (a client address) or 'name' (a login name, trimmed and lower-cased, whether or not
-- such an account exists). window_start/window_count: the current one-minute attempt window;
-- failures/failed_at: the streak of consecutive failed logins (names only); locked_until: the end
-- of a lockout; lock_began: 1 when the latest failure is the one that locked the name. Transient
-- state: not in backups, expired rows are deleted by housekeeping. Keep in step with
-- ../postgres/0008_login_guard.sql.

CREATE TABLE login_guard (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_count INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    failed_at TEXT,
    locked_until TEXT,
    lock_began INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX login_guard_window ON login_guard (window_start);

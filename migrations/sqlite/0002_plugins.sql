-- Plugin platform: installed modules, their versions, grants, roles and settings; the
-- plugin-private document store; the event outbox; kernel notifications.

-- One row per installed module.
CREATE TABLE plugins (
    id                   TEXT PRIMARY KEY,
    active_version       TEXT NOT NULL,
    previous_version     TEXT,                       -- target of `plugin rollback`
    quarantined_at       BIGINT,                     -- set after repeated failures
    quarantine_reason    TEXT NOT NULL DEFAULT '',
    consecutive_failures BIGINT NOT NULL DEFAULT 0,
    deadline_ms          BIGINT NOT NULL DEFAULT 100,  -- per-call CPU deadline
    memory_mib           BIGINT NOT NULL DEFAULT 64,   -- per-instance memory limit
    installed_at         BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);

-- Every installed version's package, kept for rollback.
CREATE TABLE plugin_versions (
    plugin_id    TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    version      TEXT NOT NULL,
    api_version  TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    manifest     TEXT NOT NULL,                      -- JSON of the exported manifest
    component    BLOB NOT NULL,                      -- the .wasm component
    installed_at BIGINT NOT NULL,
    installed_by TEXT,
    PRIMARY KEY (plugin_id, version)
);

-- Capabilities the administrator granted (deny by default).
CREATE TABLE plugin_grants (
    plugin_id  TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    capability TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    granted_by TEXT,
    PRIMARY KEY (plugin_id, capability)
);

-- Roles a module is enabled for (`pegawai` = every employee).
CREATE TABLE plugin_roles (
    plugin_id TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    PRIMARY KEY (plugin_id, role)
);

-- Values of the settings a module's manifest declares.
CREATE TABLE plugin_settings (
    plugin_id  TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (plugin_id, key)
);

-- Bumped by every registry change, so running kernels reload without a restart.
CREATE TABLE plugin_registry_generation (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO plugin_registry_generation (id, generation) VALUES (1, 0);

-- Plugin-private JSON documents (kept when a module is removed, unless purged).
CREATE TABLE plugin_documents (
    plugin_id  TEXT NOT NULL,
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    version    BIGINT NOT NULL,
    data       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (plugin_id, collection, key)
) WITHOUT ROWID;

-- Secondary index entries: one per document and declared index.
CREATE TABLE plugin_document_index (
    plugin_id  TEXT NOT NULL,
    collection TEXT NOT NULL,
    index_name TEXT NOT NULL,
    value      TEXT NOT NULL,
    key        TEXT NOT NULL,
    PRIMARY KEY (plugin_id, collection, index_name, value, key)
) WITHOUT ROWID;
CREATE INDEX plugin_document_index_key ON plugin_document_index(plugin_id, collection, key);

-- The durable outbox: one row per published event.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    topic        TEXT NOT NULL,
    source       TEXT NOT NULL,                     -- publishing module id, or `kernel`
    payload      TEXT NOT NULL,
    published_at BIGINT NOT NULL
);

-- One row per event and subscribed module: at-least-once delivery with backoff.
CREATE TABLE event_deliveries (
    event_id        BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    plugin_id       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT NOT NULL DEFAULT 0,       -- claimed by a dispatcher until then
    last_error      TEXT NOT NULL DEFAULT '',
    delivered_at    BIGINT,
    PRIMARY KEY (event_id, plugin_id)
);
CREATE INDEX event_deliveries_due ON event_deliveries(status, next_attempt_at);

-- Kernel-owned notifications (the bell), sent by modules through their capability.
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    recipient_nip TEXT NOT NULL,
    source        TEXT NOT NULL,                    -- module id, or `kernel`
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    link          TEXT,
    created_at    BIGINT NOT NULL,
    read_at       BIGINT
);
CREATE INDEX notifications_recipient ON notifications(recipient_nip, id);
CREATE INDEX notifications_unread ON notifications(recipient_nip, read_at);

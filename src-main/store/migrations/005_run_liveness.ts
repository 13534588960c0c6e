// Honest run states across processes. A run whose training process is gone
// becomes `interrupted` (a status of its own, apart from a person's `stopped`),
// so the status CHECK grows, which SQLite can only do by rebuilding the table
// (openDatabase applies migrations with foreign keys off, so dropping the old
// table cascades nothing). New columns:
// - owner_start: what the operating system says about when the owning process
//   started (Linux: boot id and start tick), so a reused pid is not mistaken
//   for the owner; NULL where the system does not tell;
// - heartbeat_at: milliseconds since 1970 at the owner's last sign of life,
//   which decides where owner_start is unknown;
// - control: a stop, pause or resume asked for by another process (the app
//   while a CLI run trains), which the owner polls and clears.
// AUTOINCREMENT's counter is carried over so deleted runs' ids stay unused.

export const name = 'run_liveness';

export const sql = `
CREATE TABLE runs_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed', 'stopped', 'interrupted')),
  error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  architecture_name TEXT NOT NULL,
  architecture_json TEXT NOT NULL CHECK (json_valid(architecture_json)),
  hyperparameters_json TEXT NOT NULL CHECK (json_valid(hyperparameters_json)),
  dataset_id TEXT NOT NULL,
  dataset_name TEXT NOT NULL,
  dataset_json TEXT NOT NULL CHECK (json_valid(dataset_json)),
  seed INTEGER NOT NULL,
  param_count INTEGER NOT NULL,
  epochs_planned INTEGER NOT NULL,
  owner_pid INTEGER,
  external_json TEXT CHECK (external_json IS NULL OR json_valid(external_json)),
  owner_start TEXT,
  heartbeat_at INTEGER,
  control TEXT CHECK (control IS NULL OR control IN ('stop', 'pause', 'resume'))
);
INSERT INTO sqlite_sequence (name, seq) SELECT 'runs_rebuilt', seq FROM sqlite_sequence WHERE name = 'runs';
INSERT INTO runs_rebuilt (id, name, status, error, created_at, finished_at, architecture_name, architecture_json,
                          hyperparameters_json, dataset_id, dataset_name, dataset_json, seed, param_count,
                          epochs_planned, owner_pid, external_json)
SELECT id, name, status, error, created_at, finished_at, architecture_name, architecture_json,
       hyperparameters_json, dataset_id, dataset_name, dataset_json, seed, param_count,
       epochs_planned, owner_pid, external_json
FROM runs;
DROP TABLE runs;
ALTER TABLE runs_rebuilt RENAME TO runs;
CREATE INDEX runs_newest_first ON runs (created_at DESC, id DESC);
CREATE INDEX runs_by_status ON runs (status);
`;

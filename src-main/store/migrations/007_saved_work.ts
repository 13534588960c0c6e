// What the workbench keeps of a person's work beyond runs:
// - designs: the library of named networks (save, open, duplicate, delete);
// - working_design: the one network open in the editor, written as it is
//   edited so a reload or restart brings it back (one row, slot 1);
// - epoch_steps: the training loss and accuracy inside each epoch, at most a
//   bounded number of points per epoch (float32 triplets: fractional epoch,
//   loss, accuracy), written in commitEpoch's transaction like the filters;
// - runs.unfinished_ms: time spent training in epochs that never committed
//   (a run stopped mid-epoch trained for that long too);
// - run_queue: runs waiting for the current one to finish, in order; they
//   outlive the process so a restart (or a crash) can offer them again.

export const name = 'saved_work';

export const sql = `
CREATE TABLE designs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  architecture_json TEXT NOT NULL CHECK (json_valid(architecture_json)),
  param_count INTEGER NOT NULL,
  layer_count INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX designs_by_update ON designs (updated_at DESC, id DESC);

CREATE TABLE working_design (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  architecture_json TEXT NOT NULL CHECK (json_valid(architecture_json)),
  preset_id TEXT,
  design_id INTEGER REFERENCES designs (id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE epoch_steps (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL CHECK (epoch >= 1),
  points BLOB NOT NULL, -- float32 (x, loss, accuracy) per point
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;

ALTER TABLE runs ADD COLUMN unfinished_ms REAL NOT NULL DEFAULT 0;

CREATE TABLE run_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  position INTEGER NOT NULL,
  request_json TEXT NOT NULL CHECK (json_valid(request_json)),
  sweep_label TEXT,
  error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX run_queue_in_order ON run_queue (position, id);
`;

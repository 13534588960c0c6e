// The first schema. Large BLOB columns come last in each table so that
// reading the small columns before them never walks the blob's overflow pages.

export const name = 'initial';

export const sql = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: compare links and exports keep pointing at the right run
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed', 'stopped')),
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
  epochs_planned INTEGER NOT NULL
);
CREATE INDEX runs_newest_first ON runs (created_at DESC, id DESC);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE run_tags (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tag TEXT NOT NULL COLLATE NOCASE,
  position INTEGER NOT NULL,
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE INDEX run_tags_by_tag ON run_tags (tag);

CREATE TABLE epochs (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL CHECK (epoch >= 1),
  train_loss REAL NOT NULL,
  train_accuracy REAL NOT NULL,
  val_loss REAL,
  val_accuracy REAL,
  learning_rate REAL NOT NULL,
  duration_ms REAL NOT NULL,
  images_per_second REAL NOT NULL,
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;

-- One row per run: resuming needs only the newest state.
CREATE TABLE checkpoints (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  weights BLOB NOT NULL,
  optimizer_state BLOB NOT NULL
);

CREATE TABLE run_results (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  test_loss REAL NOT NULL,
  test_accuracy REAL NOT NULL,
  misclassified_count INTEGER NOT NULL,
  confusion_json TEXT NOT NULL CHECK (json_valid(confusion_json)),
  per_class_json TEXT NOT NULL CHECK (json_valid(per_class_json)),
  filter_count INTEGER,
  filter_channels INTEGER,
  filter_height INTEGER,
  filter_width INTEGER,
  filter_values BLOB, -- float32, count × channels × height × width
  predictions BLOB NOT NULL, -- uint8 predicted label per test image
  final_weights BLOB NOT NULL -- float32, in the network's parameter order
);

CREATE TABLE misclassified (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  test_index INTEGER NOT NULL,
  true_label INTEGER NOT NULL,
  predicted_label INTEGER NOT NULL,
  confidence REAL NOT NULL,
  probabilities_json TEXT NOT NULL CHECK (json_valid(probabilities_json)),
  channels INTEGER NOT NULL,
  height INTEGER NOT NULL,
  width INTEGER NOT NULL,
  pixels BLOB NOT NULL, -- uint8 CHW planar
  PRIMARY KEY (run_id, test_index)
);
CREATE INDEX misclassified_by_confidence ON misclassified (run_id, confidence);
CREATE INDEX misclassified_by_labels ON misclassified (run_id, true_label, predicted_label, confidence);
`;

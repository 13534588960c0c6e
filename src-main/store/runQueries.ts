// The SQL of the run store, in one place. Every statement is prepared once
// when the store opens. Optional filters are written as `(:x IS NULL OR …)`
// so one prepared statement serves every combination.

const SUMMARY_SELECT = `
SELECT r.id, r.name, r.status, r.error, r.created_at, r.finished_at, r.dataset_json, r.architecture_name,
       r.param_count, r.epochs_planned,
       (SELECT json_group_array(t.tag ORDER BY t.position) FROM run_tags t WHERE t.run_id = r.id) AS tags_json,
       -- Kept up to date from the epochs by triggers (migration 8): the list reads no epoch rows.
       r.epochs_completed, r.best_val_accuracy, r.epochs_duration_ms + r.unfinished_ms AS duration_ms,
       (SELECT res.test_accuracy FROM run_results res WHERE res.run_id = r.id) AS test_accuracy,
       r.external_json, r.owner_pid, r.owner_start, r.heartbeat_at
FROM runs r`;

export const SELECT_SUMMARY = `${SUMMARY_SELECT} WHERE r.id = ?`;

export const LIST_RUNS = `${SUMMARY_SELECT}
-- An interrupted run may still be stored as running or paused: its owner died before anyone noticed (the store decides).
WHERE (:status IS NULL OR r.status = :status OR (:status = 'interrupted' AND r.status IN ('running', 'paused')))
  AND (:tag IS NULL OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = :tag))
  AND (:pattern IS NULL
       OR r.name LIKE :pattern ESCAPE '\\'
       OR r.architecture_name LIKE :pattern ESCAPE '\\'
       OR r.dataset_name LIKE :pattern ESCAPE '\\'
       OR r.dataset_id LIKE :pattern ESCAPE '\\'
       OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag LIKE :pattern ESCAPE '\\'))
ORDER BY r.created_at DESC, r.id DESC`;

export const SELECT_RUN_STATE = `
SELECT status, owner_pid, owner_start, heartbeat_at,
       (SELECT coalesce(max(epoch), 0) FROM epochs e WHERE e.run_id = runs.id) AS last_epoch
FROM runs WHERE id = ?`;

export const SELECT_DETAIL_JSON = 'SELECT architecture_json, hyperparameters_json FROM runs WHERE id = ?';

export const SELECT_EPOCHS = `
SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, duration_ms, images_per_second
FROM epochs WHERE run_id = ? ORDER BY epoch`;

export const SELECT_RESULTS = `
SELECT test_loss, test_accuracy, misclassified_count, confusion_json, per_class_json,
       filter_count, filter_channels, filter_height, filter_width, filter_values
FROM run_results WHERE run_id = ?`;

/** What decides whether two runs' test images line up one to one. */
export const SELECT_TEST_SET = `
SELECT r.status, r.dataset_id, length(res.predictions) AS tested
FROM runs r LEFT JOIN run_results res ON res.run_id = r.id WHERE r.id = ?`;

const MISCLASSIFIED_COLUMNS = `m.test_index, m.true_label, m.predicted_label, m.confidence, m.probabilities_json,
       m.channels, m.height, m.width, m.pixels`;

/** `:rightRunId` non-null keeps only the samples that run does not misclassify (compare). */
const MISCLASSIFIED_FILTER = `
FROM misclassified m
WHERE m.run_id = :runId
  AND (:trueLabel IS NULL OR m.true_label = :trueLabel)
  AND (:predictedLabel IS NULL OR m.predicted_label = :predictedLabel)
  AND (:rightRunId IS NULL
       OR NOT EXISTS (SELECT 1 FROM misclassified o WHERE o.run_id = :rightRunId AND o.test_index = m.test_index))`;

export const COUNT_MISCLASSIFIED = `SELECT count(*) AS total ${MISCLASSIFIED_FILTER}`;

export const MISCLASSIFIED_ORDER = {
  'confidence-desc': 'm.confidence DESC, m.test_index',
  'confidence-asc': 'm.confidence ASC, m.test_index',
  index: 'm.test_index',
} as const;

export function misclassifiedPage(order: string): string {
  return `SELECT ${MISCLASSIFIED_COLUMNS} ${MISCLASSIFIED_FILTER} ORDER BY ${order} LIMIT :limit OFFSET :offset`;
}

export const MISCLASSIFIED_BY_INDICES = `
SELECT ${MISCLASSIFIED_COLUMNS} FROM misclassified m
WHERE m.run_id = ? AND m.test_index IN (SELECT value FROM json_each(?))
ORDER BY m.test_index`;

export const SELECT_PREDICTIONS = 'SELECT predictions FROM run_results WHERE run_id = ?';
export const SELECT_FINAL_WEIGHTS = 'SELECT final_weights FROM run_results WHERE run_id = ?';
export const SELECT_CHECKPOINT = 'SELECT epoch, weights, optimizer_state FROM checkpoints WHERE run_id = ?';

export const INSERT_RUN = `
INSERT INTO runs (name, status, created_at, architecture_name, architecture_json, hyperparameters_json,
                  dataset_id, dataset_name, dataset_json, seed, param_count, epochs_planned, owner_pid, owner_start, heartbeat_at)
VALUES (:name, 'running', :createdAt, :architectureName, :architectureJson, :hyperparametersJson,
        :datasetId, :datasetName, :datasetJson, :seed, :paramCount, :epochsPlanned, :ownerPid, :ownerStart, :heartbeatAt)`;

/** A run trained elsewhere arrives finished: completed, with its origin, owned by no process. */
export const INSERT_EXTERNAL_RUN = `
INSERT INTO runs (name, status, created_at, finished_at, architecture_name, architecture_json, hyperparameters_json,
                  dataset_id, dataset_name, dataset_json, seed, param_count, epochs_planned, owner_pid, external_json)
VALUES (:name, 'completed', :createdAt, :createdAt, :architectureName, :architectureJson, :hyperparametersJson,
        :datasetId, :datasetName, :datasetJson, :seed, :paramCount, :epochsPlanned, NULL, :externalJson)`;

/** Running or paused: this process owns the run from now on. */
export const UPDATE_STATUS_ACTIVE = `
UPDATE runs SET status = :status, error = :error, finished_at = NULL,
                owner_pid = :ownerPid, owner_start = :ownerStart, heartbeat_at = :heartbeatAt
WHERE id = :runId`;

/** Any other status ends the run: requests for its owner no longer apply. */
export const UPDATE_STATUS_ENDED = `
UPDATE runs SET status = :status, error = :error, finished_at = :finishedAt, control = NULL WHERE id = :runId`;

export const INSERT_EPOCH = `
INSERT INTO epochs (run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, duration_ms, images_per_second)
VALUES (:runId, :epoch, :trainLoss, :trainAccuracy, :valLoss, :valAccuracy, :learningRate, :durationMs, :imagesPerSecond)`;

export const ADD_UNFINISHED_TIME = 'UPDATE runs SET unfinished_ms = unfinished_ms + ? WHERE id = ?';

export const UPSERT_CHECKPOINT = `
INSERT INTO checkpoints (run_id, epoch, weights, optimizer_state) VALUES (?, ?, ?, ?)
ON CONFLICT (run_id) DO UPDATE SET epoch = excluded.epoch, weights = excluded.weights, optimizer_state = excluded.optimizer_state`;

export const DELETE_CHECKPOINT = 'DELETE FROM checkpoints WHERE run_id = ?';

export const INSERT_RESULTS = `
INSERT INTO run_results (run_id, test_loss, test_accuracy, misclassified_count, confusion_json, per_class_json,
                         filter_count, filter_channels, filter_height, filter_width, filter_values, predictions, final_weights)
VALUES (:runId, :testLoss, :testAccuracy, :misclassifiedCount, :confusionJson, :perClassJson,
        :filterCount, :filterChannels, :filterHeight, :filterWidth, :filterValues, :predictions, :finalWeights)`;

export const INSERT_MISCLASSIFIED = `
INSERT INTO misclassified (run_id, test_index, true_label, predicted_label, confidence, probabilities_json,
                           channels, height, width, pixels)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const MARK_COMPLETED = "UPDATE runs SET status = 'completed', error = NULL, finished_at = ? WHERE id = ?";

/** Only while the run is still active and owned by the process judged dead (no one continued it meanwhile). */
export const MARK_INTERRUPTED = `
UPDATE runs SET status = 'interrupted', finished_at = :now, error = :error, control = NULL
WHERE id = :runId AND status IN ('running', 'paused') AND owner_pid IS :ownerPid AND owner_start IS :ownerStart`;

export const SELECT_ACTIVE_OWNERS = `
SELECT id, status, owner_pid, owner_start, heartbeat_at, epochs_completed
FROM runs WHERE status IN ('running', 'paused')`;

export const HEARTBEAT = `
UPDATE runs SET heartbeat_at = :now
WHERE id IN (SELECT value FROM json_each(:ids)) AND owner_pid = :ownerPid AND status IN ('running', 'paused')`;

export const SELECT_CONTROL_REQUESTS = `
SELECT id, control FROM runs WHERE id IN (SELECT value FROM json_each(:ids)) AND control IS NOT NULL AND owner_pid = :ownerPid`;

export const CLEAR_CONTROL = 'UPDATE runs SET control = NULL WHERE id = ?';

export const SET_CONTROL = 'UPDATE runs SET control = ? WHERE id = ?';

export const RENAME_RUN = 'UPDATE runs SET name = ? WHERE id = ?';
export const DELETE_TAGS = 'DELETE FROM run_tags WHERE run_id = ?';
export const INSERT_TAG = 'INSERT INTO run_tags (run_id, tag, position) VALUES (?, ?, ?)';
export const DELETE_RUN = 'DELETE FROM runs WHERE id = ?';

export const UPSERT_IMPORTED_DATASET = `
INSERT INTO imported_datasets (id, info_json, imported_at) VALUES (:id, :infoJson, :importedAt)
ON CONFLICT (id) DO UPDATE SET info_json = excluded.info_json, imported_at = excluded.imported_at`;

export const LIST_IMPORTED_DATASETS = 'SELECT info_json AS infoJson FROM imported_datasets ORDER BY imported_at, id';

export const DELETE_IMPORTED_DATASET = 'DELETE FROM imported_datasets WHERE id = ?';

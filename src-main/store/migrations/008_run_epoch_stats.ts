// Each run's epoch figures (epochs completed, best validation accuracy,
// training time), kept on the run itself. The runs list needs them for every
// run, and adding them up from the epochs table read 50,000 rows for 1,000
// runs of 50 epochs: two thirds of the list's time. Triggers recompute a
// run's three columns from its epochs whenever those change, so every writer
// (commitEpoch, importExternalRun, a deletion's cascade) keeps them exact: the
// same count(*), max() and total() the list ran before, over the same rows in
// the same order, hence the same numbers to the last bit.

export const name = 'run_epoch_stats';

const RECOMPUTE = `
UPDATE runs SET (epochs_completed, best_val_accuracy, epochs_duration_ms) =
  (SELECT count(*), max(e.val_accuracy), total(e.duration_ms) FROM epochs e WHERE e.run_id = runs.id)`;

export const sql = `
ALTER TABLE runs ADD COLUMN epochs_completed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN best_val_accuracy REAL;
ALTER TABLE runs ADD COLUMN epochs_duration_ms REAL NOT NULL DEFAULT 0;
${RECOMPUTE};

CREATE TRIGGER epochs_insert_run_stats AFTER INSERT ON epochs BEGIN
  ${RECOMPUTE} WHERE id = NEW.run_id;
END;
CREATE TRIGGER epochs_update_run_stats AFTER UPDATE OF run_id, val_accuracy, duration_ms ON epochs BEGIN
  ${RECOMPUTE} WHERE id IN (OLD.run_id, NEW.run_id);
END;
-- A deleted run's epochs go by cascade after the run itself: the update then finds no row and costs one lookup.
CREATE TRIGGER epochs_delete_run_stats AFTER DELETE ON epochs BEGIN
  ${RECOMPUTE} WHERE id = OLD.run_id;
END;
`;

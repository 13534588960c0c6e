// The first-layer filters at the end of every epoch, for the run page's
// filmstrip. Checkpoints keep only the newest state (resuming needs no more),
// so the filters are copied out as each epoch commits: a few kilobytes per
// epoch, where keeping every checkpoint would cost the whole network each time.

export const name = 'epoch_filters';

export const sql = `
CREATE TABLE epoch_filters (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL CHECK (epoch >= 1),
  filter_count INTEGER NOT NULL,
  filter_channels INTEGER NOT NULL,
  filter_height INTEGER NOT NULL,
  filter_width INTEGER NOT NULL,
  filter_values BLOB NOT NULL, -- float32, count × channels × height × width
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;
`;

// Datasets a person imported (an IDX folder, a CIFAR-10 archive), so the
// dataset picker still offers them after the app restarts.

export const name = 'imported_datasets';

export const sql = `
CREATE TABLE imported_datasets (
  id TEXT PRIMARY KEY,
  info_json TEXT NOT NULL CHECK (json_valid(info_json)),
  imported_at TEXT NOT NULL
);
`;

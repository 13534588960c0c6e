// Which process trains a run. Opening the database marks runs left running by
// a process that has died as stopped; a run whose owner is still alive (the
// desktop app training while `cnn-workbench runs list` or a second window
// opens the same file) is left alone.

export const name = 'run_owner';

export const sql = `
ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
`;

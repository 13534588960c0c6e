// Runs trained elsewhere and imported (common/externalRuns.ts): where each
// came from, as JSON; NULL for every run trained here, which is what the rows
// stored before this migration become. Such a run may not know its network or
// recipe: its architecture_json and hyperparameters_json then hold JSON null.

export const name = 'external_runs';

export const sql = `
ALTER TABLE runs ADD COLUMN external_json TEXT CHECK (external_json IS NULL OR json_valid(external_json));
`;

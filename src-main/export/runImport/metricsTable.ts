// Per-epoch metrics from any table a training script writes: CSV (with a
// header row) or JSON lines (one object per epoch). Columns are matched by
// name, ignoring case and punctuation:
//   epoch                                          required
//   train_loss | loss | training_loss              required
//   train_accuracy | accuracy | acc | train_acc    required
//   val_loss | validation_loss, val_accuracy | val_acc | validation_accuracy
//   learning_rate | lr, duration_ms, images_per_second
// Epochs must count up by one, from 1 or from where training resumed; a
// table counting from 0 (Keras's CSVLogger) is shifted to count from 1. Accuracies above 1 are read as percentages.
// The workbench's own `runs export --format csv` is read too (its first table).

import type { EpochMetrics } from '../../../common/runs.js';

export class MetricsFileError extends Error {
  override name = 'MetricsFileError';
}

type Field = keyof Omit<EpochMetrics, 'epoch'> | 'epoch';

const COLUMN_NAMES: Record<Field, string[]> = {
  epoch: ['epoch'],
  trainLoss: ['trainloss', 'loss', 'trainingloss'],
  trainAccuracy: ['trainaccuracy', 'accuracy', 'acc', 'trainacc', 'trainingaccuracy'],
  valLoss: ['valloss', 'validationloss'],
  valAccuracy: ['valaccuracy', 'valacc', 'validationaccuracy'],
  learningRate: ['learningrate', 'lr'],
  durationMs: ['durationms'],
  imagesPerSecond: ['imagespersecond'],
};

const REQUIRED: Field[] = ['epoch', 'trainLoss', 'trainAccuracy'];
const REQUIRED_NAMES: Partial<Record<Field, string>> = { epoch: 'epoch', trainLoss: 'loss', trainAccuracy: 'accuracy' };

function key(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** One row as column name → raw value, with the line it came from. */
export interface TableRow {
  line: number;
  values: Record<string, unknown>;
}

function splitCsvLine(line: string, lineNumber: number, file: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new MetricsFileError(`${file} line ${lineNumber}: a quoted field is not closed`);
  fields.push(field);
  return fields;
}

/** Rows of a CSV file up to its first blank line (the workbench's own CSV has a second table after one). */
export function csvRows(text: string, file: string): TableRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '', 1, file).map((name) => name.trim());
  const rows: TableRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') break;
    const fields = splitCsvLine(lines[i], i + 1, file);
    rows.push({ line: i + 1, values: Object.fromEntries(header.map((name, k) => [name, fields[k]?.trim() ?? ''])) });
  }
  return rows;
}

function columnFor(names: string[], field: Field): string | undefined {
  return COLUMN_NAMES[field].map((wanted) => names.find((name) => key(name) === wanted)).find((found) => found !== undefined);
}

function numberAt(row: TableRow, column: string | undefined, field: Field, file: string, required: boolean): number | null {
  const raw = column === undefined ? undefined : row.values[column];
  if (raw === undefined || raw === null || raw === '') {
    if (required) throw new MetricsFileError(`${file} line ${row.line}: ${column ?? field} is empty`);
    return null;
  }
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(value)) throw new MetricsFileError(`${file} line ${row.line}: ${column} is ${JSON.stringify(raw)}, not a number`);
  return value;
}

/** The table's rows as epochs 1, 2, 3, … (see the file comment for the rules). */
export function epochsFromRows(rows: TableRow[], file: string): EpochMetrics[] {
  if (rows.length === 0) throw new MetricsFileError(`${file} holds no rows of metrics`);
  const raw = rows.map((row, index) => {
    // Each row's own names: JSON lines need not all spell a column alike.
    const names = Object.keys(row.values);
    const columns = Object.fromEntries((Object.keys(COLUMN_NAMES) as Field[]).map((field) => [field, columnFor(names, field)])) as Record<Field, string | undefined>;
    const missing = REQUIRED.filter((field) => columns[field] === undefined);
    if (missing.length > 0) {
      throw new MetricsFileError(
        `${file}${index === 0 ? '' : ` line ${row.line}`} has no ${missing.map((field) => REQUIRED_NAMES[field]).join(', ')} column (its columns: ${names.join(', ')}); ` +
          'it needs epoch, loss and accuracy columns',
      );
    }
    const read = (field: Field, required = false) => numberAt(row, columns[field], field, file, required);
    return {
      line: row.line,
      epoch: read('epoch', true) as number,
      trainLoss: read('trainLoss', true) as number,
      trainAccuracy: read('trainAccuracy', true) as number,
      valLoss: read('valLoss'),
      valAccuracy: read('valAccuracy'),
      learningRate: read('learningRate') ?? 0,
      durationMs: read('durationMs') ?? 0,
      imagesPerSecond: read('imagesPerSecond') ?? 0,
    };
  });
  const shift = raw[0].epoch === 0 ? 1 : 0;
  const first = raw[0].epoch + shift;
  if (!Number.isInteger(first) || first < 1) throw new MetricsFileError(`${file} line ${raw[0].line}: the first epoch is ${raw[0].epoch}; epochs are whole numbers from 0 or 1`);
  const percent = raw.some((r) => r.trainAccuracy > 1 || (r.valAccuracy ?? 0) > 1) ? 100 : 1;
  return raw.map((r, index) => {
    if (r.epoch + shift !== first + index) {
      throw new MetricsFileError(`${file} line ${r.line}: epoch ${r.epoch} where ${first + index - shift} was expected (epochs must count up by one)`);
    }
    return {
      epoch: r.epoch + shift,
      trainLoss: r.trainLoss,
      trainAccuracy: r.trainAccuracy / percent,
      valLoss: r.valLoss,
      valAccuracy: r.valAccuracy === null ? null : r.valAccuracy / percent,
      learningRate: r.learningRate,
      durationMs: r.durationMs,
      imagesPerSecond: r.imagesPerSecond,
    };
  });
}

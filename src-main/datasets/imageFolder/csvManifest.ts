// A CSV manifest: `filename,label` rows, filenames relative to the CSV's own
// folder, an optional header row. Quoted fields (RFC 4180) are understood, so
// a filename or label may hold commas and quotes.

import { readFile } from 'node:fs/promises';

export interface ManifestRow {
  /** 1-based line of the row, for reports. */
  line: number;
  filename: string;
  label: string;
}

export interface ManifestProblem {
  line: number;
  reason: string;
}

export interface Manifest {
  rows: ManifestRow[];
  problems: ManifestProblem[];
}

const HEADER_FILENAMES = new Set(['filename', 'file', 'path', 'image', 'file_name', 'filepath']);
const HEADER_LABELS = new Set(['label', 'class', 'category', 'target']);

export async function readCsvManifest(csvFile: string): Promise<Manifest> {
  return parseCsvManifest(await readFile(csvFile, 'utf8'));
}

export function parseCsvManifest(text: string): Manifest {
  const rows: ManifestRow[] = [];
  const problems: ManifestProblem[] = [];
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  records.forEach(({ line, fields }, index) => {
    if (fields.length === 1 && fields[0].trim() === '') return;
    if (index === 0 && isHeader(fields)) return;
    if (fields.length !== 2) {
      problems.push({ line, reason: `expected 2 fields (filename,label), found ${fields.length}` });
      return;
    }
    const [filename, label] = [fields[0].trim(), fields[1].trim()];
    if (filename === '') problems.push({ line, reason: 'the filename is empty' });
    else if (label === '') problems.push({ line, reason: `${filename}: the label is empty` });
    else rows.push({ line, filename, label });
  });
  return { rows, problems };
}

/** True when the file starts with a filename,label header row (so a folder holding it is read through it). */
export async function startsWithManifestHeader(csvFile: string): Promise<boolean> {
  const records = parseCsv((await readFile(csvFile, 'utf8')).slice(0, 1024).replace(/^\uFEFF/, '').split(/\r?\n/)[0]);
  return records.length > 0 && isHeader(records[0].fields);
}

function isHeader(fields: string[]): boolean {
  return fields.length === 2 && HEADER_FILENAMES.has(fields[0].trim().toLowerCase()) && HEADER_LABELS.has(fields[1].trim().toLowerCase());
}

/** Records with the line each starts on; newlines inside quotes stay in the field. */
function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

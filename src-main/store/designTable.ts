// The designs and working_design tables (migration 007): the library of
// named networks and the network open in the editor. Library designs must be
// well-formed architectures (their parameter count is shown); the working
// design may be half-edited, so only its outline is checked.

import type Database from 'better-sqlite3';
import { analyzeArchitecture } from '../../common/arch/analyze.js';
import { findValidationIssues } from '../../common/arch/validate.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { DesignSummary, SaveDesignRequest, SavedDesign, WorkingDesign } from '../../common/designs.js';
import { ApiError } from '../../common/api/contract.js';
import { RunFieldError } from './storeErrors.js';

/** A network of 64 layers is a few kilobytes; anything far larger is not one. */
const MAX_ARCHITECTURE_JSON = 256 * 1024;
const DESIGN_NAME_MAX = 200;

interface DesignRow {
  id: number;
  name: string;
  param_count: number;
  layer_count: number;
  created_at: string;
  updated_at: string;
  architecture_json?: string;
}

function toSummary(row: DesignRow): DesignSummary {
  return { id: row.id, name: row.name, paramCount: row.param_count, layerCount: row.layer_count, createdAt: row.created_at, updatedAt: row.updated_at };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validDesignId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new RunFieldError('designId', 'must be the id of a saved design');
  return value;
}

function architectureJson(architecture: unknown, field: string): string {
  const json = JSON.stringify(architecture);
  if (json.length > MAX_ARCHITECTURE_JSON) throw new RunFieldError(field, `is ${Math.round(json.length / 1024)} KB; a network is at most ${MAX_ARCHITECTURE_JSON / 1024} KB of JSON`);
  return json;
}

/** Layer ids are the editor's business; the library keeps the network itself. */
function withoutEditorIds(spec: ArchitectureSpec): ArchitectureSpec {
  return { ...spec, layers: spec.layers.map(({ id: _id, ...layer }) => layer as typeof spec.layers[number]) };
}

export class DesignTable {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    this.statements = {
      list: db.prepare('SELECT id, name, param_count, layer_count, created_at, updated_at FROM designs ORDER BY updated_at DESC, id DESC'),
      get: db.prepare('SELECT id, name, param_count, layer_count, created_at, updated_at, architecture_json FROM designs WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO designs (name, architecture_json, param_count, layer_count, created_at, updated_at)
         VALUES (:name, :json, :params, :layers, :now, :now)`,
      ),
      update: db.prepare('UPDATE designs SET name = :name, architecture_json = :json, param_count = :params, layer_count = :layers, updated_at = :now WHERE id = :id'),
      delete: db.prepare('DELETE FROM designs WHERE id = ?'),
      working: db.prepare('SELECT architecture_json, preset_id, design_id, updated_at FROM working_design WHERE slot = 1'),
      saveWorking: db.prepare(
        `INSERT INTO working_design (slot, architecture_json, preset_id, design_id, updated_at)
         VALUES (1, :json, :presetId, (SELECT id FROM designs WHERE id = :designId), :now)
         ON CONFLICT (slot) DO UPDATE SET architecture_json = excluded.architecture_json, preset_id = excluded.preset_id,
           design_id = excluded.design_id, updated_at = excluded.updated_at`,
      ),
    };
  }

  list(): DesignSummary[] {
    return (this.statements.list.all() as DesignRow[]).map(toSummary);
  }

  get(designId: number): SavedDesign {
    const row = this.statements.get.get(validDesignId(designId)) as DesignRow | undefined;
    if (!row) throw new ApiError('not-found', `Design ${designId} is not in the library (it may have been deleted).`);
    return { ...toSummary(row), architecture: JSON.parse(row.architecture_json as string) as ArchitectureSpec };
  }

  save(request: SaveDesignRequest): DesignSummary {
    if (!isRecord(request)) throw new RunFieldError('design', 'must be an object with a name and an architecture');
    const name = typeof request.name === 'string' ? request.name.trim() : '';
    if (name === '') throw new RunFieldError('name', 'give the design a name');
    if ([...name].length > DESIGN_NAME_MAX) throw new RunFieldError('name', `must be at most ${DESIGN_NAME_MAX} characters`);
    if (!isRecord(request.architecture)) throw new RunFieldError('architecture', 'must be an architecture object');
    const architecture = withoutEditorIds({ ...(request.architecture as unknown as ArchitectureSpec), name });
    const issues = findValidationIssues(architecture);
    if (issues.length > 0) {
      throw new RunFieldError('architecture', `cannot be saved until it is fixed: ${issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join('; ')}`);
    }
    const analysis = analyzeArchitecture(architecture);
    const values = {
      name,
      json: architectureJson(architecture, 'architecture'),
      params: analysis.totalParams,
      layers: architecture.layers.length,
      now: this.now().toISOString(),
    };
    if (request.id === undefined || request.id === null) return this.summary(Number(this.statements.insert.run(values).lastInsertRowid));
    const id = validDesignId(request.id);
    if (this.statements.update.run({ ...values, id }).changes === 0) throw new ApiError('not-found', `Design ${id} is not in the library (it may have been deleted).`);
    return this.summary(id);
  }

  private summary(designId: number): DesignSummary {
    const { architecture: _architecture, ...summary } = this.get(designId);
    return summary;
  }

  duplicate(designId: number): DesignSummary {
    const original = this.get(designId);
    const name = `${original.name} (copy)`.slice(0, DESIGN_NAME_MAX);
    const { architecture, paramCount, layerCount } = original;
    const now = this.now().toISOString();
    const id = Number(
      this.statements.insert.run({ name, json: JSON.stringify({ ...architecture, name }), params: paramCount, layers: layerCount, now }).lastInsertRowid,
    );
    return this.summary(id);
  }

  delete(designId: number): void {
    if (this.statements.delete.run(validDesignId(designId)).changes === 0) {
      throw new ApiError('not-found', `Design ${designId} is not in the library (it may have been deleted).`);
    }
  }

  working(): WorkingDesign | null {
    const row = this.statements.working.get() as { architecture_json: string; preset_id: string | null; design_id: number | null; updated_at: string } | undefined;
    if (!row) return null;
    return { architecture: JSON.parse(row.architecture_json) as ArchitectureSpec, presetId: row.preset_id, designId: row.design_id, updatedAt: row.updated_at };
  }

  saveWorking(design: WorkingDesign): void {
    if (!isRecord(design) || !isRecord(design.architecture) || !Array.isArray((design.architecture as { layers?: unknown }).layers)) {
      throw new RunFieldError('architecture', 'must be an architecture object with a list of layers');
    }
    const presetId = typeof design.presetId === 'string' ? design.presetId : null;
    const designId = typeof design.designId === 'number' && Number.isSafeInteger(design.designId) ? design.designId : null;
    this.statements.saveWorking.run({ json: architectureJson(design.architecture, 'architecture'), presetId, designId, now: this.now().toISOString() });
  }
}

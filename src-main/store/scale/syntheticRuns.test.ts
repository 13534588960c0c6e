// Small correctness checks of what the scale benchmark relies on (the
// benchmark itself, with 1,000 runs, is `npm run bench:store`): generated runs
// read back complete, and deleting runs gives their space back, by itself in
// a new file and through compact in a file made before incremental vacuum.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../openDatabase.js';
import { SqliteRunStore } from '../sqliteRunStore.js';
import { withTempDir } from '../testFixtures.js';
import { addSyntheticRuns } from './syntheticRuns.js';

const SHAPE = { runs: 6, epochsPerRun: 3, misclassifiedPerRun: 40, testImages: 400 };

function pages(db: ReturnType<typeof openDatabase>): { total: number; free: number } {
  return { total: db.pragma('page_count', { simple: true }) as number, free: db.pragma('freelist_count', { simple: true }) as number };
}

test('generated runs read back complete, and deleting them gives the space back at once in a new file', () => {
  withTempDir((dir) => {
    const db = openDatabase(path.join(dir, 'runs.sqlite'));
    const store = new SqliteRunStore(db);
    const ids = addSyntheticRuns(store, (work) => db.transaction(work)(), SHAPE, 4);
    assert.equal(store.listRuns().length, 6);
    const run = store.getRun(ids[0]);
    assert.equal(run.status, 'completed');
    assert.equal(run.epochs.length, 3);
    assert.equal(store.getMisclassified(ids[0], { limit: 100 }).total, 40);
    assert.equal(store.listRuns({ search: 'wide' }).length, 1);
    const full = pages(db);
    for (const id of ids.slice(0, 3)) store.deleteRun(id);
    const after = pages(db);
    assert.equal(after.free, 0, 'no free pages left behind');
    assert.ok(after.total < full.total * 0.7, `${full.total} pages before, ${after.total} after`);
    db.close();
  });
});

test('in a file made before incremental vacuum, compact gives the space back and switches it on', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'old.sqlite');
    const db = openDatabase(file);
    db.pragma('auto_vacuum = NONE');
    db.exec('VACUUM');
    const store = new SqliteRunStore(db);
    const ids = addSyntheticRuns(store, (work) => db.transaction(work)(), SHAPE, 6);
    for (const id of ids.slice(0, 4)) store.deleteRun(id);
    assert.ok(pages(db).free > 0, 'an old file keeps the freed pages');
    const { bytesBefore, bytesAfter } = store.compact();
    assert.ok(bytesAfter < bytesBefore * 0.6, `${bytesBefore} → ${bytesAfter}`);
    assert.equal(db.pragma('auto_vacuum', { simple: true }), 2, 'incremental from now on');
    assert.equal(statSync(file).size, bytesAfter);
    assert.equal(store.listRuns().length, 2);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  });
});

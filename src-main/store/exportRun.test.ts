import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportRun, RUN_EXPORT_FORMAT, runToCsv } from './exportRun.js';
import { checkpointAt, completedRun, epochMetrics, newRun, openTestStore } from './testFixtures.js';

describe('exporting a run', () => {
  const { store } = openTestStore();
  const runId = completedRun(store, [
    [1, 0, 0.9],
    [5, 0, 0.6],
  ]);

  it('as JSON: the full run detail and the misclassified count', () => {
    const exported = JSON.parse(exportRun(store, runId, 'json'));
    assert.equal(exported.format, RUN_EXPORT_FORMAT);
    assert.deepEqual(exported.run, store.getRun(runId));
    assert.equal(exported.misclassifiedCount, 2);
  });

  it('as CSV: the epoch table, a blank line, then the per-class table', () => {
    const lines = exportRun(store, runId, 'csv').split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,duration_ms,images_per_second',
      '1,1,0.6,1.5,0.5,0.1,1000,300',
      // Numbers keep full double precision: 0.4 + 0.2 is written as it is stored.
      '2,0.5,0.7,0.75,0.6000000000000001,0.1,2000,300',
      '',
    ]);
    assert.equal(lines[4], 'class_index,label,precision,recall,f1,support');
    // Images 1 and 5 (classes one and two) were taken for class zero: 6 predicted zero, 4 of them right.
    assert.deepEqual(lines[5].split(','), ['0', 'zero', String(4 / 6), '1', String((2 * (4 / 6)) / (4 / 6 + 1)), '4']);
    assert.equal(lines.length, 4 + 1 + 3 + 1, 'one line per class and a final newline');
    assert.equal(lines.at(-1), '');
  });

  it('as CSV before completion: empty cells for missing values and only the per-class header', () => {
    const runningId = store.createRun(newRun({ name: 'no validation' }));
    store.commitEpoch(runningId, { ...epochMetrics(1), valLoss: null, valAccuracy: null }, checkpointAt(1));
    assert.equal(
      exportRun(store, runningId, 'csv'),
      'epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,duration_ms,images_per_second\n' +
        '1,1,0.6,,,0.1,1000,300\n\nclass_index,label,precision,recall,f1,support\n',
    );
    assert.equal(JSON.parse(exportRun(store, runningId, 'json')).misclassifiedCount, 0);
  });

  it('quotes labels that contain commas or quotes', () => {
    const detail = store.getRun(runId);
    assert.ok(detail.results);
    const [first, ...rest] = detail.results.perClass;
    const awkward = { ...detail, results: { ...detail.results, perClass: [{ ...first, label: 'cat, "tabby"' }, ...rest] } };
    assert.match(runToCsv(awkward), /\n0,"cat, ""tabby""",/);
  });
});

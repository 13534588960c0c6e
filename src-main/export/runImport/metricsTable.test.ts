import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runToCsv } from '../../store/exportRun.js';
import { csvRows, epochsFromRows } from './metricsTable.js';
import { jsonLines } from './pytorchMetrics.js';

test('a Keras CSVLogger file: epochs from 0 become 1, 2, …; percentages become fractions; blanks stay unknown', () => {
  const text = 'epoch,accuracy,loss,val_accuracy,val_loss,lr\r\n0,41.5,1.9,50,1.7,0.01\r\n1,80,0.7,,,0.005\r\n';
  assert.deepEqual(epochsFromRows(csvRows(text, 'log.csv'), 'log.csv'), [
    { epoch: 1, trainLoss: 1.9, trainAccuracy: 0.415, valLoss: 1.7, valAccuracy: 0.5, learningRate: 0.01, durationMs: 0, imagesPerSecond: 0 },
    { epoch: 2, trainLoss: 0.7, trainAccuracy: 0.8, valLoss: null, valAccuracy: null, learningRate: 0.005, durationMs: 0, imagesPerSecond: 0 },
  ]);
});

test('JSON lines with the workbench’s own names, resumed at epoch 4', () => {
  const text = '{"epoch":4,"trainLoss":0.5,"trainAccuracy":0.9,"valAccuracy":0.88}\n\n{"epoch":5,"train_loss":0.4,"train_accuracy":0.92}\n';
  const rows = jsonLines(text, 'm.jsonl').map((l) => ({ line: l.line, values: l.value }));
  assert.deepEqual(epochsFromRows(rows, 'm.jsonl').map((e) => [e.epoch, e.trainLoss, e.valAccuracy]), [[4, 0.5, 0.88], [5, 0.4, null]]);
});

test('the workbench’s own CSV export reads back (its first table)', () => {
  const epochs = [1, 2].map((epoch) => ({ epoch, trainLoss: 1 / epoch, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, learningRate: 0.1, durationMs: 900, imagesPerSecond: 1200 }));
  const csv = runToCsv({ epochs, results: null } as unknown as Parameters<typeof runToCsv>[0]);
  assert.deepEqual(epochsFromRows(csvRows(csv, 'run.csv'), 'run.csv'), epochs);
});

test('bad tables are refused naming the file, the line and the column', () => {
  const read = (text: string) => epochsFromRows(csvRows(text, 't.csv'), 't.csv');
  assert.throws(() => read('epoch,loss,accuracy\n1,0.5,0.8\n3,0.4,0.9\n'), /t\.csv line 3: epoch 3 where 2 was expected/);
  assert.throws(() => read('epoch,loss,accuracy\n1,abc,0.8\n'), /t\.csv line 2: loss is "abc", not a number/);
  assert.throws(() => read('epoch,loss,accuracy\n1,,0.8\n'), /t\.csv line 2: loss is empty/);
  assert.throws(() => read('epoch,loss,accuracy\n'), /t\.csv holds no rows of metrics/);
  assert.throws(() => read('epoch,loss,accuracy\n1,"0.5,0.8\n'), /t\.csv line 2: a quoted field is not closed/);
  assert.throws(() => jsonLines('{"epoch":1}\n[1]\n', 'j.jsonl'), /j\.jsonl line 2 is not a JSON object/);
});

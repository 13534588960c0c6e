import assert from 'node:assert/strict';
import test from 'node:test';
import type { DatasetInfo } from '../../common/datasets.js';
import { openTestStore } from './testFixtures.js';

function info(id: string, name: string): DatasetInfo {
  return { id, name, classNames: ['a', 'b'], channels: 3, height: 8, width: 8, trainCount: 10, testCount: 2, source: `/data/${name}` };
}

test('imported datasets are listed oldest first, replaced by id, and forgotten on delete', () => {
  const { store } = openTestStore();
  try {
    store.saveImportedDataset(info('images:/cache/pets.cwimg', 'pets'));
    store.saveImportedDataset(info('idx:/data/digits', 'digits'));
    store.saveImportedDataset({ ...info('images:/cache/pets.cwimg', 'pets'), trainCount: 12 });
    assert.deepEqual(
      store.listImportedDatasets().map((d) => [d.id, d.trainCount]),
      [
        ['idx:/data/digits', 10],
        ['images:/cache/pets.cwimg', 12],
      ],
    );
    assert.equal(store.deleteImportedDataset('images:/cache/pets.cwimg'), true);
    assert.equal(store.deleteImportedDataset('images:/cache/pets.cwimg'), false, 'a second delete finds nothing');
    assert.deepEqual(store.listImportedDatasets().map((d) => d.id), ['idx:/data/digits']);
  } finally {
    store.close();
  }
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { prepareDatabasePath, resolveDatabasePath, userDataFolder } from './databasePath.js';
import { withTempDir } from './testFixtures.js';

describe('the default data folder', () => {
  it('follows XDG on Linux, ignoring a relative XDG_DATA_HOME', () => {
    assert.equal(userDataFolder('linux', {}, '/home/ada'), '/home/ada/.local/share/cnn-workbench');
    assert.equal(userDataFolder('linux', { XDG_DATA_HOME: '/data/ada' }, '/home/ada'), '/data/ada/cnn-workbench');
    assert.equal(userDataFolder('linux', { XDG_DATA_HOME: 'rel/data' }, '/home/ada'), '/home/ada/.local/share/cnn-workbench');
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    assert.equal(userDataFolder('darwin', {}, '/Users/ada'), '/Users/ada/Library/Application Support/CNN Workbench');
    assert.equal(
      userDataFolder('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada'),
      'C:\\Users\\ada\\AppData\\Roaming\\CNN Workbench',
    );
    assert.equal(userDataFolder('win32', {}, 'C:\\Users\\ada'), 'C:\\Users\\ada\\AppData\\Roaming\\CNN Workbench');
  });
});

describe('choosing the database path', () => {
  const base = { platform: 'linux' as const, homeDir: '/home/ada', cwd: '/work' };

  it('prefers --db, then CNN_WORKBENCH_DB, then the default', () => {
    const env = { CNN_WORKBENCH_DB: '/env/runs.sqlite' };
    assert.equal(resolveDatabasePath({ ...base, env, dbOption: '/flag/runs.sqlite' }), '/flag/runs.sqlite');
    assert.equal(resolveDatabasePath({ ...base, env }), '/env/runs.sqlite');
    assert.equal(resolveDatabasePath({ ...base, env: {} }), '/home/ada/.local/share/cnn-workbench/runs.sqlite');
    assert.equal(
      resolveDatabasePath({ ...base, platform: 'win32', env: { APPDATA: 'C:\\Roaming' }, homeDir: 'C:\\Users\\ada' }),
      'C:\\Roaming\\CNN Workbench\\runs.sqlite',
    );
  });

  it('resolves relative overrides from the working folder, ignores empty ones, and passes :memory: through', () => {
    assert.equal(resolveDatabasePath({ ...base, env: {}, dbOption: 'tmp/x.sqlite' }), '/work/tmp/x.sqlite');
    assert.equal(resolveDatabasePath({ ...base, env: { CNN_WORKBENCH_DB: ' ' } }), '/home/ada/.local/share/cnn-workbench/runs.sqlite');
    assert.equal(resolveDatabasePath({ ...base, env: {}, dbOption: ':memory:' }), ':memory:');
  });

  it('creates the folder that will hold the database', () => {
    withTempDir((dir) => {
      const databasePath = prepareDatabasePath({ platform: 'linux', homeDir: dir, env: { XDG_DATA_HOME: path.join(dir, 'xdg') } });
      assert.equal(databasePath, path.join(dir, 'xdg', 'cnn-workbench', 'runs.sqlite'));
      assert.ok(existsSync(path.dirname(databasePath)));
      assert.ok(!existsSync(databasePath), 'only the folder is created; the database opens later');
    });
  });
});

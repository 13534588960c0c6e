// Errors the run store throws. The run errors extend the API's error type so
// the service can hand them to the UI unchanged: a code the UI branches on and
// a sentence that names the run or the field.

import { ApiError } from '../../common/api/contract.js';

export class RunNotFoundError extends ApiError {
  constructor(readonly runId: number) {
    super('not-found', `Run ${runId} does not exist (it may have been deleted).`);
    this.name = 'RunNotFoundError';
  }
}

/** A value given to the store is unusable; `field` names it (`name`, `tags[3]`, `query.limit`). */
export class RunFieldError extends ApiError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super('invalid-argument', `${field}: ${problem}`);
    this.name = 'RunFieldError';
  }
}

/** The run exists but its status does not allow the operation (deleting a running run, completing it twice). */
export class RunStateError extends ApiError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'RunStateError';
  }
}

/** The database file cannot be used: not SQLite, another program's database, or a newer schema. */
export class DatabaseFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

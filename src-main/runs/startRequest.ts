// The shape of a start request as it arrives over a carrier, checked before
// any of its fields are read: the validators further on (architecture,
// hyperparameters, dataset) expect objects, and anything else must be a
// sentence naming the field rather than a TypeError.

import { ApiError, type StartRunRequest } from '../../common/api/contract.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkStartRequest(request: unknown): asserts request is StartRunRequest {
  if (!isRecord(request)) throw new ApiError('invalid-argument', 'a start request must be an object with architecture, datasetId and hyperparameters');
  if (!isRecord(request.architecture)) throw new ApiError('invalid-argument', 'architecture must be an architecture object');
  if (typeof request.datasetId !== 'string' || request.datasetId.trim() === '') throw new ApiError('invalid-argument', 'datasetId must be the id of a dataset');
  if (!isRecord(request.hyperparameters)) throw new ApiError('invalid-argument', 'hyperparameters must be an object of training settings');
  if (request.name !== undefined && request.name !== null && typeof request.name !== 'string') throw new ApiError('invalid-argument', 'name must be text');
}

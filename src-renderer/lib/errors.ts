// Turns whatever an API call or a file read threw into a sentence for people
// and the next thing to try. No stack traces reach the screen.

export interface ReadableError {
  title: string;
  message: string;
  /** What the person can do about it. */
  hint: string;
}

type ErrorCode = 'invalid-argument' | 'not-found' | 'conflict' | 'internal';

const HINTS: Record<ErrorCode, { title: string; hint: string }> = {
  'invalid-argument': { title: 'The request was not accepted', hint: 'Correct the value named above and try again.' },
  'not-found': { title: 'Not found', hint: 'It may have been deleted meanwhile. Reload the list and try again.' },
  conflict: { title: 'Not possible right now', hint: 'Wait for the current operation to finish, then try again.' },
  internal: {
    title: 'Something went wrong in the workbench',
    hint: 'Try again. If it keeps failing, restart the app; your finished runs are saved.',
  },
};

const CONNECTION_HINT = {
  title: 'Lost contact with the workbench',
  hint: 'Check that the app (or `cnn-workbench serve`) is still running, then reload this page.',
};

function codeOf(error: unknown): ErrorCode | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code in HINTS ? (code as ErrorCode) : null;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return 'An unexpected error occurred.';
}

function looksLikeConnectionFailure(message: string): boolean {
  return /websocket|connection|network|failed to fetch|disconnected|socket/i.test(message);
}

/**
 * A closing full stop, and a capital when the message starts with a plain
 * word: one of letters only, followed by a space or the end. A file name
 * (bad-syntax.json), a field (layers[3].filters) or a path keeps its case.
 */
function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalised = /^[a-z]+(?=\s|$)/.test(trimmed) ? trimmed[0].toUpperCase() + trimmed.slice(1) : trimmed;
  return /[.!?)]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

export function readableError(error: unknown, context?: string): ReadableError {
  const message = asSentence(messageOf(error));
  const code = codeOf(error);
  const known = code ? HINTS[code] : looksLikeConnectionFailure(message) ? CONNECTION_HINT : HINTS.internal;
  return { title: context ?? known.title, message, hint: known.hint };
}

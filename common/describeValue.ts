// How an error message quotes a value somebody supplied: as JSON, cut short,
// and never by calling the value's own methods — hostile JSON can carry a
// `toString` that is a string, on which String(value) throws.

/** Error messages quote at most this much of a bad value: a pasted megabyte should not become the message. */
const QUOTE_LIMIT = 80;

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  // NaN and Infinity as themselves, not as JSON's null.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    // Nested deeper than the stack allows (hostile JSON): say so instead of failing with a RangeError.
    return 'a value nested too deeply to show';
  }
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}… (${text.length} characters)` : text;
}

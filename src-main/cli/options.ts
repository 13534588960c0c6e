// Command-line option parsing with errors that name the option and what it
// wanted. Every usage problem is a UsageError, which the CLI turns into exit
// code 2.

import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseOptions(argv: string[], options: OptionSpec, command: string): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

function raw(values: Parsed['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringOption(values: Parsed['values'], name: string): string | undefined {
  return raw(values, name);
}

export function intOption(values: Parsed['values'], name: string, min: number, max: number): number | undefined {
  const text = raw(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export function numberOption(values: Parsed['values'], name: string, min: number, max: number): number | undefined {
  const text = raw(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** A flag with an opposite (--flip, --no-flip): true, false, or undefined when neither is given. */
export function switchOption(values: Parsed['values'], name: string): boolean | undefined {
  const on = values[name] === true;
  const off = values[`no-${name}`] === true;
  if (on && off) throw new UsageError(`give --${name} or --no-${name}, not both`);
  return on ? true : off ? false : undefined;
}

export function choiceOption<T extends string>(values: Parsed['values'], name: string, choices: readonly T[]): T | undefined {
  const text = raw(values, name);
  if (text === undefined) return undefined;
  if (!choices.includes(text as T)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}

export function runIdArgument(positionals: string[], command: string): number {
  const text = positionals[0];
  if (text === undefined) throw new UsageError(`${command}: missing the run id (see "cnn-workbench runs list")`);
  if (!/^\d+$/.test(text)) throw new UsageError(`${command}: run id must be a positive integer, got "${text}"`);
  if (positionals.length > 1) throw new UsageError(`${command}: unexpected argument "${positionals[1]}"`);
  return Number(text);
}

import { checkOptions, describeValue as describe } from './options.js';

/**
 * Argument checks for the library's entry points (`migrate`, `migrateText`),
 * for JavaScript callers and `any`-typed values that TypeScript cannot stop.
 * Bad *input text* is never an exception (it becomes diagnostics); a call
 * the library cannot honour is: a missing or unknown `runtime` would
 * otherwise silently act as containerd.
 *
 * Throws a `TypeError` naming the argument and the accepted values.
 */
export function validateMigrateArguments(files: unknown, options: unknown): void {
  if (!Array.isArray(files)) {
    throw new TypeError(`flb-migrate: migrate(files, options): files must be an array of { path: string, text: string }, got ${describe(files)}`);
  }
  files.forEach((file: unknown, i) => {
    if (typeof file !== 'object' || file === null) {
      throw new TypeError(`flb-migrate: migrate(): files[${i}] must be an object { path: string, text: string }, got ${describe(file)}`);
    }
    const { path, text } = file as { path?: unknown; text?: unknown };
    if (typeof path !== 'string') throw new TypeError(`flb-migrate: migrate(): files[${i}].path must be a string, got ${describe(path)}`);
    if (typeof text !== 'string') {
      throw new TypeError(`flb-migrate: migrate(): files[${i}].text (${path}) must be a string, got ${describe(text)}${isBytes(text) ? ': decode it first, e.g. buffer.toString(\'utf8\')' : ''}`);
    }
  });
  validateOptions(options, 'migrate(files, options)');
}

/** `migrateText(text, options)`: the same checks for one text. */
export function validateMigrateTextArguments(text: unknown, options: unknown): void {
  if (typeof text !== 'string') {
    throw new TypeError(`flb-migrate: migrateText(text, options): text must be a string, got ${describe(text)}${isBytes(text) ? ': decode it first, e.g. buffer.toString(\'utf8\')' : ''}`);
  }
  validateOptions(options, 'migrateText(text, options)');
  const { path } = options as { path?: unknown };
  if (path !== undefined && typeof path !== 'string') {
    throw new TypeError(`flb-migrate: migrateText(text, options): options.path must be a string when given, got ${describe(path)}`);
  }
}

function validateOptions(options: unknown, call: string): void {
  const problem = checkOptions(options);
  if (problem !== undefined) throw new TypeError(`flb-migrate: ${call}: ${problem}`);
}

function isBytes(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

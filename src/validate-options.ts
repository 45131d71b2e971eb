import { RUNTIMES } from './migrate-types.js';

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
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`flb-migrate: ${call}: options must be an object with a runtime (${RUNTIMES.join(', ')}), got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  if (o['runtime'] === undefined) {
    throw new TypeError(`flb-migrate: ${call}: options.runtime is required: one of ${RUNTIMES.join(', ')}`);
  }
  if (!RUNTIMES.some((r) => r === o['runtime'])) {
    throw new TypeError(`flb-migrate: ${call}: invalid options.runtime ${describe(o['runtime'])}: expected one of ${RUNTIMES.join(', ')}`);
  }
  for (const key of ['criOnly', 'keepDockerMount']) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') {
      throw new TypeError(`flb-migrate: ${call}: options.${key} must be a boolean when given, got ${describe(o[key])}`);
    }
  }
  // '' means the default, as resolveOptions reads it.
  const pods = o['podLogsDir'];
  if (pods !== undefined && (typeof pods !== 'string' || (pods !== '' && !pods.startsWith('/')))) {
    throw new TypeError(`flb-migrate: ${call}: options.podLogsDir must be an absolute path on the node (default /var/log/pods), got ${describe(pods)}`);
  }
}

function isBytes(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `${value.constructor.name === 'Buffer' ? 'a Buffer' : 'a Uint8Array'}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'undefined' ? 'undefined' : `${typeof value} ${String(value)}`}`;
}

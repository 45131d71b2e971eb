// Arguments are parsed with `node:util` parseArgs: zero dependencies, strict
// about unknown options, and what eemeli/yaml's CLI (src/cli.ts) uses too.
import { parseArgs } from 'node:util';
import { RUNTIMES, type Runtime } from '../migrate/types.js';

export type OutputFormat = 'diff' | 'json' | 'github' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['diff', 'json', 'github', 'sarif'];

/**
 * The least serious thing that makes the run exit 1 (errors always exit 2):
 * `warning` fails on warnings or pending changes, `change` on pending
 * changes only, `error` on nothing but errors.
 */
export type FailOn = 'error' | 'warning' | 'change';
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'change'];
/** What `--check` fails on when `--fail-on` is not given. */
export const DEFAULT_CHECK_FAIL_ON: FailOn = 'warning';

/** What the user asked for, validated. Paths keep the user's spelling. */
export interface CliOptions {
  readonly paths: readonly string[];
  /** Undefined with --to-yaml alone. */
  readonly runtime: Runtime | undefined;
  /** --to-yaml: convert classic configs to the YAML format (after the runtime migration when --runtime is given too). */
  readonly toYaml: boolean;
  readonly write: boolean;
  readonly check: boolean;
  readonly format: OutputFormat;
  /** `undefined`: nothing but errors changes the exit code (no --check, no --fail-on). */
  readonly failOn: FailOn | undefined;
  /** Write what would go to stdout to this file instead (once, at the end). */
  readonly outputFile: string | undefined;
  /** Name standard input by this path (reports, diff headers, YAML vs classic). */
  readonly stdinFilepath: string | undefined;
  readonly criOnly: boolean;
  readonly podLogsDir: string | undefined;
  readonly keepDockerMount: boolean;
  /** `X.Y[.Z]`: the Fluent Bit version of workloads whose images do not tell. */
  readonly fluentBitVersion: string | undefined;
  readonly quiet: boolean;
  /** `undefined`: decide from FORCE_COLOR, NO_COLOR and the terminal. */
  readonly color: boolean | undefined;
  /** `--exclude` globs, in order (validated when the walk compiles them). */
  readonly exclude: readonly string[];
  /** `--max-file-size`: a larger input is one error (exit 2), never read as text. Bytes. */
  readonly maxFileSize: number;
}

/** `--max-file-size` when not given: far above real manifests and configs, below what a default Node heap cannot migrate. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

/** `64M`, `512k`, `1G`, `1048576` (K, M, G are 1024-based; a trailing `B` or `iB` is allowed) -> bytes; undefined when not a positive size. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A size for messages: `64 MiB`, `1.5 KiB`, `900 bytes`. */
export function formatSize(bytes: number): string {
  const units = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const;
  for (const [name, size] of units) if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${name}`;
  return `${bytes} bytes`;
}

export type ParsedArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'list-rules'; readonly format: 'text' | 'json' }
  | { readonly kind: 'explain'; readonly id: string; readonly format: 'text' | 'json' }
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'usage-error'; readonly message: string };

const OPTIONS = {
  runtime: { type: 'string' },
  'to-yaml': { type: 'boolean' },
  write: { type: 'boolean' },
  check: { type: 'boolean' },
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  'output-file': { type: 'string' },
  'stdin-filepath': { type: 'string' },
  'cri-only': { type: 'boolean' },
  'pod-logs-dir': { type: 'string' },
  'keep-docker-mount': { type: 'boolean' },
  'fluent-bit-version': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  'list-rules': { type: 'boolean' },
  explain: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  // Two options rather than `allowNegative`, which needs Node >= 20.16.
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/**
 * argv (without `node` and the script) -> what to do. Never throws and never
 * prints: problems come back as `usage-error` with a one-line message.
 * `--help` and `--version` win over everything else, even invalid options
 * that come after them, so `flb-migrate --help` always works. No arguments
 * at all is a request for help.
 */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) return { kind: 'help' };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
    if (argv.includes('--version') || argv.includes('-V')) return { kind: 'version' };
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals, tokens } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  if (values['list-rules'] === true || values.explain !== undefined) {
    // Documentation modes: no paths and no --runtime needed; only --format text|json applies.
    const docsFormat = values.format === undefined || values.format === 'diff' || values.format === 'text' ? 'text' : values.format === 'json' ? 'json' : undefined;
    const option = values.explain !== undefined ? '--explain' : '--list-rules';
    if (docsFormat === undefined) return usage(`${option} prints text or json, not --format ${values.format}`);
    if (values['list-rules'] === true && values.explain !== undefined) return usage('--list-rules and --explain cannot be used together');
    if (positionals.length > 0) return usage(`${option} takes no paths (got '${positionals[0]}')`);
    if (values.explain !== undefined) {
      if (values.explain.trim() === '') return usage('--explain needs a rule id or diagnostic code (see --list-rules)');
      return { kind: 'explain', id: values.explain.trim(), format: docsFormat };
    }
    return { kind: 'list-rules', format: docsFormat };
  }

  if (positionals.length === 0) return usage('no input paths given (use - to read standard input)');
  const toYaml = values['to-yaml'] === true;
  if (values.runtime === undefined && !toYaml) return usage(`--runtime is required (one of ${RUNTIMES.join(', ')}), unless --to-yaml is given`);
  const runtime = values.runtime === undefined ? undefined : RUNTIMES.find((r) => r === values.runtime);
  if (values.runtime !== undefined && runtime === undefined) {
    return usage(`invalid --runtime '${values.runtime}': expected one of ${RUNTIMES.join(', ')}`);
  }
  if (runtime === undefined && (values['cri-only'] === true || values['keep-docker-mount'] === true || values['pod-logs-dir'] !== undefined)) {
    const flag = values['cri-only'] === true ? '--cri-only' : values['keep-docker-mount'] === true ? '--keep-docker-mount' : '--pod-logs-dir';
    return usage(`${flag} is a runtime migration option: add --runtime`);
  }
  const format = FORMATS.find((f) => f === (values.format ?? 'diff'));
  if (format === undefined) return usage(`invalid --format '${values.format}': expected one of ${FORMATS.join(', ')}`);
  const failOnValue = values['fail-on'];
  const failOn = failOnValue === undefined ? (values.check === true ? DEFAULT_CHECK_FAIL_ON : undefined) : FAIL_ON.find((f) => f === failOnValue);
  if (failOnValue !== undefined && failOn === undefined) {
    return usage(`invalid --fail-on '${failOnValue}': expected one of ${FAIL_ON.join(', ')}`);
  }
  if (values.write === true && values.check === true) return usage('--write and --check cannot be used together');
  const podLogsDir = values['pod-logs-dir'];
  if (podLogsDir !== undefined && !podLogsDir.startsWith('/')) {
    return usage(`--pod-logs-dir must be an absolute path on the node, got '${podLogsDir}'`);
  }
  const fluentBitVersion = values['fluent-bit-version'];
  if (fluentBitVersion !== undefined && !/^v?\d{1,3}\.\d{1,3}(\.\d{1,3})?$/.test(fluentBitVersion)) {
    return usage(`--fluent-bit-version must be a Fluent Bit version X.Y or X.Y.Z (e.g. 1.9 or 2.2.3), got '${fluentBitVersion}'`);
  }
  const hasStdin = positionals.includes('-');
  if (values.write === true && hasStdin && format !== 'diff') {
    return usage(`--write with - prints the migrated text on stdout, so it cannot be combined with --format ${format}`);
  }
  if (positionals.filter((p) => p === '-').length > 1) return usage('- (standard input) can be given only once');
  const stdinFilepath = values['stdin-filepath'];
  if (stdinFilepath !== undefined && (!hasStdin || stdinFilepath === '')) {
    return usage(stdinFilepath === '' ? '--stdin-filepath needs a name' : '--stdin-filepath names standard input: add - to the paths');
  }
  const outputFile = values['output-file'];
  if (outputFile === '') return usage('--output-file needs a file name');
  const exclude = values.exclude ?? [];
  if (exclude.some((e) => e === '')) return usage('--exclude needs a glob');
  const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(values['max-file-size']);
  if (maxFileSize === undefined) return usage(`--max-file-size must be a size in bytes, optionally with K, M or G (e.g. 64M), got '${values['max-file-size'] ?? ''}'`);

  // The last of --color / --no-color wins, as with a single negatable flag.
  let color: boolean | undefined;
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'color') color = true;
    if (token.kind === 'option' && token.name === 'no-color') color = false;
  }

  return {
    kind: 'run',
    options: {
      paths: positionals,
      runtime,
      toYaml,
      write: values.write === true,
      check: values.check === true,
      format,
      failOn,
      outputFile,
      stdinFilepath,
      criOnly: values['cri-only'] === true,
      podLogsDir,
      keepDockerMount: values['keep-docker-mount'] === true,
      fluentBitVersion,
      quiet: values.quiet === true,
      color,
      exclude,
      maxFileSize,
    },
  };
}

function usage(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, formatSize, parseCliArgs, parseSize } from '../../src/cli/args.js';

describe('parseCliArgs', () => {
  it('parses every option into typed CliOptions', () => {
    expect(
      parseCliArgs([
        'a.yaml', '-', '--runtime', 'cri-o', '--check', '--format', 'github', '--cri-only',
        '--pod-logs-dir', '/data/pods', '--keep-docker-mount', '--quiet', '--no-color',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        paths: ['a.yaml', '-'], runtime: 'cri-o', toYaml: false, write: false, check: true, format: 'github', failOn: 'warning',
        outputFile: undefined, stdinFilepath: undefined, criOnly: true, fluentBitVersion: undefined,
        podLogsDir: '/data/pods', keepDockerMount: true, quiet: true, color: false, exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE,
      },
    });
  });

  it('reads --max-file-size in bytes or K/M/G (1024-based), 64 MiB by default, and refuses anything else', () => {
    expect(DEFAULT_MAX_FILE_SIZE).toBe(64 * 1024 * 1024);
    for (const [text, bytes] of [['100', 100], ['512k', 512 * 1024], ['64M', 64 * 1024 ** 2], ['1.5MiB', 1.5 * 1024 ** 2], ['2g', 2 * 1024 ** 3], ['10B', 10], [' 3 KB ', 3072]] as const) {
      expect(parseSize(text)).toBe(bytes);
      expect(parseCliArgs(['x', '--runtime', 'containerd', '--max-file-size', text])).toMatchObject({ options: { maxFileSize: bytes } });
    }
    for (const bad of ['', '0', '-1', 'big', '1T', '1e6', '0.1']) {
      expect(parseSize(bad)).toBeUndefined();
      expect(parseCliArgs(['x', '--runtime', 'containerd', `--max-file-size=${bad}`])).toEqual({
        kind: 'usage-error',
        message: `--max-file-size must be a size in bytes, optionally with K, M or G (e.g. 64M), got '${bad}'`,
      });
    }
    expect([formatSize(900), formatSize(1536), formatSize(64 * 1024 ** 2), formatSize(3 * 1024 ** 3)]).toEqual(['900 bytes', '1.5 KiB', '64 MiB', '3 GiB']);
  });

  it('reads --fluent-bit-version X.Y[.Z] and refuses anything else', () => {
    expect(parseCliArgs(['x', '--runtime', 'containerd', '--fluent-bit-version', '1.9'])).toMatchObject({ options: { fluentBitVersion: '1.9' } });
    expect(parseCliArgs(['x', '--runtime', 'containerd', '--fluent-bit-version=2.2.3'])).toMatchObject({ options: { fluentBitVersion: '2.2.3' } });
    for (const bad of ['latest', '1', '1.9.x', '']) {
      expect(parseCliArgs(['x', '--runtime', 'containerd', '--fluent-bit-version', bad])).toEqual({
        kind: 'usage-error',
        message: `--fluent-bit-version must be a Fluent Bit version X.Y or X.Y.Z (e.g. 1.9 or 2.2.3), got '${bad}'`,
      });
    }
  });

  it('--to-yaml makes --runtime optional; runtime-only options then need --runtime', () => {
    expect(parseCliArgs(['x', '--to-yaml'])).toMatchObject({ kind: 'run', options: { toYaml: true, runtime: undefined } });
    expect(parseCliArgs(['x', '--to-yaml', '--runtime', 'containerd'])).toMatchObject({ kind: 'run', options: { toYaml: true, runtime: 'containerd' } });
    expect(parseCliArgs(['x', '--runtime', 'containerd'])).toMatchObject({ kind: 'run', options: { toYaml: false } });
    expect(parseCliArgs(['x', '--to-yaml', '--cri-only'])).toEqual({ kind: 'usage-error', message: '--cri-only is a runtime migration option: add --runtime' });
    expect(parseCliArgs(['x', '--to-yaml', '--pod-logs-dir', '/p'])).toEqual({ kind: 'usage-error', message: '--pod-logs-dir is a runtime migration option: add --runtime' });
    expect(parseCliArgs(['x', '--to-yaml', '--fluent-bit-version', '3.2'])).toMatchObject({ options: { fluentBitVersion: '3.2' } });
  });

  it('defaults: diff format, color decided later', () => {
    const parsed = parseCliArgs(['x', '--runtime=containerd']);
    expect(parsed).toMatchObject({ kind: 'run', options: { format: 'diff', color: undefined, write: false, check: false } });
  });

  it('lets the last of --color / --no-color win', () => {
    expect(parseCliArgs(['x', '--runtime', 'containerd', '--no-color', '--color'])).toMatchObject({ options: { color: true } });
    expect(parseCliArgs(['x', '--runtime', 'containerd', '--color', '--no-color'])).toMatchObject({ options: { color: false } });
  });

  it('treats everything after -- as paths', () => {
    expect(parseCliArgs(['--runtime', 'containerd', '--', '--write'])).toMatchObject({ options: { paths: ['--write'], write: false } });
  });

  it.each([
    [['--runtime', 'containerd'], 'no input paths'],
    [['a.yaml', '--runtime', 'containerd', '--fail-on', 'info'], "invalid --fail-on 'info': expected one of error, warning, change"],
    [['a.yaml', '--runtime', 'containerd', '--format', 'sarif', '--stdin-filepath', 'x.yaml'], '--stdin-filepath names standard input: add - to the paths'],
    [['-', '--runtime', 'containerd', '--stdin-filepath='], '--stdin-filepath needs a name'],
    [['a.yaml', '--runtime', 'containerd', '--output-file='], '--output-file needs a file name'],
    [['a.yaml'], '--runtime is required'],
    [['a.yaml', '--runtime', 'docker'], "invalid --runtime 'docker'"],
    [['a.yaml', '--runtime', 'containerd', '--format', 'xml'], "invalid --format 'xml'"],
    [['a.yaml', '--runtime', 'containerd', '--write', '--check'], 'cannot be used together'],
    [['a.yaml', '--runtime', 'containerd', '--pod-logs-dir', 'pods'], 'absolute path'],
    [['-', '--runtime', 'containerd', '--write', '--format', 'json'], 'cannot be combined'],
    [['-', '-', '--runtime', 'containerd'], 'only once'],
    [['a.yaml', '--runtime', 'containerd', '--bogus'], "Unknown option '--bogus'"],
  ])('usage error for %j', (argv, message) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.message).toContain(message);
  });

  it('--help and --version win over missing or bad arguments; -V is --version; no arguments is --help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--bogus', '-h'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseCliArgs(['-V'])).toEqual({ kind: 'version' });
    expect(parseCliArgs(['--bogus', '-V'])).toEqual({ kind: 'version' });
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
  });

  it('--fail-on: warning by default under --check, nothing without it, explicit values in every mode', () => {
    const failOn = (argv: string[]) => {
      const parsed = parseCliArgs(['a.yaml', '--runtime', 'containerd', ...argv]);
      return parsed.kind === 'run' ? parsed.options.failOn : parsed.kind;
    };
    expect(failOn(['--check'])).toBe('warning');
    expect(failOn([])).toBeUndefined();
    expect(failOn(['--write'])).toBeUndefined();
    expect(failOn(['--check', '--fail-on', 'change'])).toBe('change');
    expect(failOn(['--fail-on=error', '--check'])).toBe('error');
    expect(failOn(['--write', '--fail-on', 'warning'])).toBe('warning');
  });

  it('--output-file, --stdin-filepath and --format sarif', () => {
    expect(parseCliArgs(['-', '--runtime', 'containerd', '--stdin-filepath', 'k8s/cm.yaml', '--output-file', 'out.sarif', '--format', 'sarif'])).toMatchObject({
      kind: 'run',
      options: { paths: ['-'], stdinFilepath: 'k8s/cm.yaml', outputFile: 'out.sarif', format: 'sarif' },
    });
  });
});

import * as path from 'node:path';
import type { CliIo, DirEntry, FileKind, FileStat } from '../../../src/cli/io.js';

type Node =
  | { kind: 'file'; text: string; mode: number; bytes?: Uint8Array }
  | { kind: 'directory' }
  | { kind: 'symlink'; target: string };

export interface IoCall {
  readonly op: 'writeFile' | 'appendFile' | 'chmod' | 'rename' | 'unlink';
  readonly path: string;
  readonly to?: string;
  readonly mode?: number;
}

export interface MemoryIoOptions {
  /** Files relative to `cwd` (or absolute): text, or `{ text, mode }`, raw `{ bytes }`, or `{ symlink: target }`. */
  readonly files?: Record<string, string | { text: string; mode?: number } | { bytes: Uint8Array } | { symlink: string }>;
  readonly stdin?: string | Uint8Array;
  /** Make every stdout / stderr write reject with this errno code (ENOSPC, EPIPE, ...). */
  readonly stdoutError?: string;
  readonly stderrError?: string;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly env?: Record<string, string | undefined>;
  /** Make these operations fail with the given errno code, by op and path. */
  readonly failures?: ReadonlyArray<{ op: 'readFile' | 'writeFile' | 'appendFile' | 'chmod' | 'rename' | 'readDir' | 'lstat' | 'unlink'; path: string | RegExp; code: string }>;
}

/**
 * An in-memory `CliIo` for tests: a tiny POSIX-like tree rooted at `/`, with
 * captured stdout/stderr and a log of every mutating call, so a test can
 * assert on the exact write -> chmod -> rename sequence. NO_COLOR is set
 * unless `env` overrides it.
 */
export class MemoryIo implements CliIo {
  readonly cwd = '/work';
  readonly env: Record<string, string | undefined>;
  readonly calls: IoCall[] = [];
  stdoutText = '';
  stderrText = '';
  /** Every stdout/stderr write in order, as one terminal would show them. */
  readonly log: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];
  readonly stdout;
  readonly stderr;
  private readonly nodes = new Map<string, Node>([['/', { kind: 'directory' }]]);
  private readonly failures: NonNullable<MemoryIoOptions['failures']>;
  private readonly stdinText: string | Uint8Array | undefined;

  constructor(options: MemoryIoOptions = {}) {
    this.env = { NO_COLOR: '1', ...options.env };
    this.stdinText = options.stdin;
    this.failures = options.failures ?? [];
    const { stdoutError, stderrError } = options;
    this.stdout = {
      isTTY: options.stdoutIsTTY ?? false,
      write: async (s: string) => {
        if (stdoutError !== undefined) throw errno(stdoutError, 'write', '<stdout>');
        this.stdoutText += s;
        this.log.push({ stream: 'stdout', text: s });
      },
    };
    this.stderr = {
      isTTY: options.stderrIsTTY ?? false,
      write: async (s: string) => {
        if (stderrError !== undefined) throw errno(stderrError, 'write', '<stderr>');
        this.stderrText += s;
        this.log.push({ stream: 'stderr', text: s });
      },
    };
    this.mkdirp(this.cwd);
    for (const [p, spec] of Object.entries(options.files ?? {})) {
      const abs = this.abs(p);
      this.mkdirp(path.posix.dirname(abs));
      if (typeof spec === 'string') this.nodes.set(abs, { kind: 'file', text: spec, mode: 0o100644 });
      else if ('symlink' in spec) this.nodes.set(abs, { kind: 'symlink', target: spec.symlink });
      else if ('bytes' in spec) this.nodes.set(abs, { kind: 'file', text: '', bytes: spec.bytes, mode: 0o100644 });
      else this.nodes.set(abs, { kind: 'file', text: spec.text, mode: 0o100000 | (spec.mode ?? 0o644) });
    }
  }

  /** Add an empty directory. */
  mkdir(p: string): void {
    this.mkdirp(this.abs(p));
  }

  /** Text of a file, or undefined. */
  read(p: string): string | undefined {
    const node = this.nodes.get(this.entry(p));
    return node?.kind === 'file' ? node.text : undefined;
  }

  mode(p: string): number | undefined {
    const node = this.nodes.get(this.entry(p));
    return node?.kind === 'file' ? node.mode & 0o7777 : undefined;
  }

  /** Every path in the tree (absolute), for "no temp file left behind" checks. */
  paths(): string[] {
    return [...this.nodes.keys()];
  }

  async readStdin(): Promise<Uint8Array> {
    if (this.stdinText === undefined) throw errno('EAGAIN', 'read', '<stdin>');
    return typeof this.stdinText === 'string' ? Buffer.from(this.stdinText, 'utf8') : this.stdinText;
  }

  async readFile(p: string): Promise<Uint8Array> {
    this.maybeFail('readFile', p);
    const node = this.resolve(p, 'open');
    if (node.kind === 'directory') throw errno('EISDIR', 'read', p);
    if (node.kind !== 'file') throw errno('EINVAL', 'read', p);
    return node.bytes ?? Buffer.from(node.text, 'utf8');
  }

  async readDir(p: string): Promise<readonly DirEntry[]> {
    this.maybeFail('readDir', p);
    const node = this.resolve(p, 'scandir');
    if (node.kind !== 'directory') throw errno('ENOTDIR', 'scandir', p);
    const dir = this.real(p, 'scandir');
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const entries: DirEntry[] = [];
    for (const [key, child] of this.nodes) {
      if (key !== dir && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) {
        entries.push({ name: key.slice(prefix.length), kind: child.kind });
      }
    }
    return entries.reverse(); // the CLI must not rely on readdir order
  }

  async stat(p: string): Promise<FileStat> {
    return statOf(this.resolve(p, 'stat'));
  }

  async lstat(p: string): Promise<FileStat> {
    this.maybeFail('lstat', p);
    const node = this.nodes.get(this.real(p, 'lstat', false));
    if (node === undefined) throw errno('ENOENT', 'lstat', p);
    return statOf(node);
  }

  async realpath(p: string): Promise<string> {
    const real = this.real(p, 'realpath');
    if (!this.nodes.has(real)) throw errno('ENOENT', 'realpath', p);
    return real;
  }

  async writeFile(p: string, text: string, how: 'create' | 'overwrite' = 'create', mode?: number): Promise<void> {
    this.calls.push(mode === undefined ? { op: 'writeFile', path: p } : { op: 'writeFile', path: p, mode });
    this.maybeFail('writeFile', p);
    const abs = this.entry(p);
    const parent = this.nodes.get(path.posix.dirname(abs));
    if (parent?.kind !== 'directory') throw errno('ENOENT', 'open', p);
    const existing = this.nodes.get(abs);
    if (existing !== undefined && how === 'create') throw errno('EEXIST', 'open', p);
    if (existing?.kind === 'file') existing.text = text;
    else this.nodes.set(abs, { kind: 'file', text, mode: 0o100000 | (mode ?? 0o644) });
  }

  async appendFile(p: string, text: string): Promise<void> {
    this.calls.push({ op: 'appendFile', path: p });
    this.maybeFail('appendFile', p);
    const abs = this.entry(p);
    const node = this.nodes.get(abs);
    if (node?.kind === 'file') node.text += text;
    else if (node === undefined && this.nodes.get(path.posix.dirname(abs))?.kind === 'directory') this.nodes.set(abs, { kind: 'file', text, mode: 0o100644 });
    else throw errno(node === undefined ? 'ENOENT' : 'EISDIR', 'open', p);
  }

  async chmod(p: string, mode: number): Promise<void> {
    this.calls.push({ op: 'chmod', path: p, mode });
    this.maybeFail('chmod', p);
    const node = this.resolve(p, 'chmod');
    if (node.kind === 'file') node.mode = 0o100000 | mode;
  }

  async rename(from: string, to: string): Promise<void> {
    this.calls.push({ op: 'rename', path: from, to });
    this.maybeFail('rename', from);
    const node = this.nodes.get(this.entry(from));
    if (node === undefined) throw errno('ENOENT', 'rename', from);
    this.nodes.delete(this.entry(from));
    this.nodes.set(this.entry(to), node);
  }

  async unlink(p: string): Promise<void> {
    this.calls.push({ op: 'unlink', path: p });
    this.maybeFail('unlink', p);
    if (!this.nodes.delete(this.entry(p))) throw errno('ENOENT', 'unlink', p);
  }

  /** Where the entry `p` lives: its directories' symlinks resolved, not its own. */
  private entry(p: string): string {
    return this.real(p, 'open', false);
  }

  private abs(p: string): string {
    return path.posix.resolve(this.cwd, p);
  }

  private mkdirp(abs: string): void {
    for (let dir = abs; !this.nodes.has(dir); dir = path.posix.dirname(dir)) this.nodes.set(dir, { kind: 'directory' });
  }

  /** The node at `p`, every symlink on the way (and at the end) followed. */
  private resolve(p: string, syscall: string): Node {
    const node = this.nodes.get(this.real(p, syscall));
    if (node === undefined) throw errno('ENOENT', syscall, p);
    return node;
  }

  /**
   * `p` with the symlinks among its directories resolved (and the last
   * component too, unless `followLast` is false), as realpath(3) does;
   * ELOOP past 8 links.
   */
  private real(p: string, syscall: string, followLast = true, depth = 0): string {
    const parts = this.abs(p).split('/').filter((x) => x !== '');
    let current = '/';
    for (let i = 0; i < parts.length; i++) {
      const next = path.posix.join(current, parts[i]!);
      const node = this.nodes.get(next);
      if (node?.kind === 'symlink' && (followLast || i < parts.length - 1)) {
        if (depth > 8) throw errno('ELOOP', syscall, p);
        current = this.real(path.posix.resolve(current, node.target), syscall, true, depth + 1);
      } else {
        current = next;
      }
    }
    return current;
  }

  private maybeFail(op: string, p: string): void {
    for (const f of this.failures) {
      if (f.op === op && (typeof f.path === 'string' ? this.abs(f.path) === this.abs(p) : f.path.test(p))) throw errno(f.code, op, p);
    }
  }
}

function statOf(node: Node): FileStat {
  const kind: FileKind = node.kind;
  return { kind, mode: node.kind === 'file' ? node.mode : node.kind === 'directory' ? 0o40755 : 0o120777 };
}

function errno(code: string, syscall: string, p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${p}'`), { code, syscall, path: p });
}

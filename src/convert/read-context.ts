import type { ClassicReadings } from './classic-reader.js';
import type { SetupFiles } from './setup-files.js';
import type { MutableView, Origin, PluginInstance, ReadError } from './view.js';

/** Takes plugin instances as the YAML reader makes them (ReadSetupOptions.instanceSink). */
export interface InstanceSink {
  take(inst: PluginInstance): void;
  /** What was taken may be undone (the read in pieces fell back): the sink can no longer vouch for anything. */
  lost(): void;
}

/** Which kind of file is being read: the main config (and its includes) or a parsers file. */
export type ReadRole = 'main' | 'parsers';

/** Shared state while one setup (or one parsers file) is read, across includes. */
export interface ReadContext {
  readonly files: SetupFiles;
  readonly baseDir: string | undefined;
  readonly view: MutableView;
  readonly errors: ReadError[];
  /** Names read so far (Fluent Bit refuses to read a file twice). */
  readonly included: Set<string>;
  readonly role: ReadRole;
  /** YAML: a `service` key was seen (a second one is an error, across files). */
  serviceSet: boolean;
  /** When false, includes are recorded but not read (single-file conversion). */
  readonly followIncludes: boolean;
  /** Include references met when `followIncludes` is false, in order. */
  readonly includeRefs: { readonly ref: string; readonly origin: Origin }[];
  /** Where classic files' readings go, when asked for (ReadSetupOptions.classicReadings). */
  readonly classicReadings?: ClassicReadings;
  /**
   * Only the names the setup reads matter (readSetupFiles, the --to-yaml plan's closure of a main): a classic file's
   * sections other than [SERVICE] make nothing in the view (memory, issue #14).
   */
  readonly filesOnly?: boolean;
  /** Plugin properties share one origin per file (ReadSetupOptions.sharedPluginOrigins). */
  readonly sharedPluginOrigins?: boolean;
  /** Where the YAML reader's plugin instances go instead of the view (ReadSetupOptions.instanceSink). */
  readonly instanceSink?: InstanceSink;
}

export function fail(ctx: ReadContext, file: string, offset: number, message: string, missing = false): void {
  ctx.errors.push(missing ? { file, offset, message, missing } : { file, offset, message });
}

/** Decodes bytes as strict UTF-8 (Fluent Bit's YAML reader rejects invalid UTF-8). */
export function decodeText(source: string | Uint8Array): string | null {
  if (typeof source === 'string') return source;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(source);
  } catch {
    return null;
  }
}

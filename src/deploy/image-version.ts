import type { ImageRef } from '../discover/discovery-types.js';
import { parseImageRef } from '../discover/image-ref.js';
import type { FluentBitVersion } from './types.js';

/*
 * The Fluent Bit version an image implies, from its tag.
 */

/**
 * `1.9`, `v2.1.8`, `1.9.3-debian-10-r0`, `2.1.8-amd64`, `2.32.5.20250626` -> a
 * version; a bare major (`2`) is read as `2.0`, the lowest it can be;
 * undefined when the tag does not start with a number.
 */
export function parseTagVersion(tag: string): FluentBitVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?!\d)/.exec(tag) ?? /^v?(\d+)(?![\d.])/.exec(tag);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: m[2] === undefined ? 0 : Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) };
}

/** A version as users write it on the command line: `X.Y` or `X.Y.Z`; undefined when it is not one. */
export function parseStatedVersion(text: string): FluentBitVersion | undefined {
  const m = /^v?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) } : undefined;
}

export function formatVersion(v: FluentBitVersion): string {
  return `${v.major}.${v.minor}${v.patch === undefined ? '' : `.${v.patch}`}`;
}

/** Negative when a < b (major, minor, then patch; a missing patch counts as 0). */
export function compareVersions(a: FluentBitVersion, b: FluentBitVersion): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0);
}

/**
 * The oldest of several things that may each know a Fluent Bit version: the first of the lowest known;
 * undefined when none knows. The one rule for what decides version-gated edits when several runners
 * share one text: the workloads that mount one config (build-deployment `configVersion`) and the
 * kustomize builds of one workload (build-deployment `containerImage`).
 */
export function oldest<T>(items: readonly T[], versionOf: (item: T) => FluentBitVersion | undefined): T | undefined {
  let out: T | undefined;
  let low: FluentBitVersion | undefined;
  for (const item of items) {
    const v = versionOf(item);
    if (v !== undefined && (low === undefined || compareVersions(v, low) < 0)) {
      out = item;
      low = v;
    }
  }
  return out;
}

/** True when `v` is at least `major.minor`. */
/**
 * Whether a Fluent Bit version lacks `${NAME:-default}`: it came in v5.0.6 (fluent/fluent-bit#11787; DOC-VARS), and was
 * backported to the 4.2 branch (#11806) in a patch we cannot name, so 4.2 (and a 4.x after it) counts as unknown, as
 * does a version without a patch number on 5.0 (a floating `5.0` tag). Known: before 4.2, and 5.0.0 to 5.0.5. Such a
 * version reads `${NAME:-default}` as one variable of that whole name, which nothing sets: empty.
 */
export function lacksDefaultOperator(v: FluentBitVersion): boolean {
  if (v.major < 4 || (v.major === 4 && v.minor < 2)) return true;
  return v.major === 5 && v.minor === 0 && v.patch !== undefined && v.patch < 6;
}

export function atLeast(v: FluentBitVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * The Fluent Bit each aws-for-fluent-bit 2.x minor release ships (the first
 * patch release of each minor; later patches of a minor ship the same or a
 * newer Fluent Bit of the same series). Source: aws/aws-for-fluent-bit
 * CHANGELOG.md ("This release includes: Fluent Bit x.y.z", releases 2.0.0 to
 * 2.32.x) and VERSIONS.md ("The version of the AWS for Fluent Bit image is
 * not linked to the version of Fluent Bit which it contains"; v2.33.2 ships
 * 1.9.10; 3.0.0 moves from 1.9.10 to Fluent Bit 4.x). Before 2.0.0 the image
 * was tagged with the Fluent Bit version it contained (CHANGELOG, 2.0.0).
 */
const AWS_FOR_FLUENT_BIT: readonly (readonly [awsMinor: number, fluentBit: string])[] = [
  [0, '1.3.3'], [1, '1.3.4'], [2, '1.3.9'], [3, '1.4.2'], [4, '1.5.0'], [5, '1.5.0'], [6, '1.5.1'], [7, '1.5.6'],
  [8, '1.6.0'], [9, '1.6.3'], [10, '1.6.8'], [11, '1.6.10'], [12, '1.7.2'], [13, '1.7.3'], [14, '1.7.4'], [15, '1.7.6'],
  [16, '1.7.9'], [17, '1.8.1'], [18, '1.8.2'], [19, '1.8.3'], [20, '1.8.7'], [21, '1.8.8'], [22, '1.8.12'], [23, '1.8.13'],
  [24, '1.9.3'], [25, '1.9.3'], [26, '1.9.4'], [27, '1.9.6'], [28, '1.9.7'], [29, '1.9.10'], [30, '1.9.10'], [31, '1.9.10'],
  [32, '1.9.10'], [33, '1.9.10'], [34, '1.9.10'],
];

/** The Fluent Bit an aws-for-fluent-bit tag ships, or undefined. */
export function awsForFluentBitVersion(tag: string): FluentBitVersion | undefined {
  // debug-2.31.8, init-2.31.12, init-debug-2.31.12 carry the same contents as 2.31.8 / 2.31.12.
  const v = parseTagVersion(tag.replace(/^(init-)?(debug-)?/, ''));
  if (!v) return undefined;
  if (v.major < 2) return v;
  if (v.major === 2) {
    const row = AWS_FOR_FLUENT_BIT.find(([minor]) => minor === v.minor) ?? (v.minor > 34 ? AWS_FOR_FLUENT_BIT[AWS_FOR_FLUENT_BIT.length - 1] : undefined);
    return row ? parseTagVersion(row[1]) : undefined;
  }
  // 3.x: Fluent Bit 4.x (VERSIONS.md); only the lower bound is known.
  if (v.major === 3) return { major: 4, minor: 0, patch: undefined };
  return undefined;
}

/** What an image reference says about the Fluent Bit version it runs. */
export interface ImageVersion {
  readonly version: FluentBitVersion | undefined;
  /** Why, in a few words (`aws-for-fluent-bit 2.5.0 ships Fluent Bit 1.5.0`, `tag latest`). */
  readonly note: string;
}

export function imageVersion(ref: ImageRef): ImageVersion {
  const tag = ref.tag;
  if (tag === undefined) return { version: undefined, note: ref.digest ? `${ref.image} is pinned by digest only` : `${ref.image} has no tag (latest)` };
  switch (ref.versionKind) {
    case 'fluent-bit': {
      const version = parseTagVersion(tag);
      return { version, note: version ? ref.image : `tag ${tag} of ${ref.repository} is not a version` };
    }
    case 'aws-for-fluent-bit': {
      const version = awsForFluentBitVersion(tag);
      return { version, note: version ? `${ref.image} (ships Fluent Bit ${formatVersion(version)})` : `tag ${tag} of aws-for-fluent-bit is not a release we know` };
    }
    default:
      return { version: undefined, note: `tags of ${ref.repository} are not Fluent Bit versions` };
  }
}

/** A Template parameter put into an image reference with its default value. */
export interface TemplateDefault {
  readonly name: string;
  readonly value: string;
}

/**
 * An image of an OpenShift Template's pod whose `${NAME}`s are all parameters
 * with a default `value`: the reference `oc process` gives without `-p`, and
 * the parameters used; undefined when the image has none or one has no default.
 */
export function templateDefaultImage(ref: ImageRef, params: ReadonlyMap<string, string> | undefined): { readonly ref: ImageRef; readonly used: readonly TemplateDefault[] } | undefined {
  if (!params || !ref.image.includes('${')) return undefined;
  const used: TemplateDefault[] = [];
  let missing = false;
  const image = ref.image.replace(/\$\{([A-Za-z0-9_]+)\}/g, (all, name: string) => {
    const value = params.get(name);
    if (value === undefined) {
      missing = true;
      return all;
    }
    if (!used.some((u) => u.name === name)) used.push({ name, value });
    return value;
  });
  return missing || used.length === 0 ? undefined : { ref: parseImageRef(image), used };
}

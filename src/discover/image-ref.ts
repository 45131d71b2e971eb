import type { ImageRef, Version } from './discovery-types.js';

/** Parses `1.9.3`, `v2.1`, `2.31.12-debug`... into a Version; undefined when the tag doesn't start with digits. */
export function parseVersion(tag: string | undefined): Version | undefined {
  const m = tag === undefined ? null : /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag);
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: m[2] === undefined ? undefined : Number(m[2]),
    patch: m[3] === undefined ? undefined : Number(m[3]),
  };
}

/** Which kind of version a repository's tags carry. */
export function versionKindOf(repository: string): ImageRef['versionKind'] {
  if (/aws-for-fluent-bit/i.test(repository)) return 'aws-for-fluent-bit';
  if (/fluent-bit/i.test(repository)) return 'fluent-bit';
  return 'other';
}

/**
 * Splits an image reference `[registry/]repo[:tag][@digest]` (a `:` before
 * the last `/` is a registry port, not a tag). Never throws.
 */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { image, repository: rest, tag, digest, version: parseVersion(tag), versionKind: versionKindOf(rest) };
}

/** A repository/image that runs Fluent Bit (including aws-for-fluent-bit). */
export function isFluentBitImage(image: string): boolean {
  return /fluent-bit/i.test(image);
}

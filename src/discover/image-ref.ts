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

/**
 * Repository names (last path component) whose tags are Fluent Bit versions:
 * the official image (`fluent/fluent-bit`, `cr.fluentbit.io/fluent/fluent-bit`,
 * `fluent/fluent-bit-debug`), the images that rebuild it under the same name
 * (`ghcr.io/fluent/fluent-operator/fluent-bit`, `kubesphere/fluent-bit`,
 * `bitnami/fluent-bit`), and the early official Kubernetes image
 * `fluent/fluent-bit-kubernetes-daemonset`. Other names that contain
 * fluent-bit (`grafana/fluent-bit-plugin-loki`, `newrelic/newrelic-fluentbit-output`)
 * run Fluent Bit but tag their own versions.
 */
const FLUENT_BIT_VERSIONED = /^(fluent-bit|fluent-bit-debug|fluent-bit-kubernetes-daemonset|td-agent-bit)$/i;

/**
 * A vendor's Fluent Bit image whose tags are the vendor's releases: a
 * repository named for an output or plugin built on Fluent Bit
 * (`logzio/fluent-bit-output`, `newrelic/newrelic-fluentbit-output`,
 * `grafana/fluent-bit-plugin-loki`). Such a tag is not a Fluent Bit version
 * even where a chart runs the image as Fluent Bit.
 */
export function isVendorTaggedImage(repository: string): boolean {
  const words = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase().split(/[^a-z0-9]+/);
  const fluentBit = words.some((w, i) => w === 'fluentbit' || (w === 'fluent' && words[i + 1] === 'bit'));
  return fluentBit && words.some((w) => /^(?:output|plugin)s?$/.test(w));
}

/** Which kind of version a repository's tags carry. */
export function versionKindOf(repository: string): ImageRef['versionKind'] {
  const last = repository.slice(repository.lastIndexOf('/') + 1);
  if (/^aws-for-fluent-bit$/i.test(last)) return 'aws-for-fluent-bit';
  if (FLUENT_BIT_VERSIONED.test(last)) return 'fluent-bit';
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

/**
 * An image that runs Fluent Bit, by its repository name (`fluent-bit`,
 * `fluentbit`, `td-agent-bit`: the official and vendor images, including
 * aws-for-fluent-bit). The tag is not looked at.
 */
export function isFluentBitImage(image: string): boolean {
  return /fluent-?bit|td-agent-bit/i.test(parseImageRef(image).repository);
}

import { parseDocument, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { valuesImages } from '../../src/discover/helm-values.js';
import { isFluentBitImage, parseImageRef } from '../../src/discover/image-ref.js';
import { awsForFluentBitVersion, formatVersion, imageVersion, parseStatedVersion, parseTagVersion } from '../../src/deploy/image-version.js';

const v = (x: { major: number; minor: number; patch: number | undefined } | undefined): string | undefined => (x ? formatVersion(x) : undefined);

describe('image references, every shape', () => {
  it.each([
    ['fluent/fluent-bit:1.9.3', 'fluent/fluent-bit', '1.9.3', undefined],
    ['registry.corp:5000/fluent/fluent-bit:2.1.8', 'registry.corp:5000/fluent/fluent-bit', '2.1.8', undefined],
    ['fluent/fluent-bit@sha256:abc', 'fluent/fluent-bit', undefined, 'sha256:abc'],
    ['fluent/fluent-bit:1.8.3@sha256:abc', 'fluent/fluent-bit', '1.8.3', 'sha256:abc'],
    ['localhost:5000/fluent-bit', 'localhost:5000/fluent-bit', undefined, undefined],
  ])('%s', (image, repository, tag, digest) => {
    expect(parseImageRef(image)).toMatchObject({ repository, tag, digest });
  });

  it('reads Fluent Bit images by repository, never by tag', () => {
    for (const yes of ['fluent/fluent-bit:2', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.31.12', 'newrelic/newrelic-fluentbit-output:1.19', 'kubesphere/fluent-bit:v1.8.3', 'td-agent-bit']) expect(isFluentBitImage(yes), yes).toBe(true);
    for (const no of ['busybox:1.36', 'registry.corp/app:fluent-bit-compatible', 'fluent/fluentd:v1.16']) expect(isFluentBitImage(no), no).toBe(false);
  });

  it('values images: string, {repository, tag}, {registry, ...}, digest, image.<name>, images.tags, sibling tag; tags as written', () => {
    const images = (text: string): string[] => valuesImages(parseDocument(text).contents as YAMLMap).map((i) => i.image);
    expect(images('image: fluent/fluent-bit:1.6.10\n')).toEqual(['fluent/fluent-bit:1.6.10']);
    expect(images('image:\n  repository: fluent/fluent-bit\n  tag: 1.10\n')).toEqual(['fluent/fluent-bit:1.10']);
    expect(images('image:\n  registry: ghcr.io\n  repository: fluent/fluent-operator/fluent-bit\n  tag: "4.1.1"\n')).toEqual(['ghcr.io/fluent/fluent-operator/fluent-bit:4.1.1']);
    expect(images('image:\n  repository: fluent/fluent-bit\n  digest: sha256:abc\n')).toEqual(['fluent/fluent-bit@sha256:abc']);
    expect(images('image:\n  fluent_bit:\n    repository: fluent/fluent-bit\n    tag: 1.3.7\n')).toEqual(['fluent/fluent-bit:1.3.7']);
    expect(images('images:\n  tags:\n    fluentbit: docker.io/fluent/fluent-bit:0.14.2\n    dep: quay.io/x/y:1\n')).toEqual(['docker.io/fluent/fluent-bit:0.14.2', 'quay.io/x/y:1']);
    expect(images('image: "fluent/fluent-bit"\ntag: "1.5.7"\n')).toEqual(['fluent/fluent-bit:1.5.7']);
  });
});

describe('the Fluent Bit version an image implies', () => {
  it('reads tags that start with a version', () => {
    expect(v(parseTagVersion('1.9.3-debian-10-r0'))).toBe('1.9.3');
    expect(v(parseTagVersion('v2.1.8'))).toBe('2.1.8');
    expect(v(parseTagVersion('2.1.8-amd64'))).toBe('2.1.8');
    expect(v(parseTagVersion('1.10'))).toBe('1.10');
    expect(v(parseTagVersion('2'))).toBe('2.0');
    expect(parseTagVersion('latest')).toBeUndefined();
    expect(parseTagVersion('debug')).toBeUndefined();
  });

  it('maps aws-for-fluent-bit releases to the Fluent Bit they ship (upstream CHANGELOG)', () => {
    expect(v(awsForFluentBitVersion('2.5.0'))).toBe('1.5.0');
    expect(v(awsForFluentBitVersion('2.10.0'))).toBe('1.6.8');
    expect(v(awsForFluentBitVersion('2.17.0'))).toBe('1.8.1');
    expect(v(awsForFluentBitVersion('2.31.12'))).toBe('1.9.10');
    expect(v(awsForFluentBitVersion('2.32.5.20250626'))).toBe('1.9.10');
    expect(v(awsForFluentBitVersion('debug-2.31.8'))).toBe('1.9.10');
    expect(v(awsForFluentBitVersion('init-2.23.4'))).toBe('1.8.13');
    expect(v(awsForFluentBitVersion('3.0.1'))).toBe('4.0');
    expect(v(awsForFluentBitVersion('1.3.2'))).toBe('1.3.2'); // before 2.0.0 the tag was the Fluent Bit version
    expect(awsForFluentBitVersion('stable')).toBeUndefined();
  });

  it('unknown for latest, digest-only, and images that tag their own versions', () => {
    expect(imageVersion(parseImageRef('fluent/fluent-bit:latest')).version).toBeUndefined();
    expect(imageVersion(parseImageRef('fluent/fluent-bit@sha256:abc')).note).toMatch(/pinned by digest only/);
    expect(imageVersion(parseImageRef('grafana/fluent-bit-plugin-loki:2.1.0-amd64')).version).toBeUndefined();
    expect(v(imageVersion(parseImageRef('ghcr.io/fluent/fluent-operator/fluent-bit:5.1.1')).version)).toBe('5.1.1');
    expect(v(imageVersion(parseImageRef('amazon/aws-for-fluent-bit:2.5.0')).version)).toBe('1.5.0');
  });

  it('a stated version is X.Y or X.Y.Z', () => {
    expect(v(parseStatedVersion('1.9'))).toBe('1.9');
    expect(v(parseStatedVersion('v2.2.3'))).toBe('2.2.3');
    for (const bad of ['1', 'latest', '1.9.x', '1.9.3.4', '']) expect(parseStatedVersion(bad), bad).toBeUndefined();
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConvertSetupResult } from '../../../src/convert/convert-setup.js';

/** ../shared/conformance beside the checkout, read in place. */
export const CONFORMANCE_DIR = resolve(process.cwd(), '../shared/conformance');

export function readJsonl<T>(name: string): T[] {
  const path = resolve(CONFORMANCE_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} not found: check out ../shared beside this repo`);
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}

export interface StoredFingerprint {
  service: { flush: string; daemon: string; log_level: string };
  inputs: { plugin: string; tag?: string; mem_buf_limit?: string; properties: [string, string][] }[];
  filters: { plugin: string; match?: string; properties: [string, string][] }[];
  outputs: { plugin: string; match?: string; properties: [string, string][] }[];
}

export interface FingerprintCase {
  id: string;
  kind: string;
  main: string;
  files: Record<string, string>;
  env?: Record<string, string>;
  fluentbit: { verdict: 'accept'; fingerprint: StoredFingerprint };
}

export interface Probe {
  id: string;
  desc: string;
  main: string;
  files: Record<string, string>;
  encoding?: Record<string, string>;
  env?: Record<string, string>;
  fluentbit: { verdict: 'accept' | 'reject'; message?: string; fingerprint?: StoredFingerprint | null; report_error?: string };
  classic?: {
    main: string;
    files: Record<string, string>;
    fluentbit: { verdict: 'accept' | 'reject'; fingerprint?: StoredFingerprint | null };
    same_fingerprint: boolean;
  };
}

/** The files of a setup after a conversion: converted files replaced, inlined ones removed. */
export function applyConversion(files: Readonly<Record<string, string>>, result: ConvertSetupResult): Record<string, string> {
  const out: Record<string, string> = { ...files };
  for (const f of result.files) {
    delete out[f.from];
    out[f.to] = f.text;
  }
  for (const r of result.removed) delete out[r];
  return out;
}

export function mainAfter(main: string, result: ConvertSetupResult): string {
  return result.renames.find((r) => r.from === main)?.to ?? main;
}

function canon(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canon);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canon(v)]));
  return x;
}

/** Path and values of the first difference between two JSON-like values, or null. */
export function firstDifference(got: unknown, want: unknown, path = ''): string | null {
  const a = JSON.stringify(canon(got));
  const b = JSON.stringify(canon(want));
  if (a === b) return null;
  if (got && want && typeof got === 'object' && typeof want === 'object') {
    const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
    for (const k of keys) {
      const d = firstDifference((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || '(root)'}: got ${a?.slice(0, 200)}, want ${b?.slice(0, 200)}`;
}

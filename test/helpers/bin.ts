import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built CLI as users run it: the file package.json `bin` names (the
 * esbuild bundle, scripts/build-cli.mjs), absolute. Tests that spawn the CLI
 * use this, so a `bin` that moves is what they test.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
export const BIN_RELATIVE = PKG.bin['flb-migrate'] ?? 'missing bin entry in package.json';
export const BIN = join(ROOT, BIN_RELATIVE);

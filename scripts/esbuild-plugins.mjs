/**
 * esbuild plugins shared by the two bundles of `npm run build`:
 * scripts/build-cli.mjs (dist/bin/flb-migrate.js, the CLI) and
 * scripts/build-codemod-cjs.mjs (dist/codemod.cjs, the jscodeshift codemod).
 * Both bundle the tsc output in dist/, so the filters match dist/ paths.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Chevrotain's single-file ESM bundle (lib/chevrotain.mjs): what dist/grammar/chevrotain.js loads at run time. */
export const chevrotainBundle = join(dirname(require.resolve('chevrotain')), '..', 'chevrotain.mjs');
const LOADER_CALL = 'const chevrotain = load();';

/**
 * dist/grammar/chevrotain.js finds Chevrotain's bundle at run time (a
 * synchronous require() next to the package entry). A bundle inlines it
 * instead: the run-time loader is replaced by a static import of the same
 * file. Fails the build if the loader changed shape.
 */
export const staticChevrotain = {
  name: 'static-chevrotain',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]grammar[\\/]chevrotain\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(LOADER_CALL)) throw new Error(`${args.path}: '${LOADER_CALL}' not found; update scripts/esbuild-plugins.mjs`);
      const contents = source
        .replace(/^function load\(\)[\s\S]*?^}\n/m, '')
        .replace(LOADER_CALL, `import * as chevrotain from ${JSON.stringify(chevrotainBundle)};`)
        .replace(/^import \{ createRequire \}.*\n|^import \{ dirname, join \}.*\n/gm, '');
      if (/createRequire\(|import\.meta/.test(contents)) throw new Error(`${args.path}: the run-time loader was not fully replaced; update scripts/esbuild-plugins.mjs`);
      return { contents, loader: 'js' };
    });
  },
};

/** A dependency's package.json, found above its entry (its `exports` may hide `./package.json`). */
export function packageJson(name) {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === name) return pkg;
    }
  }
  throw new Error(`package.json of ${name} not found`);
}

/** `name version (license)` of each bundled dependency, for a bundle's banner. */
export function bundledPackages(names) {
  return names.map((name) => { const p = packageJson(name); return `${p.name} ${p.version} (${p.license})`; }).join(', ');
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A regular expression written in src/: a literal, or a `new RegExp(...)` built at run time. */
export interface RegexSite {
  /** `src/...ts:line`. */
  readonly where: string;
  readonly kind: 'literal' | 'constructed';
  /** Pattern source (literals only). */
  readonly source: string;
  readonly flags: string;
  /** The code as written (constructed: the call expression). */
  readonly text: string;
}

/** Walks `root` (a directory) for `.ts` files, in name order. */
function walkTs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(root);
  return out;
}

/**
 * Every regular expression in `srcDir`, found with the TypeScript parser
 * (so regexes in strings/comments are not miscounted, and a `/` division is
 * never mistaken for one).
 */
export function findRegexSites(srcDir: string, cwd: string): RegexSite[] {
  const sites: RegexSite[] = [];
  for (const file of walkTs(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node): string => `${relative(cwd, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const lit = node.getText(sf);
        const end = lit.lastIndexOf('/');
        sites.push({ where: where(node), kind: 'literal', source: lit.slice(1, end), flags: lit.slice(end + 1), text: lit });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        sites.push({ where: where(node), kind: 'constructed', source: '', flags: '', text: node.getText(sf) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}

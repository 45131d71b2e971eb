import * as path from 'node:path';

/**
 * How a file is named in the `--- a/...` / `+++ b/...` headers of a diff,
 * so the patch applies from the current directory with `git apply` or
 * `patch -p1`:
 * - a file under the current directory: its relative path (`./x` -> `x`);
 * - anywhere else (`../x`, `/etc/x`): its absolute path without the leading
 *   `/`, as `git diff --no-index` names absolute paths. Never `a/../x`,
 *   which git apply and patch refuse.
 * Findings and `would change:` lines keep the user's spelling.
 */
export function diffLabel(cwd: string, file: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const label = inside ? relative : absolute.replace(/^[A-Za-z]:/, '').replace(/^[\\/]+/, '');
  return label.split(path.sep).join('/');
}

/**
 * A header name as git writes it: C-quoted (`"a/tab\there"`) when it holds a
 * control character, `"`, `\` or non-ASCII (git's default core.quotePath);
 * otherwise as is, followed by a TAB when it contains a space, so that
 * `patch` does not cut the name at the space.
 */
export function gitHeaderName(prefixed: string): string {
  if (/[\u0000-\u001f"\\\u007f]|[^\u0000-\u007f]/.test(prefixed)) return `"${cQuote(prefixed)}"`;
  return prefixed.includes(' ') ? `${prefixed}\t` : prefixed;
}

const C_ESCAPES: Readonly<Record<string, string>> = { '\u0007': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\u000b': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

function cQuote(s: string): string {
  let out = '';
  for (const ch of s) {
    const escape = C_ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (ch < ' ' || ch === '\u007f' || ch > '\u007f') {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\${byte.toString(8).padStart(3, '0')}`;
    } else out += ch;
  }
  return out;
}

/**
 * Replaces the file names of a diff's header (everything before the first
 * `@@`): `---`/`+++` lines, and for a rename (`newLabel`) or a removal the
 * `diff --git` and `rename from`/`rename to` lines; `/dev/null` stays.
 */
export function relabelDiff(diff: string, label: string, newLabel: string = label): string {
  if (diff === '') return diff;
  // Only the header changes: the hunks are kept as they are, not split into lines and joined again (a 10 MB
  // config's --to-yaml diff made ~600k strings and one more copy of the diff at the end of the run; issue #14).
  if (diff.startsWith('@@')) return diff;
  const hunks = diff.indexOf('\n@@');
  if (hunks < 0) return relabelHeader(diff, label, newLabel);
  const head = diff.slice(0, hunks);
  const relabelled = relabelHeader(head, label, newLabel);
  // A header that already names the file so: the diff itself, not a rope of a header and the hunks, which the
  // stdout write would flatten into one more copy of a big diff (toyamlbig).
  return relabelled === head ? diff : relabelled + diff.slice(hunks);
}

function relabelHeader(diff: string, label: string, newLabel: string): string {
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length && !(lines[i] ?? '').startsWith('@@'); i++) {
    const line = lines[i] ?? '';
    if (line === '+++ /dev/null') continue;
    if (line.startsWith('--- ')) lines[i] = `--- ${gitHeaderName(`a/${label}`)}`;
    else if (line.startsWith('+++ ')) lines[i] = `+++ ${gitHeaderName(`b/${newLabel}`)}`;
    else if (line.startsWith('diff --git ')) lines[i] = `diff --git ${gitHeaderName(`a/${label}`).trimEnd()} ${gitHeaderName(`b/${newLabel}`).trimEnd()}`;
    else if (line.startsWith('rename from ')) lines[i] = `rename from ${label}`;
    else if (line.startsWith('rename to ')) lines[i] = `rename to ${newLabel}`;
  }
  return lines.join('\n');
}

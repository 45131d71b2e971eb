/*
 * What a Dockerfile (or Containerfile) copies from its build context into
 * an image: the sources of its COPY and ADD instructions. A team that bakes
 * its Fluent Bit config into its own image names the file there (`COPY
 * fluent-bit.conf /fluent-bit/etc/`), so renaming the file (--to-yaml)
 * breaks the image build. Text only, linear, never throws.
 *
 * The instruction syntax (Dockerfile reference, "COPY", "ADD", "Parser
 * directives"): an instruction is a line whose first word is its name
 * (case-insensitive); a line ending with the escape character (`\`, or the
 * one an `# escape=` directive names) goes on on the next line; a line
 * starting with `#` is a comment (also inside a continued instruction).
 * `COPY [--chown=..] [--chmod=..] [--link] [--parents] [--exclude=..]
 * <src>... <dest>` or the JSON form `COPY ["<src>", ..., "<dest>"]`; ADD
 * alike (`--checksum=`, `--keep-git-dir=`); `--from=<stage|image>` copies
 * from another image, not from the context. Sources may hold Go
 * filepath.Match wildcards (`*`, `?`, `[...]`). Heredoc sources (`COPY
 * <<EOF`) name no context file.
 */

/** One COPY or ADD instruction's sources from the build context, with the instruction's offsets. */
export interface DockerfileCopy {
  readonly sources: readonly string[];
  readonly start: number;
  readonly end: number;
}

export { isDockerfilePath } from '../source/dockerfile-name.js';

/** The escape character of a Dockerfile: `# escape=` among the parser directives at its top, else `\`. */
function escapeOf(lines: readonly string[]): string {
  for (const line of lines) {
    const text = line.trim();
    const eq = text.indexOf('=');
    if (!text.startsWith('#') || eq < 0) return '\\';
    const key = text.slice(1, eq).trim();
    if (!/^[a-z]+$/i.test(key)) return '\\';
    const value = text.slice(eq + 1).trim();
    if (key.toLowerCase() === 'escape' && (value === '`' || value === '\\')) return value;
  }
  return '\\';
}

/** Every COPY/ADD of the build context in a Dockerfile's text, in order. */
export function dockerfileCopies(text: string): DockerfileCopy[] {
  const lines = text.split('\n');
  const escape = escapeOf(lines);
  const out: DockerfileCopy[] = [];
  let offset = 0;
  let i = 0;
  while (i < lines.length) {
    const start = offset;
    let instruction = '';
    // Join the instruction's lines: a line ending with the escape character goes on (comment lines inside are dropped).
    for (;;) {
      const raw = (lines[i] as string).replace(/\r$/, '');
      offset += (lines[i] as string).length + 1;
      i++;
      // A comment line (a parser directive too): on its own it is no instruction; inside a continued one it is dropped.
      if (/^\s*#/.test(raw)) {
        if (instruction === '' || i >= lines.length) break;
        continue;
      }
      const trimmed = raw.trimEnd();
      const continued = trimmed.endsWith(escape) && i < lines.length;
      instruction += `${continued ? trimmed.slice(0, -1) : trimmed} `;
      if (!continued) break;
    }
    const copy = copySources(instruction);
    if (copy) out.push({ sources: copy, start, end: Math.min(offset - 1, text.length) });
  }
  return out;
}

/** The context sources of one joined instruction, when it is a COPY or ADD of the context. */
function copySources(instruction: string): string[] | undefined {
  const text = instruction.trimStart();
  const m = /^(?:copy|add)\s/i.exec(text);
  if (!m) return undefined;
  let rest = text.slice(m[0].length).trim();
  // Flags first: --from copies from another image or stage; the others do not change what the sources name.
  for (;;) {
    const flag = /^--([a-z-]+)(?:=(\S*))?\s*/i.exec(rest);
    if (!flag) break;
    if ((flag[1] as string).toLowerCase() === 'from') return undefined;
    rest = rest.slice(flag[0].length);
  }
  let words: string[];
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) return undefined;
      words = parsed as string[];
    } catch {
      return undefined;
    }
  } else {
    words = rest.split(/\s+/).filter((w) => w !== '');
  }
  if (words.length < 2 || words.some((w) => w.startsWith('<<'))) return undefined;
  return words.slice(0, -1).filter((w) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(w)); // ADD of a URL names no context file
}

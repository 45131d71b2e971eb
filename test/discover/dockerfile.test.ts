import { describe, expect, it } from 'vitest';
import { dockerfileCopies, isDockerfilePath } from '../../src/discover/dockerfile.js';

const sources = (text: string): string[][] => dockerfileCopies(text).map((c) => [...c.sources]);

describe('dockerfileCopies', () => {
  it('reads COPY and ADD sources, shell and JSON forms, flags and continued lines', () => {
    expect(sources('FROM x\nCOPY a.conf b.conf /etc/\nadd ["c d.conf", "/etc/"]\n')).toEqual([['a.conf', 'b.conf'], ['c d.conf']]);
    expect(sources('COPY --chown=1:1 --chmod=644 --link conf/ /fluent-bit/etc/\n')).toEqual([['conf/']]);
    // a comment line inside a continued instruction is dropped; CRLF line ends
    expect(sources('COPY a.conf \\\r\n# note\r\n     b.conf \\\r\n     /etc/\r\nCMD x\r\n')).toEqual([['a.conf', 'b.conf']]);
    // the escape directive (Windows images)
    expect(sources('# escape=`\nCOPY a.conf `\n  C:\\\\etc\\\\\n')).toEqual([['a.conf']]);
  });

  it('leaves out what names no context file', () => {
    expect(sources('COPY --from=build /out/a.conf /etc/\n')).toEqual([]);
    expect(sources('ADD https://example.com/a.conf /etc/\n')).toEqual([[]]);
    expect(sources('COPY <<EOF /etc/a.conf\n[INPUT]\nEOF\n')).toEqual([]);
    expect(sources('COPY onlyone\nRUN cp a.conf /etc\n')).toEqual([]);
    expect(sources('COPY ["a", 1]\nCOPY [broken\n')).toEqual([]);
  });

  it('gives each instruction its first line', () => {
    const [copy] = dockerfileCopies('FROM x\n\nCOPY a \\\n b /c\n');
    expect(copy?.start).toBe(8);
  });
});

describe('isDockerfilePath', () => {
  it('takes Dockerfile and Containerfile names, with a suffix or as an extension', () => {
    for (const p of ['Dockerfile', 'x/dockerfile', 'Containerfile', 'a/Dockerfile.prod', 'fb.Dockerfile', 'C:\\img\\Dockerfile']) expect(isDockerfilePath(p), p).toBe(true);
    for (const p of ['Dockerfiles', 'dockerfile-notes.txt', 'docker-compose.yml', 'x.dockerfile.txt']) expect(isDockerfilePath(p), p).toBe(false);
  });
});

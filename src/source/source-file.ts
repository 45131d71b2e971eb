/**
 * The only input the library accepts: a path (used for reporting and for
 * choosing how to read the text) and the file's full text. The library never
 * touches the filesystem; the CLI builds these.
 */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

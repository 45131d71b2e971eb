export function readGenerated(text: string, name: string): string | undefined;
export function replaceGenerated(text: string, name: string, body: string): string;

/** dist/<name>.js from each source file. */
export const DAEMON_ENTRIES: Record<string, string>;
/** Builds dist/ under root (the project by default); unchanged files are left as they are. */
export function buildDaemons(root?: string): Promise<void>;
/** vitest globalSetup. */
export function setup(): Promise<void>;

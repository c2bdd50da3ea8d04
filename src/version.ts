/** repro-check's version, as printed by `--version` and written into reports (a test keeps it equal to package.json). */
export const VERSION = '0.1.0';

/**
 * Imports every function family so that each registers itself. Add one line per family file.
 */
export {};

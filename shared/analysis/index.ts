export * from './documents.ts';
export * from './codeSelection.ts';
export * from './segments.ts';
export * from './cooccurrence.ts';
export * from './matrix.ts';
export * from './schemas.ts';

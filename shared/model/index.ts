export * from './codePoints.ts';
export * from './codebook.ts';
export * from './text.ts';
export * from './layer.ts';
export * from './anchors.ts';
export * from './codedDocument.ts';
export * from './review.ts';

export * from './model';
export * from './topics';
export * from './decoders/decode-result';
export * from './decoders/decode-context';
export * from './decoders';
export * from './sites/sites-model';
export * from './sites';
export * from './gb26875';

/**
 * Jest transform for the few ESM-only packages otplib v13 depends on (@scure/base, @noble/hashes).
 * Node 20.19+ loads them from CommonJS by itself (require of ESM), but Jest's module registry does not,
 * so tests compile them to CommonJS with TypeScript's transpiler. Nothing outside Jest uses this.
 */
const { createHash } = require('node:crypto');
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true },
    });
    return { code: out.outputText };
  },
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update('esm-packages-transform-v1\0')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
};

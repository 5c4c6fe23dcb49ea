/**
 * The `adaptivecards` package's "main" is an ES-module build that CommonJS (and jest) cannot load,
 * so this loads its UMD bundle and gives it the package's own types.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

// Preloaded into a bot process by test/reliability/fatal-errors.test.ts: on SIGUSR2 it raises an error nobody
// handles, an uncaught exception, or an unhandled rejection when FAULT_KIND=rejection.
'use strict';
process.on('SIGUSR2', () => {
  setImmediate(() => {
    if (process.env.FAULT_KIND === 'rejection')
      void Promise.reject(new Error('test fault: unhandled rejection'));
    else throw new Error('test fault: uncaught exception');
  });
});

import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The turn-throughput baseline: a bare botbuilder echo bot on the same stack as ours (restify 11 with its
 * JSON body parser, CloudAdapter with authentication off), answering every message with its text.
 */
export async function startEchoBot(host = '127.0.0.1'): Promise<RunningServer> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'echo-baseline', handleUncaughtExceptions: false });
  server.post(
    '/api/messages',
    restify.plugins.jsonBodyParser({ mapParams: false }),
    async (req: Request, res: Response) => {
      await adapter.process(req, res, async (turn) => {
        if (turn.activity.type === 'message') await turn.sendActivity(`You said: ${turn.activity.text}`);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address();
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

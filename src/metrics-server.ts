import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

const HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

export interface MetricsServer {
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text) on its own port, bound to METRICS_HOST (127.0.0.1 by default), so the
 * operator endpoint is never on the public port that carries /api/messages. Anything else gets 404.
 */
export function createMetricsServer(metrics: Metrics, logger: Logger): MetricsServer {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    // Not res.writeHead(...).end(): restify patches http.ServerResponse#writeHead, and its version returns nothing.
    const send = (status: number, type: string, body: string): void => {
      res.statusCode = status;
      for (const [name, value] of Object.entries({ ...HEADERS, 'Content-Type': type }))
        res.setHeader(name, value);
      res.end(body);
    };
    if (req.method !== 'GET' || path !== '/metrics') {
      send(404, 'text/plain', 'Not found\n');
      return;
    }
    metrics.text().then(
      (text) => send(200, metrics.contentType(), text),
      (err: unknown) => {
        logger.error({ err }, 'metrics could not be collected');
        send(500, 'text/plain', '');
      },
    );
  });
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The GRAPH_* settings that point the bot at a Graph stub on 127.0.0.1 (its token endpoint too), with the
 * directory sync off; spread them into a test's settings and add what the test needs.
 */
export function graphStubEnv(
  baseUrl: string,
  ids: { tenantId: string; clientId: string },
): Record<string, string> {
  return {
    GRAPH_TENANT_ID: ids.tenantId,
    GRAPH_CLIENT_ID: ids.clientId,
    GRAPH_CLIENT_SECRET: 'stub-secret',
    GRAPH_BASE_URL: baseUrl,
    GRAPH_AUTHORITY_HOST: baseUrl,
    GRAPH_SYNC_INTERVAL_MINUTES: '0',
  };
}

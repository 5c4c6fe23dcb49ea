/** One answer of the Graph stub, before it is written to the socket. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Graph's error shape: `{ error: { code, message } }` (the stub adds innerError with the request ids). */
export function graphError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

export function notFound(what: string): Reply {
  return graphError(404, 'Request_ResourceNotFound', `Resource '${what}' does not exist (stub).`);
}

export function badRequest(message: string, code = 'badRequest'): Reply {
  return graphError(400, code, message);
}

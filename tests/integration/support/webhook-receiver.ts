import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { method: string; path: string; headers: IncomingHttpHeaders; body: string };

/** A local HTTP server that records every request and answers with `reply` (status and body, changeable). */
export async function startReceiver(): Promise<{
  url: string;
  port: number;
  received: Received[];
  reply: { status: number; body: string; headers?: Record<string, string> };
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: "{}" };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(reply.status, { "content-type": "application/json", ...(reply.headers ?? {}) });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    reply,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers as the `standardwebhooks` package's verify() wants them. */
export function signatureHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    "webhook-id": String(headers["webhook-id"] ?? ""),
    "webhook-timestamp": String(headers["webhook-timestamp"] ?? ""),
    "webhook-signature": String(headers["webhook-signature"] ?? ""),
  };
}

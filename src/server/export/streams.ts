import "server-only";
import type { Readable, Writable } from "node:stream";

/**
 * A web ReadableStream (what a route handler returns) reading a Node stream one chunk per pull, so the
 * HTTP client's pace is what pulls rows out of the database. Cancelling it destroys the Node stream.
 */
export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  const iterator: AsyncIterator<unknown> = source[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else if (value instanceof Uint8Array) controller.enqueue(value);
          else if (typeof value === "string") controller.enqueue(encoder.encode(value));
          else throw new TypeError("the export stream produced a chunk that is not bytes");
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        source.destroy();
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Resolves when `stream` wants more data ('drain'), or when it is closed or failed (then the writer stops). */
export function drained(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}

// Core events to the browser over Server-Sent Events. Events only flow from
// host to page (progress, library changed), which is exactly what SSE does;
// the browser's EventSource reconnects by itself, and it needs no extra
// protocol or dependency the way a WebSocket would.
import type { ServerResponse } from 'node:http';
import type { CoreEvent } from '../../shared/api.ts';

const HEARTBEAT_MS = 25_000;

export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps idle connections from being cut by proxies or OS timeouts.
    this.heartbeat = setInterval(() => this.writeAll(': ping\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Turns the response into an event stream; it stays open until the client leaves or close(). */
  attach(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  publish(event: CoreEvent): void {
    this.writeAll(`data: ${JSON.stringify(event)}\n\n`);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private writeAll(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}

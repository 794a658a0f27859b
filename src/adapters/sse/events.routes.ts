import { z } from 'zod';
import type { Store } from '../../store/database.ts';
import { defineRoute } from '../http/route.ts';
import { canSeeNotice, EventHub } from './event-hub.ts';

const hubs = new WeakMap<Store, EventHub>();

/** One hub per store (per process): a single LISTEN shared by every open stream. */
export async function eventHubFor(store: Store): Promise<EventHub> {
  let hub = hubs.get(store);
  if (!hub) {
    hub = new EventHub(store);
    hubs.set(store, hub);
  }
  await hub.start();
  return hub;
}

/** Ends every open stream of this store's hub (call before closing the server). */
export async function stopEventHub(store: Store): Promise<void> {
  await hubs.get(store)?.stop();
  hubs.delete(store);
}

const HEARTBEAT_MS = 15_000;

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/events',
    operationId: 'streamEvents',
    summary: 'Server-Sent Events: every committed change the caller may see (event: type, data: ids)',
    tags: ['live'],
    auth: 'viewer',
    query: z.strictObject({}),
    responses: {
      200: { description: 'An event stream', contentType: 'text/event-stream', schema: z.string() },
    },
    async handler(ctx) {
      const hub = await eventHubFor(ctx.deps.store);
      const { raw } = ctx.reply;
      ctx.reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(': connected\n\n');
      // Deliveries are chained so events reach this stream in commit order.
      let queue = Promise.resolve();
      const unsubscribe = hub.subscribe((notice) => {
        queue = queue.then(async () => {
          if (!(await canSeeNotice(ctx.deps.store.db, ctx.actor, notice))) return;
          raw.write(`id: ${notice.eventId}\nevent: ${notice.type}\ndata: ${JSON.stringify(notice)}\n\n`);
        }).catch(() => undefined);
      }, () => raw.end());
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      ctx.request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  }),
];

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The built web app (web/dist, made by Vite) served by the same server: files under `/assets/`
 * have content hashes in their names and are cached for a year (`immutable`); every other GET
 * that is not an API, Slack, webhook or health path answers `index.html` (no-cache), so client
 * routes such as `/incidents/12` survive a reload. The API's own 404s are untouched.
 */

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map', '.txt']);

const RESERVED = [/^\/api(\/|$)/, /^\/slack(\/|$)/, /^\/healthz$/, /^\/v2(\/|$)/];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Headers that keep the HTML page from being framed or sniffed, and scripts to our own origin. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

export interface WebApp {
  /** Answers the request if it is for the web app; false when it is not (the caller answers 404). */
  serve(request: FastifyRequest, reply: FastifyReply): boolean;
}

/** The web app in `root` (a Vite build with index.html), or undefined when it has not been built. */
export function loadWebApp(root: string): WebApp | undefined {
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const cache = new Map<string, { plain: Buffer; gzip: Buffer | undefined }>();
  const read = (path: string) => {
    const cached = cache.get(path);
    if (cached) return cached;
    try {
      if (!statSync(path).isFile()) return undefined;
      const plain = readFileSync(path);
      const entry = { plain, gzip: COMPRESSIBLE.has(extname(path)) ? gzipSync(plain, { level: 9 }) : undefined };
      cache.set(path, entry);
      return entry;
    } catch {
      return undefined;
    }
  };
  /** Sends a file, gzipped (compressed once, then from memory) when the browser takes gzip. */
  const send = (request: FastifyRequest, reply: FastifyReply, entry: { plain: Buffer; gzip: Buffer | undefined }) => {
    const accepts = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (entry.gzip) reply.header('vary', 'accept-encoding');
    if (entry.gzip && accepts) void reply.header('content-encoding', 'gzip').send(entry.gzip);
    else void reply.send(entry.plain);
  };
  return {
    serve(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const path = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/%(?![0-9a-f]{2})/gi, '%25'));
      if (RESERVED.some((pattern) => pattern.test(path))) return false;
      const file = normalize(join(root, path));
      const isInside = file.startsWith(root.endsWith(sep) ? root : root + sep);
      if (isInside && extname(file) !== '' && !file.endsWith('index.html')) {
        const content = read(file);
        if (content) {
          const immutable = path.startsWith('/assets/');
          reply
            .code(200)
            .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
          send(request, reply, content);
          return true;
        }
        if (path.startsWith('/assets/')) return false;
      }
      const index = read(indexPath);
      if (!index) return false;
      reply.code(200).headers({ ...PAGE_HEADERS, 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
      send(request, reply, index);
      return true;
    },
  };
}

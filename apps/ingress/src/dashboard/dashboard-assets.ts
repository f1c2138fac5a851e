import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { contentType } from 'mime-types';

/** One built file, held in memory with everything its answer needs, computed once at start. */
export interface DashboardAsset {
  readonly path: string;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly brotli?: Buffer;
}

/** What the page needs to know about this ingress, written into index.html (never a secret). */
export interface DashboardPageSettings {
  /** Base of webhook URLs (`BATON_PUBLIC_URL`). */
  readonly publicUrl: string;
  /** `BATON_TRACE_URL`, or null when there is no tracing UI to link to. */
  readonly traceUrl: string | null;
}

/** Vite names what it emits under assets/ by content hash: a new build is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and anything not hashed) is revalidated every time, so a new build shows at once. */
const REVALIDATE = 'no-cache';
const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg)/;
const COMPRESS_FROM_BYTES = 1024;
const CONFIG_PLACEHOLDER = '<!--baton-config-->';

/**
 * The built dashboard (dist/apps/dashboard) read into memory at start: a few hundred KiB that never
 * change while the process runs, so a request is a map lookup and never touches the file system
 * (no path is ever joined from a URL).
 */
export class DashboardAssets {
  private constructor(
    private readonly assets: ReadonlyMap<string, DashboardAsset>,
    readonly built: boolean,
  ) {}

  static load(dir: string, settings: DashboardPageSettings): DashboardAssets {
    const index = join(dir, 'index.html');
    if (!existsSync(index)) return new DashboardAssets(new Map(), false);
    const assets = new Map<string, DashboardAsset>();
    for (const file of filesUnder(dir)) {
      const path = `/${relative(dir, file).split(sep).join('/')}`;
      const raw = readFileSync(file);
      const body = path === '/index.html' ? withSettings(raw, settings) : raw;
      assets.set(path, asset(path, body));
    }
    return new DashboardAssets(assets, true);
  }

  /** A file by its URL path (`/assets/index-abc.js`), if the build has it. */
  file(path: string): DashboardAsset | undefined {
    return this.assets.get(path);
  }

  /** The page every client route answers with. */
  page(): DashboardAsset | undefined {
    return this.assets.get('/index.html');
  }
}

function asset(path: string, body: Buffer): DashboardAsset {
  const type = contentType(extname(path)) || 'application/octet-stream';
  const compress = COMPRESSIBLE.test(type) && body.length >= COMPRESS_FROM_BYTES;
  return {
    path,
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl: path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    body,
    ...(compress
      ? {
          gzip: gzipSync(body, { level: 9 }),
          brotli: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        }
      : {}),
  };
}

/**
 * The settings travel as a JSON data block (not a script that runs), with `<` escaped so no value
 * can close the element.
 */
function withSettings(html: Buffer, settings: DashboardPageSettings): Buffer {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  const block = `<script id="baton-settings" type="application/json">${json}</script>`;
  return Buffer.from(html.toString('utf8').replace(CONFIG_PLACEHOLDER, block), 'utf8');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

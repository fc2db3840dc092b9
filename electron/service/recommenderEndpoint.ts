/**
 * The project's external recommender (issue 13, item 3; off by default): an HTTP endpoint on this
 * machine — a team's own spaCy or transformer model — answering `POST {text, lang, schema,
 * offsets: "codepoints"}` with `[{start, end, type, score}]` in code points. Its suggestions have
 * the source `endpoint` and its own score.
 *
 * Only loopback hosts (127.0.0.1, [::1], localhost, whose address must resolve to loopback) are
 * called: the request carries the document's whole text, and Qalam promises a corpus that never
 * leaves the machine. Redirects are not followed (they could lead elsewhere), answers over 16 MB
 * are cut off, and each call has the project's timeout. The answer is read strictly by
 * annotations/suggest/endpoint.ts: each item refused is reported with its reason.
 *
 * Off the critical path: `forDocument` answers at once with what the endpoint last answered for
 * the document (`pending` while a request is out) and starts the request, asynchronous, when
 * there is none for the document's text, language, schema and URL (the key of the cache: the
 * request does not depend on the annotations, so tagging never asks again; what is already
 * tagged or rejected is left out when the list is read). A failed answer is asked again after
 * RETRY_MS, or at once when the settings are saved again (the panel's Try again).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { DocumentRecord, Schema } from '../../annotations/model';
import { OffsetMap } from '../../annotations/text';
import { readEndpointAnswer, type EndpointRefusal, type EndpointRequest } from '../../annotations/suggest/endpoint';
import type { Suggestion } from '../../annotations/suggest/occurrences';
import type { EndpointSettings, EndpointStatus } from '../suggestionsContract';
import type { Args, Ret } from '../contract';
import type { Store } from '../store';
import { ServiceError } from './errors';

export const DEFAULT_ENDPOINT: EndpointSettings = { url: '', enabled: false, timeoutMs: 5000 };
/** An answer larger than this is cut off (a whole 1 MB document's entities are far less). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** A failed answer is asked for again after this long (when the document is listed). */
const RETRY_MS = 20_000;
/** Documents whose answers are kept. */
const CACHED_DOCUMENTS = 32;
/** Refusals listed per document (all are counted). */
const LISTED_REFUSALS = 100;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const WHY_LOOPBACK =
  'only a recommender on this machine (127.0.0.1, [::1] or localhost) may be called: it is sent the whole text of your documents, which must not leave this computer';

/** The endpoint's URL, checked: http(s), a loopback host, no credentials. Throws ServiceError('invalid-argument') saying why not. */
export function checkEndpointUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ServiceError('invalid-argument', `the recommender's URL ${JSON.stringify(text)} is not a URL (expected http://127.0.0.1:PORT/PATH)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServiceError('invalid-argument', `the recommender's URL must be http: or https:, not ${url.protocol} (${text})`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) {
    throw new ServiceError('invalid-argument', `the recommender's host ${url.hostname} is not on this machine: ${WHY_LOOPBACK}`);
  }
  if (url.username !== '' || url.password !== '') throw new ServiceError('invalid-argument', `the recommender's URL must not carry a user name or password (${url.host})`);
  return url;
}

function isLoopback(address: string): boolean {
  return isIP(address) === 4 ? address.startsWith('127.') : address === '::1' || address.toLowerCase() === '::ffff:127.0.0.1';
}

/** Name resolution that refuses any address off this machine (`localhost` could be mapped anywhere). */
const loopbackLookup = ((hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const ok = addresses.filter((a) => isLoopback(a.address));
    if (ok.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to ${addresses.map((a) => a.address).join(', ')}, not to this machine: ${WHY_LOOPBACK}`), { code: 'ENOTLOOPBACK' }), '', 0);
    if (options.all) return callback(null, ok);
    const first = ok[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}) as LookupFunction;

/**
 * POSTs `request` to `url` (checked by checkEndpointUrl) and answers the response's text;
 * rejects with an Error saying what went wrong (refused connection, timeout, HTTP status, a
 * redirect, too large, not UTF-8). Asynchronous throughout: nothing waits for it.
 */
export function askEndpoint(url: URL, request: EndpointRequest, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const body = JSON.stringify(request);
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (e: Error | null, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(value as string);
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), accept: 'application/json' },
      lookup: loopbackLookup,
      agent: false,
      ...(signal ? { signal } : {}),
    });
    const timer = setTimeout(() => {
      settle(new Error(`no answer from ${url.href} within ${timeoutMs} ms (the timeout)`));
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > MAX_ANSWER_BYTES) {
          settle(new Error(`${url.href} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: cut off`));
          req.destroy();
          return;
        }
        if (status >= 200 && status < 300) chunks.push(c);
        else if (bytes <= 300) chunks.push(c);
      });
      res.on('error', (e) => settle(new Error(`${url.href}: the answer broke off (${e.message})`)));
      res.on('end', () => {
        if (status >= 300 && status < 400) return settle(new Error(`${url.href} answered HTTP ${status} (a redirect${res.headers.location ? ` to ${res.headers.location}` : ''}): redirects are not followed`));
        if (status < 200 || status >= 300) {
          const said = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
          return settle(new Error(`${url.href} answered HTTP ${status}${said ? `: ${said}` : ''}`));
        }
        try {
          settle(null, new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
        } catch {
          settle(new Error(`${url.href} answered bytes that are not UTF-8`));
        }
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.name === 'AbortError') return settle(new Error('cancelled: the settings changed or the project closed'));
      if (e.code === 'ECONNREFUSED') return settle(new Error(`nothing answers at ${url.href} (connection refused): is the recommender running?`));
      if (e.code === 'ENOTLOOPBACK') return settle(e);
      settle(new Error(`cannot reach ${url.href}: ${e.code ?? e.message}`));
    });
    req.end(body);
  });
}

/** The entity types a recommender may suggest: the schema's concrete ones. */
export function endpointTypes(schema: Schema | null): string[] {
  return (schema?.entityTypes ?? []).filter((t) => !t.abstract).map((t) => t.name);
}

/** The request for a document. */
export function endpointRequest(doc: { text: string; lang: string }, types: string[]): EndpointRequest {
  return { text: doc.text, lang: doc.lang, schema: { entityTypes: types }, offsets: 'codepoints' };
}

/** Asks and reads: the suggestions that may be shown and the items refused (throws an Error when the whole answer is unusable). */
export async function suggestFromEndpoint(
  url: URL,
  doc: { id: string; text: string; lang: string },
  types: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ items: Suggestion[]; refused: EndpointRefusal[] }> {
  const body = await askEndpoint(url, endpointRequest(doc, types), timeoutMs, signal);
  const answer = readEndpointAnswer(body, doc.text, types);
  const map = new OffsetMap(doc.text);
  const items = answer.items.map((x): Suggestion => ({ docId: doc.id, start: x.start, end: x.end, type: x.type, text: map.slice(x.start, x.end), source: 'endpoint', score: x.score }));
  return { items, refused: answer.refused };
}

interface Entry {
  key: string;
  state: 'asking' | 'answered' | 'failed';
  items: Suggestion[];
  refused: EndpointRefusal[];
  error: string | null;
  at: number;
  abort: AbortController | null;
}

/** The external recommender of one open project: its settings and, per document, its last answer. */
export class EndpointRecommender {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly store: Store) {}

  handlers(): { [M in 'suggestions.endpoint' | 'suggestions.setEndpoint']: (a: Args<M>) => Ret<M> } {
    return {
      'suggestions.endpoint': () => this.settings(),
      'suggestions.setEndpoint': (a) => this.setSettings(a),
    };
  }

  /** The project's settings (a damaged value reads as the defaults: off). */
  settings(): EndpointSettings {
    const raw = this.store.getSetting('suggest_endpoint');
    if (raw === null) return { ...DEFAULT_ENDPOINT };
    try {
      const v = JSON.parse(raw) as Partial<EndpointSettings>;
      return {
        url: typeof v.url === 'string' ? v.url : '',
        enabled: v.enabled === true,
        timeoutMs: typeof v.timeoutMs === 'number' && v.timeoutMs >= 100 ? v.timeoutMs : DEFAULT_ENDPOINT.timeoutMs,
      };
    } catch {
      return { ...DEFAULT_ENDPOINT };
    }
  }

  setSettings(s: EndpointSettings): EndpointSettings {
    const url = s.url.trim();
    if (s.enabled && url === '') throw new ServiceError('invalid-argument', "give the recommender's URL (http://127.0.0.1:PORT/PATH) to switch it on");
    if (url !== '') checkEndpointUrl(url);
    this.forget();
    const value: EndpointSettings = { url, enabled: s.enabled, timeoutMs: s.timeoutMs };
    this.store.setSetting('suggest_endpoint', JSON.stringify(value));
    return value;
  }

  /** The URL suggestions come from now (for the provenance of an accepted one). */
  url(): string {
    return this.settings().url;
  }

  /**
   * The endpoint's suggestions for the document as last answered, and its state; starts the
   * request (asynchronous) when there is no answer for the document as it is now.
   */
  forDocument(doc: DocumentRecord): { items: Suggestion[]; status: EndpointStatus; pending: boolean } {
    const settings = this.settings();
    const none = { suggested: 0, refusedCount: 0, refused: [] };
    if (!settings.enabled || settings.url === '') return { items: [], status: { ...settings, state: 'off', ...none }, pending: false };
    let url: URL;
    try {
      url = checkEndpointUrl(settings.url);
    } catch (e) {
      return { items: [], status: { ...settings, state: 'failed', error: (e as Error).message, ...none }, pending: false };
    }
    const types = endpointTypes(this.store.currentSchema()?.schema ?? null);
    const key = `${url.href}|${doc.sha256}|${doc.lang}|${types.join(',')}`;
    let entry = this.entries.get(doc.id);
    if (!entry || entry.key !== key || (entry.state === 'failed' && Date.now() - entry.at >= RETRY_MS)) {
      entry?.abort?.abort();
      entry = this.ask(url, doc, types, key, settings.timeoutMs);
    }
    const status: EndpointStatus = {
      ...settings,
      state: entry.state,
      ...(entry.error !== null ? { error: entry.error } : {}),
      suggested: entry.items.length,
      refusedCount: entry.refused.length,
      refused: entry.refused.slice(0, LISTED_REFUSALS),
    };
    return { items: entry.items, status, pending: entry.state === 'asking' };
  }

  private ask(url: URL, doc: DocumentRecord, types: string[], key: string, timeoutMs: number): Entry {
    const abort = new AbortController();
    const entry: Entry = { key, state: 'asking', items: [], refused: [], error: null, at: Date.now(), abort };
    this.entries.delete(doc.id);
    this.entries.set(doc.id, entry);
    while (this.entries.size > CACHED_DOCUMENTS) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.get(oldest)?.abort?.abort();
      this.entries.delete(oldest);
    }
    suggestFromEndpoint(url, doc, types, timeoutMs, abort.signal).then(
      (r) => {
        entry.items = r.items;
        entry.refused = r.refused;
        entry.state = 'answered';
      },
      (e: unknown) => {
        entry.error = e instanceof Error ? e.message : String(e);
        entry.state = 'failed';
      },
    ).finally(() => {
      entry.at = Date.now();
      entry.abort = null;
    });
    return entry;
  }

  /** Forget every answer (and cancel the requests out). */
  forget(): void {
    for (const e of this.entries.values()) e.abort?.abort();
    this.entries.clear();
  }

  close(): void {
    this.forget();
  }
}

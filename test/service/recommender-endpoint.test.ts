/**
 * The external recommender (electron/service/recommenderEndpoint.ts) against a real HTTP server
 * in this process (node:http on 127.0.0.1): off by default, loopback only, suggestions with the
 * source `endpoint` merged into suggestions.list off the critical path, cached per document, the
 * recommender in the provenance of an accepted one, and hostile answers — not JSON, offsets out
 * of range, splitting a grapheme, UTF-16 offsets, HTTP errors, a redirect, a server slower than
 * the timeout — each reported, never in the way of annotating.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Result, SuggestionList } from '../../electron/contract';
import { initProject, openService, type QalamService } from '../../electron/service';
import { checkEndpointUrl } from '../../electron/service/recommenderEndpoint';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';
import { cpSpan, fail, itemsOf, until } from './project';

afterAll(removeTempDirs);

const A = 'הנשיא פוטין ביקר ברוסיה ובקזחסטן. שָׁלוֹם לכולם.';
// characters outside the BMP before the names: UTF-16 offsets drift from code points here
const E = '🇮🇱 הנשיא פוטין 😀 ביקר ברוסיה היום בבוקר.';

type Handler = (body: { text: string; lang: string; schema: { entityTypes: string[] }; offsets: string }, res: ServerResponse, req: IncomingMessage) => void;

let server: Server;
let base: string;
let handler: Handler = (_b, res) => res.end('[]');
let requests: { text: string; lang: string; schema: { entityTypes: string[] }; offsets: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Parameters<Handler>[0];
      requests.push(body);
      handler(body, res, req);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let dir: string;
let file: string;
let service: QalamService;
let a: string;
let e: string;

beforeEach(() => {
  dir = tempDir('qalam-endpoint-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/a.txt': A, 'in/e.txt': E });
  service = initProject(file, { name: 'Endpoint', now: fakeClock() });
  const report = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  a = report.imported.find((d) => d.name === 'a')?.id as string;
  e = report.imported.find((d) => d.name === 'e')?.id as string;
  service.call('session.setAnnotator', { name: 'dana' });
  requests = [];
  handler = (_b, res) => res.end('[]');
  return () => service.close();
});

/** The list once the endpoint has answered (or failed). */
function settled(docId: string): Promise<SuggestionList> {
  return until(() => {
    const l = service.call('suggestions.list', { docId });
    return l.endpoint.state !== 'asking' && !l.pending ? l : null;
  }, 'the endpoint', 50);
}

const json = (v: unknown) => (_b: unknown, res: ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(v));
};

describe('the external recommender', () => {
  it('is off by default and asks nothing', () => {
    expect(service.call('suggestions.endpoint', {})).toEqual({ url: '', enabled: false, timeoutMs: 5000 });
    const l = service.call('suggestions.list', { docId: a });
    expect(l.endpoint).toMatchObject({ state: 'off', suggested: 0, refusedCount: 0 });
    expect(requests).toHaveLength(0);
  });

  it('accepts only a URL on this machine, and says why', () => {
    for (const url of ['http://192.0.2.10:8000/suggest', 'http://example.org/ner', 'http://127.0.0.2:80/', 'http://[::2]:80/']) {
      const err = fail(service.dispatch('suggestions.setEndpoint', { url, enabled: true, timeoutMs: 1000 }) as Result<unknown>);
      expect(err.code).toBe('invalid-argument');
      expect(err.message).toMatch(/is not on this machine: only a recommender on this machine .* is sent the whole text of your documents, which must not leave this computer/);
    }
    expect(fail(service.dispatch('suggestions.setEndpoint', { url: 'ftp://127.0.0.1/x', enabled: true, timeoutMs: 1000 }) as Result<unknown>).message).toMatch(/must be http: or https:/);
    expect(fail(service.dispatch('suggestions.setEndpoint', { url: 'not a url', enabled: true, timeoutMs: 1000 }) as Result<unknown>).message).toMatch(/is not a URL/);
    expect(fail(service.dispatch('suggestions.setEndpoint', { url: '', enabled: true, timeoutMs: 1000 }) as Result<unknown>).message).toMatch(/give the recommender's URL/);
    expect(fail(service.dispatch('suggestions.setEndpoint', { url: 'http://u:p@127.0.0.1/', enabled: true, timeoutMs: 1000 }) as Result<unknown>).message).toMatch(/user name or password/);
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost:9/', 'http://[::1]:9/', 'https://LOCALHOST/']) expect(checkEndpointUrl(url).protocol).toMatch(/^https?:$/);
    // nothing was stored, nothing was asked
    expect(service.call('suggestions.endpoint', {}).enabled).toBe(false);
    expect(requests).toHaveLength(0);
  });

  it('sends the text, language and entity types; its suggestions are listed with source endpoint and score, cached per document', async () => {
    handler = json([
      { ...cpSpan(A, 'פוטין'), type: 'PER', score: 0.93 },
      { ...cpSpan(A, 'רוסיה'), type: 'GPE', score: 0.71 },
      { ...cpSpan(A, 'קזחסטן'), type: 'GPE', score: 0.4, text: 'קזחסטן' },
    ]);
    const settings = service.call('suggestions.setEndpoint', { url: `${base}/suggest`, enabled: true, timeoutMs: 5000 });
    expect(settings).toEqual({ url: `${base}/suggest`, enabled: true, timeoutMs: 5000 });
    // at once: asking, nothing waits for it
    const first = service.call('suggestions.list', { docId: a });
    expect(first.endpoint.state).toBe('asking');
    expect(first.pending).toBe(true);
    const l = await settled(a);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ text: A, lang: 'he', offsets: 'codepoints' });
    expect(requests[0]?.schema.entityTypes).toEqual(expect.arrayContaining(['PER', 'GPE', 'ORG']));
    expect(l.endpoint).toMatchObject({ state: 'answered', suggested: 3, refusedCount: 0, refused: [] });
    expect(itemsOf(l).map((x) => `${x.source}:${x.type}:${x.text}:${x.score}`)).toEqual(['endpoint:PER:פוטין:0.93', 'endpoint:GPE:רוסיה:0.71', 'endpoint:GPE:קזחסטן:0.4']);

    // accepted: the recommender (and its URL) in the provenance; tagging never asks again
    const r = service.call('suggestions.accept', { docId: a, ...cpSpan(A, 'פוטין'), type: 'PER', source: 'endpoint', score: 0.93 });
    expect(r.created[0]?.provenance).toEqual({ action: 'accepted', sources: [], at: expect.any(String), recommender: { source: 'endpoint', score: 0.93, type: 'PER', endpoint: `${base}/suggest` } });
    service.call('suggestions.reject', { docId: a, ...cpSpan(A, 'קזחסטן'), type: 'GPE', source: 'endpoint', score: 0.4 });
    const after = service.call('suggestions.list', { docId: a });
    expect(itemsOf(after).map((x) => x.text)).toEqual(['רוסיה']);
    expect(after.endpoint.state).toBe('answered');
    expect(requests).toHaveLength(1);
    // Accept all above a score takes the endpoint's too
    const all = service.call('suggestions.acceptAll', { docId: a, minScore: 0.7 });
    expect(all.created.map((m) => m.provenance?.recommender?.source)).toEqual(['endpoint']);

    // kept in the project; saving again forgets the answers (Try again)
    service.close();
    service = openService(file);
    expect(service.call('suggestions.endpoint', {})).toEqual(settings);
    service.call('suggestions.list', { docId: a });
    await settled(a);
    expect(requests).toHaveLength(2);
    service.call('suggestions.setEndpoint', settings);
    await settled(a);
    expect(requests).toHaveLength(3);
    // switched off: nothing from it, nothing asked
    service.call('suggestions.setEndpoint', { ...settings, enabled: false });
    const off = service.call('suggestions.list', { docId: a });
    expect(off.endpoint.state).toBe('off');
    expect(itemsOf(off)).toEqual([]);
    expect(requests).toHaveLength(3);
  });

  it('refuses every bad item with its index and reason, shows the rest', async () => {
    const shalom = cpSpan(A, 'שָׁלוֹם');
    handler = json([
      { ...cpSpan(A, 'פוטין'), type: 'PER', score: 0.9 },
      { start: 0, end: 5000, type: 'PER', score: 0.9 },
      { start: shalom.start, end: shalom.start + 1, type: 'PER', score: 0.9 },
      { ...cpSpan(A, 'רוסיה'), type: 'PLANET', score: 0.9 },
      { ...cpSpan(A, 'רוסיה'), type: 'GPE', score: 7 },
      { start: 1.5, end: 3, type: 'GPE', score: 0.1 },
    ]);
    service.call('suggestions.setEndpoint', { url: `${base}/x`, enabled: true, timeoutMs: 5000 });
    service.call('suggestions.list', { docId: a });
    const l = await settled(a);
    expect(itemsOf(l).map((x) => x.text)).toEqual(['פוטין']);
    expect(l.endpoint.state).toBe('answered');
    expect(l.endpoint.refusedCount).toBe(5);
    expect(l.endpoint.refused.map((x) => x.index)).toEqual([1, 2, 3, 4, 5]);
    expect(l.endpoint.refused.map((x) => x.reason)).toEqual([
      expect.stringMatching(/out of range/),
      expect.stringMatching(/splits a character from its marks/),
      expect.stringMatching(/unknown type "PLANET"/),
      expect.stringMatching(/score must be a number from 0 to 1, not 7/),
      expect.stringMatching(/must be integers/),
    ]);
  });

  it('catches UTF-16 offsets that look plausible', async () => {
    // a JavaScript model's offsets: UTF-16 units (3 too far for פוטין, 4 for רוסיה)
    const u = (part: string) => ({ start: E.indexOf(part), end: E.indexOf(part) + part.length });
    handler = json([
      { ...u('פוטין'), type: 'PER', score: 0.9 },
      { ...u('רוסיה'), type: 'GPE', score: 0.9, text: 'רוסיה' },
    ]);
    service.call('suggestions.setEndpoint', { url: `${base}/utf16`, enabled: true, timeoutMs: 5000 });
    service.call('suggestions.list', { docId: e });
    const l = await settled(e);
    expect(itemsOf(l)).toEqual([]);
    expect(l.endpoint.refused.map((x) => x.reason)).toEqual([expect.stringMatching(/read as UTF-16 units it is exactly "פוטין": send code points/), expect.stringMatching(/counted in UTF-16 units/)]);
  });

  it('reports an answer that is not JSON, an HTTP error, a redirect, a server slower than the timeout, and one that is down; annotating goes on', async () => {
    const cases: [Handler, RegExp][] = [
      [(_b, res) => res.end('[{"start": 0, "end": '), /the answer is not JSON/],
      [(_b, res) => res.end('{"ents": []}'), /an object, not an array/],
      [
        (_b, res) => {
          res.statusCode = 500;
          res.end('model not loaded');
        },
        /answered HTTP 500: model not loaded/,
      ],
      [
        (_b, res) => {
          res.statusCode = 302;
          res.setHeader('location', 'http://example.org/steal');
          res.end();
        },
        /HTTP 302 \(a redirect to http:\/\/example\.org\/steal\): redirects are not followed/,
      ],
      [(_b, res) => setTimeout(() => res.end('[]'), 3000).unref(), /no answer from .* within 300 ms \(the timeout\)/],
    ];
    for (const [h, expected] of cases) {
      handler = h;
      service.call('suggestions.setEndpoint', { url: `${base}/hostile`, enabled: true, timeoutMs: 300 });
      const asking = service.call('suggestions.list', { docId: a });
      expect(asking.endpoint.state).toBe('asking');
      // while it is out, labels go on
      const m = service.call('mentions.create', { docId: a, type: 'PER', ...cpSpan(A, 'פוטין') }).mention;
      service.call('mentions.delete', { id: m.id });
      const l = await settled(a);
      expect(l.endpoint.state).toBe('failed');
      expect(l.endpoint.error).toMatch(expected);
      expect(itemsOf(l)).toEqual([]);
    }
    // down: nothing listens there
    const down = createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r));
    service.call('suggestions.setEndpoint', { url: `http://127.0.0.1:${port}/`, enabled: true, timeoutMs: 2000 });
    service.call('suggestions.list', { docId: a });
    expect((await settled(a)).endpoint.error).toMatch(/connection refused\): is the recommender running\?/);
  });
});

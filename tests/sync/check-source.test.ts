import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { syncCore } from './helpers.ts';
import { tempDir } from '../support/temp-dir.ts';

let server: FixtureServer;
let core: Core;

beforeEach(async () => {
  server = await startFixtureServer();
  ({ core } = syncCore(tempDir(), { timeoutMs: 400 }));
});
afterEach(async () => {
  await core.close();
  await server.close();
});

/** An address where nothing listens: connection refused, as when offline. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('checkSource against the local fixture server', () => {
  it('an OParl system with one body: ok, with the body as its friendly name; nothing is saved', async () => {
    const check = await core.checkSource({ kind: 'oparl', url: server.oparlUrl });
    expect(check).toMatchObject({ status: 'ok', name: 'Gemeente Zwolle', body: `${server.base}/oparl/body/zwolle`, error: null });
    expect(check.bodies).toEqual([{ id: `${server.base}/oparl/body/zwolle`, name: 'Gemeente Zwolle' }]);
    expect(core.listSources({})).toEqual([]);
    // The name found is what the list shows once it is added with it.
    expect(core.addSource({ kind: 'oparl', url: server.oparlUrl, name: check.name! })).toMatchObject({ name: 'Gemeente Zwolle', checkedName: 'Gemeente Zwolle' });
  });

  it('several bodies: asks to choose one (with the system name), and a chosen one is ok', async () => {
    server.extraBodies.push({ id: `${server.base}/oparl/body/kampen`, type: 'https://schema.oparl.org/1.1/Body', shortName: 'Kampen', name: 'Gemeente Kampen', meeting: `${server.base}/oparl/body/kampen/meeting` });
    const check = await core.checkSource({ kind: 'oparl', url: server.oparlUrl });
    expect(check).toMatchObject({ status: 'choose-body', name: 'Raadsinformatie Zwolle (fixture)', body: null });
    expect(check.bodies.map((b) => b.name)).toEqual(['Gemeente Zwolle', 'Gemeente Kampen']);
    expect(check.error!.nl).toBe('Dit OParl-systeem heeft 2 organen; kies er een.');
    expect(await core.checkSource({ kind: 'oparl', url: server.oparlUrl, body: 'kampen' })).toMatchObject({ status: 'ok', name: 'Gemeente Kampen', body: `${server.base}/oparl/body/kampen` });
  });

  it('a body that is not there: failed, naming it and the bodies there are', async () => {
    const check = await core.checkSource({ kind: 'oparl', url: server.oparlUrl, body: 'deventer' });
    expect(check.status).toBe('failed');
    expect(check.error).toMatchObject({ code: 'source.unknown-body' });
    expect(check.error!.nl).toBe('Dit OParl-systeem heeft geen orgaan "deventer". Kies een van: Gemeente Zwolle.');
    expect(check.error!.en).toContain('has no body "deventer"');
    expect(check.bodies).toHaveLength(1);
  });

  it('not an OParl System: JSON of another shape, and a page that is no JSON at all', async () => {
    const list = await core.checkSource({ kind: 'oparl', url: `${server.base}/oparl/bodies` });
    expect(list.status).toBe('failed');
    expect(list.error!.code).toBe('source.not-oparl-system');
    expect(list.error!.nl).toMatch(/is geen OParl-System; geef het adres van het System/);
    server.faults.push({ match: /\/oparl\/system/, kind: 'wrong-type', times: Infinity });
    const html = await core.checkSource({ kind: 'oparl', url: server.oparlUrl });
    expect(html.error!.code).toBe('sync.bad-content-type');
    expect(html.error!.nl).toMatch(/gaf text\/html in plaats van application\/json.*controleer het adres/);
    for (const check of [list, html]) expect(`${check.error!.nl} ${check.error!.en}`).not.toMatch(/\bat .*\.ts:\d+|Error:/);
  });

  it('HTTP 500: failed with the status and what to do', async () => {
    server.faults.push({ match: /\/oparl\/system/, kind: '500', times: Infinity });
    const check = await core.checkSource({ kind: 'oparl', url: server.oparlUrl });
    expect(check).toMatchObject({ status: 'failed', error: { code: 'sync.http-error' } });
    expect(check.error!.nl).toMatch(/gaf HTTP 500\. De server heeft een probleem; probeer het later opnieuw/);
    expect(check.error!.en).toMatch(/returned HTTP 500\. The server has a problem/);
  });

  it('a server that does not answer: a timeout; nothing listening: offline', async () => {
    server.faults.push({ match: /\/oparl\/system/, kind: 'timeout', times: Infinity });
    const slow = await core.checkSource({ kind: 'oparl', url: server.oparlUrl });
    expect(slow).toMatchObject({ status: 'failed', error: { code: 'sync.timeout' } });
    expect(slow.error!.nl).toMatch(/antwoordde niet binnen 0\.4 s\. De server is traag of onbereikbaar/);
    const offline = await core.checkSource({ kind: 'oparl', url: `http://127.0.0.1:${await closedPort()}/oparl/system` });
    expect(offline).toMatchObject({ status: 'offline', error: { code: 'sync.offline' } });
    expect(offline.error!.nl).toMatch(/is niet bereikbaar \(ECONNREFUSED\).*Controleer de internetverbinding/);
  });

  it('OpenBesluitvorming: ok with the source key as a name; a key is needed; an empty export is no source', async () => {
    expect(await core.checkSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' })).toMatchObject({ status: 'ok', name: 'Zwolle', body: 'zwolle', error: null });
    expect((await core.checkSource({ kind: 'obv', url: server.obvUrl })).error!.code).toBe('source.obv-needs-source');
    server.obvLog.length = 0;
    const empty = await core.checkSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' });
    expect(empty).toMatchObject({ status: 'failed', error: { code: 'source.obv-empty' } });
    expect(empty.error!.nl).toContain('heeft niets voor bronsleutel "zwolle"');
    server.faults.push({ match: /\/api\/export/, kind: '500', times: Infinity });
    expect((await core.checkSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' })).error!.nl).toContain('gaf HTTP 500');
  });

  it('is a call of the API: dispatched with its input checked', async () => {
    const { dispatchCall } = await import('../../electron/core/dispatch.ts');
    expect(await dispatchCall(core, 'checkSource', { kind: 'oparl', url: server.oparlUrl })).toMatchObject({ ok: true, value: { status: 'ok', name: 'Gemeente Zwolle' } });
    expect(await dispatchCall(core, 'checkSource', { kind: 'oparl', url: 'ftp://x' })).toMatchObject({ ok: false });
  });
});

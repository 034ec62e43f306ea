// checkSource: before a source is saved, fetch what its sync would start from
// (the OParl System and its bodies; the first page of an OpenBesluitvorming
// export) through the sync's own HTTP client, and answer in words a user can
// act on: the friendly name, the bodies to choose from, or what is wrong.
import type { SourceCheck } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { toErrorInfo } from '../../../shared/error-mapping.ts';
import { HttpClient, type HttpOptions } from './http-client.ts';
import { ObvAdapter } from './obv-adapter.ts';
import { OparlAdapter } from './oparl-adapter.ts';
import type { RemoteKind, SourceConfig } from './sources.ts';

/** What to do, after the HTTP client's account of what went wrong. */
const ADVICE: Record<string, { nl: string; en: string }> = {
  'sync.offline': { nl: 'Controleer de internetverbinding en of het adres klopt.', en: 'Check the internet connection and whether the address is right.' },
  'sync.timeout': { nl: 'De server is traag of onbereikbaar; probeer het later opnieuw.', en: 'The server is slow or unreachable; try again later.' },
  'sync.network': { nl: 'Probeer het later opnieuw.', en: 'Try again later.' },
  'sync.not-found': { nl: 'Controleer het adres: het bestaat niet op deze server.', en: 'Check the address: it does not exist on this server.' },
  'sync.http-error': { nl: 'De server heeft een probleem; probeer het later opnieuw of controleer het adres.', en: 'The server has a problem; try again later or check the address.' },
  'sync.rate-limited': { nl: 'Probeer het over een paar minuten opnieuw.', en: 'Try again in a few minutes.' },
  'sync.bad-content-type': { nl: 'Dit adres geeft geen OParl of OpenBesluitvorming-export; controleer het adres.', en: 'This address does not give OParl or an OpenBesluitvorming export; check the address.' },
  'sync.bad-json': { nl: 'Dit adres geeft geen OParl of OpenBesluitvorming-export; controleer het adres.', en: 'This address does not give OParl or an OpenBesluitvorming export; check the address.' },
  'sync.bad-response': { nl: 'Controleer of dit het adres van het OParl-System is.', en: 'Check that this is the address of the OParl System.' },
};

export async function checkSource(kind: RemoteKind, config: SourceConfig, http: Partial<Omit<HttpOptions, 'sourceName'>> | undefined, signal?: AbortSignal): Promise<SourceCheck> {
  const kindName = kind === 'oparl' ? 'OParl' : 'OpenBesluitvorming';
  // A user is waiting: one retry at most, and never longer than 20 s per answer.
  const client = new HttpClient({
    ...http,
    retries: Math.min(http?.retries ?? 1, 1),
    timeoutMs: Math.min(http?.timeoutMs ?? 20_000, 20_000),
    sourceName: { nl: `Nieuwe ${kindName}-bron`, en: `New ${kindName} source` },
  });
  const none: SourceCheck = { status: 'failed', name: null, bodies: [], body: null, error: null };
  try {
    if (kind === 'obv') {
      if (!config.body) {
        return { ...none, error: { code: 'source.obv-needs-source', nl: 'Vul de bronsleutel in (bijvoorbeeld zwolle).', en: 'Fill in the source key (e.g. zwolle).' } };
      }
      await new ObvAdapter(client, config).inspect(signal);
      return { status: 'ok', name: obvName(config.body), bodies: [], body: config.body, error: null };
    }
    const { systemName, bodies, body } = await new OparlAdapter(client, config).inspect(signal);
    if (body) return { status: 'ok', name: body.name, bodies, body: body.id, error: null };
    const list = bodies.map((b) => b.name).join(', ') || '(geen)';
    if (config.body) {
      return {
        ...none,
        name: systemName ?? null,
        bodies,
        error: {
          code: 'source.unknown-body',
          nl: `Dit OParl-systeem heeft geen orgaan "${config.body}". Kies een van: ${list}.`,
          en: `This OParl system has no body "${config.body}". Choose one of: ${bodies.map((b) => b.name).join(', ') || '(none)'}.`,
          subject: config.body,
        },
      };
    }
    if (bodies.length === 0) {
      return { ...none, name: systemName ?? null, error: { code: 'source.no-bodies', nl: 'Dit OParl-systeem heeft geen organen om te synchroniseren.', en: 'This OParl system has no bodies to sync.' } };
    }
    return {
      status: 'choose-body',
      name: systemName ?? null,
      bodies,
      body: null,
      error: { code: 'source.choose-body', nl: `Dit OParl-systeem heeft ${bodies.length} organen; kies er een.`, en: `This OParl system has ${bodies.length} bodies; choose one.` },
    };
  } catch (error) {
    if (error instanceof RaadsmapError && error.code === 'cancelled') throw error;
    const info = toErrorInfo(error);
    const advice = ADVICE[info.code];
    const withAdvice = advice ? { ...info, nl: `${info.nl} ${advice.nl}`, en: `${info.en} ${advice.en}` } : info;
    return { ...none, status: info.code === 'sync.offline' ? 'offline' : 'failed', error: withAdvice };
  }
}

/** An OpenBesluitvorming source key as a name: zwolle → Zwolle, den-haag → Den Haag. */
export const obvName = (key: string) => key.split(/[-_\s]+/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');

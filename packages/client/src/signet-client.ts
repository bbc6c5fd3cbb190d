import { SignetApiError, SignetNetworkError, SignetResponseError } from './errors.js';
import { signRequest } from './request-signing.js';
import type {
  Account,
  AccountTransaction,
  Coin,
  Invoice,
  InvoiceCreateParams,
  ListMeta,
  ListResult,
  PageParams,
  Rate,
  RateTable,
} from './resources.js';

export interface SignetClientOptions {
  apiKey: string;
  apiSecret: string;
  /** e.g. `https://signet.example.com`; a path prefix (`https://example.com/signet`) is kept and signed. */
  baseUrl: string;
  /** Defaults to the global fetch (Node 20+). */
  fetch?: typeof fetch;
  /** Per request, default 30 000 ms. */
  timeoutMs?: number;
}

type Query = Record<string, string | number | undefined>;

interface Envelope {
  data: unknown;
  meta?: unknown;
}

const BODY_SNIPPET_LENGTH = 200;

export class SignetClient {
  readonly invoices = {
    create: (params: InvoiceCreateParams): Promise<Invoice> =>
      this.fetchOne<Invoice>('POST', '/api/invoices', undefined, params),
    list: (page: PageParams = {}): Promise<ListResult<Invoice>> =>
      this.fetchList<Invoice>('/api/invoices', { starting_after: page.starting_after, limit: page.limit }),
    retrieve: async (id: string): Promise<Invoice> =>
      this.fetchOne<Invoice>('GET', `/api/invoices/${segment(id)}`),
    retrieveByCustomId: async (customId: string): Promise<Invoice> =>
      this.fetchOne<Invoice>('GET', `/api/invoices/custom_id/${segment(customId)}`),
  };

  readonly accounts = {
    list: (): Promise<ListResult<Account>> => this.fetchList<Account>('/api/accounts'),
    transactions: async (accountId: string, page: PageParams = {}): Promise<ListResult<AccountTransaction>> =>
      this.fetchList<AccountTransaction>(`/api/accounts/${segment(accountId)}/transactions`, {
        starting_after: page.starting_after,
        limit: page.limit,
      }),
  };

  readonly coins = {
    list: (): Promise<ListResult<Coin>> => this.fetchList<Coin>('/api/coins'),
  };

  readonly rates = {
    all: (): Promise<RateTable> => this.fetchOne<RateTable>('GET', '/api/rates'),
    retrieve: async (base: string, quote: string): Promise<Rate> =>
      this.fetchOne<Rate>('GET', `/api/rates/${segment(base)}/${segment(quote)}`),
  };

  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #base: URL;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: SignetClientOptions) {
    if (!options.apiKey || !options.apiSecret) throw new TypeError('apiKey and apiSecret are required');
    this.#apiKey = options.apiKey;
    this.#apiSecret = options.apiSecret;
    this.#base = new URL(options.baseUrl);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  private async fetchOne<T>(method: 'GET' | 'POST', path: string, query?: Query, body?: unknown): Promise<T> {
    const envelope = await this.send(method, path, query, body);
    return envelope.data as T;
  }

  private async fetchList<T>(path: string, query?: Query): Promise<ListResult<T>> {
    const envelope = await this.send('GET', path, query, undefined);
    const meta = isRecord(envelope.meta) ? (envelope.meta as ListMeta) : {};
    return { data: envelope.data as T[], meta };
  }

  private async send(
    method: string,
    path: string,
    query: Query | undefined,
    body: unknown,
  ): Promise<Envelope> {
    // The URL is built once and the signature computed over its own serialisation, so what is
    // signed is byte for byte what fetch puts on the request line.
    const url = new URL(this.#base.pathname.replace(/\/+$/, '') + path + queryString(query), this.#base);
    const requestPath = url.pathname + url.search;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { headers } = signRequest({
      apiKey: this.#apiKey,
      apiSecret: this.#apiSecret,
      method,
      path: requestPath,
      body: payload,
    });

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url.href, {
        method,
        headers: { ...headers, Accept: 'application/json' },
        body: payload,
        // Following a redirect would replay the signature against another path; surface it instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      throw new SignetNetworkError(`${method} ${requestPath} failed: ${describe(cause)}`, { cause });
    }

    const headerRequestId = response.headers.get('x-request-id') ?? undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new SignetResponseError(
        `${method} ${requestPath}: HTTP ${response.status} with a non-JSON body`,
        {
          status: response.status,
          requestId: headerRequestId,
          bodySnippet: text.slice(0, BODY_SNIPPET_LENGTH),
          cause,
        },
      );
    }

    if (!response.ok) {
      const apiError = toApiError(json, response.status, headerRequestId);
      if (apiError) throw apiError;
    } else if (isRecord(json) && 'data' in json) {
      return { data: json.data, meta: json.meta };
    }
    throw new SignetResponseError(
      `${method} ${requestPath}: HTTP ${response.status} without the API envelope`,
      {
        status: response.status,
        requestId: headerRequestId,
        bodySnippet: text.slice(0, BODY_SNIPPET_LENGTH),
      },
    );
  }
}

function toApiError(
  json: unknown,
  status: number,
  headerRequestId: string | undefined,
): SignetApiError | null {
  if (!isRecord(json) || !isRecord(json.error)) return null;
  const { code, message, details } = json.error;
  if (typeof code !== 'string') return null;
  const metaRequestId = isRecord(json.meta) ? json.meta.request_id : undefined;
  return new SignetApiError({
    status,
    code,
    message: typeof message === 'string' ? message : code,
    details: Array.isArray(details) ? details : [],
    requestId: typeof metaRequestId === 'string' ? metaRequestId : headerRequestId,
  });
}

/**
 * Percent-encodes one path segment (callers are async, so a refusal surfaces as a rejection). '.' and '..' are refused: URL parsing would collapse them
 * (even as %2E) and the request would reach another resource than the one signed.
 */
function segment(value: string): string {
  if (value === '' || value === '.' || value === '..')
    throw new TypeError(`invalid path segment: "${value}"`);
  return encodeURIComponent(value);
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.append(name, String(value));
  }
  const encoded = params.toString();
  return encoded === '' ? '' : `?${encoded}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

import { apiUrl, exchangeJson, isRecord, segment, unexpectedBody, type Query } from './json-exchange.js';
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

interface Envelope {
  data: unknown;
  meta?: unknown;
}

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
    const url = apiUrl(this.#base, path, query);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { headers } = signRequest({
      apiKey: this.#apiKey,
      apiSecret: this.#apiSecret,
      method,
      path: url.pathname + url.search,
      body: payload,
    });
    const answer = await exchangeJson(this.#fetch, url, {
      method,
      headers: { ...headers, Accept: 'application/json' },
      body: payload,
      timeoutMs: this.#timeoutMs,
    });
    const { json } = answer;
    if (answer.ok && isRecord(json) && 'data' in json) return { data: json.data, meta: json.meta };
    throw unexpectedBody(method, url, answer, 'without the API envelope');
  }
}

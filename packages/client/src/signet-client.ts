import { apiUrl, exchangeJson, isRecord, segment, unexpectedBody, type Query } from './json-exchange.js';
import { signRequest } from './request-signing.js';
import type {
  Account,
  Channel,
  ChannelCreateParams,
  ChannelPayment,
  ChannelUpdateParams,
  Coin,
  CoinWithdrawal,
  CoinWithdrawalCreateParams,
  Customer,
  CustomerCreateParams,
  CustomerPageParams,
  CustomerUpdateParams,
  ExchangeTransfer,
  ExchangeTransferCreateParams,
  Invoice,
  InvoiceCreateParams,
  InvoiceListParams,
  InvoiceRecalculation,
  InvoiceRecalculationCreateParams,
  InvoiceRefund,
  InvoiceRefundCreateParams,
  ListMeta,
  ListResult,
  NetworkFee,
  PageParams,
  Rate,
  RateTable,
  Risk,
  RiskScoreParams,
  Subscription,
  SubscriptionCreateParams,
  Transaction,
  TransactionListParams,
} from './resources.js';

type Method = 'GET' | 'POST' | 'PATCH';

const page = (p: PageParams): Query => ({ starting_after: p.starting_after, limit: p.limit });

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

/**
 * Every endpoint of the Cryptopay merchant API as Signet serves it (README "The APIs"), one
 * namespace per resource, named as Cryptopay's SDKs name them. Commit and cancel calls send no body,
 * as the SDKs do (the signature's body line is then empty).
 */
export class SignetClient {
  readonly invoices = {
    create: (params: InvoiceCreateParams): Promise<Invoice> =>
      this.fetchOne<Invoice>('POST', '/api/invoices', undefined, params),
    list: (params: InvoiceListParams = {}): Promise<ListResult<Invoice>> =>
      this.fetchList<Invoice>('/api/invoices', {
        ...page(params),
        customer_id: params.customer_id,
        subscription_id: params.subscription_id,
      }),
    retrieve: async (id: string): Promise<Invoice> =>
      this.fetchOne<Invoice>('GET', `/api/invoices/${segment(id)}`),
    retrieveByCustomId: async (customId: string): Promise<Invoice> =>
      this.fetchOne<Invoice>('GET', `/api/invoices/custom_id/${segment(customId)}`),
    createRefund: async (invoiceId: string, params: InvoiceRefundCreateParams = {}): Promise<InvoiceRefund> =>
      this.fetchOne<InvoiceRefund>('POST', `/api/invoices/${segment(invoiceId)}/refunds`, undefined, params),
    listRefunds: async (invoiceId: string): Promise<InvoiceRefund[]> =>
      (await this.fetchList<InvoiceRefund>(`/api/invoices/${segment(invoiceId)}/refunds`)).data,
    createRecalculation: async (
      invoiceId: string,
      params: InvoiceRecalculationCreateParams = {},
    ): Promise<InvoiceRecalculation> =>
      this.fetchOne<InvoiceRecalculation>(
        'POST',
        `/api/invoices/${segment(invoiceId)}/recalculations`,
        undefined,
        params,
      ),
    commitRecalculation: async (invoiceId: string, recalculationId: string): Promise<InvoiceRecalculation> =>
      this.fetchOne<InvoiceRecalculation>(
        'POST',
        `/api/invoices/${segment(invoiceId)}/recalculations/${segment(recalculationId)}/commit`,
      ),
  };

  readonly channels = {
    create: (params: ChannelCreateParams): Promise<Channel> =>
      this.fetchOne<Channel>('POST', '/api/channels', undefined, params),
    list: (params: CustomerPageParams = {}): Promise<ListResult<Channel>> =>
      this.fetchList<Channel>('/api/channels', { ...page(params), customer_id: params.customer_id }),
    retrieve: async (id: string): Promise<Channel> =>
      this.fetchOne<Channel>('GET', `/api/channels/${segment(id)}`),
    retrieveByCustomId: async (customId: string): Promise<Channel> =>
      this.fetchOne<Channel>('GET', `/api/channels/custom_id/${segment(customId)}`),
    update: async (id: string, params: ChannelUpdateParams): Promise<Channel> =>
      this.fetchOne<Channel>('PATCH', `/api/channels/${segment(id)}`, undefined, params),
    listPayments: async (channelId: string, params: PageParams = {}): Promise<ListResult<ChannelPayment>> =>
      this.fetchList<ChannelPayment>(`/api/channels/${segment(channelId)}/payments`, page(params)),
    retrievePayment: async (channelId: string, paymentId: string): Promise<ChannelPayment> =>
      this.fetchOne<ChannelPayment>(
        'GET',
        `/api/channels/${segment(channelId)}/payments/${segment(paymentId)}`,
      ),
  };

  readonly coinWithdrawals = {
    create: (params: CoinWithdrawalCreateParams): Promise<CoinWithdrawal> =>
      this.fetchOne<CoinWithdrawal>('POST', '/api/coin_withdrawals', undefined, params),
    commit: async (id: string): Promise<CoinWithdrawal> =>
      this.fetchOne<CoinWithdrawal>('POST', `/api/coin_withdrawals/${segment(id)}/commit`),
    list: (params: CustomerPageParams = {}): Promise<ListResult<CoinWithdrawal>> =>
      this.fetchList<CoinWithdrawal>('/api/coin_withdrawals', {
        ...page(params),
        customer_id: params.customer_id,
      }),
    retrieve: async (id: string): Promise<CoinWithdrawal> =>
      this.fetchOne<CoinWithdrawal>('GET', `/api/coin_withdrawals/${segment(id)}`),
    retrieveByCustomId: async (customId: string): Promise<CoinWithdrawal> =>
      this.fetchOne<CoinWithdrawal>('GET', `/api/coin_withdrawals/custom_id/${segment(customId)}`),
    networkFees: async (params: { all_networks?: boolean } = {}): Promise<NetworkFee[]> =>
      (
        await this.fetchList<NetworkFee>('/api/coin_withdrawals/network_fees', {
          all_networks: params.all_networks === undefined ? undefined : String(params.all_networks),
        })
      ).data,
  };

  readonly customers = {
    create: (params: CustomerCreateParams): Promise<Customer> =>
      this.fetchOne<Customer>('POST', '/api/customers', undefined, params),
    /** Customer ids are the merchant's own strings, so `starting_after` is one of them. */
    list: (params: PageParams = {}): Promise<ListResult<Customer>> =>
      this.fetchList<Customer>('/api/customers', page(params)),
    retrieve: async (id: string): Promise<Customer> =>
      this.fetchOne<Customer>('GET', `/api/customers/${segment(id)}`),
    update: async (id: string, params: CustomerUpdateParams): Promise<Customer> =>
      this.fetchOne<Customer>('PATCH', `/api/customers/${segment(id)}`, undefined, params),
  };

  readonly exchangeTransfers = {
    create: (params: ExchangeTransferCreateParams): Promise<ExchangeTransfer> =>
      this.fetchOne<ExchangeTransfer>('POST', '/api/exchange_transfers', undefined, params),
    commit: async (id: string): Promise<ExchangeTransfer> =>
      this.fetchOne<ExchangeTransfer>('POST', `/api/exchange_transfers/${segment(id)}/commit`),
    retrieve: async (id: string): Promise<ExchangeTransfer> =>
      this.fetchOne<ExchangeTransfer>('GET', `/api/exchange_transfers/${segment(id)}`),
  };

  readonly subscriptions = {
    create: (params: SubscriptionCreateParams): Promise<Subscription> =>
      this.fetchOne<Subscription>('POST', '/api/subscriptions', undefined, params),
    list: (params: PageParams = {}): Promise<ListResult<Subscription>> =>
      this.fetchList<Subscription>('/api/subscriptions', page(params)),
    retrieve: async (id: string): Promise<Subscription> =>
      this.fetchOne<Subscription>('GET', `/api/subscriptions/${segment(id)}`),
    retrieveByCustomId: async (customId: string): Promise<Subscription> =>
      this.fetchOne<Subscription>('GET', `/api/subscriptions/custom_id/${segment(customId)}`),
    cancel: async (id: string): Promise<Subscription> =>
      this.fetchOne<Subscription>('POST', `/api/subscriptions/${segment(id)}/cancel`),
  };

  readonly accounts = {
    list: (): Promise<ListResult<Account>> => this.fetchList<Account>('/api/accounts'),
    transactions: async (accountId: string, params: PageParams = {}): Promise<ListResult<Transaction>> =>
      this.fetchList<Transaction>(`/api/accounts/${segment(accountId)}/transactions`, page(params)),
  };

  readonly transactions = {
    list: (params: TransactionListParams = {}): Promise<ListResult<Transaction>> =>
      this.fetchList<Transaction>('/api/transactions', {
        ...page(params),
        created_at_from: params.created_at_from,
        created_at_to: params.created_at_to,
        reference_type: params.reference_type,
        currency: params.currency,
        status: params.status,
        risk_level: params.risk_level,
      }),
  };

  readonly coins = {
    list: async (): Promise<Coin[]> => (await this.fetchList<Coin>('/api/coins')).data,
  };

  readonly rates = {
    /** Every pair, under both key forms Cryptopay uses (`BTCEUR` and `BTC/EUR`). */
    all: (): Promise<RateTable> => this.fetchOne<RateTable>('GET', '/api/rates'),
    retrieve: async (base: string, quote: string): Promise<Rate> =>
      this.fetchOne<Rate>('GET', `/api/rates/${segment(base)}/${segment(quote)}`),
  };

  /** The legacy risk score (Cryptopay removed it from its newer SDKs; the sandbox still answers). */
  readonly risks = {
    score: (params: RiskScoreParams): Promise<Risk> =>
      this.fetchOne<Risk>('POST', '/api/risks/score', undefined, params),
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

  private async fetchOne<T>(method: Method, path: string, query?: Query, body?: unknown): Promise<T> {
    const envelope = await this.send(method, path, query, body);
    return envelope.data as T;
  }

  private async fetchList<T>(path: string, query?: Query): Promise<ListResult<T>> {
    const envelope = await this.send('GET', path, query, undefined);
    const meta = isRecord(envelope.meta) ? (envelope.meta as ListMeta) : {};
    return { data: envelope.data as T[], meta };
  }

  private async send(
    method: Method,
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

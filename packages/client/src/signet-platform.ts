import { apiUrl, exchangeJson, isRecord, segment, unexpectedBody, type Query } from './json-exchange.js';
// Wire shapes are the server's own schemas (type-only: no run-time dependency on the server).
import type {
  CreatedPlatformAccount,
  CreatePlatformAccountBody,
  PlatformAccountList,
  PlatformAccountView,
  PlatformEventAccepted,
  PlatformEventBody,
  PortalSessionBody,
  PortalSessionView,
  VerifyAnswer,
  VerifyAnswerInvalid,
  VerifyAnswerValid,
  VerifyRequestBody,
} from '@signet/server/contract';

export type {
  CreatedPlatformAccount,
  CreatePlatformAccountBody,
  PlatformAccountList,
  PlatformAccountView,
  PlatformEventAccepted,
  PlatformEventBody,
  PortalSessionBody,
  PortalSessionView,
  VerifyAnswer,
  VerifyAnswerInvalid,
  VerifyAnswerValid,
  VerifyRequestBody,
};

/** Why `/verify` refused a request: the same reasons the merchant API and the gateway give. */
export type VerifyRefusalReason = VerifyAnswerInvalid['reason'];

export interface SignetPlatformOptions {
  /** e.g. `https://signet.example.com`; a path prefix is kept. */
  baseUrl: string;
  /** A service token (`sgt_…`) from `signet tokens create`. */
  token: string;
  /** Defaults to the global fetch (Node 20+). */
  fetch?: typeof fetch;
  /** Per request, default 30 000 ms. */
  timeoutMs?: number;
}

export interface IdempotencyOptions {
  /** Same key + same body → the same answer; same key + another body → 409 conflict. */
  idempotencyKey?: string;
}

export interface PlatformPageParams {
  limit?: number;
  /** Id of the last account of the previous page. */
  starting_after?: string;
}

const PREFIX = '/platform/v1';

/** The operator's client for Signet's platform API (`/platform/v1`), authenticated by a service token. */
export class SignetPlatform {
  readonly #token: string;
  readonly #base: URL;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: SignetPlatformOptions) {
    if (!options.token) throw new TypeError('token is required');
    this.#token = options.token;
    this.#base = new URL(options.baseUrl);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** `POST /accounts` (accounts:write) → the account, and the Root's invitation link with `root_email`. */
  createAccount(
    body: CreatePlatformAccountBody,
    options: IdempotencyOptions = {},
  ): Promise<CreatedPlatformAccount> {
    return this.send('POST', '/accounts', { body, idempotencyKey: options.idempotencyKey });
  }

  /** `GET /accounts` (accounts:read), cursor-paginated. */
  listAccounts(page: PlatformPageParams = {}): Promise<PlatformAccountList> {
    return this.send('GET', '/accounts', {
      query: { limit: page.limit, starting_after: page.starting_after },
    });
  }

  /** `GET /accounts/{id}` (accounts:read). */
  async getAccount(id: string): Promise<PlatformAccountView> {
    return this.send('GET', `/accounts/${segment(id)}`);
  }

  /** `GET /accounts/by-external-id/{external_id}` (accounts:read). */
  async getAccountByExternalId(externalId: string): Promise<PlatformAccountView> {
    return this.send('GET', `/accounts/by-external-id/${segment(externalId)}`);
  }

  /** `POST /accounts/{id}/activate` (accounts:write). */
  async activateAccount(id: string): Promise<PlatformAccountView> {
    return this.send('POST', `/accounts/${segment(id)}/activate`);
  }

  /** `POST /accounts/{id}/suspend` (accounts:write): the account's keys fail at the next request. */
  async suspendAccount(id: string): Promise<PlatformAccountView> {
    return this.send('POST', `/accounts/${segment(id)}/suspend`);
  }

  /** `POST /accounts/{id}/portal-sessions` (portal) → a single-use link valid 5 minutes. */
  async createPortalSession(accountId: string, body: PortalSessionBody): Promise<PortalSessionView> {
    return this.send('POST', `/accounts/${segment(accountId)}/portal-sessions`, { body });
  }

  /** `POST /accounts/{id}/events` (events:write) → 202 with the event id; delivered as a signed callback. */
  async publishEvent(
    accountId: string,
    body: PlatformEventBody,
    options: IdempotencyOptions = {},
  ): Promise<PlatformEventAccepted> {
    return this.send('POST', `/accounts/${segment(accountId)}/events`, {
      body,
      idempotencyKey: options.idempotencyKey,
    });
  }

  /** `POST /verify` (verify): what the gateway would decide for that request. Always a 200. */
  verify(input: VerifyRequestBody): Promise<VerifyAnswer> {
    return this.send('POST', '/verify', { body: input });
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; query?: Query; idempotencyKey?: string } = {},
  ): Promise<T> {
    const url = apiUrl(this.#base, PREFIX + path, options.query);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#token}`,
      Accept: 'application/json',
    };
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    const answer = await exchangeJson(this.#fetch, url, {
      method,
      headers,
      body: payload,
      timeoutMs: this.#timeoutMs,
    });
    if (answer.ok && isRecord(answer.json)) return answer.json as T;
    throw unexpectedBody(method, url, answer, 'with an unexpected body');
  }
}

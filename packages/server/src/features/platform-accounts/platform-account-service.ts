import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { conflict, fieldError, notFound } from '../../platform/http/errors.js';
import type { PageRequest } from '../../platform/db/paginate.js';
import { changeAccountStatus, insertAccount } from '../accounts/index.js';
import { idempotent, type Answer } from '../platform/index.js';
import type {
  CreatedPlatformAccount,
  CreatePlatformAccountBody,
  PlatformAccountList,
  PlatformAccountView,
} from './platform-accounts.schemas.js';
import {
  externalIdTaken,
  findPlatformAccount,
  findPlatformAccountByExternalId,
  insertExternalId,
  insertRootInvitation,
  listPlatformAccountRows,
  userEmailTaken,
} from './platform-account-store.js';

/** Who provisions: the service token (its id scopes idempotency keys; its name is the audit actor). */
export interface PlatformCaller {
  tokenId: string;
  actor: Actor;
  ip: string;
}

// As the users feature's invitations (users/invitation-token.ts): 6 hours, only the hash stored.
const INVITATION_TTL_MS = 6 * 60 * 60 * 1000;
const newInvitationToken = () => randomBytes(32).toString('base64url');
const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

const externalIdConflict = () =>
  conflict('an account with this external_id already exists', [{ field: 'external_id' }]);

/**
 * Creates an account (pending, or active in sandbox mode, as a signup would be), its external id,
 * and with `root_email` its Root's invitation; one audit line each. Under an Idempotency-Key the
 * first answer is replayed (see `idempotent`).
 */
export async function provisionAccount(
  ctx: AppContext,
  by: PlatformCaller,
  input: CreatePlatformAccountBody,
  idempotencyKey: string | undefined,
): Promise<Answer<CreatedPlatformAccount>> {
  try {
    return await idempotent<CreatedPlatformAccount>(
      ctx,
      { scope: `accounts.create:${by.tokenId}`, key: idempotencyKey, request: input },
      async (t) => {
        if (input.external_id !== undefined && (await externalIdTaken(t.db, input.external_id)))
          throw externalIdConflict();
        if (input.root_email !== undefined && (await userEmailTaken(t.db, input.root_email)))
          throw conflict('a user with this e-mail already exists', [{ field: 'root_email' }]);
        const status = ctx.config.mode === 'sandbox' ? 'active' : 'pending';
        const created = await insertAccount(ctx, t.db, input.name, status);
        if (input.external_id !== undefined) await insertExternalId(t.db, created.id, input.external_id);
        await t.audit({
          accountId: created.id,
          actor: by.actor,
          action: 'account.created',
          target: created.id,
          ip: by.ip,
        });
        let invitationUrl: string | undefined;
        if (input.root_email !== undefined) {
          const token = newInvitationToken();
          await insertRootInvitation(t.db, {
            id: randomUUID(),
            accountId: created.id,
            email: input.root_email,
            tokenHash: hashInvitationToken(token),
            createdAt: t.now.toISOString(),
            expiresAt: new Date(t.now.getTime() + INVITATION_TTL_MS).toISOString(),
          });
          await t.audit({
            accountId: created.id,
            actor: by.actor,
            action: 'invitation.created',
            target: `${input.root_email} as root`,
            ip: by.ip,
          });
          invitationUrl = `${ctx.config.publicUrl}/invite/${token}`;
        }
        const account: PlatformAccountView = {
          id: created.id,
          name: created.name,
          external_id: input.external_id ?? null,
          status: created.status,
          users_count: 0,
          keys_count: 0,
          callback_url_set: false,
          created_at: created.created_at,
        };
        return {
          status: 201,
          body: invitationUrl === undefined ? { account } : { account, invitation_url: invitationUrl },
        };
      },
    );
  } catch (err) {
    // Caught outside the transaction: a concurrent twin took the external id first.
    if (isUniqueViolation(err)) throw externalIdConflict();
    throw err;
  }
}

export async function getPlatformAccount(ctx: AppContext, id: string): Promise<PlatformAccountView> {
  const account = await findPlatformAccount(ctx.db.kysely, id);
  if (!account) throw notFound('account');
  return account;
}

export async function getPlatformAccountByExternalId(
  ctx: AppContext,
  externalId: string,
): Promise<PlatformAccountView> {
  const account = await findPlatformAccountByExternalId(ctx.db.kysely, externalId);
  if (!account) throw notFound('account');
  return account;
}

export async function listPlatformAccounts(ctx: AppContext, page: PageRequest): Promise<PlatformAccountList> {
  const result = await listPlatformAccountRows(ctx.db.kysely, page);
  if (!result) throw fieldError('querystring.starting_after', 'must be an account id');
  return { data: result.rows, meta: { has_more: result.hasMore } };
}

/** The CLI's transition (`signet accounts activate|suspend`), with the token as the actor. */
export async function setPlatformAccountStatus(
  ctx: AppContext,
  by: PlatformCaller,
  id: string,
  status: 'active' | 'suspended',
): Promise<PlatformAccountView> {
  if (!(await changeAccountStatus(ctx, id, status, by.actor, by.ip))) throw notFound('account');
  return getPlatformAccount(ctx, id);
}

// Drives Signet's platform API as a platform backend would on a merchant's signup: provisions an
// account (with an Idempotency-Key, then retries it), reads it back by external id, activates it,
// opens a portal link for its Root and publishes an event. Uses SignetPlatform from @signet/client.
//
//   SIGNET_TOKEN=sgt_... node examples/platform/provision.mjs [external_id]
//
// SIGNET_URL defaults to http://localhost:8080. The token needs the scopes accounts:read,
// accounts:write, portal and events:write (`npm run signet -- tokens create --name ... --scopes ...`).
// Without an argument the external id is `merchant-<unix time>`; run it again with the same id and
// the Idempotency-Key makes the provisioning answer the first account again.
import { SignetApiError, SignetNetworkError, SignetPlatform } from '@signet/client';

const token = process.env.SIGNET_TOKEN;
if (!token) {
  console.error(
    'SIGNET_TOKEN is not set. Create a service token with\n' +
      '  npm run signet -- tokens create --name example --scopes accounts:read,accounts:write,portal,events:write',
  );
  process.exit(2);
}
const baseUrl = (process.env.SIGNET_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const externalId = process.argv[2] ?? process.env.EXTERNAL_ID ?? `merchant-${Math.floor(Date.now() / 1000)}`;
const rootEmail = process.env.ROOT_EMAIL ?? `owner+${externalId}@example.com`;

const signet = new SignetPlatform({ baseUrl, token });

/** Runs one call; on any refusal prints what Signet answered and exits 1. */
async function step(title, call) {
  console.log(title);
  try {
    return await call();
  } catch (err) {
    if (err instanceof SignetApiError) {
      console.error(`   failed: HTTP ${err.status} ${err.code}: ${err.message}`);
      for (const detail of err.details) console.error(`   ${JSON.stringify(detail)}`);
      console.error(`   request id ${err.requestId}`);
    } else if (err instanceof SignetNetworkError) {
      console.error(`   failed: could not reach Signet at ${baseUrl} (${err.message}); is it running?`);
    } else console.error(`   failed: ${err.message}`);
    process.exit(1);
  }
}

const show = (a) =>
  `${a.id} "${a.name}" external_id=${a.external_id} status=${a.status} users=${a.users_count} ` +
  `keys=${a.keys_count} callback_url_set=${a.callback_url_set}`;

console.log(`Signet at ${baseUrl}, external_id ${externalId}\n`);

// 1. Provision. The key makes the call safe to retry: the same key with the same body answers the
//    first account again (201, same id); with another body it is a 409.
const idempotencyKey = `provision-${externalId}`;
const body = { name: `Example merchant ${externalId}`, external_id: externalId, root_email: rootEmail };
const created = await step(`1. POST /platform/v1/accounts  (Idempotency-Key: ${idempotencyKey})`, () =>
  signet.createAccount(body, { idempotencyKey }),
);
console.log(`   account ${show(created.account)}`);
console.log(`   Root invitation for ${rootEmail} (6 hours, single use): ${created.invitation_url}`);
const retried = await step('   retry with the same key and body', () =>
  signet.createAccount(body, { idempotencyKey }),
);
console.log(
  `   → ${retried.account.id === created.account.id ? 'the same account' : 'ANOTHER account'} ` +
    `(${retried.account.id}), not a second one`,
);
const id = created.account.id;

// 2. Read it back by the platform's own id.
const found = await step(`2. GET /platform/v1/accounts/by-external-id/${externalId}`, () =>
  signet.getAccountByExternalId(externalId),
);
console.log(`   account ${show(found)}`);

// 3. Activate (in sandbox mode a provisioned account is active already; this is then a no-op).
const activated = await step(`3. POST /platform/v1/accounts/${id}/activate`, () =>
  signet.activateAccount(id),
);
console.log(`   status ${activated.status}`);

// 4. A one-time link into the account's dashboard, no password: the first use creates the user.
const portal = await step(`4. POST /platform/v1/accounts/${id}/portal-sessions  {${rootEmail}, root}`, () =>
  signet.createPortalSession(id, { email: rootEmail, role: 'root' }),
);
console.log(`   open within 5 minutes, once: ${portal.url}`);
console.log(`   expires_at ${portal.expires_at}`);

// 5. An event of the platform's own, delivered to the account's callback URL as a signed callback.
const event = await step(
  `5. POST /platform/v1/accounts/${id}/events  (Idempotency-Key: event-${externalId})`,
  () =>
    signet.publishEvent(
      id,
      { type: 'Merchant', event: 'onboarding_completed', data: { id, external_id: externalId } },
      { idempotencyKey: `event-${externalId}` },
    ),
);
console.log(`   accepted: callback ${event.id}, X-Signet-Event-Id ${event.event_id}`);
console.log(
  activated.callback_url_set
    ? '   queued for the callback URL: see Integration › API › Callbacks for the delivery'
    : '   the account has no callback URL yet, so it is recorded as not_sent (Integration › API › Callbacks)',
);

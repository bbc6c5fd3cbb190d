import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { actorOf } from '../../users/index.js';
import { callbackSecretView, callbackSettingsBody, callbackSettingsView } from '../callbacks.schemas.js';
import {
  getCallbackUrl,
  regenerateCallbackSecret,
  revealCallbackSecret,
  setCallbackUrl,
} from './callback-settings-service.js';

const tags = ['integration'];

export function callbackSettingsRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/callback-settings',
    {
      schema: { tags, summary: 'The callback URL', response: { 200: callbackSettingsView } },
      config: { access: 'integration' },
    },
    async (request) => ({ callback_url: await getCallbackUrl(ctx, actorOf(request).accountId) }),
  );

  app.put(
    '/callback-settings',
    {
      schema: {
        body: callbackSettingsBody,
        tags,
        summary: 'Set or clear the callback URL',
        response: { 200: callbackSettingsView },
      },
      config: { access: 'integration', stepUp: true },
    },
    async (request) => ({
      callback_url: await setCallbackUrl(ctx, actorOf(request), request.body.callback_url),
    }),
  );

  app.get(
    '/callback-settings/secret',
    {
      schema: {
        tags,
        summary: 'Reveal the callback secret (audited)',
        response: { 200: callbackSecretView },
      },
      config: { access: 'integration', stepUp: true },
    },
    async (request) => ({ callback_secret: await revealCallbackSecret(ctx, actorOf(request)) }),
  );

  app.post(
    '/callback-settings/secret',
    {
      schema: {
        tags,
        summary: 'Regenerate the callback secret; the old one stops signing at once',
        response: { 200: callbackSecretView },
      },
      config: { access: 'integration', stepUp: true },
    },
    async (request) => ({ callback_secret: await regenerateCallbackSecret(ctx, actorOf(request)) }),
  );
}

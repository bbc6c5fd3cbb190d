import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { permissionGroup } from '../../platform/permission-catalogue.js';
import { permissionCatalogue, tags } from './api-keys.schemas.js';

export function listPermissionsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/permissions',
    {
      schema: {
        tags,
        summary: 'The permissions an API key can be granted',
        response: { 200: permissionCatalogue },
      },
      config: { access: 'integration' },
    },
    async () =>
      ctx.permissions.entries.map(({ id, description }) => ({ id, description, group: permissionGroup(id) })),
  );
}

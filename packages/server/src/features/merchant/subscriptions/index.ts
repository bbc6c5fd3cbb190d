import type { MerchantResource } from '../resource.js';

// Being built (issue 12): routes, migration, simulators and triggers of this resource.
export const subscriptionsResource: MerchantResource = { routes: [] };

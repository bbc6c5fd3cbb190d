import type { MerchantResource } from '../resource.js';
import { coinLogoRoute } from './coin-logo.route.js';
import { listCoinsRoute } from './list-coins.route.js';

export const coinsResource: MerchantResource = { routes: [listCoinsRoute, coinLogoRoute] };

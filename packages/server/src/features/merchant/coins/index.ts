import type { MerchantResource } from '../resource.js';
import { listCoinsRoute } from './list-coins.route.js';

export const coinsResource: MerchantResource = { routes: [listCoinsRoute] };

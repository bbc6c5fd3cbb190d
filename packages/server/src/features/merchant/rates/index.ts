import type { MerchantResource } from '../resource.js';
import { getRateRoute } from './get-rate.route.js';
import { listRatesRoute } from './list-rates.route.js';

export const ratesResource: MerchantResource = { routes: [listRatesRoute, getRateRoute] };

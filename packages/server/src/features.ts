import { benchFeature } from './bench/bench.feature.js';
import { callbacksFeature } from './callbacks/callbacks.feature.js';
import type { Feature } from './feature.js';
import { merchantFeature } from './merchant/merchant.feature.js';
import { keysFeature } from './keys/keys.feature.js';

/**
 * Every feature the server runs, in registration order. Append new features here.
 * `benchFeature` registers nothing unless SIGNET_BENCH_ROUTES=true.
 */
export const FEATURES: Feature[] = [keysFeature, merchantFeature, callbacksFeature, benchFeature];

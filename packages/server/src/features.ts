import type { Feature } from './feature.js';

/** Every feature the server runs, in registration order. Append new features here. */
export const FEATURES: Feature[] = [];

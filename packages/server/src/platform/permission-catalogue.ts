import { ConfigError } from './config.js';

export interface PermissionEntry {
  id: string;
  description: string;
}

/**
 * What an API key can be granted, in force for this process: each feature that serves an
 * HMAC-authenticated API contributes its ids (the Cryptopay sandbox its own, the gateway those of
 * the config file). Built once at start. A key may still hold an id that a later config dropped:
 * such an id is not in the catalogue, so it grants nothing and the dashboard shows it as removed.
 */
export interface PermissionCatalogue {
  readonly entries: readonly PermissionEntry[];
  has(id: string): boolean;
}

export interface PermissionContribution {
  /** Who declares these ids, for the error when two declare the same one. */
  source: string;
  entries: readonly PermissionEntry[];
}

export function buildCatalogue(contributions: readonly PermissionContribution[]): PermissionCatalogue {
  const owner = new Map<string, string>();
  const entries: PermissionEntry[] = [];
  for (const { source, entries: list } of contributions)
    for (const entry of list) {
      const previous = owner.get(entry.id);
      if (previous !== undefined)
        throw new ConfigError(
          `permission "${entry.id}" is declared by both ${previous} and ${source}; ids must be unique`,
        );
      owner.set(entry.id, source);
      entries.push({ id: entry.id, description: entry.description });
    }
  return { entries, has: (id) => owner.has(id) };
}

/** The part of an id before its first ':', by which the dashboard groups the catalogue. */
export const permissionGroup = (id: string) => id.split(':', 1)[0]!;

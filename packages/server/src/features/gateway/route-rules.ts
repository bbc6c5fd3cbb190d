import type { HttpMethod, RouteRule } from '../../platform/config-file.js';

/**
 * Which route rule a request below a mount falls under: a pure function of the rules and the path
 * as sent. Segments are compared percent-decoded (the upstream will decode them), so `/heal%74h`
 * is `/health`. A path the upstream could read as a different one is refused outright:
 * `.`/`..` segments (also encoded), an encoded `/` or `\`, NUL, or malformed percent-encoding.
 */

export interface CompiledRule extends RouteRule {
  /** Position in the config, for metrics labels and logs. */
  index: number;
  /** Literal segments; a trailing `*` is `wildcard`. */
  literals: readonly string[];
  wildcard: boolean;
  /** `GET /orders/*`: the metrics label of the rule. */
  label: string;
}

export type RuleMatch =
  | { kind: 'matched'; rule: CompiledRule }
  | { kind: 'unmatched' }
  | { kind: 'ambiguous'; why: 'invalid_encoding' | 'ambiguous_segment' };

export function compileRules(rules: readonly RouteRule[]): CompiledRule[] {
  return rules.map((rule, index) => {
    const segments = rule.path === '/' ? [] : rule.path.slice(1).split('/');
    const wildcard = segments[segments.length - 1] === '*';
    return {
      ...rule,
      index,
      literals: wildcard ? segments.slice(0, -1) : segments,
      wildcard,
      label: `${rule.method} ${rule.path}`,
    };
  });
}

/** Decoded segments of `path` (which starts with `/` or is empty), or why it is refused. */
export function pathSegments(path: string): string[] | (RuleMatch & { kind: 'ambiguous' }) {
  if (path === '' || path === '/') return [];
  const raw = path.slice(1).split('/');
  const decoded: string[] = [];
  for (const segment of raw) {
    let value = segment;
    if (segment.includes('%')) {
      try {
        value = decodeURIComponent(segment);
      } catch {
        return { kind: 'ambiguous', why: 'invalid_encoding' };
      }
      if (/[/\\\0]/.test(value)) return { kind: 'ambiguous', why: 'ambiguous_segment' };
    }
    if (value === '.' || value === '..' || value.includes('\\'))
      return { kind: 'ambiguous', why: 'ambiguous_segment' };
    decoded.push(value);
  }
  return decoded;
}

function matches(rule: CompiledRule, segments: readonly string[]): boolean {
  const { literals } = rule;
  if (rule.wildcard ? segments.length <= literals.length : segments.length !== literals.length) return false;
  for (let i = 0; i < literals.length; i++) if (segments[i] !== literals[i]) return false;
  // An empty segment (`/orders//1`, `/orders/`) is never a path segment a rule names.
  for (let i = literals.length; i < segments.length; i++) if (segments[i] === '') return false;
  return true;
}

/**
 * The most specific rule for `method` and `path`: most literal segments first, then an exact rule
 * before a wildcard. Rules of one API are few (a linear scan costs less than a router lookup).
 */
export function matchRule(rules: readonly CompiledRule[], method: string, path: string): RuleMatch {
  const segments = pathSegments(path);
  if (!Array.isArray(segments)) return segments;
  let best: CompiledRule | null = null;
  for (const rule of rules) {
    if (rule.method !== (method as HttpMethod) || !matches(rule, segments)) continue;
    if (
      best === null ||
      rule.literals.length > best.literals.length ||
      (rule.literals.length === best.literals.length && best.wildcard && !rule.wildcard)
    )
      best = rule;
  }
  return best ? { kind: 'matched', rule: best } : { kind: 'unmatched' };
}

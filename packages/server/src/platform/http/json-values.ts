// Checks on parsed JSON values. No Fastify here: schemas the web app type-checks import this.

/**
 * The path of the first string (key or value) holding a NUL character, which PostgreSQL text cannot
 * store. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findNul(root: unknown): string[] | null {
  // Each entry points at its parent rather than copying its path, so depth costs linear memory.
  interface Node {
    value: unknown;
    key: string;
    parent: Node | null;
  }
  const pathOf = (node: Node | null, last?: string): string[] => {
    const path = last === undefined ? [] : [last];
    for (let n = node; n && n.parent; n = n.parent) path.push(n.key);
    return path.reverse();
  };
  const stack: Node[] = [{ value: root, key: '', parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(node);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], key: String(i), parent: node });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [k] of entries) if (k.includes('\u0000')) return pathOf(node, k);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push({ value: entries[i]![1], key: entries[i]![0], parent: node });
    }
  }
  return null;
}

/**
 * Whether a parsed JSON value nests at most `max` arrays or objects deep (a scalar is depth 0).
 * Iterative: the value may be far deeper than the stack, which JSON.stringify would overflow.
 */
export function nestsAtMost(root: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth + 1 > max) return false;
    for (const child of Array.isArray(value) ? value : Object.values(value))
      stack.push({ value: child, depth: depth + 1 });
  }
  return true;
}

import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function statusTone(status: string): Tone {
  switch (status) {
    case 'active':
    case 'delivered':
    case 'completed':
    case 'paid':
      return 'success';
    case 'pending':
    case 'new':
    case 'unresolved':
      return 'warning';
    case 'failed':
    case 'suspended':
    case 'cancelled':
      return 'danger';
    case 'refunded':
      return 'info';
    default:
      return 'neutral';
  }
}

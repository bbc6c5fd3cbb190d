import { useMemo } from 'react';
import { create } from 'qrcode';

/** Quiet zone around the symbol, in modules (the QR spec asks for 4). */
const MARGIN = 4;

/**
 * A QR code as inline SVG elements drawn by React: no data: URL, no canvas, no inline script or
 * style, so it renders under any Content-Security-Policy the server sends.
 */
export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const { d, dim } = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'M' });
    let path = '';
    for (let y = 0; y < modules.size; y++)
      for (let x = 0; x < modules.size; x++)
        if (modules.get(y, x)) path += `M${x + MARGIN} ${y + MARGIN}h1v1h-1z`;
    return { d: path, dim: modules.size + 2 * MARGIN };
  }, [value]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${dim} ${dim}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
    >
      <rect width={dim} height={dim} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}

"use client";

import QRCode from "qrcode";
import { useMemo } from "react";

/**
 * A QR code as one SVG path: vector, so it stays crisp at any size and zoom, and built
 * synchronously from `qrcode`'s module matrix, so a renewed token never flashes a blank.
 */
export function QrCode({ value, label, className }: { value: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = QRCode.create(value, { errorCorrectionLevel: "M" });
    let d = "";
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) {
        if (modules.get(y, x)) d += `M${x} ${y}h1v1h-1z`;
      }
    }
    return { size: modules.size, path: d };
  }, [value]);

  const quiet = 2;
  return (
    <svg
      role="img"
      aria-label={label}
      data-qr-value={value}
      viewBox={`${-quiet} ${-quiet} ${size + quiet * 2} ${size + quiet * 2}`}
      shapeRendering="crispEdges"
      className={className}
    >
      <rect x={-quiet} y={-quiet} width={size + quiet * 2} height={size + quiet * 2} fill="#fff" />
      <path d={path} fill="#0f172a" />
    </svg>
  );
}

export function Logo() {
  return (
    <span className="logo">
      <svg
        className="logo-mark"
        viewBox="0 0 32 32"
        width="28"
        height="28"
        aria-hidden="true"
        focusable="false"
      >
        <rect width="32" height="32" rx="8" fill="currentColor" />
        <path
          d="M10 20.5c1.2 1.3 3.1 2 5.4 2 3 0 4.8-1.4 4.8-3.5 0-4.6-9.6-2.6-9.6-7.3 0-2 1.8-3.4 4.6-3.4 2 0 3.6.6 4.7 1.7"
          fill="none"
          stroke="#fff"
          strokeWidth="2.4"
          strokeLinecap="round"
        />
      </svg>
      <span className="logo-text">Signet</span>
    </span>
  );
}

'use client';

/**
 * What a page of ours shows when loading it failed (most often: Redis is not reachable). The error's
 * own text stays on the server (Next.js only sends a digest in production), so nothing leaks.
 */
export function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="banner banner-error" role="alert">
      <p>This page could not be loaded. Redis may be unreachable; the error has been logged.</p>
      <button type="button" onClick={() => reset()}>Try again</button>
    </div>
  );
}

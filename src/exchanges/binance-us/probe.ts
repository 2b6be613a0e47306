/**
 * Start-up check that Binance.US answers. Returns null when it does, else a message for the
 * operator that names the host and says how to run without it.
 */
export async function probeBinanceUs(
  baseUrl: string,
  timeoutMs = 5000,
  fetchImpl: typeof fetch = fetch,
): Promise<string | null> {
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    return `BINANCE_BASE_URL ${JSON.stringify(baseUrl)} is not a URL. Fix it, or run offline with --market synthetic or --market replay:PATH.`;
  }
  const advice =
    'To run without it, start with --market synthetic (a seeded offline market) or --market replay:PATH (recorded candles).';
  try {
    const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/v3/ping`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return null;
    const why =
      response.status === 451 || response.status === 403
        ? `refused this location (HTTP ${response.status}); Binance.US serves US residents only`
        : `answered HTTP ${response.status}`;
    return `Binance.US at ${host} ${why}. ${advice}`;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const cause =
      error instanceof Error && error.cause instanceof Error
        ? error.cause.message
        : error instanceof Error
          ? error.message
          : String(error);
    const why =
      name === 'TimeoutError' || name === 'AbortError'
        ? `did not answer within ${timeoutMs} ms`
        : `could not be reached (${cause})`;
    return `Binance.US at ${host} ${why}. ${advice}`;
  }
}

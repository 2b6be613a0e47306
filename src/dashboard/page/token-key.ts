/** Where the page keeps the token for this browser tab (sessionStorage), so a reload can sign in again. */
export const TOKEN_STORAGE_KEY = 'binance-mcp.dashboard-token';

/** The page a browser gets instead of the dashboard when it came without a valid token or cookie (HTTP 401). */

const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>binance-mcp dashboard: sign in</title>
<style>body{font:15px/1.5 system-ui,sans-serif;background:#0f1419;color:#d6dde6;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:32rem;padding:2rem;background:#161c24;border:1px solid #2a3340;border-radius:8px}h1{font-size:1.2rem;margin-top:0}
input{width:100%;box-sizing:border-box;padding:.5rem;margin:.5rem 0;background:#0f1419;color:inherit;border:1px solid #2a3340;border-radius:4px}
button{padding:.45rem 1rem;background:#2f81f7;color:#fff;border:0;border-radius:4px;cursor:pointer}code{color:#9ecbff}</style></head>
<body><main><h1>binance-mcp dashboard</h1>
<p>This dashboard needs the server's bearer token: the one printed on stderr at start, also in <code>DATA_DIR/auth-token</code> (or <code>MCP_AUTH_TOKEN</code>).
This browser then keeps a cookie for the dashboard only, until it closes.</p>
<form method="get" autocomplete="off"><label for="token">Token</label><input id="token" name="token" type="password" required autofocus>
<button type="submit">Open the dashboard</button></form></main></body></html>`;

export const signInPage = {
  html,
  policy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** The page a browser gets instead of the dashboard when it came without a token (HTTP 401). */
import { createHash } from 'node:crypto';
import { TOKEN_STORAGE_KEY } from './token-key.js';

// A reload after the dashboard removed ?token= from the address comes here: take the token this tab
// kept, once (it is removed first, so a stale token cannot loop), and come back with it.
const script = `(function(){var k=${JSON.stringify(TOKEN_STORAGE_KEY)};var t=null;try{t=sessionStorage.getItem(k);sessionStorage.removeItem(k);}catch(e){}
if(t){location.replace(location.pathname+'?token='+encodeURIComponent(t));}})();`;

const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>binance-mcp dashboard: sign in</title>
<style>body{font:15px/1.5 system-ui,sans-serif;background:#0f1419;color:#d6dde6;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:32rem;padding:2rem;background:#161c24;border:1px solid #2a3340;border-radius:8px}h1{font-size:1.2rem;margin-top:0}
input{width:100%;box-sizing:border-box;padding:.5rem;margin:.5rem 0;background:#0f1419;color:inherit;border:1px solid #2a3340;border-radius:4px}
button{padding:.45rem 1rem;background:#2f81f7;color:#fff;border:0;border-radius:4px;cursor:pointer}code{color:#9ecbff}</style>
<script>${script}</script></head>
<body><main><h1>binance-mcp dashboard</h1>
<p>This dashboard needs the server's bearer token: the one printed on stderr at start, also in <code>DATA_DIR/auth-token</code> (or <code>MCP_AUTH_TOKEN</code>).</p>
<form method="get" autocomplete="off"><label for="token">Token</label><input id="token" name="token" type="password" required autofocus>
<button type="submit">Open the dashboard</button></form></main></body></html>`;

export const signInPage = {
  html,
  scriptHash: createHash('sha256').update(script).digest('base64'),
};

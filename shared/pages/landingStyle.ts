/** The landing page's stylesheet, served from this origin so the CSP needs no 'unsafe-inline'. */
export const LANDING_CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:42rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}
ul.roles{margin:.3rem 0}
button{font:inherit;padding:.4rem 1.2rem;margin-right:.5rem;cursor:pointer}
button:disabled{cursor:wait;opacity:.6}
#accept{background:#0f6cbd;color:#fff;border:1px solid #0f6cbd;border-radius:4px}
#decline,#signin{background:#fff;border:1px solid #666;border-radius:4px}
.note,#confirmation{padding:.6rem;border-left:4px solid #0f6cbd;background:#eef5fc}
[hidden]{display:none !important}
`;

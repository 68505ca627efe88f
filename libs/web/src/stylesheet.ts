/** The one stylesheet of every page (served at /assets/ofs.css); the brand's colour comes from /assets/brand.css. */
export const STYLESHEET = `
:root{--accent:#1f5eff;--ink:#1c1f24;--muted:#5a616b;--line:#dde1e6;--bg:#f4f5f7;--card:#fff;--ok:#136c2e;--ok-bg:#e3f4e8;--warn:#7a4b00;--warn-bg:#fff3d6;--bad:#a61b1b;--bad-bg:#fdecea;--radius:10px}
*{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
header.site{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;justify-content:space-between;padding:.75rem 1.25rem;background:var(--card);border-bottom:3px solid var(--accent)}
header.site .brand{display:flex;align-items:center;gap:.6rem;color:var(--ink);text-decoration:none;font-weight:600;font-size:1.1rem}
header.site .brand img{width:32px;height:32px}
header.site .tagline{color:var(--muted);font-weight:400;font-size:.9rem}
header.site nav{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem}
header.site nav form{margin:0}
main{margin:1.5rem auto;padding:0 1rem;max-width:1100px}
body.narrow main{max-width:480px}
.card{background:var(--card);border-radius:var(--radius);box-shadow:0 1px 8px rgba(0,0,0,.07);padding:1.5rem;margin-bottom:1.25rem}
h1{font-size:1.5rem;margin:0 0 .5rem}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
p.sub{color:var(--muted);margin:0 0 1.25rem}
label{display:block;font-weight:500;margin:.75rem 0 .25rem}
input[type=text],input[type=password],input[type=search],input[type=date],select{width:100%;min-height:44px;padding:.55rem .7rem;border:1px solid #b9c0c8;border-radius:6px;font:inherit;background:#fff;color:inherit}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:.55rem 1.1rem;border:0;border-radius:6px;font:inherit;font-weight:500;cursor:pointer;background:var(--accent);color:#fff;text-decoration:none}
button.secondary,.button.secondary{background:#e6e8ec;color:var(--ink)}
button.danger,.button.danger{background:var(--bad);color:#fff}
button.link{background:none;color:var(--accent);padding:0;min-height:auto;text-decoration:underline}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:.75rem;align-items:end}
.filters label{margin-top:0}
.alert{padding:.7rem .9rem;border-radius:6px;margin:0 0 1rem}
.alert.error{background:var(--bad-bg);color:var(--bad)}
.alert.info{background:var(--warn-bg);color:var(--warn)}
.alert.success{background:var(--ok-bg);color:var(--ok)}
.status{display:inline-block;padding:.1rem .55rem;border-radius:999px;font-size:.85rem;font-weight:600}
.status.authorized{background:var(--ok-bg);color:var(--ok)}
.status.rejected{background:var(--warn-bg);color:var(--warn)}
.status.revoked{background:var(--bad-bg);color:var(--bad)}
.muted{color:var(--muted)}
code{background:#eef0f3;padding:.05rem .3rem;border-radius:4px;font-size:.9em}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.6rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dt{color:var(--muted)}dd{margin:0}
ul.plain{list-style:none;padding:0;margin:0}
.choice{display:flex;align-items:center;gap:.75rem;padding:.75rem 0;border-bottom:1px solid var(--line)}
.choice input[type=checkbox]{width:22px;height:22px;accent-color:var(--accent)}
.choice label{margin:0;font-weight:400;flex:1}
.pager{display:flex;justify-content:space-between;margin-top:1rem}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:1.5rem 1rem}
@media (max-width:640px){
  main{margin:1rem auto;padding:0 .5rem}
  .card{padding:1rem}
  table.stack thead{position:absolute;left:-9999px}
  table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}
  table.stack td{display:block;border:0;padding:.2rem 0}
  table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
}
`;

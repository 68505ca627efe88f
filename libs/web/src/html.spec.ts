import { escapeHtml, html, trusted } from './html';

describe('html (auto-escaping templates)', () => {
  it('escapes every interpolated string, keeps nested html', () => {
    const name = `<script>alert("x")</script>&'`;
    const bold = html`<b>${'ok'}</b>`;
    const page = html`<p title="${name}">${name}</p>${bold}`;
    expect(page.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p><b>ok</b>',
    );
  });

  it('joins arrays, skips null, undefined and false, prints numbers', () => {
    expect(html`${['<a>', html`<i>${1}</i>`]}${null}${undefined}${false}${0}`.value).toBe('&lt;a&gt;<i>1</i>0');
  });

  it('trusted markup passes unchanged; escapeHtml alone escapes the five characters', () => {
    expect(html`${trusted('<svg/>')}`.value).toBe('<svg/>');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

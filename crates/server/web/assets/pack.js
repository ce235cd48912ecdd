// 汇编 Pack: build a study pack (学习材料汇编) from search results and download it
// as DOCX or HTML (POST /api/v1/pack). The plan lives in the query string like
// every view's state: title, body, date, the current 专题 (cur) and one `s`
// per 专题 written `id,id,…|heading` (ids are hex, so the first `|` splits).
import { api, addStrings, errorBox, field, go, h, href, input, link, registerView, rows, t } from './app.js';

addStrings({
  pack: ['汇编', 'Pack'],
  pack_title: ['汇编标题', 'Title'], pack_body: ['印发单位', 'Issuing body'], pack_date: ['封面日期', 'Cover date'],
  sections: ['专题', 'Sections'], section_n: ['专题{n}', 'Section {n}'], add_section: ['新增专题', 'Add section'],
  add_to: ['加入当前专题', 'Add to current section'], current: ['当前', 'current'], rename: ['专题名称', 'Section heading'],
  up: ['上移', 'Move up'], down: ['下移', 'Move down'], drop_item: ['移除', 'Remove'], drop_section: ['删除专题', 'Delete section'],
  download: ['下载', 'Download'], empty_pack: ['还没有选入文章：检索后勾选结果，加入当前专题。', 'No articles yet: search, tick results, add them to the current section.'],
  pack_ready: ['已生成 {f}（{n} 字节）', '{f} ready ({n} bytes)'], building: ['正在生成…', 'Building…'],
  in_pack: ['已选入', 'in pack'],
  help_pack: ['检索后勾选文章加入当前专题；可新增、改名专题，调整顺序。同一作品只收一篇。可下载 DOCX、HTML 或 PDF。',
    'Search, tick articles and add them to the current section; add or rename sections and reorder items. A work is included once. Download DOCX, HTML or PDF.'],
});

// The plan as the URL holds it.
function readState(p) {
  const sections = p.getAll('s').map((x) => {
    const i = x.indexOf('|');
    const ids = (i < 0 ? x : x.slice(0, i)).split(',').filter(Boolean);
    return { heading: i < 0 ? '' : x.slice(i + 1), ids };
  });
  if (!sections.length) sections.push({ heading: t('section_n', { n: '一' }), ids: [] });
  const cur = Math.min(Math.max(+p.get('cur') || 0, 0), sections.length - 1);
  return { title: p.get('title') || '', body: p.get('body') || '', date: p.get('date') || '', q: p.get('q') || '', qd: p.get('qd') || '', sections, cur };
}
function urlOf(st) {
  return {
    v: 'pack', title: st.title, body: st.body, date: st.date, q: st.q, qd: st.qd, cur: st.cur || null,
    s: st.sections.map((s) => `${s.ids.join(',')}|${s.heading}`),
  };
}
const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

registerView('pack', {
  nav: true,
  async render(p, el) {
    const st = readState(p);
    const titles = new Map();
    const save = () => history.replaceState(null, '', href(urlOf(st)));
    const titleOf = (id) => {
      if (titles.has(id)) return titles.get(id);
      titles.set(id, id);
      api('/articles/' + encodeURIComponent(id)).then((a) => { titles.set(id, a.title || id); drawPlan(); }).catch(() => {});
      return id;
    };

    // Cover fields: kept in the URL as typed.
    const cover = h('form', { class: 'bar', 'data-testid': 'pack-cover' },
      field(t('pack_title'), input('title', st.title, { placeholder: '学习材料汇编', size: 24, class: 'pack-title' }), 'grow'),
      field(t('pack_body'), input('body', st.body, { size: 16 })),
      field(t('pack_date'), input('date', st.date, { size: 10, placeholder: '2025年3月' })));
    cover.addEventListener('input', (e) => { st[e.target.name] = e.target.value; save(); });
    cover.addEventListener('submit', (e) => e.preventDefault());

    // Search: results to tick.
    const search = h('form', { class: 'bar', role: 'search' },
      field(t('query'), input('q', st.q, { type: 'search', class: 'q', placeholder: '高质量发展' }), 'grow'),
      field(t('date'), input('qd', st.qd, { size: 12, placeholder: '2020..2024' })),
      h('button', { type: 'submit' }, t('go')));
    search.addEventListener('submit', (e) => {
      e.preventDefault();
      st.q = search.q.value.trim(); st.qd = search.qd.value.trim();
      go(urlOf(st));
    });
    const results = h('div', { class: 'pack-results', 'data-testid': 'pack-results' });
    const addBtn = h('button', { type: 'button', 'data-testid': 'pack-add', onclick: () => {
      const ids = [...results.querySelectorAll('input.pick:checked')].map((x) => x.value);
      const have = new Set(st.sections.flatMap((s) => s.ids));
      for (const id of ids) if (!have.has(id)) { st.sections[st.cur].ids.push(id); have.add(id); }
      results.querySelectorAll('input.pick:checked').forEach((x) => { x.checked = false; x.disabled = true; });
      save(); drawPlan();
    } }, t('add_to'));

    // The plan: sections with their items.
    const plan = h('div', { class: 'pack-plan', 'data-testid': 'pack-plan' });
    const drawPlan = () => {
      plan.replaceChildren(h('h2', {}, t('sections')), ...st.sections.map((s, si) => {
        const heading = input('heading', s.heading, { 'aria-label': t('rename'), class: 'pack-heading', size: 24 });
        heading.addEventListener('input', () => { s.heading = heading.value; save(); });
        const move = (i, d) => { const j = i + d; if (j < 0 || j >= s.ids.length) return; [s.ids[i], s.ids[j]] = [s.ids[j], s.ids[i]]; save(); drawPlan(); };
        return h('section', { class: 'card pack-section' + (si === st.cur ? ' current' : ''), 'data-section': si },
          h('div', { class: 'bar' },
            h('label', {}, h('input', { type: 'radio', name: 'cur', checked: si === st.cur, onchange: () => { st.cur = si; save(); drawPlan(); } }), ' ', t('current')),
            heading,
            st.sections.length > 1 ? h('button', { type: 'button', class: 'plain', onclick: () => { st.sections.splice(si, 1); st.cur = Math.min(st.cur, st.sections.length - 1); save(); drawPlan(); } }, t('drop_section')) : null),
          s.ids.length ? h('ol', { class: 'pack-items' }, s.ids.map((id, i) => h('li', { 'data-id': id },
            link({ v: 'read', id }, titleOf(id)), ' ', h('span', { class: 'meta' }, id), ' ',
            h('button', { type: 'button', class: 'plain', title: t('up'), 'aria-label': t('up'), disabled: i === 0, onclick: () => move(i, -1) }, '↑'),
            h('button', { type: 'button', class: 'plain', title: t('down'), 'aria-label': t('down'), disabled: i === s.ids.length - 1, onclick: () => move(i, 1) }, '↓'),
            h('button', { type: 'button', class: 'plain', title: t('drop_item'), 'aria-label': t('drop_item'), onclick: () => { s.ids.splice(i, 1); save(); drawPlan(); } }, '✕'))))
            : h('p', { class: 'note' }, t('empty_pack')));
      }), h('button', { type: 'button', class: 'plain', 'data-testid': 'pack-add-section', onclick: () => {
        st.sections.push({ heading: t('section_n', { n: CN[st.sections.length] || st.sections.length + 1 }), ids: [] });
        st.cur = st.sections.length - 1; save(); drawPlan();
      } }, '＋ ', t('add_section')));
    };

    // Downloads: the plan is posted, the answer saved under the name the server gives.
    const msg = h('div', { 'data-testid': 'pack-result', 'aria-live': 'polite' });
    const download = async (format) => {
      const body = {
        plan: {
          title: st.title.trim() || '学习材料汇编',
          body: st.body.trim() || null, date: st.date.trim() || null,
          sections: st.sections.filter((s) => s.ids.length).map((s) => ({ heading: s.heading.trim() || '专题', items: s.ids.map((id) => ({ id })) })),
        },
        format,
      };
      msg.dataset.status = ''; msg.replaceChildren(h('p', { class: 'note' }, t('building')));
      try {
        const res = await fetch('/api/v1/pack', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) {
          let err = { code: String(res.status), message: res.statusText };
          try { err = (await res.json()).error || err; } catch { /* not JSON */ }
          msg.dataset.status = String(res.status);
          msg.replaceChildren(errorBox(err));
          return;
        }
        const blob = await res.blob();
        const name = `${body.plan.title}.${format}`;
        const a = h('a', { href: URL.createObjectURL(blob), download: name, class: 'button plain' }, name);
        msg.dataset.status = String(res.status);
        msg.dataset.bytes = String(blob.size);
        msg.replaceChildren(h('p', {}, t('pack_ready', { f: format.toUpperCase(), n: blob.size.toLocaleString() }), ' ', a));
        a.click();
      } catch (e) { msg.replaceChildren(errorBox(e)); }
    };
    const downloads = h('p', { class: 'exports' }, t('download'), '：',
      ['docx', 'html', 'pdf'].map((f) => [h('button', { type: 'button', class: 'plain', 'data-format': f, onclick: () => download(f) }, f.toUpperCase()), ' ']));

    el.append(h('h1', {}, t('pack')), cover, h('p', { class: 'note' }, t('help_pack')),
      h('div', { class: 'cols pack-cols' },
        h('div', {}, search, results),
        h('div', {}, plan, downloads, msg)));
    drawPlan();

    if (!st.q) return;
    results.replaceChildren(h('p', { class: 'note' }, t('loading')));
    try {
      const q = st.qd ? `${st.q} date:${st.qd}` : st.q;
      const res = await api('/search', { q, limit: 50 });
      const works = rows(res);
      if (!works.length) { results.replaceChildren(h('p', {}, t('nores'))); return; }
      const have = new Set(st.sections.flatMap((s) => s.ids));
      results.replaceChildren(addBtn, h('ul', { class: 'plain-list' }, works.map((w) => {
        const a = rows(w.articles || [w])[0];
        titles.set(a.id, a.title || a.id);
        const more = (w.articles || []).length > 1 ? ` · ${t('same_work')} ×${w.articles.length}` : '';
        return h('li', { 'data-id': a.id },
          h('label', {}, h('input', { type: 'checkbox', class: 'pick', value: a.id, disabled: have.has(a.id) }), ' ', a.title || a.id),
          h('div', { class: 'meta' }, [a.date, a.source, a.id].filter(Boolean).join(' · ') + more + (have.has(a.id) ? ` · ${t('in_pack')}` : '')));
      })), addBtn.cloneNode(true));
      // The cloned button at the foot needs its own handler.
      results.lastChild.addEventListener('click', () => addBtn.click());
    } catch (e) { results.replaceChildren(errorBox(e)); }
  },
});

// tifa workbench — vanilla JS, no build step, no network beyond this server.
// Every view's state lives in the query string (?v=kwic&q=…), so any screen can be
// bookmarked or shared. Views register in VIEWS; later pages plug in the same way.

const API = '/api/v1';

// ---------- i18n ----------
const T = {
  search: ['检索', 'Search'], kwic: ['语境', 'KWIC'], read: ['文章', 'Reader'], trend: ['趋势', 'Trend'],
  newterms: ['新提法', 'New terms'], keywords: ['关键词', 'Keywords'], diff: ['比较', 'Compare'],
  library: ['资料库', 'Library'], notes: ['笔记', 'Notes'],
  n_scope: ['范围（检索式，可选）', 'Scope (search query, optional)'], n_per: ['每词条数', 'Passages per term'],
  n_trend: ['年度走势', 'Trend by year'], n_passages: ['权威表述', 'Defining passages'], n_download: ['下载', 'Download'],
  help_notes: ['热词学习笔记：每个词的次数、年度走势、首次出现，以及来自最权威、有日期来源的表述（同一作品只取一处），均注明出处。',
    'Study notes: for each term its counts, trend by year, first appearance, and the defining sentences from the most authoritative dated sources (one per work), each cited.'],
  query: ['检索式', 'Query'], term: ['词语', 'Term'], terms: ['词语（空格分隔）', 'Terms (space separated)'],
  from: ['起始日期', 'From'], to: ['截止日期', 'To'], source: ['来源', 'Source'], kind: ['类型', 'Kind'],
  speaker: ['讲话人/作者', 'Speaker'], any: ['全部', 'any'], go: ['检索', 'Search'], show: ['显示', 'Show'],
  occurrences: ['次', 'occurrences'], articles: ['篇文章', 'articles'], works: ['部作品', 'works'],
  occ: ['出现次数', 'Occurrences'], arts: ['文章数', 'Articles'], wks: ['作品数', 'Works'],
  nores: ['没有结果。', 'No results.'], loading: ['正在加载…', 'Loading…'],
  prev: ['上一页', 'Previous'], next: ['下一页', 'Next'], page: ['第 {a}–{b} 条，共 {n} 条', '{a}–{b} of {n}'],
  works_n: ['第 {a}–{b} 部作品', 'works {a}–{b}'],
  hits: ['处', 'hits'], width: ['语境宽度', 'Context width'], sort: ['排序', 'Sort'],
  s_position: ['出现顺序', 'position'], s_left: ['左语境', 'left context'], s_right: ['右语境', 'right context'],
  s_date: ['日期', 'date'], left: ['左语境', 'Left'], right: ['右语境', 'Right'], hit: ['检索词', 'Hit'],
  date: ['日期', 'Date'], title: ['标题', 'Title'], article: ['文章', 'Article'], para: ['段', 'para.'],
  export: ['导出', 'Export'], id: ['编号', 'ID'], outline: ['提纲', 'Outline'], nooutline: ['（无提纲）', '(no outline)'],
  origin: ['出处', 'Provenance'], lines: ['第 {a}–{b} 行', 'lines {a}–{b}'], record: ['第 {n} 条记录', 'record {n}'],
  parsing: ['解析中', 'Parsing'], storing: ['写入', 'Storing'],
  same_work: ['同一作品', 'Same work'], collate: ['校勘全部文本', 'Collate all witnesses'], asides: ['旁注（非正文）', 'Flagged asides (not body text)'],
  citation: ['引用', 'Cite'], copy: ['复制', 'Copy'], copied: ['已复制', 'Copied'],
  edit: ['修改元数据', 'Edit metadata'], save: ['保存', 'Save'], reset: ['恢复识别值', 'reset'], saved: ['已保存。', 'Saved.'],
  edited: ['已修改', 'edited'], printed: ['印刷日期', 'Printed'], published: ['发表', 'Published'],
  doc_number: ['文号', 'Doc. no.'], span: ['摘编时间跨度', 'Span'], chars: ['字数', 'Chars'],
  by: ['分组', 'By'], by_year: ['按年份', 'by year'], by_month: ['按月份', 'by month'], by_source: ['按来源', 'by source'],
  by_work: ['按作品（每部作品计一次）', 'by work (each work once)'],
  per10k: ['每万字出现次数', 'per 10,000 characters'], first: ['首次出现', 'First appearance'],
  period: ['时期', 'Period'], vs: ['对照时期', 'Reference'], limit: ['条数', 'Limit'],
  texts: ['文本数', 'Texts'], reference: ['对照', 'Ref.'], score: ['得分', 'Score'], keyness: ['关键性', 'Keyness'], word: ['词', 'Word'],
  target: ['目标', 'Target'], a: ['文章 A', 'Article A'], b: ['文章 B', 'Article B'], compare: ['比较', 'Compare'],
  added: ['B 独有的提法', 'Only in B'], dropped: ['A 独有的提法', 'Only in A'], count: ['次数', 'Count'],
  upload: ['上传文件', 'Upload files'], upload_dir: ['上传文件夹', 'Upload a folder'],
  drop: ['把文件拖到这里，或用上面的按钮选择。', 'Drop files here, or choose them above.'],
  uploading: ['正在导入…', 'Importing…'], remove: ['删除', 'Remove'],
  confirm_rm: ['删除文章 {id}「{t}」？', 'Remove article {id} “{t}”?'], file: ['文件', 'File'],
  status_line: ['{a} 篇文章 · {w} 部作品', '{a} articles · {w} works'], read_only: ['只读', 'read-only'],
  token: ['修改文库需要令牌（tifa serve --token-file 中的内容）：', 'Changing the library needs the token (the contents of tifa serve --token-file):'],
  compare_sel: ['比较所选两篇', 'Compare the two selected'], filter: ['筛选', 'Filter'],
  help_search: ['按 / 键跳到检索框。语法：词语、"短语"、OR、NOT 或 -词、( )、title: source: kind: speaker: date:2020..2024',
    'Press / to jump to the box. Syntax: words, "phrases", OR, NOT or -word, ( ), title: source: kind: speaker: date:2020..2024'],
  help_kwic: ['点击列标题排序；每一处出现都可翻页查看。', 'Click a column heading to sort; page through every hit.'],
  help_trend: ['几个词语用空格分开；折线为每万字出现次数。', 'Separate several terms with spaces; lines are per 10,000 characters.'],
  help_newterms: ['时期内新出现的提法（与对照时期相比），无需词典。', 'Formulations new in the period against the reference, found without a dictionary.'],
  help_keywords: ['所选文章（编号或日期）相对参照集（日期范围、文章编号或检索式；默认其余文章）的关键词与提法；关键性为 G²，得分另按长度加权。', 'Keywords and formulations of the chosen articles (id or date) against a reference (date range, article ids or a query; default the rest); keyness is G², the score also weighs length.'],
  help_library: ['支持 txt、md、docx、pdf、html、jsonl、csv。同一文件再次导入不会重复。', 'txt, md, docx, pdf, html, jsonl and csv. A file already in the library is left unchanged.'],
  need_id: ['请输入文章编号，或在检索结果、资料库中点击标题。', 'Enter an article id, or click a title in search results or the library.'],
  untitled: ['无标题', 'untitled'], error: ['错误', 'Error'], heading: ['标题段', 'heading'], open: ['打开', 'Open'],
  kinds: ['类型', 'Kind'], all_articles: ['全部文章', 'All articles'], result: ['导入结果', 'Import result'],
};
const KINDS = {
  speech: ['讲话', 'speech'], speech_excerpts: ['讲话摘编', 'speech excerpts'], news_report: ['新闻报道', 'news report'],
  policy_document: ['政策文件', 'policy document'], interview: ['访谈', 'interview'], instruction: ['指示批示', 'instruction'],
  letter: ['书信', 'letter'], infographic: ['图解', 'infographic'], notes: ['学习笔记', 'notes'], other: ['其他', 'other'],
};
const FLAGS = { credit: ['署名/出处', 'credit'], sidebar: ['链接/专栏', 'sidebar'], pullquote: ['引语', 'pull-quote'],
  summary: ['要点', 'summary'], caption: ['图片说明', 'caption'] };

let lang = new URLSearchParams(location.search).get('lang') || localStorage.getItem('tifa.lang') || 'zh';
if (lang !== 'en') lang = 'zh';
const L = () => (lang === 'en' ? 1 : 0);
export function t(key, vars) {
  let s = (T[key] || [key, key])[L()];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}
const kindName = (k) => (k ? (KINDS[k] ? KINDS[k][L()] : k) : '');

// ---------- DOM helpers ----------
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const SVGNS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined) el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return el;
}
const fmt = (n, d = 0) => (typeof n === 'number' ? n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: d }) : (n ?? ''));

// ---------- URL state ----------
function params() { return new URLSearchParams(location.search); }
export function href(p) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (Array.isArray(v)) v.filter((x) => x !== '' && x != null).forEach((x) => u.append(k, x));
    else if (v !== '' && v !== null && v !== undefined) u.set(k, v);
  }
  if (params().get('lang')) u.set('lang', lang);
  return '/?' + u.toString();
}
function go(p, replace) {
  const url = href(p);
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  render();
}
function link(p, ...kids) {
  const a = h('a', { href: href(p) }, ...kids);
  a.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault(); go(p);
  });
  return a;
}
const readLink = (id, text, extra = {}) => link({ v: 'read', id, ...extra }, text || id);

// ---------- API ----------
export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}
function qs(p) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p || {})) {
    if (Array.isArray(v)) v.forEach((x) => x !== '' && x != null && u.append(k, x));
    else if (v !== '' && v !== null && v !== undefined) u.set(k, v);
  }
  const q = u.toString();
  return q ? '?' + q : '';
}
// A link that downloads the rows of `path` (with `p`) as an XLSX workbook.
function xlsxLink(path, p, name) {
  return h('p', { class: 'exports' }, t('export'), '：',
    h('a', { class: 'button plain', href: API + path + qs({ ...p, format: 'xlsx' }), download: name, 'data-testid': 'xlsx' }, 'XLSX'));
}
async function api(path, p, init, retried) {
  let res;
  // Off loopback the server wants a bearer token on changes (tifa serve --token-file).
  const token = localStorage.getItem('tifa.token');
  const write = init && init.method && init.method !== 'GET';
  const opts = write && token ? { ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${token}` } } : init;
  try { res = await fetch(API + path + qs(p), opts); } catch (e) { throw new ApiError(0, 'network', String(e)); }
  if (res.status === 401 && write && !retried) {
    const t0 = prompt(t('token'));
    if (t0) { localStorage.setItem('tifa.token', t0.trim()); return api(path, p, init, true); }
  }
  const text = await res.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch {
      // JSON lines (one value per line) are accepted as an array.
      try { body = text.trim().split('\n').map((l) => JSON.parse(l)); } catch { body = text; }
    }
  }
  if (!res.ok) {
    const err = body && body.error ? body.error : { code: String(res.status), message: typeof body === 'string' ? body : res.statusText };
    throw new ApiError(res.status, err.code, err.message);
  }
  return body;
}
// Lists come back as arrays; tolerate a wrapping object too.
function rows(x) {
  if (Array.isArray(x)) return x;
  if (x && typeof x === 'object') {
    for (const k of ['rows', 'items', 'results', 'hits', 'keywords', 'works', 'articles', 'terms', 'files', 'data']) if (Array.isArray(x[k])) return x[k];
  }
  return x ? [x] : [];
}
function errorBox(e) {
  const code = e && e.code ? ` (${e.code})` : '';
  return h('div', { class: 'error', role: 'alert' }, `${t('error')}${code}：`, e && e.message ? e.message : String(e));
}

// ---------- shared widgets ----------
function field(label, input, cls) { return h('label', { class: cls }, label, input); }
function input(name, value, attrs = {}) { return h('input', { name, value: value ?? '', ...attrs }); }
function kindSelect(name, value, withAny = true) {
  return h('select', { name },
    withAny ? h('option', { value: '' }, t('any')) : null,
    Object.keys(KINDS).map((k) => h('option', { value: k, selected: k === value }, KINDS[k][L()])));
}
function splitDate(d) { const [a, b] = (d || '').split('..'); return (d || '').includes('..') ? [a || '', b || ''] : [d || '', d || '']; }
function joinDate(a, b) { a = a.trim(); b = b.trim(); if (!a && !b) return ''; if (a === b) return a; return `${a}..${b}`; }
function dateFields(p) {
  const [a, b] = splitDate(p.get('date'));
  return [field(t('from'), input('df', a, { placeholder: '2020', size: 10 })), field(t('to'), input('dt', b, { placeholder: '2024-12', size: 10 }))];
}
function filterFields(p) {
  return [...dateFields(p), field(t('source'), input('source', p.get('source'), { size: 12 })),
    field(t('kind'), kindSelect('kind', p.get('kind'))), field(t('speaker'), input('speaker', p.get('speaker'), { size: 8 }))];
}
function formValues(form) {
  const f = new FormData(form); const o = {};
  for (const [k, v] of f.entries()) o[k] = typeof v === 'string' ? v.trim() : v;
  if ('df' in o || 'dt' in o) { o.date = joinDate(o.df || '', o.dt || ''); delete o.df; delete o.dt; }
  return o;
}
function filters(p) { return { date: p.get('date'), source: p.get('source'), kind: p.get('kind'), speaker: p.get('speaker') }; }
function pager(offset, limit, total, onGo) {
  const a = total ? offset + 1 : 0; const b = Math.min(offset + limit, total);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'plain', disabled: offset <= 0, 'data-page': 'prev', onclick: () => onGo(Math.max(0, offset - limit)) }, '‹ ', t('prev')),
    h('span', { class: 'range' }, t('page', { a: fmt(a), b: fmt(b), n: fmt(total) })),
    h('button', { type: 'button', class: 'plain', disabled: b >= total, 'data-page': 'next', onclick: () => onGo(offset + limit) }, t('next'), ' ›'));
}
function snippet(sn) {
  if (!sn) return null;
  return h('p', { class: 'snippet' }, '…', sn.left || '', h('mark', {}, sn.hit || ''), sn.right || '', '…');
}
function highlight(text, terms) {
  const ts = (terms || []).filter(Boolean).sort((a, b) => b.length - a.length);
  if (!ts.length) return [text];
  const re = new RegExp(ts.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const out = []; let last = 0; let m;
  while ((m = re.exec(text))) { out.push(text.slice(last, m.index), h('mark', {}, m[0])); last = m.index + m[0].length; }
  out.push(text.slice(last));
  return out;
}
// Plain terms of a query in tifa's query language (for exact counts).
export function queryTerms(q) {
  const out = []; const re = /"([^"]*)"|(\S+)/g; let m; let not = false;
  while ((m = re.exec(q || ''))) {
    const w = m[1] !== undefined ? m[1].trim() : m[2].replace(/^\(+|\)+$/g, '');
    if (m[1] === undefined && ['AND', 'OR', 'NOT'].includes(w)) { not = w === 'NOT'; continue; }
    const skip = not || !w || (m[1] === undefined && (w.startsWith('-') || /^[a-z_]+:/i.test(w)));
    not = false;
    if (!skip && !out.includes(w)) out.push(w);
  }
  return out;
}
function searchQuery(q, f) {
  const parts = [q];
  const quote = (v) => (/\s/.test(v) ? `"${v}"` : v);
  if (f.date) parts.push(`date:${f.date}`);
  if (f.source) parts.push(`source:${quote(f.source)}`);
  if (f.kind) parts.push(`kind:${f.kind}`);
  if (f.speaker) parts.push(`speaker:${quote(f.speaker)}`);
  return parts.join(' ');
}
function countBoxes(list) {
  return h('div', { class: 'counts', 'data-testid': 'counts' }, list.map((c) => h('div', { class: 'count', 'data-term': c.term },
    h('span', { class: 'term' }, c.term),
    h('b', { 'data-k': 'occurrences' }, fmt(c.occurrences)), t('occurrences'), ' · ',
    h('b', { 'data-k': 'articles' }, fmt(c.articles)), t('articles'), ' · ',
    h('b', { 'data-k': 'works' }, fmt(c.works)), t('works'))));
}
const loading = () => h('p', { class: 'note' }, t('loading'));

// ---------- views ----------
const VIEWS = {};
// A later page (quote check, study packs…) is a module that imports these and calls
// registerView('quote', { nav: true, render(params, el) {…} }) plus addStrings({quote: ['引文核对', 'Quote check']}).
export function registerView(key, view) { VIEWS[key] = view; }
export function addStrings(strings) { Object.assign(T, strings); }
export { api, rows, go, link, errorBox, field, input, filterFields, formValues, filters };

registerView('search', {
  nav: true,
  async render(p, el) {
    const q = p.get('q') || '';
    const form = h('form', { class: 'bar', role: 'search' },
      field(t('query'), input('q', q, { type: 'search', class: 'q', autofocus: true, placeholder: '共同富裕 OR 高质量发展', 'aria-describedby': 'help' }), 'grow'),
      ...filterFields(p), h('button', { type: 'submit' }, t('go')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'search', ...formValues(form) }); });
    el.append(h('h1', {}, t('search')), form, h('p', { class: 'note', id: 'help' }, t('help_search')));
    if (!q) return;
    const out = h('div', {}, loading()); el.append(out);
    const limit = 20; const offset = +p.get('offset') || 0;
    const f = filters(p); const terms = queryTerms(q);
    try {
      const [counts, res] = await Promise.all([
        terms.length ? api('/count', { q: terms, ...f }) : Promise.resolve([]),
        api('/search', { q: searchQuery(q, f), limit, offset }),
      ]);
      const works = rows(res);
      const total = res && typeof res === 'object' && !Array.isArray(res) ? (res.total ?? res.works_total ?? (typeof res.works === 'number' ? res.works : undefined)) : undefined;
      out.replaceChildren(countBoxes(rows(counts)));
      if (!works.length) { out.append(h('p', {}, t('nores'))); return; }
      const list = h('div', { class: 'results' });
      for (const w of works) {
        const arts = rows(w.articles || [w]);
        list.append(h('section', { class: 'card work', 'data-rank': w.rank },
          arts.length > 1 ? h('div', { class: 'meta' }, t('same_work'), ` · ${arts.length} ${t('articles')}`) : null,
          h('ul', {}, arts.map((a) => h('li', {},
            h('h3', {}, readLink(a.id, a.title || `（${t('untitled')}）${a.id}`, { hl: terms[0], p: a.snippet ? a.snippet.paragraph : null })),
            h('div', { class: 'meta' }, [a.date, kindName(a.kind), a.source, a.hits != null ? `${fmt(a.hits)} ${t('hits')}` : null].filter(Boolean).join(' · ')),
            snippet(a.snippet))))));
      }
      out.append(list);
      const n = total ?? (works.length < limit ? offset + works.length : offset + works.length + 1);
      out.append(pager(offset, limit, n, (o) => go({ ...Object.fromEntries(p), offset: o })));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('kwic', {
  nav: true,
  async render(p, el) {
    const q = p.get('q') || ''; const sort = p.get('sort') || 'position';
    const width = p.get('width') || ''; const limit = +p.get('limit') || 50; const offset = +p.get('offset') || 0;
    const form = h('form', { class: 'bar' },
      field(t('term'), input('q', q, { type: 'search', class: 'q', placeholder: '共同富裕' }), 'grow'),
      field(t('width'), input('width', width, { type: 'number', min: 2, max: 200, placeholder: '20', style: 'width:5em' })),
      field(t('sort'), h('select', { name: 'sort' }, ['position', 'left', 'right', 'date'].map((k) => h('option', { value: k, selected: k === sort }, t('s_' + k))))),
      ...filterFields(p), h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'kwic', ...formValues(form) }); });
    el.append(h('h1', {}, t('kwic')), form, h('p', { class: 'note' }, t('help_kwic')));
    if (!q) return;
    const out = h('div', {}, loading()); el.append(out);
    const f = filters(p);
    const base = { q, width, sort, ...f };
    try {
      const res = await api('/kwic', { ...base, offset, limit, format: 'json' });
      const hits = rows(res.hits || res); const total = res.total ?? hits.length;
      const state = (o) => ({ v: 'kwic', ...Object.fromEntries(p), ...o });
      const sortBtn = (k, label) => h('button', { type: 'button', class: 'sort', 'data-sort': k, 'aria-pressed': String(sort === k), onclick: () => go(state({ sort: k, offset: 0 })) }, label, sort === k ? ' ▾' : '');
      const exp = h('span', { class: 'exports' }, t('export'), '：',
        h('a', { class: 'button plain', href: API + '/kwic' + qs({ ...base, format: 'csv' }), download: `kwic-${q}.csv` }, 'CSV'), ' ',
        h('a', { class: 'button plain', href: API + '/kwic' + qs({ ...base, format: 'jsonl' }), download: `kwic-${q}.jsonl` }, 'JSONL'), ' ',
        h('a', { class: 'button plain', href: API + '/kwic' + qs({ ...base, format: 'xlsx' }), download: `kwic-${q}.xlsx` }, 'XLSX'));
      const table = h('table', { class: 'kwic' },
        h('thead', {}, h('tr', {},
          h('th', { class: 'num' }, '#'), h('th', {}, sortBtn('date', t('date'))), h('th', { class: 'num' }, sortBtn('left', t('left'))),
          h('th', {}, t('hit')), h('th', {}, sortBtn('right', t('right'))), h('th', {}, sortBtn('position', t('article'))))),
        h('tbody', {}, hits.map((x, i) => h('tr', { class: 'hitrow' },
          h('td', { class: 'num' }, fmt(offset + i + 1)), h('td', { class: 'date' }, x.date || ''),
          h('td', { class: 'left' }, h('span', {}, x.left)), h('td', { class: 'hit' }, h('mark', {}, x.hit)), h('td', { class: 'right' }, x.right),
          h('td', { class: 'src' }, readLink(x.article, x.title || x.article, { p: x.paragraph, hl: x.hit }), ' ', h('span', { class: 'meta' }, `¶${x.paragraph}`))))));
      const go2 = (o) => go(state({ offset: o }));
      out.replaceChildren(h('div', { class: 'pager' }, h('strong', { 'data-testid': 'total' }, fmt(total)), ' ', t('hits'), ' · ', exp),
        pager(offset, limit, total, go2), table, pager(offset, limit, total, go2));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('read', {
  nav: true,
  async render(p, el) {
    const id = p.get('id');
    const form = h('form', { class: 'bar' }, field(t('id'), input('id', id, { class: 'q', size: 12 })), h('button', { type: 'submit' }, t('open')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'read', ...formValues(form) }); });
    if (!id) { el.append(h('h1', {}, t('read')), form, h('p', { class: 'note' }, t('need_id'))); return; }
    el.append(loading());
    let a;
    try { a = await api('/articles/' + encodeURIComponent(id)); } catch (e) { el.replaceChildren(h('h1', {}, t('read')), form, errorBox(e)); return; }
    const hl = p.getAll('hl'); const target = p.get('p');
    const paras = (a.paragraphs || []).map((x) => (typeof x === 'string' ? { text: x } : x));
    const heads = new Map((a.outline || []).map((o) => [o.paragraph, o]));
    const cites = new Map(); for (const c of a.citations || []) cites.set(c.paragraph, c);
    const edited = new Set(a.edited || []);
    const ed = (k) => (edited.has(k) ? h('span', { class: 'edited' }, t('edited')) : null);
    const o = a.origin || {};
    const prov = o.record != null ? t('record', { n: o.record }) : (o.start_line != null ? t('lines', { a: o.start_line, b: o.end_line }) : '');
    const citeText = (n) => {
      const who = a.speaker ? `${a.speaker}：` : '';
      const when = a.date_printed || a.date;
      return `${who}《${a.title || ''}》${when ? `（${when}）` : ''}${a.source ? `，${a.source}` : ''}${n != null ? `，第 ${n} 段` : ''}。[tifa ${a.id}${n != null ? ' ¶' + n : ''}]`;
    };
    const copy = (text) => h('button', { type: 'button', class: 'plain', onclick: async (e) => {
      try { await navigator.clipboard.writeText(text); e.target.textContent = t('copied'); } catch { prompt(t('citation'), text); }
    } }, t('copy'));
    const outline = h('nav', { class: 'outline', 'aria-label': t('outline') }, h('strong', {}, t('outline')),
      (a.outline || []).length
        ? h('ol', {}, a.outline.map((x) => h('li', { class: 'l' + (x.level || 1) }, h('a', { href: `#p${x.paragraph}` }, x.text))))
        : h('p', { class: 'note' }, t('nooutline')));
    const meta = h('dl', { class: 'meta-list', 'data-testid': 'meta' },
      h('dt', {}, t('id')), h('dd', {}, a.id),
      a.date || a.date_printed ? [h('dt', {}, t('date')), h('dd', {}, a.date || '', ed('date'), a.date_printed ? h('span', { class: 'meta' }, ` （${t('printed')}：${a.date_printed}）`) : null)] : null,
      a.published && a.published !== a.date ? [h('dt', {}, t('published')), h('dd', {}, a.published)] : null,
      a.span ? [h('dt', {}, t('span')), h('dd', {}, `${a.span.from} – ${a.span.to}`)] : null,
      a.source ? [h('dt', {}, t('source')), h('dd', {}, a.source, ed('source'))] : null,
      a.speaker ? [h('dt', {}, t('speaker')), h('dd', {}, a.speaker, ed('speaker'))] : null,
      [h('dt', {}, t('kind')), h('dd', {}, kindName(a.kind), ed('kind'))],
      a.doc_number ? [h('dt', {}, t('doc_number')), h('dd', {}, a.doc_number)] : null,
      [h('dt', {}, t('origin')), h('dd', { 'data-testid': 'origin' }, o.file || '', ' ', prov, o.sha256 ? h('span', { class: 'meta', title: o.sha256 }, ` sha256 ${o.sha256.slice(0, 12)}…`) : null)],
      (a.links || []).length || (a.same_work || []).length
        ? [h('dt', {}, t('same_work')), h('dd', { class: 'same-work' }, sameWork(a))] : null,
      [h('dt', {}, t('citation')), h('dd', {}, h('span', { class: 'cite-text' }, citeText(null)), ' ', copy(citeText(null)))]);
    const text = h('article', { class: 'text', lang: 'zh-CN' },
      a.lead_in ? h('p', { class: 'lead' }, a.lead_in) : null,
      h('h1', {}, a.title || a.id, ed('title')),
      a.subtitle ? h('p', { class: 'subtitle' }, a.subtitle) : null,
      meta,
      paras.map((x, i) => [
        h('p', { class: 'para' + (heads.has(i) && x.text.length <= 40 ? ' heading' : '') + (String(i) === target ? ' target' : ''), id: `p${i}`, 'data-p': i },
          h('a', { class: 'pid', href: `#p${i}`, title: x.lines ? `L${x.lines}` : `¶${i}` }, `${i}`), ...highlight(x.text, hl)),
        cites.has(i) ? h('p', { class: 'cite' }, cites.get(i).text) : null,
      ]),
      (a.asides || []).length ? h('section', { class: 'asides' }, h('h2', {}, t('asides')),
        a.asides.map((x) => h('aside', { class: 'flagged', 'data-flag': x.flag },
          h('span', { class: 'flag' }, FLAGS[x.flag] ? FLAGS[x.flag][L()] : x.flag), x.text,
          h('span', { class: 'meta' }, ` （${t('lines', { a: x.first_line, b: x.last_line })}）`)))) : null);
    el.replaceChildren(h('div', { class: 'reader' }, outline, h('div', {}, text, editForm(a))));
    if (target) { const t0 = document.getElementById('p' + target); if (t0) t0.scrollIntoView({ block: 'center' }); }
  },
});

function sameWork(a) {
  const ids = new Map();
  for (const l of a.links || []) ids.set(l.id, `${l.relation || ''}${l.containment != null ? ` ${Math.round(l.containment * 100)}%` : ''}`);
  for (const x of a.same_work || []) if (!ids.has(x)) ids.set(x, '');
  const list = h('ul', { class: 'plain-list' });
  let n = 0;
  for (const [id, rel] of ids) {
    const li = h('li', {}, readLink(id, id), rel ? h('span', { class: 'meta' }, ` (${rel})`) : null);
    list.append(li);
    if (n++ < 12) api('/articles/' + encodeURIComponent(id)).then((x) => { li.firstChild.textContent = `${x.title || id}`; li.firstChild.title = id; }).catch(() => {});
  }
  if (ids.size) {
    list.append(h('li', {}, h('a', { href: '/api/v1/collate?format=html&id=' + encodeURIComponent(a.id), target: '_blank', 'data-testid': 'collate' }, t('collate'))));
  }
  return list;
}

function editForm(a) {
  if (status && status.read_only) return null;
  const fields = ['title', 'date', 'speaker', 'kind', 'source'];
  const edited = new Set(a.edited || []);
  const msg = h('span', { 'aria-live': 'polite' });
  const form = h('form', { class: 'edit', 'data-testid': 'edit' },
    fields.map((k) => [
      h('label', { for: 'e-' + k }, t(k)),
      k === 'kind' ? Object.assign(kindSelect('kind', a.kind, false), { id: 'e-kind' }) : input(k, a[k] ?? '', { id: 'e-' + k }),
      edited.has(k) ? h('label', {}, h('input', { type: 'checkbox', name: 'reset', value: k }), ' ', t('reset')) : h('span'),
    ]),
    h('span'), h('span', {}, h('button', { type: 'submit' }, t('save')), ' ', msg), h('span'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form); const body = {};
    const reset = f.getAll('reset');
    for (const k of fields) {
      if (reset.includes(k)) continue;
      const v = String(f.get(k) ?? '').trim();
      if (v !== String(a[k] ?? '')) body[k] = v;
    }
    if (reset.length) body.reset = reset;
    if (!Object.keys(body).length) return;
    try {
      await api('/articles/' + encodeURIComponent(a.id), null, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      msg.replaceChildren(h('span', { class: 'ok' }, t('saved')));
      refreshStatus(); render();
    } catch (err) { msg.replaceChildren(errorBox(err)); }
  });
  return h('details', { class: 'box' }, h('summary', {}, t('edit')), form);
}

// ---------- charts ----------
const COLORS = ['#a3202a', '#1f6feb', '#2da44e', '#bf8700', '#8250df', '#0a7ea4', '#cf222e', '#57606a'];
export function chart(data, terms) {
  // data: rows {term, period, per_10k, occurrences, chars}
  const periods = [...new Set(data.map((r) => r.period))];
  const temporal = periods.every((x) => /^\d{4}(-\d{2})?$/.test(x));
  const legend = h('div', { class: 'legend', 'data-testid': 'legend' }, terms.map((term, i) =>
    h('span', { class: 'key', 'data-term': term }, h('span', { class: 'swatch', style: `background:${COLORS[i % COLORS.length]}` }), term)));
  const val = new Map(data.map((r) => [`${r.term}\u0000${r.period}`, r]));
  const max = Math.max(1e-9, ...data.map((r) => r.per_10k || 0));
  const nice = niceMax(max);
  let svg;
  if (temporal) {
    periods.sort();
    const W = 920; const H = 340; const m = { l: 50, r: 16, t: 14, b: 40 };
    const num = (x) => { const [y, mo] = x.split('-'); return +y + (mo ? (+mo - 1) / 12 : 0); };
    const xs = periods.map(num); const x0 = Math.min(...xs); const x1 = Math.max(...xs) || x0 + 1;
    const X = (v) => m.l + (x1 === x0 ? (W - m.l - m.r) / 2 : ((v - x0) / (x1 - x0)) * (W - m.l - m.r));
    const Y = (v) => H - m.b - (v / nice) * (H - m.t - m.b);
    svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': t('per10k') });
    for (let i = 0; i <= 4; i++) {
      const v = (nice * i) / 4;
      svg.append(s('line', { class: 'grid', x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v) }), s('text', { x: m.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, fmt(v, 2)));
    }
    const step = Math.max(1, Math.ceil(periods.length / 14));
    periods.forEach((pd, i) => { if (i % step === 0 || i === periods.length - 1) svg.append(s('text', { x: X(num(pd)), y: H - m.b + 18, 'text-anchor': 'middle' }, pd)); });
    svg.append(s('line', { class: 'axis', x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }), s('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }));
    terms.forEach((term, i) => {
      const c = COLORS[i % COLORS.length];
      const pts = periods.map((pd) => [pd, val.get(`${term}\u0000${pd}`)]).filter(([, r]) => r);
      const d = pts.map(([pd, r], j) => `${j ? 'L' : 'M'}${X(num(pd)).toFixed(1)},${Y(r.per_10k || 0).toFixed(1)}`).join(' ');
      const g = s('g', { class: 'series', 'data-term': term });
      g.append(s('path', { class: 'series-line', d, fill: 'none', stroke: c, 'stroke-width': 2.2 }));
      for (const [pd, r] of pts) if (r.occurrences) g.append(s('circle', { cx: X(num(pd)), cy: Y(r.per_10k || 0), r: 3, fill: c }, s('title', {}, `${term} ${pd}: ${fmt(r.per_10k, 3)} (${r.occurrences}/${fmt(r.chars)})`)));
      svg.append(g);
    });
  } else {
    // categorical (source, work): horizontal grouped bars, biggest periods first
    const chars = new Map(); for (const r of data) chars.set(r.period, Math.max(chars.get(r.period) || 0, r.chars || 0));
    const hasHit = new Set(data.filter((r) => r.occurrences).map((r) => r.period));
    const cats = periods.filter((x) => hasHit.has(x)).sort((a, b) => (chars.get(b) || 0) - (chars.get(a) || 0)).slice(0, 30);
    const bh = 9; const gap = 10; const W = 920; const m = { l: 260, r: 60, t: 10, b: 24 };
    const rowH = terms.length * bh + gap; const H = m.t + m.b + Math.max(1, cats.length) * rowH;
    const X = (v) => m.l + (v / nice) * (W - m.l - m.r);
    svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': t('per10k') });
    for (let i = 0; i <= 4; i++) { const v = (nice * i) / 4; svg.append(s('line', { class: 'grid', x1: X(v), x2: X(v), y1: m.t, y2: H - m.b }), s('text', { x: X(v), y: H - 6, 'text-anchor': 'middle' }, fmt(v, 2))); }
    cats.forEach((c, k) => svg.append(s('text', { x: m.l - 6, y: m.t + k * rowH + (terms.length * bh) / 2 + 4, 'text-anchor': 'end' }, c.length > 20 ? c.slice(0, 19) + '…' : c, s('title', {}, c))));
    terms.forEach((term, i) => {
      const col = COLORS[i % COLORS.length]; const g = s('g', { class: 'series', 'data-term': term });
      cats.forEach((c, k) => { const r = val.get(`${term}\u0000${c}`); const v = r ? r.per_10k || 0 : 0;
        g.append(s('rect', { x: m.l, y: m.t + k * rowH + i * bh, width: Math.max(0.5, X(v) - m.l), height: bh - 1, fill: col }, s('title', {}, `${term} · ${c}: ${fmt(v, 3)}`))); });
      svg.append(g);
    });
  }
  return h('figure', { class: 'figure' }, legend, svg, h('figcaption', { class: 'note' }, t('per10k')));
}
function niceMax(v) { const e = 10 ** Math.floor(Math.log10(v)); for (const k of [1, 2, 2.5, 5, 10]) if (k * e >= v) return k * e; return 10 * e; }

registerView('trend', {
  nav: true,
  async render(p, el) {
    const terms = p.getAll('q').flatMap((x) => x.split(/\s+/)).filter(Boolean);
    const by = p.get('by') || 'year';
    const form = h('form', { class: 'bar' },
      field(t('terms'), input('q', terms.join(' '), { type: 'search', class: 'q', placeholder: '共同富裕 高质量发展' }), 'grow'),
      field(t('by'), h('select', { name: 'by' }, ['year', 'month', 'source', 'work'].map((k) => h('option', { value: k, selected: k === by }, t('by_' + k))))),
      h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', (e) => { e.preventDefault(); const v = formValues(form); go({ v: 'trend', q: v.q.split(/\s+/).filter(Boolean), by: v.by }); });
    el.append(h('h1', {}, t('trend'), ' · ', t('first')), form, h('p', { class: 'note' }, t('help_trend')));
    if (!terms.length) return;
    const out = h('div', {}, loading()); el.append(out);
    try {
      const [tr, fi] = await Promise.all([api('/trend', { q: terms, by }), api('/first', { q: terms }).catch((e) => e)]);
      const data = rows(tr);
      const table = h('details', { class: 'box' }, h('summary', {}, t('per10k')), h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, t('term')), h('th', {}, t('period')), h('th', { class: 'num' }, t('occ')), h('th', { class: 'num' }, t('chars')), h('th', { class: 'num' }, t('per10k')))),
        h('tbody', {}, data.filter((r) => r.occurrences).map((r) => h('tr', {}, h('td', {}, r.term), h('td', {}, r.period), h('td', { class: 'num' }, fmt(r.occurrences)), h('td', { class: 'num' }, fmt(r.chars)), h('td', { class: 'num' }, fmt(r.per_10k, 3)))))));
      out.replaceChildren(chart(data, terms), table, xlsxLink('/trend', { q: terms, by }, 'trend.xlsx'), h('h2', {}, t('first')));
      if (fi instanceof Error) { out.append(errorBox(fi)); return; }
      out.append(h('div', { 'data-testid': 'first' }, rows(fi).map((f) => h('div', { class: 'card first', 'data-term': f.term },
        h('div', { class: 'meta' }, h('strong', {}, f.term), ' · ', f.date || '', ' · ', f.title || f.article, ` ¶${f.paragraph}`),
        f.sentence ? h('p', { class: 'snippet' }, link({ v: 'read', id: f.article, p: f.paragraph, hl: f.term }, ...highlight(f.sentence, [f.term]))) : h('p', {}, t('nores'))))));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('notes', {
  nav: true,
  async render(p, el) {
    const terms = p.getAll('term').flatMap((x) => x.split(/\s+/)).filter(Boolean);
    const from = p.get('from') || ''; const n = p.get('n') || '5';
    const form = h('form', { class: 'bar' },
      field(t('terms'), input('term', terms.join(' '), { type: 'search', class: 'q', placeholder: '新质生产力 高质量发展' }), 'grow'),
      field(t('n_scope'), input('from', from, { type: 'search', placeholder: 'title:政府工作报告' })),
      field(t('n_per'), input('n', n, { type: 'number', min: '0', max: '100' })),
      h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', (e) => { e.preventDefault(); const v = formValues(form); go({ v: 'notes', term: v.term.split(/\s+/).filter(Boolean), from: v.from, n: v.n }); });
    el.append(h('h1', {}, t('notes')), form, h('p', { class: 'note' }, t('help_notes')));
    if (!terms.length) return;
    const out = h('div', {}, loading()); el.append(out);
    const q = { term: terms, from, n };
    try {
      const x = await api('/notes', q);
      const dl = h('p', { class: 'downloads', 'data-testid': 'notes-downloads' }, t('n_download'), ': ',
        ['md', 'html', 'docx', 'pdf'].map((f) => [h('a', { href: API + '/notes' + qs({ ...q, format: f }), download: `notes.${f}` }, f.toUpperCase()), ' ']));
      out.replaceChildren(dl, ...x.terms.map((n) => h('section', { class: 'card', 'data-term': n.term },
        h('h2', {}, n.term),
        h('p', { class: 'meta' }, `${fmt(n.occurrences)} ${t('occurrences')} · ${fmt(n.articles)} ${t('articles')} · ${fmt(n.works)} ${t('works')}`),
        h('h3', {}, t('n_trend')),
        h('p', {}, n.trend.length ? n.trend.map((y) => `${y.year} ${fmt(y.occurrences)}`).join(' · ') : '—'),
        h('h3', {}, t('first')),
        n.first.sentence ? h('div', {}, h('p', { class: 'snippet' }, link({ v: 'read', id: n.first.article, p: n.first.paragraph, hl: n.term }, ...highlight(n.first.sentence, [n.term]))),
          h('p', { class: 'meta' }, n.first.date || '', ' · ', n.first.title || n.first.article, ` ¶${n.first.paragraph}`)) : h('p', {}, t('nores')),
        h('h3', {}, t('n_passages')),
        n.passages.length ? h('ol', { class: 'passages' }, n.passages.map((ps) => h('li', {},
          h('p', { class: 'snippet' }, link({ v: 'read', id: ps.article, p: ps.paragraph, hl: n.term }, ...highlight(ps.sentence, [n.term]))),
          h('p', { class: 'meta' }, `《${ps.title}》`, ps.source ? ` · ${ps.source}` : '', ` · ${ps.date} · ${kindName(ps.kind)} · ${ps.article} ¶${ps.paragraph}`)))) : h('p', {}, t('nores')))));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('newterms', {
  nav: true,
  async render(p, el) {
    const period = p.get('period') || ''; const vs = p.get('vs') || ''; const limit = p.get('limit') || '50';
    const form = h('form', { class: 'bar' },
      field(t('period'), input('period', period, { class: 'q', placeholder: '2023..2025', size: 14 })),
      field(t('vs'), input('vs', vs, { placeholder: '..2022', size: 14 })),
      field(t('limit'), input('limit', limit, { type: 'number', min: 1, max: 500, style: 'width:5em' })),
      h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'newterms', ...formValues(form) }); });
    el.append(h('h1', {}, t('newterms')), form, h('p', { class: 'note' }, t('help_newterms')));
    if (!period) return;
    const out = h('div', {}, loading()); el.append(out);
    try {
      const list = rows(await api('/newterms', { period, vs, limit }));
      if (!list.length) { out.replaceChildren(h('p', {}, t('nores'))); return; }
      out.replaceChildren(h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('term')), h('th', { class: 'num' }, t('occ')), h('th', { class: 'num' }, t('texts')),
        h('th', { class: 'num' }, t('per10k')), h('th', { class: 'num' }, t('reference')), h('th', { class: 'num' }, t('score')), h('th', {}, t('first')))),
      h('tbody', {}, list.map((r) => h('tr', {},
        h('td', {}, link({ v: 'kwic', q: r.term }, r.term)), h('td', { class: 'num' }, fmt(r.occurrences)), h('td', { class: 'num' }, fmt(r.texts)),
        h('td', { class: 'num' }, fmt(r.per_10k, 2)), h('td', { class: 'num' }, fmt(r.reference)), h('td', { class: 'num' }, fmt(r.score, 1)),
        h('td', {}, r.first ? [r.first.date || '', ' ', readLink(r.first.article, r.first.title || r.first.article, { p: r.first.paragraph, hl: r.term })] : '—')))),
      xlsxLink('/newterms', { period, vs, limit }, 'newterms.xlsx')));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('keywords', {
  nav: true,
  async render(p, el) {
    const id = p.get('id') || ''; const date = p.get('date') || ''; const vs = p.get('vs') || ''; const limit = p.get('limit') || '40';
    const form = h('form', { class: 'bar' },
      field(t('id'), input('id', id, { class: 'q', size: 12 })), field(t('date'), input('date', date, { placeholder: '2023', size: 12 })),
      field(t('vs'), input('vs', vs, { placeholder: '..2022', size: 12 })),
      field(t('limit'), input('limit', limit, { type: 'number', min: 1, max: 500, style: 'width:5em' })), h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'keywords', ...formValues(form) }); });
    el.append(h('h1', {}, t('keywords')), form, h('p', { class: 'note' }, t('help_keywords')));
    if (!id && !date) return;
    const out = h('div', {}, loading()); el.append(out);
    try {
      const list = rows(await api('/keywords', { id, date, vs, limit }));
      if (!list.length) { out.replaceChildren(h('p', {}, t('nores'))); return; }
      out.replaceChildren(id ? h('p', {}, readLink(id, id)) : null, h('table', {}, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, '#'), h('th', {}, t('word')), h('th', { class: 'num' }, t('score')), h('th', { class: 'num' }, t('keyness')), h('th', { class: 'num' }, t('target')), h('th', { class: 'num' }, t('reference')))),
        h('tbody', {}, list.map((r, i) => h('tr', {}, h('td', { class: 'num' }, i + 1), h('td', {}, link({ v: 'kwic', q: r.word, ...(date ? { date } : {}) }, r.word)),
          h('td', { class: 'num' }, fmt(r.score, 1)), h('td', { class: 'num' }, fmt(r.keyness, 1)), h('td', { class: 'num' }, fmt(r.target)), h('td', { class: 'num' }, fmt(r.reference))))),
        xlsxLink('/keywords', { id, date, vs, limit }, 'keywords.xlsx')));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('diff', {
  nav: true,
  async render(p, el) {
    const a = p.get('a') || ''; const b = p.get('b') || '';
    const form = h('form', { class: 'bar' }, field(t('a'), input('a', a, { class: 'q', size: 12 })), field(t('b'), input('b', b, { size: 12 })), h('button', { type: 'submit' }, t('compare')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'diff', ...formValues(form) }); });
    el.append(h('h1', {}, t('diff')), form);
    if (!a || !b) return;
    const out = h('div', {}, loading()); el.append(out);
    try {
      const [d, A, B] = await Promise.all([api('/diff', { a, b }), api('/articles/' + encodeURIComponent(a)).catch(() => null), api('/articles/' + encodeURIComponent(b)).catch(() => null)]);
      const grid = h('div', { class: 'diff', 'data-testid': 'diff' },
        h('div', { class: 'head' }, 'A ', readLink(d.a || a, A ? A.title || a : a)), h('div', { class: 'head' }, 'B ', readLink(d.b || b, B ? B.title || b : b)));
      // Sentence rows: unchanged ones are shown dimmed, moved ones tagged with the other side's place.
      for (const row of d.rows || []) {
        const left = []; const right = [];
        for (const c of row.changes || []) {
          if (c.op === 'equal') { left.push(c.text); right.push(c.text); }
          else if (c.op === 'delete') left.push(h('del', {}, c.text));
          else if (c.op === 'insert') right.push(h('ins', {}, c.text));
        }
        const tag = (para, other) => [h('span', { class: 'pno' }, `¶${para}`), row.kind === 'moved' ? h('span', { class: 'pno' }, `↔ ¶${other}`) : null].filter(Boolean);
        const cls = row.kind === 'same' ? 'same' : row.kind;
        grid.append(
          row.a == null ? h('div', { class: 'gap' }, '—') : h('div', { class: cls }, tag(row.a_paragraph, row.b_paragraph), left),
          row.b == null ? h('div', { class: 'gap' }, '—') : h('div', { class: cls }, tag(row.b_paragraph, row.a_paragraph), right));
      }
      const forms = (list, title) => h('div', { class: 'card' }, h('h2', {}, title), rows(list).length
        ? h('ul', { class: 'chips' }, rows(list).slice(0, 30).map((x) => h('li', { title: x.context || '' }, link({ v: 'kwic', q: x.formulation }, x.formulation), h('span', { class: 'meta' }, ` ×${x.count}`))))
        : h('p', { class: 'note' }, '—'));
      const summary = h('p', { class: 'note' }, `${d.same} = · ${d.changed} ≠ · ${d.moved} ↔ · +${d.added_sentences} · −${d.dropped_sentences}`);
      const targets = (d.targets || []).length
        ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'A'), h('th', {}, 'B'))),
          h('tbody', {}, d.targets.map((x) => h('tr', {}, h('td', {}, x.indicator), h('td', {}, x.a || '—'), h('td', {}, x.b || '—')))))
        : null;
      out.replaceChildren(...[summary, targets, h('div', { class: 'cols' }, forms(d.dropped, t('dropped')), forms(d.added, t('added'))), grid].filter(Boolean));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  },
});

registerView('library', {
  nav: true,
  async render(p, el) {
    const ro = status && status.read_only;
    el.append(h('h1', {}, t('library')));
    const results = h('div', { 'data-testid': 'upload-result', 'aria-live': 'polite' });
    if (!ro) {
      const files = h('input', { type: 'file', name: 'file', multiple: true, id: 'upload-files' });
      const dir = h('input', { type: 'file', name: 'dir', multiple: true, webkitdirectory: true, id: 'upload-dir' });
      const drop = h('div', { class: 'drop' }, t('drop'));
      const send = async (list) => {
        if (!list.length) return;
        const fd = new FormData();
        for (const f of list) fd.append('file', f, f.webkitRelativePath || f.name);
        results.replaceChildren(h('p', { class: 'note' }, t('uploading'), ` (${list.length})`));
        fd.append('background', 'true');
        try {
          // The upload answers with a job at once; follow its progress.
          let job = await api('/files', null, { method: 'POST', body: fd });
          const bar = h('progress', { max: 1, value: 0, 'data-testid': 'upload-progress' });
          const what = h('span', { class: 'note' });
          results.replaceChildren(h('p', {}, bar, ' ', what));
          while (job.state === 'running') {
            bar.max = job.total_bytes || 1; bar.value = job.parsed_bytes;
            what.textContent = job.stage === 'storing' ? `${t('storing')} ${job.file || ''}`
              : `${t('parsing')} ${fmt(Math.round(job.parsed_bytes / 1024))} / ${fmt(Math.round(job.total_bytes / 1024))} KB`;
            await new Promise((r) => setTimeout(r, 250));
            job = await api('/jobs/' + job.id);
          }
          if (job.state === 'failed') {
            const e = job.error || {};
            const box = errorBox(new ApiError(422, (e.error || {}).code, (e.error || {}).message));
            results.replaceChildren(box, e.files ? uploadReport(e.files) : '');
          } else results.replaceChildren(uploadReport(job.results));
        } catch (e) { results.replaceChildren(errorBox(e)); }
        files.value = ''; dir.value = '';
        await refreshStatus(); await fillList();
      };
      files.addEventListener('change', () => send([...files.files]));
      dir.addEventListener('change', () => send([...dir.files]));
      drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
      drop.addEventListener('dragleave', () => drop.classList.remove('over'));
      drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); send([...e.dataTransfer.files]); });
      el.append(h('div', { class: 'card' }, h('div', { class: 'cols' }, field(t('upload'), files), field(t('upload_dir'), dir)), drop, h('p', { class: 'note' }, t('help_library')), results));
    }
    const form = h('form', { class: 'bar' }, field(t('kind'), kindSelect('kind', p.get('kind'))), field(t('source'), input('source', p.get('source'))),
      field(t('file'), input('file', p.get('file'))), h('button', { type: 'submit' }, t('filter')));
    form.addEventListener('submit', (e) => { e.preventDefault(); go({ v: 'library', ...formValues(form) }); });
    const cmp = h('button', { type: 'button', class: 'plain', disabled: true, onclick: () => { const ids = [...el.querySelectorAll('input.pick:checked')].map((x) => x.value); go({ v: 'diff', a: ids[0], b: ids[1] }); } }, t('compare_sel'));
    const list = h('div', {}, loading());
    el.append(form, h('div', { class: 'pager' }, cmp), list);
    const fillList = async () => {
      try {
        const arts = rows(await api('/articles', { kind: p.get('kind'), source: p.get('source'), file: p.get('file') }));
        list.replaceChildren(h('p', { class: 'note', 'data-testid': 'n-articles' }, `${fmt(arts.length)} ${t('articles')}`), h('table', { class: 'library' },
          h('thead', {}, h('tr', {}, h('th', {}), h('th', {}, t('id')), h('th', {}, t('title')), h('th', {}, t('date')), h('th', {}, t('kind')), h('th', {}, t('source')), h('th', {}, t('file')), h('th', { class: 'num' }, t('chars')), ro ? null : h('th', {}))),
          h('tbody', {}, arts.map((a) => h('tr', { 'data-id': a.id },
            h('td', {}, h('input', { type: 'checkbox', class: 'pick', value: a.id, 'aria-label': a.id, onchange: () => { cmp.disabled = el.querySelectorAll('input.pick:checked').length !== 2; } })),
            h('td', { class: 'meta' }, a.id), h('td', {}, readLink(a.id, a.title || '—')), h('td', { class: 'date' }, a.date || ''), h('td', {}, kindName(a.kind)),
            h('td', {}, a.source || ''), h('td', { class: 'meta' }, a.file || ''), h('td', { class: 'num' }, fmt(a.chars)),
            ro ? null : h('td', {}, h('button', { type: 'button', class: 'plain rm', onclick: async () => {
              if (!confirm(t('confirm_rm', { id: a.id, t: a.title || '' }))) return;
              try { await api('/articles/' + encodeURIComponent(a.id), null, { method: 'DELETE' }); await refreshStatus(); await fillList(); } catch (e) { list.prepend(errorBox(e)); }
            } }, t('remove'))))))));
      } catch (e) { list.replaceChildren(errorBox(e)); }
    };
    await fillList();
  },
});

function uploadReport(res) {
  const files = rows(res);
  return h('div', { class: 'card' }, h('strong', {}, t('result')), h('ul', { class: 'uploads' }, files.map((f) => {
    const bad = f.status === 'error' || f.error;
    const n = f.articles ?? f.added ?? (Array.isArray(f.ids) ? f.ids.length : null);
    return h('li', { class: bad ? 'err' : 'added', 'data-status': f.status || (bad ? 'error' : 'ok') },
      h('strong', {}, f.file || f.name || ''), '：', bad ? (f.error && f.error.message ? f.error.message : f.error) : [f.status || '', n != null ? ` · ${n} ${t('articles')}` : '', f.message ? ` · ${f.message}` : '']);
  })));
}

// ---------- 核对: quotations of a draft against the library ----------
// The draft is too long for the URL: it stays in sessionStorage; the rest of
// the view's state (min_chars) is in the query string like every view.
addStrings({
  check: ['核对', 'Check'], draft: ['稿件（粘贴全文）', 'Draft (paste the text)'], min_chars: ['最少字数', 'Min. chars'],
  run_check: ['核对引文', 'Check quotations'], verdict: ['判定', 'Verdict'], quote: ['引文', 'Quotation'],
  differences: ['差异', 'Differences'], attribution: ['出处说明', 'Attribution'],
  v_exact: ['一致', 'exact'], v_variant: ['有出入', 'variant'], v_not_found: ['未找到', 'not found'], v_skipped: ['略过', 'skipped'],
  a_ok: ['相符', 'ok'], a_mismatch: ['不符', 'mismatch'], a_none: ['—', '—'],
  help_check: ['引号内的文字逐字与文库核对；短于最少字数的引语和书名号只列出不核对。', 'Every quoted span is checked character by character against the library; spans shorter than the minimum and 《titles》 are listed, not checked.'],
});
registerView('check', {
  nav: true,
  async render(p, el) {
    const box = h('textarea', { name: 'draft', rows: 12, class: 'draft', 'aria-label': t('draft') });
    box.value = sessionStorage.getItem('tifa.draft') || '';
    const min = input('min_chars', p.get('min_chars') || '8', { type: 'number', min: 1, max: 1000 });
    const out = h('div', { 'data-testid': 'check-result', 'aria-live': 'polite' });
    const run = async () => {
      const text = box.value;
      out.replaceChildren(loading());
      try {
        const res = rows(await api('/check', { min_chars: min.value }, { method: 'POST', body: text, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        if (!res.length) { out.replaceChildren(h('p', {}, t('nores'))); return; }
        out.replaceChildren(h('table', { class: 'check' },
          h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, t('verdict')), h('th', {}, t('quote')), h('th', {}, t('source')), h('th', {}, t('differences')), h('th', {}, t('attribution')))),
          h('tbody', {}, res.map((r, i) => h('tr', { 'data-verdict': r.verdict },
            h('td', { class: 'num' }, String(i + 1)), h('td', {}, t('v_' + r.verdict)), h('td', {}, r.quote),
            h('td', {}, r.source ? [readLink(r.source.article, r.citation, { p: r.source.paragraph }), r.verdict === 'exact' ? null : h('div', { class: 'meta' }, r.source.text)] : ''),
            h('td', {}, h('ul', {}, (r.differences || []).map((d) => h('li', {}, `${d.kind}：“${d.quote}” ← “${d.source}”`)))),
            h('td', {}, t('a_' + r.attribution.status), r.attribution.status === 'mismatch' ? h('div', { class: 'meta' }, r.attribution.draft_says) : null))))));
      } catch (e) { out.replaceChildren(errorBox(e)); }
    };
    const form = h('form', { class: 'bar' }, field(t('draft'), box, 'grow'), field(t('min_chars'), min), h('button', { type: 'submit' }, t('run_check')));
    form.addEventListener('submit', (e) => { e.preventDefault(); sessionStorage.setItem('tifa.draft', box.value); go({ v: 'check', min_chars: min.value }, true); });
    el.append(h('h1', {}, t('check')), form, h('p', { class: 'note' }, t('help_check')), out);
    if (box.value.trim()) await run();
  },
});

// ---------- shell ----------
let status = null;
async function refreshStatus() {
  try {
    status = await api('/status');
    document.getElementById('status').textContent = `${t('status_line', { a: fmt(status.articles), w: fmt(status.works) })}${status.read_only ? ' · ' + t('read_only') : ''}`;
    document.getElementById('foot').textContent = `tifa ${status.version || ''} · ${t('status_line', { a: fmt(status.articles), w: fmt(status.works) })}`;
  } catch (e) { document.getElementById('status').textContent = t('error') + ': ' + e.message; }
}
function nav(current) {
  const n = document.getElementById('nav');
  n.replaceChildren(...Object.entries(VIEWS).filter(([, v]) => v.nav).map(([k]) => {
    const a = link({ v: k }, t(k)); a.dataset.nav = k;
    if (k === current) a.setAttribute('aria-current', 'page');
    return a;
  }));
}
let renderSeq = 0;
export async function render() {
  const seq = ++renderSeq;
  const p = params();
  const v = VIEWS[p.get('v')] ? p.get('v') : 'search';
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.getElementById('lang').textContent = lang === 'en' ? '中文' : 'EN';
  nav(v);
  document.title = `${t(v)} · 提法 tifa`;
  const el = h('div', { class: 'view', 'data-view': v });
  document.getElementById('view').replaceChildren(el);
  document.body.dataset.ready = '';
  try { await VIEWS[v].render(p, el); } catch (e) { el.append(errorBox(e)); }
  if (seq === renderSeq) document.body.dataset.ready = v;
}

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh' : 'en';
  localStorage.setItem('tifa.lang', lang);
  const p = params(); if (p.has('lang')) { p.set('lang', lang); history.replaceState(null, '', '/?' + p); }
  refreshStatus(); render();
});
document.querySelector('.brand').addEventListener('click', (e) => { e.preventDefault(); go({ v: 'search' }); });
window.addEventListener('popstate', render);
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const tag = (document.activeElement && document.activeElement.tagName) || '';
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || (document.activeElement && document.activeElement.isContentEditable)) return;
  const box = document.querySelector('#view input.q') || document.querySelector('#view input');
  if (box) { e.preventDefault(); box.focus(); box.select(); }
});
if (params().get('lang')) localStorage.setItem('tifa.lang', lang);
// Pages in their own modules register themselves before the first render.
Promise.all([refreshStatus(), import('./pack.js').catch((e) => console.error(e))]).then(render);

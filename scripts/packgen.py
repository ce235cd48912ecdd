#!/usr/bin/env python3
"""Study-pack generator for tifa's splitter evaluation (stdlib only).

Builds 学习材料汇编 packs out of real texts of ../shared/corpus (whole items with their
real titles, dates and speakers) and writes, per pack, the pack file (.txt or .docx, plus
the .lines.txt twin for DOCX) and a gold JSON in the schema of shared/gold/structure-extra.

usage: packgen.py OUT_DIR {dev|dev2|dev3|held}

dev: ten packs over the dev pool of texts; dev2, dev3: the held-out layouts re-drawn with dev
texts; held: layouts and texts kept apart from development (score them, never read them).
Set TIFA_SHARED to the shared data directory (default /work/shared).
"""
import csv, json, os, random, re, sys, zipfile
from xml.sax.saxutils import escape

SHARED = os.environ.get('TIFA_SHARED', '/work/shared')
CORPUS = os.path.join(SHARED, 'corpus')
GOLDX = os.path.join(SHARED, 'gold', 'structure-extra')
GOLD0 = os.path.join(SHARED, 'gold', 'structure')

CN = '〇一二三四五六七八九'
def cn_num(n):
    s = '十一二三四五六七八九'
    if n <= 10: return '十' if n == 10 else CN[n]
    if n < 20: return '十' + CN[n - 10]
    return CN[n // 10] + '十' + (CN[n % 10] if n % 10 else '')
def cn_year(y): return ''.join(CN[int(c)] for c in str(y))
def cn_date(y, m): return cn_year(y) + '年' + cn_num(m) + '月'

DATE_RE = re.compile(r'(\d{4})年\s*(\d{1,2})月\s*(?:(\d{1,2})日)?')
def iso(s):
    m = DATE_RE.search(s or '')
    if not m: return None
    y, mo, d = m.group(1), int(m.group(2)), m.group(3)
    return f'{y}-{mo:02d}' + (f'-{int(d):02d}' if d else '')

def sent_split(text):
    out, cur = [], ''
    i = 0
    while i < len(text):
        ch = text[i]; cur += ch
        if ch in '。！？':
            while i + 1 < len(text) and text[i + 1] in '”’）」':
                i += 1; cur += text[i]
            out.append(cur); cur = ''
        i += 1
    if cur.strip(): out.append(cur)
    return out

def paragraphize(text, rnd):
    """Split an unindented text into paragraphs at sentence ends (the CSV lost its breaks)."""
    paras, cur, target = [], '', rnd.randint(90, 260)
    for s in sent_split(text):
        cur += s
        if len(cur) >= target:
            paras.append(cur); cur = ''; target = rnd.randint(90, 260)
    if cur.strip(): paras.append(cur)
    return paras

# ---------------------------------------------------------------- items
def mk(key, genre, title_parts, gold, body, **kw):
    it = dict(key=key, genre=genre, title_parts=title_parts, lead_in=None, subtitle=None,
              date_line=None, speaker_line=None, byline=None, source_line=None,
              body=body, tail=[], gold=gold)
    it.update(kw)
    return it

def gmeta(title, date, speaker, kind, subtitle=None, lead_in=None, published=None, source=None, date_printed=None):
    return dict(title=title, subtitle=subtitle, lead_in=lead_in, date=date, published=published,
                speaker_or_author=speaker, kind=kind, source=source, date_printed=date_printed)

TAIL_RE = re.compile(r'(（新华社\S{1,8}?\d{1,2}月\d{1,2}日电）)?\s*(《\s*人民日报\s*》（\s*\d{4}年\d{2}月\d{2}日\s*\d{2}\s*版）)\s*$')

def split_tail(text):
    m = TAIL_RE.search(text)
    if not m: return text, []
    tail = [x for x in (m.group(1), m.group(2)) if x]
    return text[:m.start()].rstrip('\u3000 '), tail

def body_from(text, rnd):
    text = text.strip('\u3000 ')
    if '\u3000\u3000' in text:
        ps = [p.strip() for p in re.split('\u3000\u3000+', text) if p.strip()]
    else:
        ps = []
        m = re.match(r'^([^。！？]{2,80}?：)', text)
        if m:
            ps.append(m.group(1)); text = text[m.end():]
        ps += paragraphize(text, rnd)
    return ps

def load_csv_items(rnd):
    csv.field_size_limit(10 ** 9)
    rows = list(csv.DictReader(open(os.path.join(CORPUS, 'speeches', 'xi_speeches_2020.csv'), encoding='utf-8')))
    c01 = json.load(open(os.path.join(GOLDX, 'c01.json')))
    c01t = {a['title']: a for a in c01['articles']}
    items = []
    head_re = re.compile(r'^(.+?)（(\d{4}年\d{1,2}月\d{1,2}日)(，[^）]{1,6})?）(中华人民共和国主席\s*)?习近平')
    for idx in (1, 7, 19, 30, 37, 39, 42, 44, 54):
        t = rows[idx]['Text'].strip('\u3000 ')
        m = head_re.match(t)
        ttl = m.group(1)
        sub = None
        if '——' in ttl:
            ttl, sub = ttl.split('——', 1); sub = '——' + sub
        rest, tail = split_tail(t[m.end():])
        body = body_from(rest, rnd)
        # photo caption glued to the next sentence in the CSV (…/摄同志们，…)
        nb = []
        for p in body:
            if '/摄' in p:
                a, b = p.split('/摄', 1); nb.append(a + '/摄'); p = b
                mm = re.match(r'^([^。！？]{2,40}?：)', p)
                if mm: nb.append(mm.group(1)); p = p[mm.end():]
            if p: nb.append(p)
        body = nb
        pub = iso(tail[-1]) if tail else None
        src = None
        g = c01t.get(ttl.strip())
        if g and g.get('source') and '求是' in g['source']:
            src = g['source']; pub = g.get('published')
        elif tail:
            src = '新华社、人民日报' if len(tail) == 2 else '人民日报'
        date = iso(m.group(2))
        gold = gmeta(ttl.strip(), date, '习近平', 'speech', subtitle=sub, published=pub, source=src,
                     date_printed='（' + m.group(2) + (m.group(3) or '') + '）')
        it = mk(f'csv{idx}', 'speech', ttl.strip().split(' ') if ' ' in ttl.strip() else [ttl.strip()], gold, body,
                subtitle=sub, date_line='（' + m.group(2) + (m.group(3) or '') + '）',
                speaker_line=('中华人民共和国主席　习近平' if m.group(4) else '习近平'))
        it['tail'] = tail
        if src and '求是' in src:
            it['source_line'] = '来源：' + src
        items.append(it)
    # Qiushi reprints: 标题※习近平 … ※这是习近平总书记YYYY年M月D日在…的讲话。
    for idx in (24, 35):
        t = rows[idx]['Text'].strip('\u3000 ')
        ttl, rest = t.split('※习近平', 1)
        note_i = rest.rfind('※')
        note = rest[note_i:].strip('\u3000 ')
        rest = rest[:note_i]
        g = c01t[ttl.strip()]
        gold = gmeta(ttl.strip(), g['date'], '习近平', 'speech', published=g.get('published'), source=g['source'],
                     date_printed=note)
        it = mk(f'csv{idx}', 'qiushi', ttl.strip().split(' '), gold, paragraphize(rest, rnd),
                speaker_line='习近平', source_line='来源：' + g['source'])
        it['tail'] = [note]
        items.append(it)
    # instruction (news with a dateline) and a letter framed by its news
    for idx, kind in ((53, 'instruction'), (8, 'letter')):
        t = rows[idx]['Text']
        # the c01 gold item of that kind whose title the record's opening shares most
        head = set(t[:300])
        g = max((a for a in c01['articles'] if a.get('kind') == kind),
                key=lambda a: sum(c in head for c in set(a['title'])))
        ttl = g['title']
        rest, tail = split_tail(t)
        body = body_from(rest, rnd)
        gold = gmeta(ttl, g['date'], '习近平', g['kind'], published=g.get('published'), source=g.get('source'),
                     date_printed=g.get('date_printed'))
        it = mk(f'csv{idx}', 'instruction' if idx == 53 else 'letter', [ttl], gold, body)
        it['tail'] = tail
        items.append(it)
    return items

def load_cut_items():
    """Whole items cut out of the paragraph-per-line packs c02/c03/c04 with their gold metadata."""
    items = []
    for name, src in (('c02', 'c02.txt'), ('c03', None), ('c04', None)):
        g = json.load(open(os.path.join(GOLDX, name + '.json')))
        if src:
            lines = open(os.path.join(CORPUS, 'compilations-extra', src), encoding='utf-8').read().split('\n')
        else:
            lines = open(os.path.join(GOLDX, name + '.lines.txt'), encoding='utf-8').read().split('\n')
        for ai, a in enumerate(g['articles']):
            L = lambda n: lines[n - 1].strip().replace('**', '')
            role = {}
            for k, r in (('title_lines', 'title'), ('lead_in_lines', 'leadin'), ('subtitle_lines', 'subtitle'),
                         ('date_lines', 'date'), ('speaker_lines', 'speaker'), ('byline_lines', 'byline'),
                         ('source_lines', 'source'), ('citation_lines', 'cite'), ('closing_lines', 'tail'),
                         ('pull_quote_lines', 'skip')):
                for n in a.get(k) or []:
                    role.setdefault(n, r)
            if a.get('label_line'): role[a['label_line']] = 'skip'
            it = mk(f'{name}_{ai + 1}', a['kind'], [], {k: a.get(k) for k in
                    ('title', 'subtitle', 'lead_in', 'date', 'published', 'speaker_or_author', 'kind', 'source', 'date_printed')}, [])
            head_done = False
            seq = []
            for n in range(a['start_line'], a['end_line'] + 1):
                s = L(n)
                if not s: continue
                r = role.get(n, 'body')
                if r == 'skip': continue
                if r == 'title': it['title_parts'].append(s)
                elif r == 'leadin': it['lead_in'] = s
                elif r == 'subtitle': it['subtitle'] = s
                elif r == 'date': it['date_line'] = s
                elif r == 'speaker': it['speaker_line'] = s
                elif r == 'byline': it['byline'] = s
                elif r == 'source' and not head_done: it['source_line'] = s
                elif r in ('source', 'tail'): it['tail'].append(s)
                elif r == 'cite': seq.append(('cite', s))
                else:
                    head_done = True
                    if it['tail']:  # body after a mid source line: keep order
                        for x in it['tail']: seq.append(('body', x))
                        it['tail'] = []
                    seq.append(('body', s.lstrip('\u3000 ')))
            it['body'] = seq
            if a['kind'] == 'speech_excerpts': it['genre'] = 'excerpts'
            items.append(it)
    return items

def clean_wiki(content):
    content = content.replace('\u200b', '').replace('\u200d', '')
    content = content.split('本作品来自')[0]
    paras = []
    for block in re.split(r'\n\s*\n', content):
        s = ''.join(x.strip() for x in block.split('\n'))
        if s: paras.append(s)
    return paras

def load_report_items():
    items = []
    for l in open(os.path.join(CORPUS, 'reports', 'government_work_reports.jsonl'), encoding='utf-8'):
        r = json.loads(l)
        ps = clean_wiki(r['content'])
        if str(r.get('year')) in ('2017', '2021', '2022', '2023', '2024'):
            # title block: 政府工作报告 / ——…上 / 国务院总理 / 名字
            i = next(k for k, p in enumerate(ps) if p.startswith('——'))
            sub = ps[i]
            name = ps[i + 1].replace('国务院总理', '').replace('\u3000', '').strip()
            j = i + 2
            if not name: name = ps[i + 2].replace('\u3000', ''); j = i + 3
            body = ps[j:j + 14]
            gold = gmeta('政府工作报告', iso(sub), name, 'speech', subtitle=sub, date_printed=sub)
            it = mk(f'gwr{r["year"]}', 'report', ['政府工作报告'], gold, body, subtitle=sub,
                    speaker_line='国务院总理　' + name)
            it['tail'] = ['（有删节）']
            items.append(it)
        elif r.get('year') is None:
            ttl = r['title']
            dl = next((p for p in ps[:3] if p.startswith('（') and '通过）' in p), None)
            if not dl or iso(dl)[:4] not in ('2020', '2021', '2022'): continue
            body = [p for p in ps if p != ttl and p != dl]
            auth = ttl.split('关于')[0]
            gold = gmeta(ttl, iso(dl), auth, 'policy_document', date_printed=dl)
            items.append(mk('res' + iso(dl)[:4], 'resolution', [ttl], gold, body, date_line=dl))
    for l in open(os.path.join(CORPUS, 'reports', 'cpc_congress_reports.jsonl'), encoding='utf-8'):
        r = json.loads(l)
        if r.get('congress') not in (19, 20): continue
        ps = clean_wiki(r['content'])
        i = next(k for k, p in enumerate(ps) if p.startswith('——'))
        parts, sub, dl = ps[:i], ps[i], ps[i + 1]
        body = ps[i + 3:i + 3 + 16]
        gold = gmeta(' '.join(parts), iso(dl), '习近平', 'speech', subtitle=sub, date_printed=dl)
        it = mk(f'cpc{r["congress"]}', 'report', parts, gold, body, subtitle=sub, date_line=dl, speaker_line='习近平')
        it['tail'] = ['（有删节）']
        items.append(it)
    return items

def load_000_items():
    lines = open(os.path.join(CORPUS, 'compilations', '000_a460838f5e73ed1d.txt'), encoding='utf-8').read().split('\n')
    g = json.load(open(os.path.join(GOLD0, '000.json')))
    items = []
    for a in g['articles']:
        if a['start_line'] not in (647, 667): continue
        tl = a['title_lines'][0]
        paras = []
        for n in range(tl + 1, a['end_line'] + 1):
            s = lines[n - 1].strip()
            if not s: continue
            # page-broken sentence split into two paragraphs by the extraction: rejoin
            if paras and paras[-1][-1] not in '。！？：；”）号日案' and len(paras[-1]) > 40:
                paras[-1] += s
            else:
                paras.append(s)
        gold = {k: a.get(k) for k in ('title', 'subtitle', 'date', 'speaker_or_author', 'kind', 'source', 'date_printed')}
        gold['published'] = None; gold['lead_in'] = None
        items.append(mk('x000_%d' % a['start_line'], 'document' if a['kind'] == 'policy_document' else 'instruction',
                        [lines[tl - 1].strip()], gold, paras))
    # 《质量强国建设纲要》 (001, rebuilt paragraphs) with its title and source line as printed in 001
    g1 = json.load(open(os.path.join(GOLD0, '001.json')))
    a = next(x for x in g1['articles'] if '质量强国' in x['title'])
    paras = [p for p in open(os.path.join(SHARED, 'gold', 'paragraphs', '001_quality_outline.txt'), encoding='utf-8').read().split('\n') if p.strip()]
    gold = {k: a.get(k) for k in ('title', 'subtitle', 'date', 'speaker_or_author', 'kind', 'source', 'date_printed')}
    gold['published'] = a['date']; gold['lead_in'] = None
    items.append(mk('outline', 'document', [a['title']], gold, paras[:30], source_line='（来源：《人民日报》，2023年 2月 7日）'))
    return items

def all_items(seed):
    rnd = random.Random(seed)
    its = load_csv_items(rnd) + load_cut_items() + load_report_items() + load_000_items()
    return {it['key']: it for it in its}

# Disjoint text pools (held-out texts never appear in dev packs)
DEV_POOL = ['csv7', 'csv30', 'csv37', 'csv24', 'csv53', 'csv8', 'csv39',
            'c02_1', 'c02_2', 'c02_3', 'c02_4', 'c02_7', 'c02_9',
            'c03_1', 'c03_3', 'c03_4', 'c03_6',
            'c04_1', 'c04_3', 'c04_5', 'c04_8', 'c04_10',
            'gwr2022', 'res2022', 'cpc19', 'x000_647']
HELD_POOL = ['csv1', 'csv19', 'csv42', 'csv44', 'csv54', 'csv35',
             'c02_5', 'c02_6', 'c02_8',
             'c03_2', 'c03_5', 'c03_7', 'c03_8',
             'c04_2', 'c04_4', 'c04_6', 'c04_7', 'c04_9', 'c04_11', 'c04_12',
             'gwr2024', 'gwr2021', 'gwr2017', 'res2021', 'res2020', 'cpc20', 'x000_667', 'outline']

# ---------------------------------------------------------------- layout
UNITS = ['中共江南区委宣传部', '城东街道党工委', '市交通运输局党委', '滨海职业技术学院党委', '省农业科学院党委',
         '中共临川县委办公室', '市第二人民医院党委', '北湖区人民检察院党组', '市生态环境局机关党委', '青山区委党校',
         '市统计局党组', '开发区管委会党工委', '县人民法院党组', '市档案馆党支部', '西城街道党工委', '市科协党组',
         '中共云岭乡委员会', '省水利厅机关党委', '市文化和旅游局党组', '市税务局党委']
SECTION_NAMES = ['学习习近平总书记重要讲话', '学习重要指示、回信精神', '学习重要文件和会议精神',
                 '学习重要论述摘编', '延伸学习']
EDITOR = '编者按：为深入学习贯彻习近平新时代中国特色社会主义思想，现将有关学习材料汇编印发，请结合工作实际认真组织学习。'

def label_text(style, n):
    return {'xxcl': f'学习材料{cn_num(n)}', 'cl': f'材料{n}', 'zt': f'【专题{cn_num(n)}】',
            'nn': f'{n:02d}', 'paren': f'（{cn_num(n)}）'}[style]

def spaced_name(s, sp):
    return sp.join(s) if len(s) <= 4 else s

class Para:
    __slots__ = ('role', 'text', 'art', 'fmt', 'wrap')
    def __init__(self, role, text, art=None, fmt=None, wrap=True):
        self.role, self.text, self.art, self.fmt, self.wrap = role, text, art, fmt or {}, wrap

def render_item(it, ai, L, rnd, label, box):
    """Paragraphs of one item; L = layout dict."""
    P = []
    A = lambda role, text, **f: P.append(Para(role, text, ai, f))
    if label and L['label_pos'] == 'own':
        A('label', label, bold=True)
    tparts = list(it['title_parts'])
    if len(tparts) > 1 and L.get('join_title'):
        tparts = ['　'.join(tparts)]
    sp = '　' if rnd.random() < .5 else '  '
    if label and L['label_pos'] == 'inline' and not it.get('lead_in'):
        tparts[0] = label + sp + tparts[0]
    if it.get('lead_in'):
        A('leadin', (label + sp if label and L['label_pos'] == 'inline' else '') + it['lead_in'], center=True, bold=True)
    for t in tparts:
        A('title', t, center=True, bold=True, size=36)
    if it.get('subtitle'):
        A('subtitle', it['subtitle'], center=True)
    spk = it.get('speaker_line')
    if spk and spk == '习近平' and L.get('spaced_name'):
        spk = spaced_name(spk, L['spaced_name'])
    dl = it.get('date_line')
    at_end = L.get('speech_meta_end') and it['genre'] == 'speech' and dl and spk
    if not at_end:
        order = [('date', dl), ('speaker', spk)]
        if L.get('name_first'): order.reverse()
        for r, v in order:
            if v: A(r, v, center=True)
    if it.get('byline'): A('byline', it['byline'], center=True)
    src_top = it.get('source_line')
    tail = list(it['tail'])
    if L.get('paper_line_top') and not src_top and tail and '人民日报' in tail[-1]:
        src_top = tail.pop()
    if src_top: A('source', src_top, center=True)
    if L.get('editor_note') and ai % 3 == 0:
        A('editor', EDITOR)
    body = it['body']
    box_at = len(body) // 2 if box else -1
    for k, b in enumerate(body):
        if isinstance(b, tuple):
            A('cite' if b[0] == 'cite' else 'body', b[1], right=b[0] == 'cite')
        else:
            A('body', b)
        if k == box_at:
            A('box', box[0], bold=True)
            for x in box[1]: A('box', x)
    if at_end:
        A('speaker', spk, right=True); A('date', dl, right=True)
    for t in tail:
        A('tail', t, right=True)
    return P

CLOSE = '，。、；：！？”’）》」…'
def wrap_text(s, w):
    out = []
    while len(s) > w:
        cut = w
        while cut < len(s) and s[cut] in CLOSE and cut < w + 2: cut += 1
        out.append(s[:cut]); s = s[cut:]
    if s: out.append(s)
    return out

PAGENUM = {
    'emdash': lambda n, t: f'— {n} —', 'hyphen': lambda n, t: f'-{n}-', 'dot': lambda n, t: f'·{n}·',
    'of': lambda n, t: f'第{n}页 共{t}页', 'slash': lambda n, t: f'{n}/{t}', 'bare': lambda n, t: f'{n}',
}

def typeset_body(paras, L, total_pages=99):
    """Physical lines of the body: list of (text, art, role). Returns lines, page_of_para."""
    W, ind = L.get('wrap'), L.get('indent')
    lines = []
    page_lines = L.get('page_lines')
    page, used = 1, 0
    first_page = True
    para_page = {}

    def header(p):
        h = L.get('header')
        if not h: return []
        if h == 'unit': t = L['unit']
        elif h == 'alt': t = L['pack_name'] if p % 2 else L['unit']
        elif h == 'unitnum': t = f"{L['unit']}  {p}" if p % 2 == 0 else f"{p}  {L['pack_name']}"
        out = [(('\f' if L.get('formfeed') else '') + t, None, 'artifact')]
        out.append(('', None, 'blank'))
        return out

    def footer(p):
        out = []
        if L.get('pagenum') and L.get('header') != 'unitnum':
            out += [('', None, 'blank'), (PAGENUM[L['pagenum']](p, total_pages), None, 'artifact')]
        out.append(('', None, 'blank'))
        if L.get('formfeed') and not L.get('header'):
            out.append(('\f', None, 'blank'))
        return out

    def emit(t, art, role):
        nonlocal page, used
        if page_lines and used >= page_lines:
            lines.extend(footer(page)); page += 1; used = 0
            lines.extend(header(page))
        lines.append((t, art, role)); used += 1

    if page_lines: lines.extend(header(1))
    prev_art = None
    for pi, p in enumerate(paras):
        if p.role == 'newpage':
            if page_lines and used > 0:
                lines.extend(footer(page)); page += 1; used = 0; lines.extend(header(page))
            continue
        if p.role == 'blankrun':
            for _ in range(int(p.text)): emit('', None, 'blank')
            continue
        para_page[pi] = page
        t = p.text
        if p.role in ('body', 'editor', 'box') and ind: t = '\u3000\u3000' + t
        if p.role == 'cite' and L.get('cite_indent'): t = '\u3000' * 8 + t
        if W and p.role not in ('artifact',):
            ws = wrap_text(t, W) if p.role not in ('label', 'sep', 'section') else [t]
        else:
            ws = [t]
        for k, x in enumerate(ws):
            emit(x, p.art, p.role)
            if L.get('blank_every_line'): emit('', None, 'blank')
        if L.get('para_blank') and not L.get('blank_every_line'):
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if p.role in ('body', 'cite', 'tail', 'box', 'editor', 'sep', 'section') or (nxt and nxt.role in ('body', 'editor')) or p.role == 'label':
                emit('', None, 'blank')
        elif p.role in ('tail', 'sep', 'section') or (p.role == 'label' and L.get('label_blank')):
            emit('', None, 'blank')
        elif pi + 1 < len(paras) and paras[pi + 1].role in ('body', 'editor') and p.role not in ('body', 'editor', 'box', 'cite'):
            emit('', None, 'blank')
    if page_lines: lines.extend(footer(page))
    return lines, para_page, page

def cover_lines(L, rnd):
    c = L['cover']
    out = []
    out += [''] * c.get('top', 2)
    out.append(L['unit'])
    out += ['', '']
    title = L['cover_title']
    if c['style'] == 'vertical':
        out += list(title)
    elif c['style'] == 'spaced':
        out.append('　'.join(title))
    else:
        out.append(title)
    out += ['', '']
    out.append(L['issue'])
    out += ['', '']
    out.append(L['cover_date'])
    if c.get('blank_after', True):
        out += [''] * rnd.randint(2, 4)
    return out

def toc_lines(L, entries):
    out = ['目　　录' if L['toc'] != 'plain' else '目录', '']
    for lab, t, pg in entries:
        s = (lab + '  ' if lab else '') + t
        if L['toc'] == 'dots':
            dots = '…' * max(3, 40 - len(s) - len(str(pg)))
            s = s + dots + str(pg)
        out.append(s)
        if L.get('toc_blank'): out.append('')
    out += ['', '']
    return out

def toc_title(it, L, rnd):
    t = ' '.join(it['title_parts'])
    if L.get('toc_variant') and rnd.random() < .5:
        if '——' in t: t = t.split('——')[0]
        elif ' ' in t and rnd.random() < .6: t = t.split(' ')[0]
        elif it['gold']['speaker_or_author'] == '习近平' and not t.startswith('习近平'):
            t = '习近平：' + t
    return t

def build_pack(pid, items, L, rnd, pool_for_box):
    # items arranged into sections
    paras = []
    labels = []
    n = 0
    sec_i = 0
    sections = L.get('sections')
    boxes_left = L.get('boxes', 0)
    for ai, it in enumerate(items):
        if sections and ai in sections:
            sec_i += 1
            if L.get('newpage_item') and ai: paras.append(Para('newpage', ''))
            paras.append(Para('section', f'专题{cn_num(sec_i)}　{SECTION_NAMES[(sec_i - 1) % len(SECTION_NAMES)]}', None, {'center': True, 'bold': True, 'size': 32}))
        elif ai:
            sep = L.get('sep')
            if L.get('newpage_item') and not (L.get('newpage_skip') and ai in L['newpage_skip']):
                paras.append(Para('newpage', ''))
            elif sep == 'blank':
                paras.append(Para('blankrun', str(rnd.randint(4, 9))))
            elif sep:
                paras.append(Para('sep', sep, None, {'center': True}))
        n += 1
        lab = label_text(L['label'], n) if L.get('label') else None
        printed = lab if lab and n not in L.get('missing_labels', ()) else None
        labels.append((lab, printed))
        box = None
        if boxes_left and it['genre'] in ('speech', 'report') and len(it['body']) > 6:
            donor = pool_for_box[rnd.randrange(len(pool_for_box))]
            bb = [b if isinstance(b, str) else b[1] for b in donor['body'] if (b if isinstance(b, str) else b[1])]
            bb = [b for b in bb if len(b) > 60][:2]
            if bb:
                box = (rnd.choice(['【延伸阅读】', '链接', '【链接】']), bb); boxes_left -= 1
        P = render_item(it, ai, L, rnd, printed, box)
        paras.extend(P)
    return paras, labels

def layout_txt(pid, items, L, rnd, pool_for_box):
    paras, labels = build_pack(pid, items, L, rnd, pool_for_box)
    body, para_page, npages = typeset_body(paras, L)
    if L.get('pagenum') in ('of', 'slash'):
        body, para_page, npages = typeset_body(paras, L, npages)
    first_para = {}
    for pi, p in enumerate(paras):
        if p.art is not None and p.art not in first_para: first_para[p.art] = pi
    front = []
    if L.get('cover'): front += cover_lines(L, rnd)
    if L.get('toc'):
        ents = []
        for ai, it in enumerate(items):
            lab = labels[ai][0] if L.get('toc_labels') else None
            ents.append((lab, toc_title(it, L, rnd), para_page.get(first_para[ai], 1)))
        front += toc_lines(L, ents)
        if L['toc'] != 'dots' and L.get('pagenum'):
            pass
    if front and L.get('formfeed'): front.append('\f')
    all_lines = [(x, None, 'front') for x in front] + body
    return all_lines, paras, labels

def gold_from_lines(all_lines, items, labels, fname, L, descr, extra=None):
    arts = []
    page_art = [i + 1 for i, (t, a, r) in enumerate(all_lines) if r == 'artifact']
    for ai, it in enumerate(items):
        idx = [i + 1 for i, (t, a, r) in enumerate(all_lines) if a == ai and t.strip()]
        tl = [i + 1 for i, (t, a, r) in enumerate(all_lines) if a == ai and r == 'title']
        ll = [i + 1 for i, (t, a, r) in enumerate(all_lines) if a == ai and r == 'label']
        g = dict(it['gold'])
        lab, printed = labels[ai]
        inl = [i + 1 for i, (t, a, r) in enumerate(all_lines) if a == ai and r in ('leadin', 'title')]
        a = dict(label=printed or None, label_line=(ll[0] if ll else (inl[0] if printed and L.get('label_pos') == 'inline' else None)),
                 title=g['title'], subtitle=g.get('subtitle'), title_line=tl[0], title_lines=tl,
                 start_line=idx[0], end_line=idx[-1], date=g.get('date'), published=g.get('published'),
                 date_printed=g.get('date_printed'), speaker_or_author=g.get('speaker_or_author'),
                 kind=g.get('kind'), source=g.get('source'), lead_in=g.get('lead_in'),
                 source_item=it['key'])
        if lab and not printed: a['label_note'] = f'label {lab} not printed'
        arts.append(a)
    fm = [i + 1 for i, (t, a, r) in enumerate(all_lines) if r == 'front' and t.strip()]
    conv = json.load(open(os.path.join(GOLDX, 'c01.json')))['conventions']
    out = dict(file=fname, description=descr, front_matter=[fm[0], fm[-1]] if fm else None, footer=[],
               page_artifacts=page_art, articles=arts, conventions=conv,
               generator='packgen/gen.py')
    if extra: out.update(extra)
    return out

# ---------------------------------------------------------------- docx
def docx_para(text, fmt=None, page_break=False):
    fmt = fmt or {}
    ppr = ''
    if fmt.get('style'): ppr += f'<w:pStyle w:val="{fmt["style"]}"/>'
    if fmt.get('center'): ppr += '<w:jc w:val="center"/>'
    elif fmt.get('right'): ppr += '<w:jc w:val="right"/>'
    if fmt.get('indent'): ppr += '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
    rpr = '<w:rFonts w:ascii="仿宋" w:eastAsia="仿宋_GB2312"/>'
    if fmt.get('bold'): rpr += '<w:b/>'
    if fmt.get('size'): rpr += f'<w:sz w:val="{fmt["size"]}"/><w:szCs w:val="{fmt["size"]}"/>'
    runs = ''
    if page_break: runs += '<w:r><w:br w:type="page"/></w:r>'
    if text:
        # split long titles over several runs, as Word does
        chunks = [text] if len(text) < 12 or not fmt.get('bold') else [text[:len(text) // 2], text[len(text) // 2:]]
        for c in chunks:
            runs += f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(c)}</w:t></w:r>'
    return f'<w:p>{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{runs}</w:p>'

STYLES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>'''
CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'''
DOCRELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>'''
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

def layout_docx(pid, items, L, rnd, pool_for_box):
    paras, labels = build_pack(pid, items, L, rnd, pool_for_box)
    xml = []          # body children
    lines = []        # (text, art, role) per direct w:p
    def P(text, art, role, fmt=None, pb=False):
        xml.append(docx_para(text, fmt, pb)); lines.append((text, art, role))
    if L.get('cover'):
        c = L['cover']
        P(L['unit'], None, 'front', {'center': True, 'bold': True, 'size': 36})
        P('', None, 'front')
        t = L['cover_title']
        if c['style'] == 'vertical':
            for ch in t: P(ch, None, 'front', {'center': True, 'bold': True, 'size': 52})
        else:
            P('　'.join(t) if c['style'] == 'spaced' else t, None, 'front', {'style': 'Title'} if L.get('title_style') else {'center': True, 'bold': True, 'size': 52})
        P('', None, 'front')
        P(L['issue'], None, 'front', {'center': True})
        P(L['cover_date'], None, 'front', {'center': True, 'bold': True})
    if L.get('toc'):
        P('目　　录', None, 'front', {'center': True, 'bold': True, 'size': 36}, pb=bool(L.get('cover')))
        ents = [((labels[ai][0] or '') if L.get('toc_labels') else '', toc_title(it, L, rnd)) for ai, it in enumerate(items)]
        if L['toc'] == 'table':
            rows = ''.join('<w:tr>' + ''.join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{docx_para(x)}</w:tc>' for x, w in ((a, 1600), (b, 7000))) + '</w:tr>' for a, b in ents)
            xml.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="8600" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="1600"/><w:gridCol w:w="7000"/></w:tblGrid>{rows}</w:tbl>')
            # twin convention for tables: one line per table row, non-empty cells joined by a tab
            for a, b in ents: lines.append(('\t'.join(x for x in (a, b) if x), None, 'front'))
        else:
            for a, b in ents: P((a + '　' if a else '') + b, None, 'front')
    pending_pb = bool(L.get('cover') or L.get('toc'))
    for p in paras:
        if p.role == 'newpage':
            pending_pb = True; continue
        if p.role == 'blankrun':
            for _ in range(int(p.text)): P('', None, 'blank')
            continue
        f = dict(p.fmt)
        if p.role in ('body', 'editor', 'box'):
            t = p.text
            if L.get('indent') == 'chars': t = '\u3000\u3000' + t
            elif L.get('indent'): f['indent'] = True
            f.pop('bold', None) if p.role != 'box' or not p.fmt.get('bold') else None
        else:
            t = p.text
        if p.role == 'title' and L.get('heading_titles'): f = {'style': 'Heading2', 'center': True}
        if p.role == 'section' and L.get('heading_titles'): f = {'style': 'Heading1', 'center': True}
        if p.role == 'title' and not L.get('heading_titles'):
            f = {'center': True, 'bold': True, 'size': rnd.choice([36, 40, 44])}
        if pending_pb and L.get('pb_own_para'):
            P('', None, 'blank', pb=True); pending_pb = False
        P(t, p.art, p.role, f, pb=pending_pb); pending_pb = False
    body = ''.join(xml)
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>'
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}{sect}</w:body></w:document>'
    hdr = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>{docx_para(L["unit"] + L["cover_title"], {"center": True})}</w:hdr>'
    return lines, {'doc': doc, 'hdr': hdr}, labels

def write_docx(path, parts):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('word/_rels/document.xml.rels', DOCRELS)
        z.writestr('word/document.xml', parts['doc'])
        z.writestr('word/styles.xml', STYLES)
        z.writestr('word/header1.xml', parts['hdr'])

# ---------------------------------------------------------------- pack specs
def base_layout(rnd, pid, n_items, dates):
    unit = UNITS[rnd.randrange(len(UNITS))]
    last = max(d for d in dates if d)
    y, m = int(last[:4]), int(last[5:7])
    m += 1
    if m > 12: y, m = y + 1, 1
    issue_n = rnd.randint(2, 6)
    return dict(unit=unit, pack_name=unit + ('理论学习中心组学习材料' if rnd.random() < .5 else '学习资料汇编'),
                cover_title=rnd.choice(['学习材料', '理论学习中心组学习材料', '学习资料汇编', '专题学习资料']),
                issue=rnd.choice([f'{y}年第{issue_n}期', f'（{y}年第{issue_n}期）', f'{y}年第{issue_n}期（总第{rnd.randint(30, 90)}期）']),
                cover_date=cn_date(y, m))

# Each spec: pack id, item keys, layout overrides, fmt
DEV_SPECS = [
    ('d01', ['csv30', 'csv7', 'csv37', 'csv53', 'csv8', 'csv24'], dict(
        cover={'style': 'vertical'}, toc='dots', toc_labels=True, toc_variant=True, label='xxcl', label_pos='own',
        missing_labels=(3,), wrap=26, indent=True, page_lines=40, header='unit', pagenum='emdash',
        newpage_item=True, newpage_skip=(4,)), 'txt'),
    ('d02', ['c02_1', 'c02_2', 'c02_3', 'c03_1', 'c04_5'], dict(
        sep='blank', para_blank=False, indent=True), 'txt'),
    ('d03', ['c04_1', 'c03_3', 'c02_4', 'csv39', 'c03_4', 'c04_10'], dict(
        cover={'style': 'spaced'}, toc='plain', toc_labels=True, label='cl', label_pos='inline',
        wrap=32, indent=False, para_blank=True, page_lines=44, header='unit', pagenum='hyphen', sep='◆◆◆'), 'txt'),
    ('d04', ['c03_6', 'c04_3', 'csv30', 'c04_8', 'c03_4', 'c04_1', 'c02_9'], dict(
        cover={'style': 'plain'}, toc='table', toc_labels=True, label='nn', label_pos='own', missing_labels=(5,),
        indent=True, heading_titles=False, newpage_item=True, sections=(0, 4)), 'docx'),
    ('d05', ['gwr2022', 'res2022', 'cpc19', 'x000_647'], dict(
        cover={'style': 'plain', 'blank_after': False}, toc='dots', label='zt', label_pos='own',
        wrap=30, indent=True, page_lines=38, header='alt', pagenum='dot', sep='—— ★ ——'), 'txt'),
    ('d06', ['csv7', 'c02_7', 'csv53', 'c04_10', 'c02_3'], dict(
        label='xxcl', label_pos='own', indent=True, para_blank=True, editor_note=True, boxes=1,
        sep='* * *', spaced_name=' ', paper_line_top=True), 'txt'),
    ('d07', ['c03_1', 'c03_3', 'c03_6', 'c04_5', 'c04_8', 'c02_4'], dict(
        cover={'style': 'plain'}, toc='plain', label='paren', label_pos='own', label_blank=True,
        wrap=24, indent=True, page_lines=36, header='unit', pagenum='of', newpage_item=True, sections=(0, 3),
        name_first=True), 'txt'),
    ('d08', ['csv37', 'csv39', 'csv24', 'c02_9', 'c04_3'], dict(
        cover={'style': 'vertical'}, toc='plain', toc_labels=False, label='cl', label_pos='own', indent='chars',
        heading_titles=True, title_style=True, newpage_item=True, pb_own_para=True, speech_meta_end=True), 'docx'),
    ('d09', ['cpc19', 'csv8', 'c02_2', 'res2022', 'c04_1', 'c02_1'], dict(
        label='nn', label_pos='inline', wrap=34, indent=False, page_lines=50, pagenum='bare',
        sep='blank', join_title=True), 'txt'),
    ('d10', ['csv24', 'c03_6', 'csv53', 'gwr2022', 'c02_7'], dict(
        cover={'style': 'spaced'}, toc='dots', toc_labels=True, toc_variant=True, label='xxcl', label_pos='own',
        missing_labels=(2, 4), wrap=28, indent=True, page_lines=42, header='unit', pagenum='emdash',
        sections=(0, 3), spaced_name='\u3000', editor_note=True), 'txt'),
]
# held-out: layouts absent from dev: form feeds, header carrying the page number (alternating),
# a blank line after every line (001-style), `N/T` page numbers, labels in DOCX with the TOC as a
# table plus Heading styles, speech date+name at the end in TXT, inline 【专题】 labels
HELD_SPECS = [
    ('h01', ['csv42', 'csv44', 'csv1', 'c03_5', 'c04_11', 'csv35'], dict(
        cover={'style': 'vertical', 'blank_after': False}, toc='dots', toc_labels=True, toc_variant=True,
        label='xxcl', label_pos='own', missing_labels=(4,), wrap=22, indent=True, page_lines=34,
        header='unitnum', formfeed=True, newpage_item=True), 'txt'),
    ('h02', ['gwr2024', 'res2021', 'c02_5', 'c02_6', 'c04_12'], dict(
        wrap=28, indent=False, blank_every_line=True, sep='blank', page_lines=45, pagenum='slash'), 'txt'),
    ('h03', ['c04_2', 'csv19', 'c04_6', 'c04_9', 'c03_7', 'c02_8'], dict(
        cover={'style': 'spaced'}, toc='plain', label='zt', label_pos='inline', wrap=36, indent=True,
        para_blank=True, page_lines=40, header='alt', pagenum='dot', sep='—— ★ ——', speech_meta_end=True), 'txt'),
    ('h04', ['c03_2', 'c03_8', 'csv54', 'c04_7', 'c04_4', 'x000_667'], dict(
        cover={'style': 'plain'}, toc='table', toc_labels=True, label='xxcl', label_pos='own', missing_labels=(2,),
        heading_titles=True, title_style=True, indent=True, sections=(0, 3), newpage_item=True), 'docx'),
    ('h05', ['cpc20', 'outline', 'res2020', 'gwr2021'], dict(
        cover={'style': 'vertical'}, toc='dots', label='paren', label_pos='inline', wrap=30, indent=True,
        page_lines=46, formfeed=True, pagenum='hyphen', newpage_item=True), 'txt'),
    ('h06', ['csv44', 'c04_11', 'csv35', 'c02_6', 'c04_2', 'csv1', 'c03_7'], dict(
        label='cl', label_pos='own', missing_labels=(1, 6), indent=True, sep='◆◆◆', paper_line_top=True,
        name_first=True, spaced_name=' ', editor_note=True, boxes=2), 'txt'),
    ('h07', ['gwr2017', 'c02_5', 'c04_12', 'csv42', 'c03_2'], dict(
        cover={'style': 'plain', 'blank_after': False}, toc='plain', toc_variant=True, label='nn', label_pos='own',
        wrap=40, indent=False, blank_every_line=True, page_lines=60, header='unitnum', sections=(0, 2, 4)), 'txt'),
    ('h08', ['c04_6', 'c04_9', 'csv19', 'c03_8', 'csv54'], dict(
        cover={'style': 'spaced'}, toc='plain', toc_labels=True, label='zt', label_pos='own', indent='chars',
        speech_meta_end=True, join_title=True, pb_own_para=True, newpage_item=True), 'docx'),
    ('h09', ['x000_667', 'c02_8', 'c03_5', 'c04_4', 'res2020', 'c04_7'], dict(
        cover={'style': 'vertical'}, toc='dots', toc_labels=True, label='xxcl', label_pos='inline', wrap=25,
        indent=True, page_lines=30, header='unit', pagenum='slash', formfeed=True, sep='* * *', join_title=True), 'txt'),
    ('h10', ['csv1', 'cpc20', 'c04_12', 'csv35', 'c03_2', 'outline'], dict(
        sep='blank', para_blank=True, indent=True, name_first=True, spaced_name='\u3000', sections=(0, 3),
        label='paren', label_pos='own', missing_labels=(5,), boxes=1), 'txt'),
]


# dev2: the held-out layouts re-drawn with dev texts (layout classes, not files)
DEV2_SPECS = [
    ('e05', ['cpc19', 'c04_1', 'res2022', 'gwr2022'], dict(
        cover={'style': 'vertical'}, toc='dots', label='paren', label_pos='inline', wrap=30, indent=True,
        page_lines=46, formfeed=True, pagenum='hyphen', newpage_item=True), 'txt'),
    ('e07', ['gwr2022', 'c02_1', 'c04_5', 'csv7', 'c03_1'], dict(
        cover={'style': 'plain', 'blank_after': False}, toc='plain', toc_variant=True, label='nn', label_pos='own',
        wrap=40, indent=False, blank_every_line=True, page_lines=60, header='unitnum', sections=(0, 2, 4)), 'txt'),
    ('e08', ['c04_3', 'c04_8', 'csv37', 'c03_4', 'csv53'], dict(
        cover={'style': 'spaced'}, toc='plain', toc_labels=True, label='zt', label_pos='own', indent='chars',
        speech_meta_end=True, join_title=True, pb_own_para=True, newpage_item=True), 'docx'),
    ('e10', ['csv8', 'cpc19', 'c04_10', 'csv24', 'c03_6', 'x000_647'], dict(
        sep='blank', para_blank=True, indent=True, name_first=True, spaced_name='\u3000', sections=(0, 3),
        label='paren', label_pos='own', missing_labels=(5,), boxes=1), 'txt'),
]

DEV3_SPECS = [
    ('f02', ['gwr2023', 'res2022', 'c02_3', 'c02_9', 'c04_8'], dict(
        wrap=28, indent=False, blank_every_line=True, sep='blank', page_lines=45, pagenum='slash'), 'txt'),
    ('f07', ['gwr2022', 'c02_4', 'c04_10', 'csv39', 'c03_3'], dict(
        cover={'style': 'plain', 'blank_after': False}, toc='plain', toc_variant=True, label='nn', label_pos='own',
        wrap=40, indent=False, blank_every_line=True, page_lines=60, header='unitnum', sections=(0, 2, 4)), 'txt'),
    ('f17', ['gwr2023', 'c02_7', 'c04_1', 'csv8', 'c03_6'], dict(
        cover={'style': 'plain', 'blank_after': False}, toc='plain', toc_variant=True, label='nn', label_pos='own',
        wrap=40, indent=False, blank_every_line=True, page_lines=60, header='unitnum', sections=(0, 2, 4)), 'txt'),
    ('f05', ['gwr2023', 'cpc19', 'c04_5', 'res2022'], dict(
        cover={'style': 'vertical'}, toc='dots', label='paren', label_pos='inline', wrap=30, indent=True,
        page_lines=46, formfeed=True, pagenum='hyphen', newpage_item=True), 'txt'),
    ('f09', ['gwr2023', 'x000_647', 'c02_2', 'c03_1', 'csv53'], dict(
        cover={'style': 'vertical'}, toc='dots', toc_labels=True, label='xxcl', label_pos='inline', wrap=25,
        indent=True, page_lines=30, header='unit', pagenum='slash', formfeed=True, sep='* * *', join_title=True), 'txt'),
]

def random_specs(seed, n):
    """`rand`: n packs with layout options drawn at random (every combination the options allow)."""
    rnd = random.Random(seed)
    pool = DEV_POOL + ['gwr2023']
    specs = []
    for k in range(n):
        fmt = 'docx' if rnd.random() < .25 else 'txt'
        L = {}
        if rnd.random() < .7:
            L['cover'] = {'style': rnd.choice(['vertical', 'spaced', 'plain']), 'blank_after': rnd.random() < .7}
        if rnd.random() < .6:
            L['toc'] = rnd.choice(['dots', 'plain'] + (['table'] if fmt == 'docx' else []))
            L['toc_labels'] = rnd.random() < .5
            L['toc_variant'] = rnd.random() < .3
        if rnd.random() < .8:
            L['label'] = rnd.choice(['xxcl', 'cl', 'zt', 'nn', 'paren'])
            L['label_pos'] = rnd.choice(['own', 'inline'])
            if rnd.random() < .3:
                L['missing_labels'] = (rnd.randint(1, 4),)
        else:
            L['label_pos'] = 'own'
        if fmt == 'txt':
            if rnd.random() < .6:
                L['wrap'] = rnd.randint(22, 40)
                L['page_lines'] = rnd.randint(30, 60)
                L['pagenum'] = rnd.choice(['emdash', 'hyphen', 'dot', 'bare', 'slash', 'of'])
                L['header'] = rnd.choice([None, 'unit', 'alt', 'unitnum'])
                L['formfeed'] = rnd.random() < .3
            L['blank_every_line'] = rnd.random() < .15
            L['para_blank'] = not L['blank_every_line'] and rnd.random() < .4
            L['sep'] = rnd.choice([None, None, 'blank', '◆◆◆', '* * *', '—— ★ ——'])
        else:
            L['heading_titles'] = rnd.random() < .5
            L['title_style'] = rnd.random() < .5
            L['pb_own_para'] = rnd.random() < .5
        L['indent'] = rnd.choice([True, False, 'chars'] if fmt == 'docx' else [True, False])
        L['newpage_item'] = rnd.random() < .5
        L['name_first'] = rnd.random() < .3
        L['speech_meta_end'] = rnd.random() < .2
        L['join_title'] = rnd.random() < .3
        L['editor_note'] = rnd.random() < .2
        L['paper_line_top'] = rnd.random() < .2
        if rnd.random() < .2:
            L['spaced_name'] = rnd.choice([' ', '\u3000'])
        if rnd.random() < .3:
            L['sections'] = (0, rnd.randint(2, 3))
        L = {a: b for a, b in L.items() if b is not None}
        items = rnd.sample(pool, rnd.randint(4, 7))
        specs.append((f'r{k:02d}', items, L, fmt))
    return specs

def describe(L, fmt):
    keys = [k for k in ('cover', 'toc', 'label', 'label_pos', 'missing_labels', 'sections', 'sep', 'wrap', 'indent',
                        'blank_every_line', 'para_blank', 'page_lines', 'header', 'pagenum', 'formfeed', 'newpage_item',
                        'spaced_name', 'name_first', 'speech_meta_end', 'paper_line_top', 'editor_note', 'boxes',
                        'join_title', 'heading_titles', 'toc_variant') if L.get(k)]
    return fmt + ': ' + ', '.join(f'{k}={L[k]}' for k in keys)

def main():
    out, batch = sys.argv[1], sys.argv[2]
    specs, seed = {'dev': (DEV_SPECS, 1101), 'dev2': (DEV2_SPECS, 2202), 'dev3': (DEV3_SPECS, 3303),
                   'held': (HELD_SPECS, 7707), 'rand': (None, 4404)}[batch]
    if specs is None:
        specs = random_specs(int(sys.argv[3]) if len(sys.argv) > 3 else 1, 12)
    pool = HELD_POOL if batch == 'held' else DEV_POOL + ['gwr2023']
    items = all_items(seed)
    os.makedirs(out, exist_ok=True)
    for pid, keys, over, fmt in specs:
        assert all(k in pool for k in keys), (pid, [k for k in keys if k not in pool])
        rnd = random.Random(f'{seed}-{pid}')
        its = [items[k] for k in keys]
        L = base_layout(rnd, pid, len(its), [it['gold']['date'] or it['gold'].get('published') or '2020-01' for it in its])
        L.update(over)
        donors = [items[k] for k in pool if k not in keys]
        descr = f'{L["unit"]} {L["cover_title"]} {L["issue"]}; ' + describe(over, fmt)
        if fmt == 'txt':
            lines, paras, labels = layout_txt(pid, its, L, rnd, donors)
            text = '\n'.join(t for t, a, r in lines) + '\n'
            fn = pid + '.txt'
            open(os.path.join(out, fn), 'w', encoding='utf-8').write(text)
            gold = gold_from_lines(lines, its, labels, fn, L, descr)
        else:
            lines, parts, labels = layout_docx(pid, its, L, rnd, donors)
            fn = pid + '.docx'
            write_docx(os.path.join(out, fn), parts)
            open(os.path.join(out, pid + '.lines.txt'), 'w', encoding='utf-8').write('\n'.join(t for t, a, r in lines) + '\n')
            gold = gold_from_lines(lines, its, labels, fn, L, descr, {'lines_file': pid + '.lines.txt', 'docx_notes':
                'line N = Nth line of the twin: one per direct w:p child of w:body, and one per row of a direct w:tbl child (its non-empty cells joined by a tab)'})
        json.dump(gold, open(os.path.join(out, pid + '.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
        print(pid, fn, len(its), 'items', len(lines), 'lines')

if __name__ == '__main__':
    main()

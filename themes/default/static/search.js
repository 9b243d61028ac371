/* Search page: the reader's query in, the articles that contain it out, most relevant
   first (or newest first), on Pagefind's JS API.
   The index holds each Han character as a word of its own; sitegen's query rules
   (search-query.js, shipped by sitegen: queryPhrases, decode, the record layout) turn a
   query into exact phrases, so a search finds exactly the articles that contain it.
   Two indexes (sitegen/search/index.py, bundles.json):
   - the title index: every article's kicker, headline and subtitle, one bundle a
     quarter; the newest TITLE_WINDOW quarters (the whole of a twenty-year-old daily's
     last two years) are searched on every query, older ones with the rest of the archive;
   - the full text: one bundle a month, merged (mergeIndex) newest first while a search
     needs more of them.
   Relevance: matches in the heading, found in the whole archive by the title index,
   come first; then matches in the text of the months searched. Within each, those with
   every phrase in the headline (主题) come before those with phrases in the kicker,
   subtitle or body; then Pagefind's own score orders them (its BM25 with the theme's
   data-pagefind-weight: more and denser matches score higher; in the title index without
   length normalisation), scores within 5% of each other count as equal, and among
   equals the newer article comes first. */
const root = document.querySelector("[data-search]");
const rules = await import(root ? root.dataset.queryRules : document.querySelector('link[rel="modulepreload"]').href);
export const { queryPhrases, decode } = rules;
const QUERY_TABLE = root ? root.dataset.queryTable : undefined;  // t2s.json: queries typed in 繁體
const PAGE_SIZE = 10;
const LEDE_MENTIONS = 3;  // of each phrase, counted in a title-index record's lede
const TITLE_WINDOW = 8;  // quarters of the title index searched before the reader asks for more
// Metadata matches add nothing to a score: the metadata holds the same words as the text.
const META = ["title", "kicker", "subtitle", "byline", "date", "page", "section", "city", "lead"];
const RANKING = { metaWeights: Object.fromEntries(META.map((name) => [name, 0])) };
// In the title index a heading's length is no measure of relevance: a headline's matches
// saturate Pagefind's BM25 (a weight of 10 counts 100 times), so its length normalisation
// only marked down the headings that have a kicker or subtitle, by about a tenth.
const TITLE_RANKING = { ...RANKING, pageLength: 0 };

/** Every phrase is searched exactly: its words at consecutive positions. */
function term(phrase) {
  return `"${phrase.join(" ")}"`;
}

let loading = null;

// The two indexes are bundles of one Pagefind instance (one worker, one WebAssembly
// download), told apart by a filter each bundle is given as it is merged.
const TEXT = { index: "text" };
const TITLES = { index: "titles" };

/** The search indexes, loaded once: calls made while they load wait for the same load.
    Only the newest month of the full text is loaded here (`widen` merges older months
    as a search needs them), and the newest TITLE_WINDOW quarters of the title index. A
    failed load is tried again on the next call. */
export function load(base) {
  if (!loading) {
    loading = (async () => {
      const listing = await (await fetch(`${base}bundles.json`)).json();
      if (!listing.bundles.length) throw new Error("no search index");
      const [newest] = listing.bundles;
      const module = await import(`${base}${newest.path}pagefind.js`);
      await module.options({ ranking: RANKING, mergeFilter: TEXT });
      const index = {
        module, base, bundles: listing.bundles, merged: new Set([newest.period]), merging: Promise.resolve(),
        quarters: listing.titles || [], titlesMerged: 0,
      };
      await Promise.all([module.filters(), widenTitles(index, TITLE_WINDOW)]);  // (filters: so that each search counts them)
      await module.filters();  // the title bundles' metadata, loaded now rather than by the first search
      return index;
    })();
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** Merges `bundles` into the full-text index, each once and one at a time, even when
    searches overlap (a bundle merged twice would return each of its results twice). */
function widen(index, bundles) {
  index.merging = index.merging.then(async () => {
    const fresh = bundles.filter((bundle) => !index.merged.has(bundle.period));
    // Side by side: each costs two round trips (its entry file, then its page list).
    await Promise.all(fresh.map((bundle) => index.module.mergeIndex(`${index.base}${bundle.path}`, { ranking: RANKING, mergeFilter: TEXT })));
    for (const bundle of fresh) index.merged.add(bundle.period);
    if (fresh.length) await index.module.filters();  // loads their filter values, so that searches count them
  });
  return index.merging;
}

/** Merges the title index's quarters up to the `count` newest, each once. */
function widenTitles(index, count) {
  index.titleMerging = (index.titleMerging || Promise.resolve()).then(async () => {
    const fresh = index.quarters.slice(index.titlesMerged, count);
    index.titlesMerged = Math.max(index.titlesMerged, Math.min(count, index.quarters.length));
    await Promise.all(fresh.map((q) => index.module.mergeIndex(`${index.base}${q.path}`, { ranking: TITLE_RANKING, mergeFilter: TITLES })));
  });
  return index.titleMerging;
}

/** The bundles a search with `filters` must cover to be complete: a date's month, a
    year's months, or all of them. */
function relevant(index, filters) {
  const prefix = filters.edition ? filters.edition.slice(0, 7) : filters.year;
  const some = prefix ? index.bundles.filter((b) => b.period.startsWith(prefix)) : [];
  return prefix && some.length ? some : index.bundles;
}

/** The articles of one index that contain every phrase, newest first, each as
    { result, rank (its place newest first), score, heading (every phrase occurs in the
    heading) }. One exact Pagefind search per phrase, intersected, finds them; one search
    per word gives each word's positions (an exact search returns one match, and not
    necessarily the first), from which the phrases' positions follow; one search of all
    the query's words gives Pagefind's score. */
async function matches(pf, phrases, filters, which) {
  filters = { ...filters, ...which };
  const options = { filters, sort: { date: "desc" } };
  if (!phrases.length) {
    const found = await pf.search(null, options);
    return { items: found.results.map((result, rank) => ({ result, rank, score: 0, heading: false, headline: false, told: false, tells: 0 })), filters: found.filters };
  }
  const searches = [];
  for (const phrase of phrases) searches.push(await pf.search(term(phrase), options));
  const byPhrase = searches.map((s) => new Set(s.results.map((r) => r.id)));
  const both = searches[0].results.filter((r) => byPhrase.every((ids) => ids.has(r.id)));
  const scores = new Map();
  const at = new Map();  // word -> page id -> its positions
  if (both.length) {
    const loose = await pf.search(phrases.flat().join(" "), { filters });
    for (const r of loose.results) scores.set(r.id, r.score);
    for (const word of new Set(phrases.flat())) {
      const found = await pf.search(word, { filters });
      at.set(word, new Map(found.results.map((r) => [r.id, new Set(r.words)])));
    }
  }
  // Where `phrase` starts in page `id` at a position from `from` up to `end`.
  const starts = (from, end, phrase, id) => (start) => start >= from && start < end && phrase.every((word, i) => at.get(word).get(id)?.has(start + i));
  const positions = (phrase, id) => [...(at.get(phrase[0]).get(id) || [])];
  const within = (from, end, phrase, id) => positions(phrase, id).some(starts(from, end, phrase, id));  // (stops at the first)
  const count = (from, end, phrase, id) => positions(phrase, id).filter(starts(from, end, phrase, id)).length;
  // In the title index, how much of the query the lede tells: each phrase's mentions, up to
  // LEDE_MENTIONS each (the full text leaves density to Pagefind's score, whose length
  // normalisation the title index goes without).
  const tells = (id) => (which === TITLES ? phrases.reduce((sum, phrase) => sum + Math.min(LEDE_MENTIONS, count(rules.HEADING_END, Infinity, phrase, id)), 0) : 0);
  const items = both.map((result, rank) => ({
    result,
    rank,
    score: scores.get(result.id) || 0,
    heading: phrases.every((phrase) => within(0, rules.HEADING_END, phrase, result.id)),
    headline: phrases.every((phrase) => within(0, rules.HEADLINE_END, phrase, result.id)),
    told: phrases.every((phrase) => within(rules.HEADING_END, Infinity, phrase, result.id)),
    tells: tells(result.id),
  }));
  return { items, filters: searches[0].filters };
}

const bucket = (score) => (score > 0 ? Math.round(Math.log(score) * 20) : -1e9);  // 5% apart: equal

/** Most relevant first: every phrase in the headline (主题) before phrases spread over
    kicker, subtitle or body; then every phrase told in the story too (its body; the
    lede in the title index) before a heading alone; in the title index, the lede that
    tells the query more often first; then the higher score bucket, then newer. */
export function byRelevance(items) {
  return [...items].sort((a, b) => b.headline - a.headline || b.told - a.told || b.tells - a.tells || bucket(b.score) - bucket(a.score) || a.rank - b.rank);
}

/** Matching articles, and what was searched. `order`: "relevance" (the default with a
    query) or "time" (newest first). Returns { results (Pagefind results, data loaded
    lazily), count, complete (every bundle the search concerns was searched), since (the
    oldest month of full text searched), titlesSince (the oldest quarter of the title
    index searched, null when all were), filters (value counts) }. `quick`: the bundles
    merged so far only, for a first answer while the rest is searched.
    Without filters, the title index is searched (its newest TITLE_WINDOW quarters) for
    heading matches, and the full text from the newest month, merging older ones, twice
    as many each time, until there is a page of results; `all` searches everything. A
    filter searches the full text of the months it concerns (a year's or a date's, else
    all), whose heading matches then come first. `filters` maps filter names to one value. */
export async function find(base, query, filters = {}, { all = false, order = "relevance", quick = false } = {}) {
  const [index] = await Promise.all([load(base), rules.prepare(query, QUERY_TABLE)]);
  const { phrases } = queryPhrases(query);
  const filtered = Object.keys(filters).length > 0;
  if (!phrases.length && !filtered) return { results: [], count: 0, complete: true, since: null, titlesSince: null, filters: {} };
  const relevance = order !== "time" && phrases.length > 0;
  const titled = relevance && !filtered && index.quarters.length > 0;
  const wanted = relevant(index, filters);
  if (all || filtered) await widen(index, wanted);
  if (titled && all) await widenTitles(index, index.quarters.length);
  // Every index file the searches below read, fetched at once rather than search by search.
  const words = phrases.flat().join(" ");
  if (words) await index.module.preload(words, { filters: { ...filters, ...TEXT } });
  // (a title record that holds the query in its lede alone is no heading match)
  const headings = titled ? byRelevance((await matches(index.module, phrases, {}, TITLES)).items.filter((item) => item.heading)) : [];
  for (;;) {
    if (words) await index.module.preload(words, { filters: { ...filters, ...TEXT } });
    const found = await matches(index.module, phrases, filters, TEXT);
    let text = found.items;
    if (titled) text = byRelevance(text.filter((item) => !item.heading));
    else if (relevance) text = [...byRelevance(text.filter((item) => item.heading)), ...byRelevance(text.filter((item) => !item.heading))];
    const results = [...headings, ...text].map((item) => item.result);
    const left = wanted.filter((b) => !index.merged.has(b.period));
    if (!left.length || results.length >= PAGE_SIZE || quick) {
      const searched = wanted.filter((b) => index.merged.has(b.period));
      const titlesLeft = titled && index.titlesMerged < index.quarters.length;
      return {
        results,
        count: results.length,
        complete: !left.length && !titlesLeft,
        since: searched[searched.length - 1].period,
        titlesSince: titlesLeft ? index.quarters[index.titlesMerged - 1].period : null,
        titled,
        filters: found.filters,
      };
    }
    // At least twice as many months as searched so far; as many as the matches found so
    // far say a page needs, and all of them when none were found.
    const searchedCount = wanted.length - left.length;
    const perMonth = text.length / searchedCount;
    const needed = perMonth > 0 ? Math.ceil((PAGE_SIZE - results.length) / perMonth) : left.length;
    await widen(index, left.slice(0, Math.max(1, searchedCount, needed)));
  }
}

/** The years of the whole archive, newest first (for the year filter before every
    bundle is searched). */
export async function years(base) {
  const index = await load(base);
  return [...new Set(index.bundles.map((b) => b.period.slice(0, 4)).filter((y) => /^\d{4}$/.test(y)))];
}

/** Test hook: the URLs of the first `limit` results of `query`. */
export async function urls(base, query, limit = PAGE_SIZE, order = "relevance") {
  const { results } = await find(base, query, {}, { order });
  return Promise.all(results.slice(0, limit).map(async (r) => (await r.data()).url));
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `text` as HTML, each match of a part in <mark>. */
export function highlight(text, parts) {
  const lower = rules.normalize(text).toLowerCase();
  let html = "";
  let i = 0;
  while (i < text.length) {
    const part = parts.find((p) => p && lower.startsWith(p, i));
    if (part) { html += `<mark>${escapeHtml(text.slice(i, i + part.length))}</mark>`; i += part.length; }
    else { html += escapeHtml(text[i]); i += 1; }
  }
  return html;
}

/** An excerpt of `text` around the first match of any part (from its start when none
    matches), the matches in <mark>. */
export function excerpt(text, parts, before = 30, length = 110) {
  const flat = text.replace(/\s+/g, " ").trim();
  const lower = rules.normalize(flat).toLowerCase();
  const at = Math.min(...parts.map((p) => lower.indexOf(p)).filter((i) => i >= 0), Infinity);
  const start = at < Infinity ? Math.max(0, at - before) : 0;
  const end = Math.min(flat.length, start + length);
  return (start > 0 ? "…" : "") + highlight(flat.slice(start, end), parts) + (end < flat.length ? "…" : "");
}

/** The text an excerpt is taken from: the body, not the heading or the byline (a title
    index result carries the body's start as `lead`). */
export function excerptText(data) {
  if (data.meta && data.meta.lead !== undefined) return data.meta.lead;
  return decode(rules.bodyWords(data.content || "").join(" "));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function resultItem(data, parts) {
  const item = el("li", "search-result");
  const meta = data.meta || {};
  if (meta.kicker) item.append(el("p", "kicker", meta.kicker));
  const heading = el("h2", "search-title");
  const link = el("a", "");
  link.innerHTML = highlight(meta.title || data.url, parts);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  if (meta.subtitle) item.append(el("p", "subtitle", meta.subtitle));
  const where = [meta.date, [meta.page, meta.section].filter(Boolean).join(" "), meta.city, meta.byline].filter(Boolean);
  item.append(el("p", "card-meta", where.join(" · ")));
  const text = el("p", "search-excerpt");
  text.innerHTML = excerpt(excerptText(data), parts);
  item.append(text);
  return item;
}

/** Refills each filter select (the template names them) with the values and counts of
    the current results, keeping the reader's choice; `years` adds the archive's other
    years (without a count) while not every bundle has been searched. */
function fillFilters(form, counts, chosen, years = []) {
  for (const select of form.querySelectorAll("select")) {
    const { name } = select;
    const label = select.dataset.label;
    const values = Object.entries(counts[name] || {}).filter(([, n]) => n > 0 || chosen[name]);
    if (name === "year") for (const year of years) if (!values.some(([v]) => v === year)) values.push([year, null]);
    values.sort((a, b) => (name === "year" || name === "edition" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
    select.replaceChildren(new Option(`全部${label}`, ""));
    for (const [value, n] of values) select.append(new Option(n === null ? value : `${value}（${n}）`, value));
    if (chosen[name] && !values.some(([v]) => v === chosen[name])) select.append(new Option(chosen[name], chosen[name]));
    select.value = chosen[name] || "";
    select.closest("label").hidden = values.length === 0 && !chosen[name];
  }
  // The filters fold under 筛选 (so the results do not move down as they fill in); a
  // filter chosen in the address opens them.
  const box = form.querySelector("[data-filter-box]");
  if (box && Object.values(chosen).some(Boolean)) box.open = true;
}

/** "2016-07" or "2016-07b" -> 2016年7月 */
function monthName(period) {
  return /^\d{4}-\d\d/.test(period) ? `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月` : period;
}

/** "titles-2016q3" -> 2016年7月 (the quarter's first month) */
function quarterName(period) {
  const found = /(\d{4})q(\d)/.exec(period);
  return found ? `${found[1]}年${(Number(found[2]) - 1) * 3 + 1}月` : period;
}

/** What the status line says: the count, and what was searched when not everything was. */
export function statusText(found, order) {
  const n = found.count;
  let scope = "";
  if (!found.complete) {
    const since = `${monthName(found.since)}以来`;
    const titles = found.titlesSince ? `${quarterName(found.titlesSince)}以来` : "全部报纸";
    scope = found.titled ? `（标题：${titles}；正文：${since}）` : `（${since}）`;
  }
  return n ? `找到 ${n} 篇${scope}` : `没有找到${scope}`;
}

async function start() {
  const base = root.dataset.pagefindBase;
  const form = root.querySelector("form");
  const status = root.querySelector("[data-status]");
  const earlierButton = root.querySelector("[data-earlier]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const sorting = root.querySelector(".search-sort");
  const params = new URLSearchParams(window.location.search);
  form.elements.q.value = params.get("q") || "";
  const chosen = Object.fromEntries([...form.querySelectorAll("select")].map(({ name }) => [name, params.get(name) || ""]));
  let order = params.get("sort") === "time" ? "time" : "relevance";
  for (const radio of form.querySelectorAll("input[name=sort]")) radio.checked = radio.value === (order === "time" ? "time" : "");
  let shown = [];
  let parts = [];
  let found = null;
  let searched = null;  // the query, filters and order of `found`
  let seen = new Set();  // URLs listed, so that no article is listed twice
  let runs = 0;  // searches started: a later one makes an earlier one's answers stale

  function report() {
    status.textContent = statusText(found, searched.order);
    earlierButton.hidden = found.complete;
    more.hidden = list.children.length >= shown.length;
  }

  // `token`: the search these answers belong to; once a later search has started (the
  // reader changed the order or a filter), they are dropped, never listed beside its own.
  async function showMore(token = runs) {
    const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
    // All fetched at once, each listed as soon as it and those before it have come.
    for (const pending of next.map((r) => r.data())) {
      const d = await pending;
      if (token !== runs) return;
      if (seen.has(d.url)) continue;
      seen.add(d.url);
      list.append(resultItem(d, parts));
    }
    report();
  }

  async function show(query, filters, all, quick, token) {
    const answer = await find(base, query, filters, { all, order, quick });
    if (token !== runs) return false;
    found = answer;
    searched = { query, filters, order };
    shown = found.results;
    parts = queryPhrases(query).parts;
    list.replaceChildren();
    seen = new Set();
    fillFilters(form, found.filters || {}, chosen, found.complete ? [] : await years(base));
    return token === runs;
  }

  async function run(push) {
    const query = form.elements.q.value.trim();
    const filters = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v));
    if (push) {
      const next = new URLSearchParams({ ...(query ? { q: query } : {}), ...(order === "time" ? { sort: "time" } : {}), ...filters });
      history.replaceState(null, "", `?${next}`);
    }
    list.replaceChildren();
    more.hidden = true;
    earlierButton.hidden = true;
    sorting.hidden = !query;
    if (!query && !Object.keys(filters).length) {
      status.textContent = "输入人名、地名、词语或数字";
      const index = await load(base);
      fillFilters(form, await index.module.filters(), chosen, await years(base));
      return;
    }
    status.textContent = "搜索中…";
    const token = ++runs;
    if (!(await show(query, filters, false, true, token))) return;  // a first answer from what is loaded
    await showMore(token);
    settled();
    if (found.complete || found.count >= PAGE_SIZE || token !== runs) return;
    // Fewer than a page: older months are searched while the reader reads the first results.
    root.dataset.searching = "";
    earlierButton.hidden = true;
    status.textContent = `${statusText(found, order)}，正在搜索更早的报纸…`;
    try {
      const next = await find(base, query, filters, { order });
      if (token !== runs) return;
      found = next;
      shown = found.results;
      list.replaceChildren();
      seen = new Set();
      fillFilters(form, found.filters || {}, chosen, found.complete ? [] : await years(base));
      if (token === runs) await showMore(token);
    } finally {
      if (token === runs) delete root.dataset.searching;
    }
  }

  async function earlier() {  // the rest of the archive
    earlierButton.hidden = true;
    status.textContent = "搜索中…";
    const token = ++runs;
    if (await show(searched.query, searched.filters, true, false, token)) await showMore(token);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
  form.addEventListener("change", (event) => {
    if (event.target.name === "sort") {
      order = event.target.value === "time" ? "time" : "relevance";
      run(true);
      return;
    }
    if (event.target.tagName !== "SELECT") return;
    chosen[event.target.name] = event.target.value;
    run(true);
  });
  more.addEventListener("click", () => showMore());
  earlierButton.addEventListener("click", () => earlier());
  root.classList.add("search-ready");
  try {
    await run(false);
  } catch (error) {
    status.textContent = "搜索暂时不可用";
    throw error;
  } finally {
    if (form.elements.q.value.trim()) settled();
  }
}

/** Tells app.js that the page shows what the reader came for (the first answer to a
    query), so the offline copy of the edition may be saved now. Not on an empty search
    page: the reader is about to type, and the query comes first. */
function settled() {
  document.dispatchEvent(new Event("sitegen:settled"));
}

if (root) start();

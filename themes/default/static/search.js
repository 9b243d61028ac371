/* Search page: the reader's query in, articles that contain it out, on Pagefind's JS API.
   The index holds each Han character as a word of its own (sitegen/search/grams.py, whose
   rules queryPhrases and decode mirror); a query is searched as the exact phrase of its
   characters, so it finds exactly the articles that contain it. The archive is one
   Pagefind bundle per month, newest first in pagefind/bundles.json, merged here with
   mergeIndex. Results are newest first. */
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
const PIECE = new RegExp(`([${HAN}]+)|([0-9A-Za-z]+)|(\\s+|.)`, "gsu");
const SPACE = "¦";
const PAGE_SIZE = 10;

/** Full-width digits and letters (２０１８) to ASCII, as grams.normalize. */
function normalize(text) {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The query as phrases of index words (grams.query_phrases), and the readable parts to highlight. */
export function queryPhrases(query) {
  const phrases = [];
  const parts = [];
  let current = [];
  let text = "";
  const close = () => {
    if (current.length) { phrases.push(current); parts.push(text); }
    current = [];
    text = "";
  };
  for (const [, han, word, other] of normalize(query).toLowerCase().matchAll(PIECE)) {
    if (other) { close(); continue; }
    text += han || word;
    if (word) current.push(word);
    else current.push(...Array.from(han));
  }
  close();
  return { phrases, parts };
}

/** Indexed content back to readable text (grams.decode). */
export function decode(indexed) {
  return indexed.split(/\s+/).map((word) => (word === SPACE ? " " : word)).join("");
}

/** Every phrase is searched exactly: its words at consecutive positions. */
function term(phrase) {
  return `"${phrase.join(" ")}"`;
}

let loading = null;

/** The search index, loaded once: calls made while it loads wait for the same load. Only
    the newest bundle is loaded here; `widen` merges older ones as a search needs them.
    A failed load is tried again on the next call. */
export function load(base) {
  if (!loading) {
    loading = (async () => {
      const listing = await (await fetch(`${base}bundles.json`)).json();
      if (!listing.bundles.length) throw new Error("no search index");
      const [newest] = listing.bundles;
      const module = await import(`${base}${newest.path}pagefind.js`);
      await module.filters();  // loads the filter values, so that each search counts them
      return { module, base, bundles: listing.bundles, merged: new Set([newest.period]), merging: Promise.resolve() };
    })();
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** Merges `bundles` into the index, each once and one at a time, even when searches
    overlap (a bundle merged twice would return each of its results twice). */
function widen(index, bundles) {
  index.merging = index.merging.then(async () => {
    const fresh = bundles.filter((bundle) => !index.merged.has(bundle.period));
    for (const bundle of fresh) {
      await index.module.mergeIndex(`${index.base}${bundle.path}`);
      index.merged.add(bundle.period);
    }
    if (fresh.length) await index.module.filters();  // loads their filter values, so that searches count them
  });
  return index.merging;
}

/** The bundles a search with `filters` must cover to be complete: a date's month, a
    year's months, or all of them. */
function relevant(index, filters) {
  const prefix = filters.edition ? filters.edition.slice(0, 7) : filters.year;
  const some = prefix ? index.bundles.filter((b) => b.period.startsWith(prefix)) : [];
  return prefix && some.length ? some : index.bundles;
}

/** Every phrase of the query must match: one Pagefind search per phrase, intersected. */
async function searchPhrases(pf, query, filters) {
  const { phrases } = queryPhrases(query);
  const options = { filters, sort: { date: "desc" } };
  if (!phrases.length) {
    return Object.keys(filters).length ? pf.search(null, options) : { results: [], filters: {} };
  }
  const searches = [];
  for (const phrase of phrases) searches.push(await pf.search(term(phrase), options));
  const [first, ...rest] = searches;
  const keep = rest.map((s) => new Set(s.results.map((r) => r.id)));
  return { ...first, results: first.results.filter((r) => keep.every((ids) => ids.has(r.id))) };
}

/** Matching results (Pagefind result objects, data loaded lazily), newest first, and
    `complete`: whether every bundle the search concerns was searched, else `since`, the
    oldest period searched. Without filters the newest bundle is searched first and older
    ones are merged, twice as many each time, until a page of results is found, so a
    reader's first search fetches the index of recent months, not of the whole archive;
    `all` searches everything. A year or a date searches its own months, any other
    filter the whole archive. `filters` maps filter names to one value. */
export async function find(base, query, filters = {}, { all = false } = {}) {
  const index = await load(base);
  const wanted = relevant(index, filters);
  if (all || Object.keys(filters).length) await widen(index, wanted);
  for (;;) {
    const found = await searchPhrases(index.module, query, filters);
    const left = wanted.filter((b) => !index.merged.has(b.period));
    if (!left.length || found.results.length >= PAGE_SIZE) {
      const searched = wanted.filter((b) => index.merged.has(b.period));
      return { ...found, complete: !left.length, since: searched[searched.length - 1].period };
    }
    await widen(index, left.slice(0, Math.max(1, wanted.length - left.length)));
  }
}

/** The years of the whole archive, newest first (for the year filter before every
    bundle is searched). */
export async function years(base) {
  const index = await load(base);
  return [...new Set(index.bundles.map((b) => b.period.slice(0, 4)).filter((y) => /^\d{4}$/.test(y)))];
}

/** Test hook: the URLs of the first `limit` results of `query`. */
export async function urls(base, query, limit = PAGE_SIZE) {
  const { results } = await find(base, query);
  return Promise.all(results.slice(0, limit).map(async (r) => (await r.data()).url));
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An excerpt of `text` around the first match of any part, the matches in <mark>; a
    match after `skip` (the headline, shown above it) is preferred. */
export function excerpt(text, parts, skip = 0, before = 30, length = 110) {
  const flat = text.replace(/\s+/g, " ");
  const lower = normalize(flat).toLowerCase();
  const first = (from) => Math.min(...parts.map((p) => lower.indexOf(p, from)).filter((i) => i >= 0), Infinity);
  const later = first(skip);
  const at = later < Infinity ? later : first(0) < Infinity ? first(0) : skip;
  const start = Math.max(0, at - before);
  const end = Math.min(flat.length, start + length);
  const piece = flat.slice(start, end);
  const lowerPiece = lower.slice(start, end);
  let html = "";
  let i = 0;
  while (i < piece.length) {
    const part = parts.find((p) => p && lowerPiece.startsWith(p, i));
    if (part) { html += `<mark>${escapeHtml(piece.slice(i, i + part.length))}</mark>`; i += part.length; }
    else { html += escapeHtml(piece[i]); i += 1; }
  }
  return (start > 0 ? "…" : "") + html + (end < flat.length ? "…" : "");
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
  const link = el("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  const where = [meta.date, [meta.page, meta.section].filter(Boolean).join(" "), meta.city].filter(Boolean);
  item.append(el("p", "card-meta", where.join(" · ")));
  const text = el("p", "search-excerpt");
  const content = decode(data.content || "");
  const title = meta.title ? content.indexOf(meta.title) : -1;
  text.innerHTML = excerpt(content, parts, title >= 0 ? title + meta.title.length : 0);
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
}

/** "2016-07" or "2016-07b" -> 2016年7月 */
function monthName(period) {
  return /^\d{4}-\d\d/.test(period) ? `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月` : period;
}

async function start(root) {
  const base = root.dataset.pagefindBase;
  const form = root.querySelector("form");
  const status = root.querySelector("[data-status]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const params = new URLSearchParams(window.location.search);
  form.elements.q.value = params.get("q") || "";
  const chosen = Object.fromEntries([...form.querySelectorAll("select")].map(({ name }) => [name, params.get(name) || ""]));
  let shown = [];
  let parts = [];
  let found = null;
  let searched = null;  // the query and filters of `found`

  function report() {
    const n = shown.length;
    const since = found.complete ? "" : `（${monthName(found.since)}以来）`;
    status.textContent = n ? `找到 ${n} 篇${since}` : `没有找到${since}`;
    const earlier = list.children.length >= n && !found.complete;
    more.textContent = earlier ? "搜索更早的报纸" : "更多结果";
    more.hidden = list.children.length >= n && found.complete;
  }

  async function showMore() {
    const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
    const data = await Promise.all(next.map((r) => r.data()));
    for (const d of data) list.append(resultItem(d, parts));
    report();
  }

  async function show(query, filters, all) {
    found = await find(base, query, filters, { all });
    searched = { query, filters };
    shown = found.results;
    parts = queryPhrases(query).parts;
    fillFilters(form, found.filters || {}, chosen, found.complete ? [] : await years(base));
  }

  async function run(push) {
    const query = form.elements.q.value.trim();
    const filters = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v));
    if (push) {
      const next = new URLSearchParams({ ...(query ? { q: query } : {}), ...filters });
      history.replaceState(null, "", `?${next}`);
    }
    list.replaceChildren();
    more.hidden = true;
    if (!query && !Object.keys(filters).length) {
      status.textContent = "输入人名、地名、词语或数字";
      const index = await load(base);
      fillFilters(form, await index.module.filters(), chosen, await years(base));
      return;
    }
    status.textContent = "搜索中…";
    await show(query, filters, false);
    await showMore();
  }

  async function earlier() {  // the rest of the archive; results already shown stay
    more.hidden = true;
    status.textContent = "搜索中…";
    await show(searched.query, searched.filters, true);
    await showMore();
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
  form.addEventListener("change", (event) => {
    if (event.target.tagName !== "SELECT") return;
    chosen[event.target.name] = event.target.value;
    run(true);
  });
  more.addEventListener("click", () => (list.children.length < shown.length ? showMore() : earlier()));
  root.classList.add("search-ready");
  try {
    await run(false);
  } catch (error) {
    status.textContent = "搜索暂时不可用";
    throw error;
  }
}

const root = document.querySelector("[data-search]");
if (root) start(root);

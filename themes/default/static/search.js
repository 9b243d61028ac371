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

/** Loads the newest bundle and merges the older ones, once: calls made while it loads
    wait for the same load (two loads would merge every bundle twice, and every result
    would come back twice). A failed load is tried again on the next call. */
export function load(base) {
  if (!loading) {
    loading = (async () => {
      const listing = await (await fetch(`${base}bundles.json`)).json();
      if (!listing.bundles.length) throw new Error("no search index");
      const [newest, ...older] = listing.bundles;
      const module = await import(`${base}${newest.path}pagefind.js`);
      for (const bundle of older) await module.mergeIndex(`${base}${bundle.path}`);
      await module.filters();  // loads the filter values, so that each search counts them
      return module;
    })();
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** All matching results (Pagefind result objects, data loaded lazily), newest first;
    every phrase of the query must match. `filters` maps filter names to one value. */
export async function find(base, query, filters = {}) {
  const pf = await load(base);
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
    the current results, keeping the reader's choice. */
function fillFilters(form, counts, chosen) {
  for (const select of form.querySelectorAll("select")) {
    const { name } = select;
    const label = select.dataset.label;
    const values = Object.entries(counts[name] || {}).filter(([, n]) => n > 0 || chosen[name]);
    values.sort((a, b) => (name === "year" || name === "edition" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
    select.replaceChildren(new Option(`全部${label}`, ""));
    for (const [value, n] of values) select.append(new Option(`${value}（${n}）`, value));
    if (chosen[name] && !values.some(([v]) => v === chosen[name])) select.append(new Option(chosen[name], chosen[name]));
    select.value = chosen[name] || "";
    select.closest("label").hidden = values.length === 0 && !chosen[name];
  }
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

  async function showMore() {
    const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
    const data = await Promise.all(next.map((r) => r.data()));
    for (const d of data) list.append(resultItem(d, parts));
    more.hidden = list.children.length >= shown.length;
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
      const pf = await load(base);
      fillFilters(form, await pf.filters(), chosen);
      return;
    }
    status.textContent = "搜索中…";
    const found = await find(base, query, filters);
    shown = found.results;
    parts = queryPhrases(query).parts;
    fillFilters(form, found.filters || {}, chosen);
    status.textContent = shown.length ? `找到 ${shown.length} 篇` : "没有找到";
    await showMore();
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
  form.addEventListener("change", (event) => {
    if (event.target.tagName !== "SELECT") return;
    chosen[event.target.name] = event.target.value;
    run(true);
  });
  more.addEventListener("click", () => showMore());
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

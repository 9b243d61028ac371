/* The minimal theme's search: sitegen's query rules (search-query.js) turn a query into
   phrases of index words; the full-text bundles that bundles.json lists are merged into
   one Pagefind instance, and an article is found when it contains every phrase. */
const form = document.querySelector("[data-search]");
const { queryPhrases } = await import(form.dataset.queryRules);
let loading = null;

function load(base) {
  loading ??= (async () => {
    const { bundles } = await (await fetch(`${base}bundles.json`)).json();
    if (!bundles.length) return null;
    const pagefind = await import(`${base}${bundles[0].path}pagefind.js`);
    for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(`${base}${bundle.path}`);
    return pagefind;
  })();
  return loading;
}

/** The data (url, meta) of the articles that contain every phrase of `query`. */
export async function find(base, query) {
  const pagefind = await load(base);
  const { phrases } = queryPhrases(query);
  if (!pagefind || !phrases.length) return [];
  let found = null;
  for (const phrase of phrases) {
    const { results } = await pagefind.search(`"${phrase.join(" ")}"`);
    const ids = new Set(results.map((result) => result.id));
    found = found ? found.filter((result) => ids.has(result.id)) : results;
  }
  return Promise.all(found.map((result) => result.data()));
}

/** The URLs found (what tests/search_quality.py runs). */
export async function urls(base, query) {
  return (await find(base, query)).map((data) => data.url);
}

const query = new URLSearchParams(location.search).get("q");
if (query) {
  form.q.value = query;
  const list = document.querySelector("[data-results]");
  for (const data of await find(form.dataset.pagefindBase, query)) {
    const link = list.appendChild(document.createElement("li")).appendChild(document.createElement("a"));
    link.href = data.url;
    link.textContent = data.meta.title;
  }
}

// @ts-check
// Search enhancement for the public pages, which send no framework JavaScript: suggestions
// while typing in a search box, and a beacon when a result is opened. A plain script, a few
// KB, loaded with `defer` only on the pages with a search box; the GET form and the links'
// `ping` work without it, so a blocked or failing script changes nothing but the extras.
// Plain JavaScript rather than a bundled module: it has no dependencies and nothing to build.
(() => {
  /** @param {HTMLFormElement} form */
  function suggest(form) {
    const input = /** @type {HTMLInputElement | null} */ (form.querySelector('input[type="search"]'));
    const status = form.querySelector('[aria-live]');
    if (!input || !status) return;
    const lang = form.dataset.lang ?? 'fi';
    const label = form.dataset.suggestionsLabel ?? '';
    /** @type {HTMLUListElement | null} */
    let list = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    /** @type {AbortController | undefined} */
    let controller;

    /** @param {{ title: string; url: string }[]} items */
    function show(items) {
      list?.remove();
      list = null;
      status.textContent = items.length > 0 ? `${label}: ${items.length}` : '';
      if (items.length === 0) return;
      list = document.createElement('ul');
      list.className = 'suggestions';
      list.setAttribute('aria-label', label);
      for (const item of items) {
        const link = document.createElement('a');
        link.href = item.url;
        link.textContent = item.title;
        const li = document.createElement('li');
        li.append(link);
        list.append(li);
      }
      status.after(list);
    }

    async function fetchSuggestions() {
      controller?.abort();
      const q = input.value;
      if (q.trim().length < 3) return show([]);
      controller = new AbortController();
      const params = new URLSearchParams({ q, lang, limit: '5', types: 'article' });
      // A slow or failing request never holds up typing: it runs on its own and a newer
      // keystroke aborts it; a failure leaves the list as it was.
      const timeout = setTimeout(() => controller?.abort(), 5000);
      try {
        const response = await fetch(`/api/v1/search?${params}`, { signal: controller.signal });
        if (!response.ok) return;
        const body = await response.json();
        if (input.value !== q) return;
        show((body.results ?? []).map((/** @type {{ title: string; url: string }} */ r) => r));
      } catch {
        // aborted by a newer keystroke, or offline: the form still works
      } finally {
        clearTimeout(timeout);
      }
    }

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 200);
    });
    // What was typed before the script arrived counts too.
    if (input.value.trim().length >= 3 && input.value !== input.defaultValue) void fetchSuggestions();
  }

  for (const form of document.querySelectorAll('form[data-suggest]')) {
    suggest(/** @type {HTMLFormElement} */ (form));
  }

  // A result's link carries the click log address in `ping`; browsers that do not send pings
  // get a beacon (the first of the two counts).
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a[data-beacon]') : null;
    const url = target?.getAttribute('data-beacon');
    if (url && 'sendBeacon' in navigator) navigator.sendBeacon(url);
  });
})();

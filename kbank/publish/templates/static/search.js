// kbank web edition: search with Pagefind's JavaScript API (no network beyond this site).
// The query, filters and order live in the address (?q=…&typ=…&ordning=desc), so a search can be
// bookmarked and the browser's back button works. Linked banks (sok/banker.json, written by kbank
// publish) are merged with Pagefind's mergeIndex; each index gets its bank's name as the "bank"
// filter (mergeFilter), and each result is labelled with the bank whose site it links to.
(function () {
  "use strict";
  var app = document.getElementById("sok");
  var form = document.getElementById("sokform");
  var input = document.getElementById("q");
  var sortSelect = document.getElementById("sortering");
  var filterBox = document.getElementById("filter");
  var statusLine = document.getElementById("status");
  var list = document.getElementById("traffar");
  var root = new URL("../", document.baseURI);
  var FILTERS = [["sakområde", "Sakområde"], ["förvaltning", "Förvaltning"], ["typ", "Dokumenttyp"], ["år", "År"]];
  var pagefind = null;
  var counter = 0;
  var banks = []; // [name, absolute base URL of its pages], linked banks first; empty: this bank only
  var localName = "";

  function params() { return new URLSearchParams(window.location.search); }

  function chosen() {
    var p = params(), out = {};
    FILTERS.forEach(function (f) {
      var values = p.getAll(f[0]);
      if (values.length) { out[f[0]] = { any: values }; }
    });
    return out;
  }

  function setAddress(p) {
    var query = p.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function renderFilters(available) {
    var p = params();
    filterBox.textContent = "";
    FILTERS.forEach(function (f) {
      var values = available[f[0]] || {};
      var names = Object.keys(values).sort(function (a, b) {
        return f[0] === "år" ? b.localeCompare(a) : a.localeCompare(b, "sv");
      });
      if (!names.length) { return; }
      var set = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = f[1];
      set.appendChild(legend);
      names.forEach(function (name) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = f[0];
        box.value = name;
        box.checked = p.getAll(f[0]).indexOf(name) >= 0;
        box.addEventListener("change", function () {
          var q = params();
          var rest = q.getAll(f[0]).filter(function (v) { return v !== name; });
          q.delete(f[0]);
          rest.forEach(function (v) { q.append(f[0], v); });
          if (box.checked) { q.append(f[0], name); }
          setAddress(q);
          run();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + name + " (" + values[name] + ")"));
        set.appendChild(label);
      });
      filterBox.appendChild(set);
    });
  }

  function bankOf(url) {
    var href = new URL(url, window.location.href).href;
    for (var i = 0; i < banks.length; i++) {
      if (href.indexOf(banks[i][1]) === 0) { return banks[i][0]; }
    }
    return localName;
  }

  function item(data) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = data.meta.title || data.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "meta";
    if (banks.length) {
      var label = document.createElement("span");
      label.className = "bank";
      label.textContent = bankOf(data.url);
      meta.appendChild(label);
      meta.appendChild(document.createTextNode(" · "));
    }
    meta.appendChild(document.createTextNode([data.meta["typ"] ? data.meta["typ"].charAt(0).toUpperCase() + data.meta["typ"].slice(1) : "", data.meta["datum"], data.meta["förvaltning"], data.meta.dnr ? "Dnr " + data.meta.dnr : ""]
      .filter(Boolean).join(" · ")));
    li.appendChild(meta);
    var excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: escaped text with <mark> around the hits
    li.appendChild(excerpt);
    return li;
  }

  async function run() {
    var mine = ++counter;
    var p = params();
    var text = (p.get("q") || "").trim();
    var order = p.get("ordning") || "";
    input.value = text;
    sortSelect.value = order;
    var options = { filters: chosen() };
    if (order) { options.sort = { "datum": order }; }
    var search = await pagefind.search(text || null, options);
    if (mine !== counter) { return; }
    renderFilters(search.filters && Object.keys(search.filters).length ? search.filters : await pagefind.filters());
    var results = search.results || [];
    var shown = await Promise.all(results.slice(0, 30).map(function (r) { return r.data(); }));
    if (mine !== counter) { return; }
    list.textContent = "";
    shown.forEach(function (d) { list.appendChild(item(d)); });
    var count = results.length;
    statusLine.textContent = count === 0
      ? (text ? "Inga rapporter hittades för " + text + "." : "Skriv ett sökord eller välj ett filter.")
      : count + (count === 1 ? " rapport" : " rapporter") + (text ? " för " + text : "") +
        (count > 30 ? ", de 30 första visas." : ".");
  }

  async function linked() {
    try {
      var answer = await fetch(new URL("sok/banker.json", root).href);
      return answer.ok ? await answer.json() : null;
    } catch (e) {
      return null;
    }
  }

  // A linked bank's index that cannot be loaded would stop Pagefind's whole search, so each one is
  // asked for its entry file first (a few seconds at most) and merged only when it answers.
  async function answers(bundle) {
    var stop = new AbortController();
    var timer = setTimeout(function () { stop.abort(); }, 4000);
    try {
      var answer = await fetch(new URL("pagefind-entry.json", bundle).href, { signal: stop.signal });
      return answer.ok && typeof (await answer.json()).languages === "object";
    } catch (e) {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async function start() {
    try {
      var config = await linked();
      var others = config && config.linked && config.linked.length ? config.linked : [];
      pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      var options = { baseUrl: new URL("./", root).pathname, excerptLength: 30 };
      if (others.length) {
        localName = config.local.name;
        options.mergeFilter = { bank: localName };
      }
      await pagefind.options(options);
      await pagefind.init();
      var reachable = await Promise.all(others.map(function (o) { return answers(new URL(o.bundle, root)); }));
      for (var i = 0; i < others.length; i++) {
        var bundle = new URL(others[i].bundle, root);
        var base = new URL("../", bundle);
        if (!reachable[i]) { continue; } // down now, or not shared with this site (CORS): search the others
        try {
          await pagefind.mergeIndex(bundle.href, {
            baseUrl: base.origin === window.location.origin ? base.pathname : base.href,
            excerptLength: 30,
            mergeFilter: { bank: others[i].name }
          });
          banks.push([others[i].name, base.href]);
        } catch (e) {
          // a linked bank's site that cannot be reached now: search the others
        }
      }
      if (banks.length) { FILTERS.unshift(["bank", "Bank"]); }
    } catch (e) {
      statusLine.textContent = "Sökningen kunde inte starta.";
      app.hidden = false;
      return;
    }
    app.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = params();
      q.set("q", input.value.trim());
      setAddress(q);
      run();
    });
    sortSelect.addEventListener("change", function () {
      var q = params();
      if (sortSelect.value) { q.set("ordning", sortSelect.value); } else { q.delete("ordning"); }
      setAddress(q);
      run();
    });
    run();
  }

  start();
})();

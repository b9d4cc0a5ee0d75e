// Site search without a server: the index is loaded by the page's script tags (one per year,
// each calling kommunchefSearch.add) and searched here. Every word must occur in a page; a
// word ending in * matches the beginning of words. No libraries, no requests.
"use strict";
var kommunchefSearch = (function () {
  var pages = [];
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function add(entries) {
    for (var i = 0; i < entries.length; i++) {
      var entry = entries[i];
      pages.push({ url: entry[0], title: entry[1], date: entry[2], words: " " + fold(entry[3]) + " " });
    }
  }
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  function search(query) {
    var terms = fold(query).split(/[^\p{L}\p{N}*]+/u).filter(function (t) { return t && t !== "*"; });
    if (!terms.length) { return []; }
    var patterns = terms.map(function (term) {
      var prefix = term.charAt(term.length - 1) === "*";
      var word = escapeRegExp(prefix ? term.slice(0, -1) : term);
      return new RegExp("[^\\p{L}\\p{N}]" + word + (prefix ? "" : "(?=[^\\p{L}\\p{N}])"), "u");
    });
    return pages.filter(function (page) {
      return patterns.every(function (pattern) { return pattern.test(page.words); });
    }).sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
  }
  function start() {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-query");
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    document.getElementById("search-no-script").hidden = true;
    form.hidden = false;
    function show(query) {
      var hits = search(query);
      results.textContent = "";
      hits.slice(0, 200).forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hit.url;
        link.textContent = hit.title;
        item.appendChild(link);
        results.appendChild(item);
      });
      status.textContent = form.getAttribute("data-count").replace("{count}", String(hits.length));
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; show(initial); }
  }
  return { add: add, search: search, start: start };
})();

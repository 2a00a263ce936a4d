// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
// Filters apply at once: a select marked data-autosubmit, or any select of a form marked
// so, submits its form when changed. Listening on the document also covers parts that htmx
// swaps in later.
document.addEventListener("change", function (event) {
  var field = event.target.closest("form[data-autosubmit] select, select[data-autosubmit]");
  if (field && field.form) { field.form.requestSubmit(); }
});
document.addEventListener("DOMContentLoaded", function () {
  // A checkbox data-check-all="g" ticks or clears every checkbox data-check-group="g", and
  // shows itself ticked once they all are (the decision form's "select all verified").
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    var group = function () {
      return document.querySelectorAll('input[data-check-group="' + all.dataset.checkAll + '"]');
    };
    var sync = function () {
      var boxes = Array.prototype.slice.call(group());
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    };
    all.addEventListener("change", function () {
      group().forEach(function (box) { if (!box.disabled) { box.checked = all.checked; } });
      sync();
    });
    group().forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  });
  // Long pickers (accounts.widgets.SearchSelect, SearchSelectMultiple): a search box above the select asks the
  // server for matching options as the user types (debounced); the select keeps the choice.
  document.querySelectorAll("select[data-search-url]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.setAttribute("aria-label", select.dataset.searchLabel);
    box.placeholder = select.dataset.searchLabel;
    box.setAttribute("aria-controls", select.id);
    box.dataset.testid = "search-" + select.name;
    var status = document.createElement("div");
    status.className = "form-text";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    var timer = null;
    var asked = 0;
    var search = function () {
      var ticket = ++asked;
      var base = select.dataset.searchUrl;
      var url = base + (base.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(box.value);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {results: [], more: false}; })
        .then(function (data) {
          if (ticket !== asked) { return; }
          // the chosen options stay (several in a multiple select), the others go
          var keep = Array.prototype.filter.call(select.options, function (o) {
            return o.selected && o.value;
          }).map(function (o) { return o.value; });
          Array.prototype.slice.call(select.options).forEach(function (o) {
            if (o.value && keep.indexOf(o.value) < 0) { o.remove(); }
          });
          data.results.forEach(function (item) {
            if (keep.indexOf(String(item.id)) >= 0) { return; }
            select.add(new Option(item.text, item.id));
          });
          status.textContent = data.results.length === 0 ? select.dataset.searchNone
            : (data.more ? select.dataset.searchMore : "");
          if (data.results.length === 1 && !keep.length && !select.multiple) {
            select.value = String(data.results[0].id);
          }
        });
    };
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    search();
  });
  // Buttons with data-confirm ask before submitting.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
// htmx: send the CSRF token with every request.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("meta[name=csrf-token]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.getAttribute("content"); }
});

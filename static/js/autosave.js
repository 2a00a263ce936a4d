// Forms that save themselves (the self-assessment, the nomination): nothing typed is lost
// on a slow or broken line.
// - the draft is saved as the user types (3 s after the last change, and on leaving the
//   page) through the page's own form and version check, answered in JSON
//   (learnsociety/autosave.py); a first save of a new draft moves the form to its page;
// - when a save cannot be sent, the answers are kept in this browser (localStorage, by
//   dossier and version) and sent again when the connection is back or the page reloads;
// - file inputs are checked (type, size) before sending, and uploads show their progress;
// - a justification is marked as needed once its criterion has a value.
// Every text comes translated from the template's data- attributes. No inline scripts.
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function show(el, on) { if (el) { el.classList.toggle("d-none", !on); } }

  // --- Marks: a justification is needed to submit once its criterion has a value ---------
  function setupMarks(form) {
    var update = function (key) {
      var values = form.querySelectorAll('[data-criterion="' + key + '"]:not(textarea)');
      var required = false;
      var filled = values.length > 0;
      each(values, function (el) {
        if (el.getAttribute("aria-required") === "true") { required = true; }
        if (el.value === "") { filled = false; }
      });
      var needed = required || filled;
      var box = form.querySelector('[data-justification-for="' + key + '"]');
      if (box) { box.setAttribute("aria-required", needed ? "true" : "false"); }
      show(form.querySelector('[data-required-mark="' + key + '"]'), needed);
    };
    form.addEventListener("input", function (event) {
      var key = event.target.dataset && event.target.dataset.criterion;
      if (key) { update(key); }
    });
    form.addEventListener("change", function (event) {
      var key = event.target.dataset && event.target.dataset.criterion;
      if (key) { update(key); }
    });
    return update;
  }

  // --- Autosave and the copy kept on this device ----------------------------------------
  function setupAutosave(form) {
    var updateMark = setupMarks(form);
    var prefix = "learnsociety:" + form.dataset.autosave + ":";
    var delay = parseInt(form.dataset.autosaveDelay, 10) || 3000;
    var version = form.querySelector("input[name=version]");
    var statuses = document.querySelectorAll("[data-autosave-status]");
    var kept = document.getElementById("autosave-kept");
    var refused = document.getElementById("autosave-refused");
    var older = document.getElementById("autosave-older");
    var timer = null;
    var inFlight = null;
    var dirty = false;
    var stopped = false;
    var submitting = false;

    var setStatus = function (text) { each(statuses, function (el) { el.textContent = text; }); };
    var answers = function () {
      var out = {};
      each(form.elements, function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version") { return; }
        if (el.type === "submit" || el.type === "button" || el.type === "file") { return; }
        if (el.type === "checkbox") { out[el.name] = el.checked ? el.value : ""; return; }
        if (el.type === "radio") { if (el.checked) { out[el.name] = el.value; } return; }
        out[el.name] = el.value;
      });
      return out;
    };
    var sameAsForm = function (values) {
      var now = answers();
      return Object.keys(values).every(function (name) {
        return !(name in now) || now[name] === values[name];
      });
    };
    var keys = function () {
      var out = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) { out.push(key); }
        }
      } catch (e) { /* storage refused (private mode): nothing kept */ }
      return out;
    };
    var clearKept = function () {
      keys().forEach(function (key) { window.localStorage.removeItem(key); });
    };
    var keep = function () {
      try {
        clearKept();
        window.localStorage.setItem(prefix + version.value, JSON.stringify(
          {version: version.value, at: Date.now(), answers: answers()}));
      } catch (e) { /* full or refused: the form still holds the answers */ }
    };
    var readKept = function () {
      var found = [];
      keys().forEach(function (key) {
        try { found.push(JSON.parse(window.localStorage.getItem(key))); } catch (e) { /* ignore */ }
      });
      found.sort(function (a, b) { return b.at - a.at; });
      return found;
    };
    var fill = function (values) {
      Object.keys(values).forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (!el) { return; }
        if (!el.tagName) { el.value = values[name]; return; }  // radio buttons
        if (el.type === "checkbox") { el.checked = values[name] !== ""; return; }
        el.value = values[name];
        if (el.dataset.criterion) { updateMark(el.dataset.criterion); }
      });
      // the live outcome (htmx) follows the restored values
      form.dispatchEvent(new Event("change", {bubbles: true}));
    };
    // Side by side, what this device kept and what the server has, field by field.
    var shown = function (el, value) {
      if (value === "" || value === undefined) { return older.dataset.msgEmpty; }
      if (el && el.tagName === "SELECT") {
        for (var i = 0; i < el.options.length; i++) {
          if (el.options[i].value === value) { return el.options[i].text; }
        }
      }
      if (el && el.type === "checkbox") { return older.dataset.msgChecked; }
      return value;
    };
    var labelOf = function (el, name) {
      var first = el && el.tagName ? el : (el && el[0]);
      var label = first && first.id && form.querySelector('label[for="' + first.id + '"]');
      var text = label ? label.textContent.replace("*", "").trim() : name;
      var box = first && first.closest && first.closest("[data-testid^=criterion-]");
      if (box) { text = box.dataset.testid.replace("criterion-", "") + " · " + text; }
      return text;
    };
    var compare = function (values) {
      var list = older.querySelector("[data-autosave-compare]");
      if (!list) { return; }
      var now = answers();
      list.textContent = "";
      Object.keys(values).forEach(function (name) {
        if (!(name in now) || now[name] === values[name]) { return; }
        var el = form.elements.namedItem(name);
        var term = document.createElement("dt");
        term.textContent = labelOf(el, name);
        var kept = document.createElement("dd");
        kept.className = "mb-0";
        kept.textContent = older.dataset.msgKept + ": " + shown(el, values[name]);
        var saved = document.createElement("dd");
        saved.className = "text-body-secondary";
        saved.textContent = older.dataset.msgSaved + ": " + shown(el, now[name]);
        list.appendChild(term);
        list.appendChild(kept);
        list.appendChild(saved);
      });
    };
    var refuse = function (body) {
      var message = refused.querySelector("[data-autosave-message]");
      message.textContent = (body.messages || []).join(" ");
      var reload = refused.querySelector("[data-autosave-reload]");
      if (body.reload) { reload.setAttribute("href", body.reload); }
      show(reload, !!body.stale);
      show(refused, true);
      setStatus("");
    };

    var save = function (leaving) {
      window.clearTimeout(timer);
      if (stopped) { return Promise.resolve(); }
      if (inFlight) { dirty = true; return inFlight; }  // sent again once this one answers
      if (!navigator.onLine) {
        keep();
        show(kept, true);
        setStatus(form.dataset.msgOffline);
        return Promise.resolve();
      }
      dirty = false;
      var data = new FormData(form);
      data.set("action", "autosave");
      setStatus(form.dataset.msgSaving);
      // getAttribute: the buttons named "action" hide form.action
      inFlight = fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: {"Accept": "application/json"},
        keepalive: !!leaving,
      })
        .then(function (response) {
          return response.json().then(function (body) { return {status: response.status, body: body}; });
        })
        .then(function (answer) {
          if (answer.body.saved) {
            if (answer.body.location) {  // a new draft: from now on the form edits it
              clearKept();
              prefix = "learnsociety:" + answer.body.key + ":";
              form.setAttribute("action", answer.body.location);
              window.history.replaceState(null, "", answer.body.location);
            }
            version.value = answer.body.version;
            if (dirty) { keep(); } else { clearKept(); }
            show(kept, false);
            show(refused, false);
            setStatus(answer.body.message);
            return;
          }
          // refused by the server: stale version, not editable any more, invalid values.
          // The answers stay in the form and on this device; nothing is overwritten.
          keep();
          show(kept, false);
          if (answer.body.incomplete) {  // required fields still empty: no alarm
            show(refused, false);
            setStatus((answer.body.messages || []).join(" "));
            return;
          }
          if (answer.body.stale || answer.status === 403) { stopped = true; }
          refuse(answer.body);
        }, function () {
          keep();
          show(kept, true);
          setStatus(form.dataset.msgOffline);
        })
        .then(function () {
          inFlight = null;
          if (dirty && !stopped && !submitting) { schedule(); }
        });
      return inFlight;
    };
    var schedule = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, delay);
    };

    var changed = function (event) {
      if (!event.target.name || submitting) { return; }
      dirty = true;
      if (!navigator.onLine) { keep(); show(kept, true); }
      schedule();
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    // The buttons still post the whole form. Wait for a save under way (it changes the
    // version), and keep a copy until the next page shows the server has it.
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        event.preventDefault();
        var submitter = event.submitter;
        inFlight.then(function () { form.requestSubmit(submitter); });
        return;
      }
      window.clearTimeout(timer);
      submitting = true;
      // a new object is created by this post: a kept copy would create it twice
      if (version.value) { keep(); } else { clearKept(); }
    });

    var leave = function () {
      if (dirty && !submitting) { keep(); save(true); }
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leave(); }
    });
    window.addEventListener("pagehide", leave);
    // back to this page from the history cache (a post that failed offline): save again
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { submitting = false; }
    });
    window.addEventListener("online", function () {
      if (readKept().some(function (k) { return k.version === version.value; })) { save(); }
    });
    window.addEventListener("offline", function () {
      if (dirty) { keep(); show(kept, true); setStatus(form.dataset.msgOffline); }
    });

    // On load: answers kept for this version are put back and sent; answers typed on an
    // older version are offered, never sent by themselves (someone may have changed it).
    var found = readKept();
    if (found.length) {
      var latest = found[0];
      if (sameAsForm(latest.answers)) {
        clearKept();
      } else if (latest.version === version.value) {
        fill(latest.answers);
        show(kept, true);
        dirty = true;
        save();
      } else {
        compare(latest.answers);
        show(older, true);
        older.querySelector("[data-autosave-restore]").addEventListener("click", function () {
          fill(latest.answers);
          show(older, false);
          dirty = true;
          keep();
          schedule();
        });
        older.querySelector("[data-autosave-discard]").addEventListener("click", function () {
          clearKept();
          show(older, false);
        });
      }
    }
  }

  // --- Uploads: checked before sending, with progress ----------------------------------
  function checkFile(input) {
    var file = input.files && input.files[0];
    var message = "";
    if (file) {
      var dot = file.name.lastIndexOf(".");
      var ext = dot < 0 ? "" : file.name.slice(dot + 1).toLowerCase();
      if (input.dataset.allowed.split(" ").indexOf(ext) < 0) {
        message = input.dataset.msgType;
      } else if (file.size > parseInt(input.dataset.maxBytes, 10)) {
        message = input.dataset.msgTooBig.replace("{size}", (file.size / 1048576).toFixed(1));
      } else if (file.size === 0) {
        message = input.dataset.msgEmpty;
      }
    }
    input.setCustomValidity(message);
    input.classList.toggle("is-invalid", !!message);
    var note = input.parentNode.querySelector("[data-upload-error]");
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.dataset.uploadError = "";
      note.dataset.testid = "upload-error";
      input.parentNode.appendChild(note);
    }
    note.textContent = message;
    return !message;
  }

  function setupPhoto(input) {
    var target = document.getElementById(input.dataset.photoFor);
    // beside the file field it fills (crispy renders the form's fields in one block)
    var wrap = input.closest("[data-photo-wrap]");
    var field = target && (target.closest(".mb-3") || target.parentNode);
    if (wrap && field) { field.parentNode.insertBefore(wrap, field.nextSibling); }
    input.addEventListener("change", function () {
      if (!target || !input.files.length || !window.DataTransfer) { return; }
      var transfer = new DataTransfer();
      transfer.items.add(input.files[0]);
      target.files = transfer.files;
      target.dispatchEvent(new Event("change", {bubbles: true}));
    });
  }

  function setupProgress(form) {
    var bar = form.querySelector("[data-upload-bar]");
    form.addEventListener("submit", function (event) {
      var inputs = form.querySelectorAll("input[type=file][name]");
      var hasFile = Array.prototype.some.call(inputs, function (i) { return i.files && i.files.length; });
      if (!hasFile || !bar || !window.FormData) { return; }  // an ordinary post
      var ok = true;
      each(inputs, function (i) { ok = checkFile(i) && ok; });
      event.preventDefault();
      if (!ok) { return; }
      var progress = bar.querySelector("progress");
      var percent = bar.querySelector("[data-upload-percent]");
      var buttons = form.querySelectorAll("button[type=submit]");
      var failed = form.querySelector("[data-upload-failed]");
      if (failed) { failed.remove(); }
      progress.value = 0;
      percent.textContent = "";
      show(bar, true);
      each(buttons, function (b) { b.disabled = true; });
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action"));
      request.setRequestHeader("X-Upload-Progress", "1");
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var done = Math.round((100 * e.loaded) / e.total);
        progress.value = done;
        percent.textContent = done + " %";
      });
      request.addEventListener("load", function () {
        var type = request.getResponseHeader("Content-Type") || "";
        if (type.indexOf("application/json") === 0) {
          window.location.assign(JSON.parse(request.responseText).location);
          return;
        }
        // the page with the form's errors, as the server rendered it
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        show(bar, false);
        each(buttons, function (b) { b.disabled = false; });
        var note = document.createElement("div");
        note.className = "alert alert-danger small py-1 px-2";
        note.dataset.uploadFailed = "";
        note.setAttribute("role", "alert");
        note.textContent = form.dataset.msgFailed;
        bar.parentNode.insertBefore(note, bar);
      });
      request.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (form) { setupAutosave(form); }
    each(document.querySelectorAll("input[type=file][data-upload-check]"), function (input) {
      input.addEventListener("change", function () { checkFile(input); });
    });
    each(document.querySelectorAll("input[data-photo-for]"), setupPhoto);
    each(document.querySelectorAll("form[data-upload-progress]"), setupProgress);
  });
})();

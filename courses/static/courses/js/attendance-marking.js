// Attendance marking on a phone: each tap shows at once, is queued in localStorage and
// sent in order; a queue left by a lost connection is sent when it returns. The server
// keeps one mark per person and session and the later tap wins, so re-sending is safe.
(function () {
  "use strict";
  var form = document.querySelector("[data-marking]");
  if (!form || !window.fetch || !window.localStorage) return;
  var key = "charj-marks-" + form.getAttribute("data-session");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var sync = document.querySelector("[data-sync]");
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function store(queue) { localStorage.setItem(key, JSON.stringify(queue)); }
  function say(state) {
    sync.setAttribute("data-state", state);
    sync.textContent = sync.getAttribute("data-" + state) || "";
  }
  function show(id, status) {
    var row = document.getElementById("p" + id);
    if (!row) return;
    row.setAttribute("data-status", status);
    var buttons = row.querySelectorAll("button[name=mark]");
    for (var i = 0; i < buttons.length; i++) {
      var pressed = buttons[i].value === id + ":" + status;
      buttons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }
  function count() {
    var totals = { total: 0, women: 0, men: 0, unmarked: 0 };
    var rows = form.querySelectorAll("[data-participation]");
    for (var i = 0; i < rows.length; i++) {
      var status = rows[i].getAttribute("data-status");
      if (!status) totals.unmarked++;
      if (status === "present" || status === "late") {
        totals.total++;
        totals[rows[i].getAttribute("data-sex") === "f" ? "women" : "men"]++;
      }
    }
    for (var name in totals) {
      var cell = document.querySelector('[data-count="' + name + '"]');
      if (cell) cell.textContent = totals[name];
    }
  }
  function flush() {
    var queue = load();
    if (sending) return;
    if (!queue.length) { say("saved"); return; }
    sending = true;
    say("pending");
    var mark = queue[0];
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", token);
    body.append("mark", mark.p + ":" + mark.s);
    body.append("marked_at", String(mark.t));
    fetch(form.action || window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      // 400: the mark can never be saved (participant removed); drop it rather than retry.
      if (!response.ok && response.status !== 400) throw new Error(response.status);
      store(load().filter(function (m) { return !(m.p === mark.p && m.t === mark.t); }));
      sending = false;
      flush();
    }).catch(function () {
      sending = false;
      say("offline");
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=mark]");
    if (!button) return;
    event.preventDefault();
    var parts = button.value.split(":");
    var queue = load().filter(function (m) { return m.p !== parts[0]; });
    queue.push({ p: parts[0], s: parts[1], t: Date.now() });
    store(queue);
    show(parts[0], parts[1]);
    count();
    flush();
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, 15000);
  load().forEach(function (m) { show(m.p, m.s); });
  count();
  flush();
})();

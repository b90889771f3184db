"use strict";
// The review page's only script (allowed by its hash in the Content-Security-Policy).
// Decisions are kept in one object shaped like the sidecar file; each click updates it and
// saves it: to the local server when the page was served by `fiches review --serve`, or
// offered for download when the page was opened as a file.
(function () {
  document.documentElement.classList.add("js");
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var verdicts = {};  // correction number (1-based) -> "accepted" | "rejected"
  var words = {};     // word -> where it was offered ("corrected", "original", "unknown")
  var status = document.getElementById("save-status");

  function keyOf(c) { return [c.original, c.corrected, c.page, c.occurrence].join("\u0000"); }
  var numberOf = {};
  data.corrections.forEach(function (c, i) { numberOf[keyOf(c)] = i + 1; });
  data.decisions.corrections.forEach(function (d) {
    var n = numberOf[keyOf(d)];
    if (n) { verdicts[n] = d.decision; }
  });
  data.decisions.words.forEach(function (w) { words[w.word] = w.from; });

  function sidecar() {
    var corrections = [];
    Object.keys(verdicts).forEach(function (n) {
      var c = data.corrections[n - 1];
      corrections.push({original: c.original, corrected: c.corrected, page: c.page,
                        occurrence: c.occurrence, decision: verdicts[n]});
    });
    var added = Object.keys(words).map(function (w) { return {word: w, from: words[w]}; });
    return {format: "fiches-review/1", document_id: data.document_id, corrections: corrections, words: added};
  }

  function say(message, failed) {
    status.textContent = message;
    status.classList.toggle("error", !!failed);
  }

  function save() {
    var body = JSON.stringify(sidecar(), null, 1);
    if (!data.endpoint) {
      say("Décisions non enregistrées : téléchargez " + data.sidecar_name + ".", false);
      return;
    }
    say("Enregistrement…", false);
    fetch(data.endpoint, {method: "POST", body: body, cache: "no-store",
                          headers: {"Content-Type": "application/json", "X-Fiches-Token": data.token}})
      .then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) { throw new Error(text || response.statusText); }
          say("Enregistré (" + new Date().toLocaleTimeString() + ") : " + data.sidecar_path, false);
        });
      })
      .catch(function (error) { say("Échec de l'enregistrement : " + error.message, true); });
  }

  function show() {
    document.querySelectorAll("button.verdict").forEach(function (button) {
      var n = button.dataset.fix;
      button.setAttribute("aria-pressed", String(verdicts[n] === button.dataset.verdict));
    });
    document.querySelectorAll("[data-fix]").forEach(function (element) {
      if (element.tagName === "BUTTON") { return; }
      var v = verdicts[element.dataset.fix];
      element.classList.toggle("accepted", v === "accepted");
      element.classList.toggle("rejected", v === "rejected");
    });
    document.querySelectorAll("button.add-word").forEach(function (button) {
      button.setAttribute("aria-pressed", String(words[button.dataset.word] !== undefined));
    });
    document.querySelectorAll("span.unknown").forEach(function (span) {
      span.classList.toggle("known", words[span.textContent] !== undefined);
    });
  }

  document.querySelectorAll("button.verdict").forEach(function (button) {
    button.addEventListener("click", function () {
      var n = button.dataset.fix, verdict = button.dataset.verdict;
      if (verdicts[n] === verdict) { delete verdicts[n]; } else { verdicts[n] = verdict; }
      show(); save();
    });
  });
  document.querySelectorAll("button.add-word").forEach(function (button) {
    button.addEventListener("click", function () {
      var word = button.dataset.word;
      if (words[word] !== undefined) { delete words[word]; } else { words[word] = button.dataset.from; }
      show(); save();
    });
  });

  var download = document.getElementById("download");
  if (!data.endpoint) {
    download.hidden = false;
    download.addEventListener("click", function () {
      var link = document.createElement("a");
      link.href = "data:application/json;charset=utf-8," + encodeURIComponent(JSON.stringify(sidecar(), null, 1));
      link.download = data.sidecar_name;
      document.body.appendChild(link); link.click(); link.remove();
      say("Placez " + data.sidecar_name + " à côté du JSON, puis relancez fiches run.", false);
    });
  }

  // Word boxes on the scan: one per correction and low-confidence word; the one whose text is
  // hovered stands out.
  document.querySelectorAll("[data-box]").forEach(function (element) {
    var figure = document.getElementById("page-" + element.dataset.page);
    if (!figure || !figure.dataset.width) { return; }
    var b = element.dataset.box.split(" ").map(Number);
    var w = Number(figure.dataset.width), h = Number(figure.dataset.height);
    var box = document.createElement("div");
    box.className = "box" + (element.classList.contains("lowconf") ? " lowconf" : "");
    box.style.left = (100 * b[0] / w) + "%";
    box.style.top = (100 * b[1] / h) + "%";
    box.style.width = (100 * (b[2] - b[0]) / w) + "%";
    box.style.height = (100 * (b[3] - b[1]) / h) + "%";
    figure.querySelector(".sheet").appendChild(box);
    element.addEventListener("mouseenter", function () {
      box.classList.add("hover");
      box.scrollIntoView({block: "nearest", inline: "nearest"});
    });
    element.addEventListener("mouseleave", function () { box.classList.remove("hover"); });
  });

  // Zoom of the scan column: fit, then steps of 25 %.
  var zoom = 100, pages = document.querySelector(".pages"), level = document.getElementById("zoom-level");
  document.querySelectorAll("button[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = Number(button.dataset.zoom);
      zoom = step === 0 ? 100 : Math.min(400, Math.max(50, zoom + 25 * step));
      pages.style.width = zoom + "%";
      level.textContent = zoom + " %";
    });
  });

  // A correction in the list: flash it in the text.
  document.querySelectorAll('table.corrections a[href^="#fix-"]').forEach(function (link) {
    link.addEventListener("click", function () {
      var mark = document.querySelector(link.getAttribute("href"));
      if (!mark) { return; }
      mark.classList.add("flash");
      setTimeout(function () { mark.classList.remove("flash"); }, 1500);
    });
  });

  show();
})();

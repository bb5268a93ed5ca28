// The reader site's only script: on an article page, a click on a highlighted passage
// shows the records its evidence spans support. The page holds every card already
// (rendered and escaped by the site builder); this only shows, hides and marks them,
// and never builds HTML from text.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var panel = document.getElementById("panel");
  if (!text || !panel) { return; }
  var marks = Array.prototype.slice.call(text.querySelectorAll("mark.ev"));
  var cards = Array.prototype.slice.call(panel.querySelectorAll(".card"));
  var count = document.getElementById("panel-count");
  var hint = document.getElementById("panel-hint");
  var total = count ? count.textContent : "";

  function ids(el) { return (el.getAttribute("data-ev") || "").split(" ").filter(Boolean); }
  function meets(a, b) { return a.some(function (x) { return b.indexOf(x) >= 0; }); }

  function select(evs) {
    var shown = 0;
    marks.forEach(function (m) { m.classList.toggle("active", meets(ids(m), evs)); });
    cards.forEach(function (c) {
      var on = meets(ids(c), evs);
      c.hidden = !on;
      c.classList.toggle("active", on);
      if (on) { shown += 1; }
    });
    if (count) { count.textContent = shown + " record" + (shown === 1 ? "" : "s") + " for this passage"; }
    if (hint) { hint.innerHTML = ""; hint.appendChild(document.createTextNode("Showing the records of the selected passage. ")); hint.appendChild(reset); }
    var first = cards.filter(function (c) { return !c.hidden; })[0];
    if (first && window.matchMedia("(max-width: 900px)").matches) { first.scrollIntoView({block: "nearest"}); }
  }

  var reset = document.createElement("a");
  reset.href = "#";
  reset.textContent = "Show all";
  reset.addEventListener("click", function (e) {
    e.preventDefault();
    marks.forEach(function (m) { m.classList.remove("active"); });
    cards.forEach(function (c) { c.hidden = false; c.classList.remove("active"); });
    if (count) { count.textContent = total; }
    if (hint) { hint.textContent = "Click a highlighted passage to show only the records it supports."; }
  });

  marks.forEach(function (m) {
    m.addEventListener("click", function () { select(ids(m)); });
    m.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(ids(m)); }
    });
  });

  // A link to article.html#ev-id (from a record page) selects that span.
  function fromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id && document.getElementById(id) && marks.some(function (m) { return ids(m).indexOf(id) >= 0; })) {
      select([id]);
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
}());

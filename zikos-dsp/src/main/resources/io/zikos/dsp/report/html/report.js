// Links table rows and chart marks of the same note: hovering either highlights both.
(function () {
  "use strict";
  function mark(id, on) {
    var els = document.querySelectorAll('[data-note="' + id + '"]');
    for (var i = 0; i < els.length; i++) { els[i].classList.toggle("hl", on); }
  }
  var marks = document.querySelectorAll("[data-note]");
  for (var i = 0; i < marks.length; i++) {
    (function (el) {
      var id = el.getAttribute("data-note");
      el.addEventListener("mouseenter", function () { mark(id, true); });
      el.addEventListener("mouseleave", function () { mark(id, false); });
    })(marks[i]);
  }
  document.documentElement.setAttribute("data-report-ready", "1");
})();

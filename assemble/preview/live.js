// assemble preview: when a rebuild is ready the server says so on /events; the page then
// fetches itself again and swaps its content in place, keeping the reader where they were.
(function () {
  if (window.assemblePreview) return;  // scripts in a swapped-in body never run, but be sure
  var state = window.assemblePreview = { version: Number(document.getElementById("assemble-preview").dataset.version), updates: 0 };
  var candidates = "main h2, main h3, main h4, main h5, main h6, main p, main li, main tr";

  function place() {
    // The first block at the top of the window: by id when it has one, else by its position.
    var all = document.querySelectorAll(candidates);
    for (var i = 0; i < all.length; i++) {
      var box = all[i].getBoundingClientRect();
      if (box.bottom > 0) return { id: all[i].id, index: i, top: box.top };
    }
    return null;
  }

  function restore(where, x, y) {
    if (where) {
      var target = where.id ? document.getElementById(where.id) : null;
      if (!target) target = document.querySelectorAll(candidates)[where.index];
      if (target) { window.scrollTo(x, window.scrollY + target.getBoundingClientRect().top - where.top); return; }
    }
    window.scrollTo(x, y);
  }

  function update(version) {
    var path = location.pathname === "/last-good" ? "/last-good" : "/";
    fetch(path, { cache: "no-store" }).then(function (response) { return response.text(); }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, "text/html");
      var where = place(), x = window.scrollX, y = window.scrollY;
      document.title = fresh.title;
      document.head.replaceWith(fresh.head);
      document.body.replaceWith(fresh.body);
      restore(where, x, y);
      state.version = version;
      state.updates += 1;
    });
  }

  var source = new EventSource("/events");
  source.addEventListener("build", function (event) {
    var version = Number(event.data);
    if (version > state.version) update(version);
  });
})();

// A many-to-many field through a Wagtail chooser (lms.choosers.MultipleChooser): "Add" opens
// the chooser to tick several rows; each chosen row is a hidden input with a remove button.
(() => {
  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const definition = document.getElementById(root.dataset.factory);
    const factory = window.telepath.unpack(JSON.parse(definition.textContent));
    const list = root.querySelector("[data-items]");
    const template = root.querySelector("template[data-item-template]");

    function chosen() {
      return new Set([...list.querySelectorAll("input")].map((input) => input.value));
    }

    function add(item) {
      const id = String(item.id);
      if (chosen().has(id)) return;
      const row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("input").value = id;
      const title = item.title || item.string || id;
      row.querySelector("[data-title]").textContent = title;
      const remove = row.querySelector("[data-remove]");
      remove.setAttribute("aria-label", `${remove.dataset.label}: ${title}`);
      list.append(row);
      list.hidden = false;
    }

    root.addEventListener("click", (event) => {
      const remove = event.target.closest("[data-remove]");
      if (remove) {
        remove.closest("[data-item]").remove();
        list.hidden = !list.querySelector("[data-item]");
        return;
      }
      if (event.target.closest("[data-add]")) {
        factory.openModal((items) => items.forEach(add), { multiple: true });
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-lms-multiple-chooser]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
